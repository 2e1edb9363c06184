#include <coopatlas/error.hpp>
#include <coopatlas/geometry/overlay.hpp>
#include <coopatlas/geometry/projection.hpp>

#include <gtest/gtest.h>

namespace cg = coopatlas::geometry;

namespace {
cg::multi_polygon square(double x, double y, double size) {
    return {cg::polygon{{{x, y}, {x + size, y}, {x + size, y + size}, {x, y + size}, {x, y}}, {}}};
}
} // namespace

TEST(overlay, union_of_adjacent_squares_is_one_polygon) {
    const auto merged = cg::union_all({square(0, 0, 1), square(1, 0, 1)});
    ASSERT_EQ(merged.size(), 1u);
    EXPECT_DOUBLE_EQ(cg::planar_area(merged), 2.0);
    EXPECT_TRUE(cg::is_valid(merged));
}

TEST(overlay, union_keeps_enclaves_as_holes) {
    // a ring of four squares around an empty centre: the union has one hole
    const auto merged = cg::union_all({cg::multi_polygon{cg::polygon{{{0, 0}, {3, 0}, {3, 1}, {0, 1}, {0, 0}}, {}}},
                                       cg::multi_polygon{cg::polygon{{{0, 2}, {3, 2}, {3, 3}, {0, 3}, {0, 2}}, {}}},
                                       square(0, 1, 1), square(2, 1, 1)});
    ASSERT_EQ(merged.size(), 1u);
    EXPECT_EQ(merged[0].inners.size(), 1u);
    EXPECT_DOUBLE_EQ(cg::planar_area(merged), 8.0);
}

TEST(overlay, intersection_area) {
    EXPECT_DOUBLE_EQ(cg::planar_area(cg::intersection(square(0, 0, 2), square(1, 1, 2))), 1.0);
    EXPECT_TRUE(cg::intersection(square(0, 0, 1), square(5, 5, 1)).empty());
}

TEST(overlay, bow_tie_is_invalid_and_make_valid_repairs_it) {
    const cg::multi_polygon bow{cg::polygon{{{0, 0}, {2, 2}, {2, 0}, {0, 2}, {0, 0}}, {}}};
    std::string reason;
    EXPECT_FALSE(cg::is_valid(bow, &reason));
    EXPECT_NE(reason.find("Self-intersection"), std::string::npos) << reason;
    const auto fixed = cg::make_valid(bow);
    EXPECT_TRUE(cg::is_valid(fixed));
    EXPECT_NEAR(cg::planar_area(fixed), 2.0, 1e-12);
}

TEST(overlay, label_points_fall_inside_a_concave_shape) {
    // an L: its centroid (about 1.17, 1.17) falls outside the shape
    const cg::multi_polygon ell{cg::polygon{{{0, 0}, {4, 0}, {4, 1}, {1, 1}, {1, 4}, {0, 4}, {0, 0}}, {}}};
    EXPECT_TRUE(cg::strictly_inside(cg::point_on_surface(ell), ell));
    EXPECT_TRUE(cg::strictly_inside(cg::pole_of_inaccessibility(ell, 0.01), ell));
}

TEST(point_in_polygon, boundary_points_are_outside) {
    auto poly = square(0, 0, 1);
    cg::normalize(poly);
    EXPECT_TRUE(cg::strictly_inside({0.5, 0.5}, poly));
    EXPECT_FALSE(cg::strictly_inside({1.0, 0.5}, poly));
    EXPECT_FALSE(cg::strictly_inside({0.0, 0.0}, poly));
    EXPECT_FALSE(cg::strictly_inside({1.5, 0.5}, poly));
}

TEST(projection, lambert93_origin_and_round_trip) {
    const cg::projection lambert("EPSG:4326", "EPSG:2154");
    // Lambert-93 false origin: 3°E, 46.5°N -> (700 000, 6 600 000)
    const auto p = lambert.forward({3.0, 46.5});
    EXPECT_NEAR(p.x, 700000.0, 1e-3);
    EXPECT_NEAR(p.y, 6600000.0, 1e-3);
    const auto back = lambert.inverse(p);
    EXPECT_NEAR(back.x, 3.0, 1e-9);
    EXPECT_NEAR(back.y, 46.5, 1e-9);
}

TEST(projection, unknown_crs_is_a_clear_error) {
    try {
        cg::projection bad("EPSG:4326", "EPSG:999999");
        FAIL() << "no exception";
    } catch (const coopatlas::error& e) {
        EXPECT_NE(std::string(e.what()).find("EPSG:999999"), std::string::npos) << e.what();
    }
}

TEST(vertex_count, sums_the_rings_of_polygons_as_the_geometry_count_does) {
    namespace g = coopatlas::geometry;
    const g::polygon square{{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}}, {{{1, 1}, {2, 1}, {2, 2}, {1, 1}}}};
    const g::polygon triangle{{{10, 0}, {11, 0}, {10, 1}, {10, 0}}, {}};
    EXPECT_EQ(g::vertex_count(square), 9u);  // 5 outer + 4 in the hole
    const g::multi_polygon both{square, triangle};
    EXPECT_EQ(g::vertex_count(both), 13u);
    EXPECT_EQ(g::vertex_count(g::geometry{both}), 13u);
    EXPECT_EQ(g::vertex_count(g::multi_polygon{}), 0u);
}
