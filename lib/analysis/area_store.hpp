#pragma once
// Unit areas kept between runs in the atlas cache folder (io::atlas_cache_dir()). Validating
// and measuring the polygons of the world's countries (GEOS, then PROJ's geodesic area)
// takes 0.1 s of processor time at every coverage of them; the areas depend on nothing but
// the polygon's coordinates and the two libraries' releases. So they are written down,
// in one ".areas" file per pair of releases (polygon_store.hpp), and read back by the next
// runs. Private to the library.

#include "analysis/polygon_store.hpp"
#include "analysis/unit_areas.hpp"

#include <coopatlas/config.hpp>
#include <coopatlas/geometry/geometry.hpp>

#include <cstddef>

namespace coopatlas::analysis::detail {

using stored_areas = polygon_values<unit_area>;

/// The areas kept for these releases of GEOS and PROJ; none when the cache is off or
/// nothing whole is kept.
COOPATLAS_API stored_areas read_stored_areas();

/// Keeps `areas` in place of what was kept: at most `most_areas_stored` of them. Never
/// throws: a cache that cannot be written costs the next run the measuring, nothing more.
COOPATLAS_API void store_areas(const stored_areas& areas) noexcept;

/// A bound on the file: a million areas are 33 MB.
inline constexpr std::size_t most_areas_stored = 1'000'000;

} // namespace coopatlas::analysis::detail
