#pragma once
/// \file
/// \brief Geodesic measures on the WGS 84 ellipsoid, computed by PROJ's geodesic
/// routines (Karney's algorithms), never in planar degrees.
///
/// Thread safety: all functions are pure and may be called from any thread.

#include <coopatlas/config.hpp>
#include <coopatlas/geometry/geometry.hpp>

namespace coopatlas::geometry {

/// \brief Ellipsoidal distance in metres between two lon/lat points.
COOPATLAS_API double geodesic_distance(const point& a, const point& b);

/// \brief Ellipsoidal length in metres of a lon/lat line string.
COOPATLAS_API double geodesic_length(const line_string& ls);

/// \brief Area in m² enclosed by a lon/lat ring (edges are geodesics), always positive.
COOPATLAS_API double geodesic_area(const ring& r);

/// \brief Area in m² of a lon/lat multipolygon: outer rings minus holes.
COOPATLAS_API double geodesic_area(const multi_polygon& mp);

/// \brief Result of the inverse geodesic problem.
struct geodesic_line {
    double distance_m = 0;     ///< length of the geodesic
    double azimuth_start = 0;  ///< degrees clockwise from north at the first point
    double azimuth_end = 0;    ///< forward azimuth at the second point
};

/// \brief Distance and azimuths between two lon/lat points.
COOPATLAS_API geodesic_line geodesic_inverse(const point& a, const point& b);

/// \brief The point reached from `from` after `distance_m` metres along `azimuth_deg`.
COOPATLAS_API point geodesic_direct(const point& from, double azimuth_deg, double distance_m);

} // namespace coopatlas::geometry
