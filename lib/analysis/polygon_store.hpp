#pragma once
// Values that depend on nothing but a polygon's coordinates (its geodesic area, the anchor
// of its label), kept between runs in the atlas cache folder (io::atlas_cache_dir()). Each
// value is written down under two independent hashes of its polygon's coordinates and its
// vertex count, in one file per kind of value and per release of the libraries computing
// it (the store's key says both). A file that does not read back whole (format, key,
// checksum) is not used. Private to the library.

#include "io/snapshot_bytes.hpp"
#include "io/snapshot_file.hpp"

#include <coopatlas/config.hpp>
#include <coopatlas/geometry/geometry.hpp>
#include <coopatlas/io/atlas_manifest.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>

namespace coopatlas::analysis::detail {

/// What names a polygon in a store: two hashes of its coordinates and ring sizes, made
/// with different functions, and its vertex count.
struct polygon_key {
    std::uint64_t first = 0;
    std::uint64_t second = 0;
    std::uint64_t vertices = 0;
    bool operator==(const polygon_key&) const = default;
};

COOPATLAS_API polygon_key key_of(const geometry::multi_polygon& poly);

struct polygon_key_hash {
    std::size_t operator()(const polygon_key& k) const noexcept { return static_cast<std::size_t>(k.first); }
};

template <class Value> using polygon_values = std::unordered_map<polygon_key, Value, polygon_key_hash>;

/// The values kept under the key that `store_key()` gives, in files ending in `extension`:
/// each a key, then what `read_value(byte_reader&)` reads, at least `value_bytes` bytes.
/// None when the cache is off (the key is then not made) or nothing whole is kept.
template <class Value, class ReadValue>
polygon_values<Value> read_polygon_values(std::string (*store_key)(), const char* extension, std::size_t value_bytes,
                                          ReadValue read_value) {
    const std::string dir = io::atlas_cache_dir();
    if (dir.empty()) return {};
    const std::string key = store_key();
    const io::detail::mapped_snapshot file(io::detail::snapshot_path(dir, key, extension));
    const auto payload = file.payload(key, {});
    if (!payload) return {};
    polygon_values<Value> out;
    try {
        io::detail::byte_reader r(*payload);
        const std::size_t count = r.count(3 * sizeof(std::uint64_t) + value_bytes);
        out.reserve(count);
        for (std::size_t i = 0; i < count; ++i) {
            polygon_key k;
            k.first = r.u64();
            k.second = r.u64();
            k.vertices = r.u64();
            out.emplace(k, read_value(r));
        }
        if (!r.done()) return {};
    } catch (const io::detail::snapshot_mismatch&) {
        return {};
    }
    file.used();
    return out;
}

/// Keeps `values` (at most `most` of them) in place of what was kept under the key that
/// `store_key()` gives; `write_value(byte_writer&, const Value&)` writes one. Never throws:
/// a cache that cannot be written costs the next run the computing, nothing more.
template <class Value, class WriteValue>
void write_polygon_values(std::string (*store_key)(), const char* extension, const polygon_values<Value>& values,
                          std::size_t most, WriteValue write_value) noexcept {
    try {
        const std::string dir = io::atlas_cache_dir();
        if (dir.empty()) return;
        const std::string key = store_key();
        io::detail::byte_writer w;
        const std::size_t count = std::min(values.size(), most);
        w.u32(static_cast<std::uint32_t>(count));
        std::size_t written = 0;
        for (const auto& [k, v] : values) {
            if (written++ == count) break;
            w.u64(k.first);
            w.u64(k.second);
            w.u64(k.vertices);
            write_value(w, v);
        }
        io::detail::write_snapshot(io::detail::snapshot_path(dir, key, extension), key, {}, w.bytes());
    } catch (...) {
        // the next run computes the values again
    }
}

} // namespace coopatlas::analysis::detail
