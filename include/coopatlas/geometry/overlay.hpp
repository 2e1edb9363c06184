#pragma once
/// \file
/// \brief Robust polygon overlay (union, intersection, validity) through GEOS.
///
/// Thread safety: each call uses its own GEOS context; calls may run concurrently.

#include <coopatlas/config.hpp>
#include <coopatlas/geometry/geometry.hpp>

#include <string>
#include <vector>

namespace coopatlas::geometry {

/// \brief Union of all parts (GEOS cascaded union): the dissolve of a group of units.
COOPATLAS_API multi_polygon union_all(const std::vector<multi_polygon>& parts);

/// \brief Intersection of two multipolygons.
COOPATLAS_API multi_polygon intersection(const multi_polygon& a, const multi_polygon& b);

/// \brief Planar area of a multipolygon in the units of its coordinates.
COOPATLAS_API double planar_area(const multi_polygon& mp);

/// \brief Whether GEOS considers the geometry valid; `reason` receives GEOS's explanation.
COOPATLAS_API bool is_valid(const multi_polygon& mp, std::string* reason = nullptr);

/// \brief A valid version of the geometry (GEOS MakeValid, polygons kept).
COOPATLAS_API multi_polygon make_valid(const multi_polygon& mp);

/// \brief A point guaranteed inside the polygon (GEOS PointOnSurface).
COOPATLAS_API point point_on_surface(const multi_polygon& mp);

/// \brief Pole of inaccessibility within `tolerance` (GEOS MaximumInscribedCircle centre).
COOPATLAS_API point pole_of_inaccessibility(const multi_polygon& mp, double tolerance);

} // namespace coopatlas::geometry
