#pragma once
// The PROJ pipeline between WGS 84 longitude/latitude and a map projection on the WGS 84
// ellipsoid, written out without PROJ's database. proj_create_crs_to_crs looks both CRSs
// up in proj.db and searches the operations between them (about 15 ms for the first of a
// context); between "EPSG:4326" and "+proj=lcc ... +datum=WGS84" the operation it finds
// is always this pipeline (no datum shift: the same datum on both sides), so the same
// numbers come out of a string PROJ parses in a tenth of a millisecond.

#include <coopatlas/config.hpp>

#include <optional>
#include <string>

namespace coopatlas::geometry::detail {

/// Whether `crs` is WGS 84 longitude/latitude in degrees as the library spells it:
/// "EPSG:4326", "OGC:CRS84", or a PROJ string "+proj=longlat +datum=WGS84" (any order,
/// "+no_defs", "+type=crs").
COOPATLAS_API bool is_wgs84_lonlat(const std::string& crs);

/// The pipeline from `source` to `target` (longitude/easting first on both sides) when
/// one is WGS 84 longitude/latitude (is_wgs84_lonlat) and the other a PROJ string of a
/// projection on WGS 84 in metres with only plain parameters; otherwise none, and the
/// database must be asked. Anything it does not know (grids, towgs84, axis order, a prime
/// meridian, other units or ellipsoids, +init) gives none.
COOPATLAS_API std::optional<std::string> wgs84_pipeline(const std::string& source, const std::string& target);

} // namespace coopatlas::geometry::detail
