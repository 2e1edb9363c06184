#include <coopatlas/geometry/geodesic.hpp>

#include <gtest/gtest.h>

#include <cmath>

namespace cg = coopatlas::geometry;

namespace {
// Area between two parallels over a longitude span on the WGS 84 ellipsoid,
// closed form (authalic latitude integral), computed here independently of PROJ.
double zone_area(double lat1_deg, double lat2_deg, double dlon_deg) {
    const double a = 6378137.0, f = 1 / 298.257223563;
    const double e2 = f * (2 - f), e = std::sqrt(e2), b2 = a * a * (1 - e2);
    auto q = [&](double lat) {
        const double s = std::sin(lat * M_PI / 180);
        return s / (1 - e2 * s * s) + std::log((1 + e * s) / (1 - e * s)) / (2 * e);
    };
    return b2 * (dlon_deg * M_PI / 180) / 2 * (q(lat2_deg) - q(lat1_deg));
}
} // namespace

TEST(geodesic, degree_of_equator_is_a_pi_over_180) {
    EXPECT_NEAR(cg::geodesic_distance({0, 0}, {1, 0}), 6378137.0 * M_PI / 180, 1e-6);
}

TEST(geodesic, quarter_meridian) {
    // Published WGS 84 quarter meridian: 10 001 965.729 m (pyproj: 10001965.729312724)
    EXPECT_NEAR(cg::geodesic_distance({0, 0}, {0, 90}), 10001965.7293127, 1e-6);
}

TEST(geodesic, direct_inverts_inverse) {
    const cg::point agadir{-9.598, 30.420}, nantes{-1.553, 47.218};
    const auto line = cg::geodesic_inverse(agadir, nantes);
    const auto back = cg::geodesic_direct(agadir, line.azimuth_start, line.distance_m);
    EXPECT_NEAR(back.x, nantes.x, 1e-9);
    EXPECT_NEAR(back.y, nantes.y, 1e-9);
    EXPECT_GT(line.distance_m, 1.9e6);
    EXPECT_LT(line.distance_m, 2.0e6);
}

// A ring following two parallels closely: n vertices per parallel edge. Between two
// vertices the geodesic bows poleward of the parallel by O(1/n^2) of the cell, so at
// n = 100 a 1-degree cell is within 1e-9 of the zone (6.7e-6 with corners only).
static cg::ring parallel_cell(double lon0, double lat0, double lon1, double lat1, int n) {
    cg::ring r;
    for (int i = 0; i <= n; ++i)
        r.push_back({lon0 + (lon1 - lon0) * i / n, lat0});
    for (int i = n; i >= 0; --i)
        r.push_back({lon0 + (lon1 - lon0) * i / n, lat1});
    r.push_back(r.front());
    return r;
}

TEST(geodesic, densified_zone_area_matches_closed_form) {
    EXPECT_NEAR(cg::geodesic_area(parallel_cell(0, 0, 1, 1, 100)) / zone_area(0, 1, 1), 1.0, 1e-8);
    EXPECT_NEAR(cg::geodesic_area(parallel_cell(-6, 40, -5, 41, 100)) / zone_area(40, 41, 1), 1.0, 1e-8);
    EXPECT_NEAR(cg::geodesic_area(parallel_cell(-10, 30, -7, 32, 300)) / zone_area(30, 32, 3), 1.0, 1e-8);
}

// Areas of geodesic polygons from pyproj 3.4.1 (Geod(ellps="WGS84").polygon_area_perimeter,
// GeographicLib), an implementation independent of this library's call into PROJ.
TEST(geodesic, equatorial_cell_area_matches_pyproj) {
    const cg::ring cell{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}};
    EXPECT_NEAR(cg::geodesic_area(cell) / 12308778361.469452, 1.0, 1e-9);
}

TEST(geodesic, holes_are_subtracted_and_orientation_does_not_matter) {
    cg::polygon p;
    p.outer = {{0, 40}, {0, 42}, {2, 42}, {2, 40}, {0, 40}};  // clockwise on purpose
    p.inners = {{{0.5, 40.5}, {1.5, 40.5}, {1.5, 41.5}, {0.5, 41.5}, {0.5, 40.5}}};
    const double outer = cg::geodesic_area(p.outer);
    const double hole = cg::geodesic_area(p.inners[0]);
    EXPECT_GT(outer, 0);
    EXPECT_NEAR(cg::geodesic_area(cg::multi_polygon{p}) / (outer - hole), 1.0, 1e-12);
    // pyproj 3.4.1: 37371134228.051636 m² (outer) and 9343351687.05072 m² (hole)
    EXPECT_NEAR(outer / 37371134228.051636, 1.0, 1e-9);
    EXPECT_NEAR(hole / 9343351687.05072, 1.0, 1e-9);
}
