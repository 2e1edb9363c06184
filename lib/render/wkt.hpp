#pragma once
// Inline geometries of map specs, written as WKT.

#include <coopatlas/geometry/geometry.hpp>

#include <string>

namespace coopatlas::render::detail {

/// Reads a WKT geometry (through GDAL/OGR); polygons become normalised multipolygons.
/// Throws coopatlas::error with OGR's reason when the text is not WKT.
geometry::geometry parse_wkt(const std::string& wkt);

} // namespace coopatlas::render::detail
