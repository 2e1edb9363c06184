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
    // Published WGS 84 quarter meridian: 10 001 965.729 m
    EXPECT_NEAR(cg::geodesic_distance({0, 0}, {0, 90}), 10001965.729, 1e-3);
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

TEST(geodesic, equatorial_cell_area_matches_closed_form) {
    const cg::ring cell{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}};
    // geodesic top edge bulges slightly poleward of the parallel: 1e-3 relative
    EXPECT_NEAR(cg::geodesic_area(cell) / zone_area(0, 1, 1), 1.0, 1e-3);
}

TEST(geodesic, holes_are_subtracted_and_orientation_does_not_matter) {
    cg::polygon p;
    p.outer = {{0, 40}, {0, 42}, {2, 42}, {2, 40}, {0, 40}};  // clockwise on purpose
    p.inners = {{{0.5, 40.5}, {1.5, 40.5}, {1.5, 41.5}, {0.5, 41.5}, {0.5, 40.5}}};
    const double outer = cg::geodesic_area(p.outer);
    const double hole = cg::geodesic_area(p.inners[0]);
    EXPECT_GT(outer, 0);
    EXPECT_NEAR(cg::geodesic_area(cg::multi_polygon{p}), outer - hole, 1e-3);
    EXPECT_NEAR(outer / zone_area(40, 42, 2), 1.0, 2e-3);
}
