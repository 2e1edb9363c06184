#pragma once
// Unit areas kept between runs in the atlas cache folder (io::atlas_cache_dir()). Validating
// and measuring the polygons of the world's countries (GEOS, then PROJ's geodesic area)
// takes 0.1 s of processor time at every coverage of them; the areas depend on nothing but
// the polygon's coordinates and the two libraries' releases. So they are written down,
// each under two independent hashes of its polygon's coordinates and its vertex count, in
// one ".areas" file per pair of releases, and read back by the next runs. A file that does
// not read back whole (format, key, checksum) is not used. Private to the library.

#include "analysis/unit_areas.hpp"

#include <coopatlas/config.hpp>
#include <coopatlas/geometry/geometry.hpp>

#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace coopatlas::analysis::detail {

/// What names a polygon in the store: two hashes of its coordinates and ring sizes, made
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

using stored_areas = std::unordered_map<polygon_key, unit_area, polygon_key_hash>;

/// The areas kept for these releases of GEOS and PROJ; none when the cache is off or
/// nothing whole is kept.
COOPATLAS_API stored_areas read_stored_areas();

/// Keeps `areas` in place of what was kept: at most `most_areas_stored` of them. Never
/// throws: a cache that cannot be written costs the next run the measuring, nothing more.
COOPATLAS_API void store_areas(const stored_areas& areas) noexcept;

/// A bound on the file: a million areas are 33 MB.
inline constexpr std::size_t most_areas_stored = 1'000'000;

} // namespace coopatlas::analysis::detail
