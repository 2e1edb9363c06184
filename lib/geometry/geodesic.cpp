#include <coopatlas/geometry/geodesic.hpp>

#include <geodesic.h>

#include <cmath>
#include <vector>

namespace coopatlas::geometry {

namespace {
// WGS 84; geod_geodesic is immutable after init, so one instance serves all threads.
const geod_geodesic& wgs84() {
    static const geod_geodesic g = [] {
        geod_geodesic init{};
        geod_init(&init, 6378137.0, 1.0 / 298.257223563);
        return init;
    }();
    return g;
}
} // namespace

geodesic_line geodesic_inverse(const point& a, const point& b) {
    geodesic_line out;
    geod_inverse(&wgs84(), a.y, a.x, b.y, b.x, &out.distance_m, &out.azimuth_start, &out.azimuth_end);
    return out;
}

double geodesic_distance(const point& a, const point& b) { return geodesic_inverse(a, b).distance_m; }

point geodesic_direct(const point& from, double azimuth_deg, double distance_m) {
    double lat = 0, lon = 0;
    geod_direct(&wgs84(), from.y, from.x, azimuth_deg, distance_m, &lat, &lon, nullptr);
    return {lon, lat};
}

double geodesic_length(const line_string& ls) {
    double total = 0;
    for (std::size_t i = 1; i < ls.size(); ++i) total += geodesic_distance(ls[i - 1], ls[i]);
    return total;
}

double geodesic_area(const ring& r) {
    if (r.size() < 4) return 0.0;
    geod_polygon poly{};
    geod_polygon_init(&poly, 0);
    // the closing vertex repeats the first; PROJ closes the ring itself
    const std::size_t n = (r.front() == r.back()) ? r.size() - 1 : r.size();
    for (std::size_t i = 0; i < n; ++i) geod_polygon_addpoint(&wgs84(), &poly, r[i].y, r[i].x);
    double area = 0, perimeter = 0;
    geod_polygon_compute(&wgs84(), &poly, 0, 1, &area, &perimeter);
    return std::fabs(area);
}

double geodesic_area(const multi_polygon& mp) {
    double total = 0;
    for (const auto& poly : mp) {
        total += geodesic_area(poly.outer);
        for (const auto& hole : poly.inners) total -= geodesic_area(hole);
    }
    return total;
}

} // namespace coopatlas::geometry
