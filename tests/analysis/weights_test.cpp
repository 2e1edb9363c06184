#include <coopatlas/analysis/weights.hpp>
#include <coopatlas/error.hpp>
#include <coopatlas/geometry/geodesic.hpp>
#include <coopatlas/geometry/geometry.hpp>

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <string>
#include <vector>

namespace ca = coopatlas::analysis;
namespace cg = coopatlas::geometry;
using indices = std::vector<std::size_t>;

namespace {

cg::polygon square_polygon(double x0, double y0, double x1, double y1) {
    return cg::polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}, {}};
}

cg::multi_polygon square(double x0, double y0, double x1, double y1) {
    return {square_polygon(x0, y0, x1, y1)};
}

/// rows × cols unit squares, numbered row by row from the south-west.
std::vector<cg::multi_polygon> grid(int rows, int cols) {
    std::vector<cg::multi_polygon> out;
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c)
            out.push_back(square(c, r, c + 1, r + 1));
    return out;
}

std::size_t pair_count(const ca::spatial_weights& w) {
    std::size_t n = 0;
    for (const auto& row : w.neighbours)
        n += row.size();
    return n / 2;
}

} // namespace

TEST(weights, rook_and_queen_on_a_three_by_three_grid) {
    const auto units = grid(3, 3);
    const auto rook = ca::contiguity_weights(units, {.rule = ca::contiguity::rook});
    // A 3×3 lattice has 2·3·2 = 12 shared edges and 2·2·2 = 8 diagonal corner contacts.
    EXPECT_EQ(pair_count(rook), 12u);
    EXPECT_EQ(rook.neighbours[0], (indices{1, 3}));
    EXPECT_EQ(rook.neighbours[4], (indices{1, 3, 5, 7}));
    EXPECT_EQ(rook.neighbours[5], (indices{2, 4, 8}));
    EXPECT_TRUE(rook.symmetric());
    EXPECT_EQ(rook.kind, "rook");
    EXPECT_DOUBLE_EQ(rook.mean_neighbours(), 24.0 / 9);

    const auto queen = ca::contiguity_weights(units, {.rule = ca::contiguity::queen});
    EXPECT_EQ(pair_count(queen), 20u);
    EXPECT_EQ(queen.neighbours[0], (indices{1, 3, 4}));
    EXPECT_EQ(queen.neighbours[4], (indices{0, 1, 2, 3, 5, 6, 7, 8}));
    EXPECT_DOUBLE_EQ(queen.sum(), 40.0);
    EXPECT_TRUE(queen.islands().empty());
}

TEST(weights, rook_finds_borders_whose_vertices_differ) {
    // The big square's east edge has no vertex at (2, 1) where the two small squares meet.
    const std::vector<cg::multi_polygon> units{square(0, 0, 2, 2), square(2, 0, 3, 1), square(2, 1, 3, 2)};
    const auto rook = ca::contiguity_weights(units, {.rule = ca::contiguity::rook});
    EXPECT_EQ(rook.neighbours[0], (indices{1, 2}));
    EXPECT_EQ(rook.neighbours[1], (indices{0, 2}));
}

TEST(weights, an_enclave_neighbours_the_unit_around_it) {
    cg::polygon holed = square_polygon(0, 0, 3, 3);
    holed.inners.push_back({{1, 1}, {1, 2}, {2, 2}, {2, 1}, {1, 1}});
    std::vector<cg::multi_polygon> units{{holed}, square(1, 1, 2, 2), square(5, 5, 6, 6)};
    const auto rook = ca::contiguity_weights(units, {.rule = ca::contiguity::rook});
    EXPECT_EQ(rook.neighbours[0], (indices{1}));
    EXPECT_EQ(rook.neighbours[1], (indices{0}));
    EXPECT_EQ(rook.islands(), (indices{2}));
}

TEST(weights, corner_contact_is_queen_only) {
    const std::vector<cg::multi_polygon> units{square(0, 0, 1, 1), square(1, 1, 2, 2)};
    EXPECT_EQ(ca::contiguity_weights(units, {.rule = ca::contiguity::queen}).neighbours[0], (indices{1}));
    EXPECT_TRUE(ca::contiguity_weights(units, {.rule = ca::contiguity::rook}).neighbours[0].empty());
}

TEST(weights, snapping_tolerance_bridges_small_gaps) {
    const double gap = 1e-7;
    const std::vector<cg::multi_polygon> units{square(0, 0, 1, 1), square(1 + gap, 0, 2, 1),
                                               square(1 + gap, 1 + gap, 2, 2)};
    // Exact topology: the gaps keep every unit apart.
    const auto exact = ca::contiguity_weights(units, {.rule = ca::contiguity::queen});
    EXPECT_EQ(exact.islands(), (indices{0, 1, 2}));
    const auto rook = ca::contiguity_weights(units, {.rule = ca::contiguity::rook, .snap_tolerance = 1e-6});
    EXPECT_EQ(rook.neighbours[0], (indices{1})); // a 1-degree border across the gap; 2 only meets 0 at a corner
    EXPECT_EQ(rook.neighbours[1], (indices{0, 2}));
    const auto queen = ca::contiguity_weights(units, {.rule = ca::contiguity::queen, .snap_tolerance = 1e-6});
    EXPECT_EQ(queen.neighbours[0], (indices{1, 2}));
    EXPECT_THROW((void)ca::contiguity_weights(units, {.rule = ca::contiguity::rook, .snap_tolerance = -1}),
                 coopatlas::error);
}

TEST(weights, multipolygon_parts_and_missing_geometry) {
    // Unit 0 has a part beside unit 1 and another beside unit 2; unit 3 has no polygon.
    cg::multi_polygon two_parts{square_polygon(0, 0, 1, 1), square_polygon(10, 0, 11, 1)};
    const std::vector<cg::multi_polygon> units{two_parts, square(1, 0, 2, 1), square(11, 0, 12, 1), {}};
    const auto rook = ca::contiguity_weights(units, {.rule = ca::contiguity::rook});
    EXPECT_EQ(rook.neighbours[0], (indices{1, 2}));
    EXPECT_EQ(rook.islands(), (indices{3}));
}

TEST(weights, invalid_polygons_are_repaired_not_fatal) {
    // A bow-tie (self-intersecting ring) east of a square it touches along x = 1.
    cg::multi_polygon bow_tie{cg::polygon{{{1, 0}, {2, 1}, {2, 0}, {1, 1}, {1, 0}}, {}}};
    const std::vector<cg::multi_polygon> units{square(0, 0, 1, 1), bow_tie};
    const auto queen = ca::contiguity_weights(units, {.rule = ca::contiguity::queen});
    EXPECT_EQ(queen.neighbours[0], (indices{1}));
}

TEST(weights, row_standardisation_and_islands) {
    auto w = ca::spatial_weights::from_neighbours({{1, 2, 1, 0}, {0}, {0}, {}});
    EXPECT_EQ(w.neighbours[0], (indices{1, 2})); // duplicate and self removed
    EXPECT_EQ(w.islands(), (indices{3}));
    w.row_standardise();
    EXPECT_TRUE(w.row_standardised);
    EXPECT_DOUBLE_EQ(w.weights[0][0], 0.5);
    EXPECT_DOUBLE_EQ(w.weights[1][0], 1.0);
    EXPECT_TRUE(w.weights[3].empty());
    EXPECT_DOUBLE_EQ(w.sum(), 3.0); // one per non-island row
    EXPECT_FALSE(w.symmetric());    // 0→1 weighs 0.5, 1→0 weighs 1
    EXPECT_THROW((void)ca::spatial_weights::from_neighbours({{5}}), coopatlas::error);
}

TEST(weights, knn_uses_geodesic_not_planar_distance) {
    // At 60°N a degree of longitude is half a degree of latitude: B (1.5° east,
    // about 83.7 km) is nearer to A than C (0.9° north, about 100 km), though
    // C is nearer in planar degrees.
    const std::vector<cg::point> pts{{0, 60}, {1.5, 60}, {0, 60.9}};
    const auto w = ca::knn_weights(pts, 1);
    EXPECT_EQ(w.neighbours[0], (indices{1}));
    EXPECT_EQ(w.kind, "knn-1");
}

TEST(weights, knn_sees_across_the_antimeridian) {
    const std::vector<cg::point> pts{{179.9, 0}, {-179.9, 0}, {179.0, 0}};
    const auto w = ca::knn_weights(pts, 1);
    EXPECT_EQ(w.neighbours[0], (indices{1})); // 22 km across the antimeridian, not 100 km west
    EXPECT_EQ(w.neighbours[1], (indices{0}));
}

TEST(weights, knn_matches_brute_force_geodesic_search) {
    std::mt19937_64 rng(5);
    std::uniform_real_distribution<double> lon(-180, 180), lat(-89, 89), local(-2, 2);
    std::vector<cg::point> pts;
    for (int i = 0; i < 150; ++i)
        pts.push_back({lon(rng), lat(rng)});
    for (int i = 0; i < 150; ++i)
        pts.push_back({-6 + local(rng), 33 + local(rng)}); // a dense cluster
    for (int i = 0; i < 20; ++i)
        pts.push_back({lon(rng), 88 + local(rng) / 4}); // near the pole
    for (std::size_t k : {1u, 4u, 6u}) {
        const auto w = ca::knn_weights(pts, k);
        for (std::size_t i = 0; i < pts.size(); ++i) {
            std::vector<std::pair<double, std::size_t>> all;
            for (std::size_t j = 0; j < pts.size(); ++j)
                if (j != i) all.emplace_back(cg::geodesic_distance(pts[i], pts[j]), j);
            std::sort(all.begin(), all.end());
            indices expected;
            for (std::size_t m = 0; m < k; ++m)
                expected.push_back(all[m].second);
            std::sort(expected.begin(), expected.end());
            ASSERT_EQ(w.neighbours[i], expected) << "unit " << i << " k " << k;
        }
    }
}

TEST(weights, knn_with_k_at_least_n_takes_everyone) {
    const std::vector<cg::point> pts{{0, 0}, {1, 0}, {2, 0}};
    const auto w = ca::knn_weights(pts, 10);
    EXPECT_EQ(w.neighbours[1], (indices{0, 2}));
    EXPECT_THROW((void)ca::knn_weights(pts, 0), coopatlas::error);
}

TEST(weights, representative_point_lies_inside_a_concave_polygon) {
    // A U shape whose bounding-box centre (1.5, 1.5) falls in the notch.
    cg::multi_polygon u{cg::polygon{{{0, 0}, {3, 0}, {3, 3}, {2, 3}, {2, 1}, {1, 1}, {1, 3}, {0, 3}, {0, 0}}, {}}};
    const cg::point p = ca::representative_point(cg::geometry{u});
    EXPECT_TRUE(cg::strictly_inside(p, u));
    EXPECT_EQ(ca::representative_point(cg::geometry{cg::point{2, 3}}), (cg::point{2, 3}));
    EXPECT_THROW((void)ca::representative_point(cg::geometry{}), coopatlas::error);
}

TEST(weights, french_regions_of_2016_have_their_known_neighbours) {
    // Metropolitan régions of 2016 (INSEE codes); neighbours read off any map of France.
    const auto& atlas = coopatlas::test::embedded_atlas();
    const std::vector<std::string> codes{"11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93", "94"};
    std::vector<cg::multi_polygon> units;
    for (const auto& code : codes) {
        const auto& loc = atlas.location(atlas.at("FR:region:2016:" + code));
        ASSERT_TRUE(std::holds_alternative<cg::multi_polygon>(loc)) << code;
        units.push_back(std::get<cg::multi_polygon>(loc));
    }
    const auto w = ca::contiguity_weights(units, {.rule = ca::contiguity::rook, .snap_tolerance = 1e-4});
    auto names = [&](std::size_t i) {
        std::vector<std::string> out;
        for (std::size_t j : w.neighbours[i])
            out.push_back(codes[j]);
        return out;
    };
    // Île-de-France: Centre-Val de Loire, Bourgogne-Franche-Comté, Normandie, Hauts-de-France, Grand Est.
    EXPECT_EQ(names(0), (std::vector<std::string>{"24", "27", "28", "32", "44"}));
    // Bretagne: Normandie and Pays de la Loire.
    EXPECT_EQ(names(7), (std::vector<std::string>{"28", "52"}));
    // Corse is an island.
    EXPECT_EQ(w.islands(), (indices{12}));
    EXPECT_TRUE(w.symmetric());
}
