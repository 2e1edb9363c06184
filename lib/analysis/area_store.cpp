#include "analysis/area_store.hpp"

#include "io/snapshot_bytes.hpp"
#include "geometry/proj_release.hpp"
#include "io/snapshot_file.hpp"

#include <coopatlas/io/atlas_manifest.hpp>

#include <geos_c.h>

#include <functional>
#include <string>
#include <string_view>

namespace coopatlas::analysis::detail {

namespace {

constexpr const char* extension = ".areas";

std::string store_key() {
    return "unit areas\nPROJ " + geometry::detail::proj_release() + "\nGEOS " + GEOSversion();
}

std::string_view bytes_of(const geometry::ring& r) {
    static_assert(sizeof(geometry::point) == 2 * sizeof(double), "points are two packed doubles");
    return {reinterpret_cast<const char*>(r.data()), r.size() * sizeof(geometry::point)};
}

} // namespace

polygon_key key_of(const geometry::multi_polygon& poly) {
    polygon_key k;
    auto add = [&k](const geometry::ring& r) {
        const std::string_view b = bytes_of(r);
        // ring by ring, so that where one ring ends and the next starts counts too
        k.first = (std::rotl(k.first, 17) ^ io::detail::payload_checksum(b)) * 0x9E3779B97F4A7C15ull;
        k.second = (k.second ^ std::hash<std::string_view>{}(b)) * 0x100000001B3ull + r.size();
        k.vertices += r.size();
    };
    for (const auto& part : poly) {
        add(part.outer);
        for (const auto& hole : part.inners)
            add(hole);
        k.first ^= 0xA5A5A5A5A5A5A5A5ull;  // a part ends
        k.second = std::rotl(k.second, 29);
    }
    return k;
}

stored_areas read_stored_areas() {
    const std::string dir = io::atlas_cache_dir();
    if (dir.empty()) return {};
    const std::string key = store_key();
    const io::detail::mapped_snapshot file(io::detail::snapshot_path(dir, key, extension));
    const auto payload = file.payload(key, {});
    if (!payload) return {};
    stored_areas out;
    try {
        io::detail::byte_reader r(*payload);
        const std::size_t count = r.count(4 * sizeof(std::uint64_t) + 1);
        out.reserve(count);
        for (std::size_t i = 0; i < count; ++i) {
            polygon_key k;
            k.first = r.u64();
            k.second = r.u64();
            k.vertices = r.u64();
            unit_area a;
            a.km2 = r.f64();
            a.repaired = r.u8() != 0;
            out.emplace(k, a);
        }
        if (!r.done()) return {};
    } catch (const io::detail::snapshot_mismatch&) {
        return {};
    }
    file.used();
    return out;
}

void store_areas(const stored_areas& areas) noexcept {
    try {
        const std::string dir = io::atlas_cache_dir();
        if (dir.empty()) return;
        const std::string key = store_key();
        io::detail::byte_writer w;
        const std::size_t count = std::min(areas.size(), most_areas_stored);
        w.u32(static_cast<std::uint32_t>(count));
        std::size_t written = 0;
        for (const auto& [k, a] : areas) {
            if (written++ == count) break;
            w.u64(k.first);
            w.u64(k.second);
            w.u64(k.vertices);
            w.f64(a.km2);
            w.u8(a.repaired ? 1 : 0);
        }
        io::detail::write_snapshot(io::detail::snapshot_path(dir, key, extension), key, {}, w.bytes());
    } catch (...) {
        // the next run measures the polygons again
    }
}

} // namespace coopatlas::analysis::detail
