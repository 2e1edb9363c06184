#include <coopatlas/analysis/grid.hpp>
#include <coopatlas/error.hpp>
#include <coopatlas/geometry/geodesic.hpp>
#include <coopatlas/geometry/projection.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace ca = coopatlas::analysis;
namespace cg = coopatlas::geometry;

namespace {
// The cell at (col, row); a test failure (and an empty cell) when there is none.
ca::grid_cell find(const ca::grid_aggregation& g, long long col, long long row) {
    for (const auto& c : g.cells)
        if (c.column == col && c.row == row) return c;
    ADD_FAILURE() << "no cell " << col << "," << row;
    return {};
}
} // namespace

TEST(grid, square_cells_count_points_half_open) {
    const std::vector<cg::point> pts{{0.5, 0.5}, {0.7, 0.2}, {-0.1, 0.5}, {1.0, 0.5}, {2.5, 1.5}, {0.0, 0.0}};
    const std::vector<double> w{1, 2, 3, 4, 5, 6};
    const auto g = ca::aggregate_on_grid(pts, w, ca::grid_shape::square, 1.0);
    ASSERT_EQ(g.cells.size(), 4u);
    EXPECT_EQ(find(g, 0, 0).count, 3u);             // (0.5,0.5), (0.7,0.2) and the corner (0,0)
    EXPECT_DOUBLE_EQ(find(g, 0, 0).weight, 9.0);    // 1 + 2 + 6
    EXPECT_EQ(find(g, -1, 0).count, 1u);
    EXPECT_EQ(find(g, 1, 0).count, 1u);             // x = 1.0 belongs to the eastern cell
    EXPECT_EQ(find(g, 2, 1).count, 1u);
    EXPECT_DOUBLE_EQ(find(g, 2, 1).centre.x, 2.5);
    EXPECT_DOUBLE_EQ(find(g, 2, 1).centre.y, 1.5);
    EXPECT_DOUBLE_EQ(g.cell_area, 1.0);
    // sorted by row, then column
    EXPECT_EQ(g.cells.front().row, 0);
    EXPECT_EQ(g.cells.front().column, -1);
    EXPECT_EQ(g.cells.back().row, 1);
}

TEST(grid, empty_cells_fill_the_spanned_rectangle) {
    const std::vector<cg::point> pts{{0.5, 0.5}, {2.5, 1.5}};
    const auto g = ca::aggregate_on_grid(pts, {}, ca::grid_shape::square, 1.0, true);
    EXPECT_EQ(g.cells.size(), 6u);  // columns 0..2 x rows 0..1
    std::size_t total = 0;
    for (const auto& c : g.cells) total += c.count;
    EXPECT_EQ(total, 2u);
    EXPECT_EQ(find(g, 1, 0).count, 0u);
}

TEST(grid, hexagon_area_is_sqrt3_over_2_times_the_width_squared) {
    const double s = 50'000;
    // side a = s/√3; area = 3√3/2 a² = √3/2 s²  (about 2165.06 km² for 50 km)
    EXPECT_NEAR(ca::cell_area(ca::grid_shape::hexagon, s) / 1e6, 2165.0635, 1e-4);
    const auto outline = ca::cell_outline(ca::grid_shape::hexagon, s, 3, -2);
    ASSERT_EQ(outline.size(), 1u);
    ASSERT_EQ(outline[0].outer.size(), 7u);
    EXPECT_NEAR(cg::signed_area(outline[0].outer), std::sqrt(3.0) / 2 * s * s, 1e-6 * s * s);  // counter-clockwise
    EXPECT_NEAR(cg::signed_area(ca::cell_outline(ca::grid_shape::square, s, 0, 0)[0].outer), s * s, 1e-6);
}

TEST(grid, hexagon_centres_form_the_expected_lattice) {
    const double s = 10;
    const auto c00 = ca::cell_centre(ca::grid_shape::hexagon, s, 0, 0);
    const auto c10 = ca::cell_centre(ca::grid_shape::hexagon, s, 1, 0);
    const auto c01 = ca::cell_centre(ca::grid_shape::hexagon, s, 0, 1);
    EXPECT_DOUBLE_EQ(c00.x, 0.0);
    EXPECT_DOUBLE_EQ(c10.x - c00.x, s);
    // odd rows are shifted east by half a width, rows are 1.5 circumradii apart
    EXPECT_NEAR(c01.x, s / 2, 1e-12);
    EXPECT_NEAR(c01.y, 1.5 * s / std::sqrt(3.0), 1e-12);
    EXPECT_NEAR(std::hypot(c01.x - c00.x, c01.y - c00.y), s, 1e-12);  // neighbours across rows, too
    const auto c02 = ca::cell_centre(ca::grid_shape::hexagon, s, 0, 2);
    EXPECT_NEAR(c02.x, 0.0, 1e-12);
    const auto cm1 = ca::cell_centre(ca::grid_shape::hexagon, s, -1, -1);  // odd negative row: shifted too
    EXPECT_NEAR(cm1.x, -s / 2, 1e-12);
}

TEST(grid, every_point_goes_to_the_hexagon_with_the_nearest_centre) {
    const double s = 7;
    std::mt19937_64 rng(3);
    std::uniform_real_distribution<double> u(-60, 60);
    for (int i = 0; i < 5000; ++i) {
        const cg::point p{u(rng), u(rng)};
        const auto [col, row] = ca::cell_of(ca::grid_shape::hexagon, s, p);
        const auto mine = ca::cell_centre(ca::grid_shape::hexagon, s, col, row);
        const double d = std::hypot(p.x - mine.x, p.y - mine.y);
        // brute force over a block of cells around the point
        double best = 1e300;
        for (long long r = -12; r <= 12; ++r)
            for (long long c = -12; c <= 12; ++c) {
                const auto q = ca::cell_centre(ca::grid_shape::hexagon, s, c, r);
                best = std::min(best, std::hypot(p.x - q.x, p.y - q.y));
            }
        ASSERT_NEAR(d, best, 1e-9) << p.x << ", " << p.y;
        // and the point lies in (or on) its cell's outline
        const auto outline = ca::cell_outline(ca::grid_shape::hexagon, s, col, row);
        const double r_in = s / 2;  // inradius
        ASSERT_TRUE(cg::strictly_inside(p, outline) || d >= r_in - 1e-9);
    }
}

TEST(grid, hexagons_in_an_equal_area_projection_keep_their_area_on_the_ellipsoid) {
    const std::string laea = "+proj=laea +lat_0=36 +lon_0=-4 +datum=WGS84 +units=m +no_defs";
    const cg::projection proj("EPSG:4326", laea);
    const double s = 50'000;
    for (auto [col, row] : {std::pair{0LL, 0LL}, std::pair{15LL, 20LL}, std::pair{-30LL, -25LL}}) {
        auto ring = ca::cell_outline(ca::grid_shape::hexagon, s, col, row)[0].outer;
        // straight projected edges, densified before going back to lon/lat
        cg::ring dense;
        for (std::size_t i = 0; i + 1 < ring.size(); ++i)
            for (int k = 0; k < 64; ++k)
                dense.push_back({ring[i].x + k / 64.0 * (ring[i + 1].x - ring[i].x),
                                 ring[i].y + k / 64.0 * (ring[i + 1].y - ring[i].y)});
        dense.push_back(dense.front());
        proj.inverse(dense);
        const double area = cg::geodesic_area(dense);
        EXPECT_NEAR(area / (std::sqrt(3.0) / 2 * s * s), 1.0, 1e-5) << col << "," << row;
    }
}

TEST(grid, rejects_bad_input) {
    const std::vector<cg::point> pts{{0, 0}};
    EXPECT_THROW((void)ca::aggregate_on_grid(pts, {}, ca::grid_shape::square, 0), coopatlas::error);
    const std::vector<double> w{1, 2};
    EXPECT_THROW((void)ca::aggregate_on_grid(pts, w, ca::grid_shape::square, 1), coopatlas::error);
    const std::vector<cg::point> bad{{NAN, 0}};
    EXPECT_THROW((void)ca::aggregate_on_grid(bad, {}, ca::grid_shape::hexagon, 1), coopatlas::error);
    EXPECT_EQ(ca::parse_grid_shape("hex"), ca::grid_shape::hexagon);
    EXPECT_THROW((void)ca::parse_grid_shape("triangle"), coopatlas::error);
}
