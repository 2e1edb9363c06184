#include "render/ring_store.hpp"

#include "io/snapshot_bytes.hpp"
#include "io/snapshot_file.hpp"

#include <coopatlas/io/atlas_manifest.hpp>

#include <cstring>

#include "geometry/proj_release.hpp"

namespace coopatlas::render::detail {

namespace {

constexpr const char* extension = ".rings";

// What the numbers depend on: the operation, as its pipeline, and the PROJ release that
// runs it. The database that found the operation needs no naming: another operation found
// has another pipeline (and opening the database to name it would cost 5 ms). Empty when
// the operation cannot be named: a projection PROJ cannot write as one pipeline.
std::string key_of(const geometry::projection& p, std::uint64_t set) {
    const std::string pipeline = p.pipeline();
    if (pipeline.empty()) return {};
    return "projected rings\n" + geometry::detail::proj_release() + "\n" + p.source_crs() + "\n" + p.target_crs() +
           "\n" + pipeline + "\nset " + std::to_string(set);
}

void put_points(io::detail::byte_writer& w, const geometry::ring& r) {
    w.raw(r.data(), r.size() * sizeof(geometry::point));
}

geometry::ring take_points(io::detail::byte_reader& r, std::size_t n) {
    geometry::ring out(n);
    std::memcpy(out.data(), r.take(n * sizeof(geometry::point)), n * sizeof(geometry::point));
    return out;
}

} // namespace

std::vector<stored_ring> read_stored_rings(const geometry::projection& p, std::uint64_t set) {
    static_assert(sizeof(geometry::point) == 2 * sizeof(double), "points are two packed doubles");
    const std::string dir = io::atlas_cache_dir();
    if (dir.empty()) return {};
    const std::string key = key_of(p, set);
    if (key.empty()) return {};
    const io::detail::mapped_snapshot file(io::detail::snapshot_path(dir, key, extension));
    const auto payload = file.payload(key, {});
    if (!payload) return {};
    std::vector<stored_ring> out;
    try {
        io::detail::byte_reader r(*payload);
        const std::size_t count = r.count(sizeof(std::uint64_t));
        out.reserve(count);
        for (std::size_t i = 0; i < count; ++i) {
            const std::size_t n = r.u64();
            if (n > r.count_left(2 * sizeof(geometry::point))) throw io::detail::snapshot_mismatch{};
            stored_ring s;
            s.source = take_points(r, n);
            s.projected = take_points(r, n);
            out.push_back(std::move(s));
        }
        if (!r.done()) return {};
    } catch (const io::detail::snapshot_mismatch&) {
        return {};
    }
    file.used();
    return out;
}

void store_rings(const geometry::projection& p, std::uint64_t set,
                 const std::vector<std::pair<const geometry::ring*, const geometry::ring*>>& rings) noexcept {
    try {
        const std::string dir = io::atlas_cache_dir();
        if (dir.empty()) return;
        const std::string key = key_of(p, set);
        if (key.empty()) return;
        std::vector<std::pair<const geometry::ring*, const geometry::ring*>> kept;
        std::size_t vertices = 0;
        for (const auto& pair : rings) {
            if (pair.first->size() != pair.second->size()) continue;
            if (vertices + pair.first->size() > most_vertices_stored) break;
            vertices += pair.first->size();
            kept.push_back(pair);
        }
        io::detail::byte_writer w;
        w.u32(static_cast<std::uint32_t>(kept.size()));
        for (const auto& [source, projected] : kept) {
            w.u64(source->size());
            put_points(w, *source);
            put_points(w, *projected);
        }
        io::detail::write_snapshot(io::detail::snapshot_path(dir, key, extension), key, {}, w.bytes());
    } catch (...) {
        // the next run projects the rings again
    }
}

} // namespace coopatlas::render::detail
