#include <coopatlas/analysis/point_in_polygon.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <ostream>
#include <random>

namespace ca = coopatlas::analysis;
namespace cg = coopatlas::geometry;

namespace {

cg::ring rect(double x0, double y0, double x1, double y1) { return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}; }

cg::multi_polygon square_with_hole() {
    // 10 x 10 with a 4 x 4 hole in the middle
    return {cg::polygon{rect(0, 0, 10, 10), {rect(3, 3, 7, 7)}}};
}

// A random star-shaped polygon around (cx, cy) with vertices on an integer lattice,
// so that many test points fall exactly on edges and vertices.
cg::polygon lattice_star(std::mt19937_64& rng, int cx, int cy, int n, int r_min, int r_max) {
    std::uniform_int_distribution<int> radius(r_min, r_max);
    cg::polygon poly;
    for (int k = 0; k < n; ++k) {
        const double a = 2 * std::numbers::pi * k / n;
        const int r = radius(rng);
        poly.outer.push_back({static_cast<double>(cx + std::lround(r * std::cos(a))),
                              static_cast<double>(cy + std::lround(r * std::sin(a)))});
    }
    poly.outer.push_back(poly.outer.front());
    return poly;
}

// Whether p lies exactly on an edge of any ring (exact for the small lattice coordinates used here).
bool on_boundary(const cg::point& p, const cg::multi_polygon& mp) {
    auto on_ring = [&](const cg::ring& r) {
        for (std::size_t i = 0; i + 1 < r.size(); ++i) {
            const auto& a = r[i];
            const auto& b = r[i + 1];
            const double cross = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
            if (cross == 0 && p.x >= std::min(a.x, b.x) && p.x <= std::max(a.x, b.x) && p.y >= std::min(a.y, b.y) &&
                p.y <= std::max(a.y, b.y))
                return true;
        }
        return false;
    };
    for (const auto& poly : mp) {
        if (on_ring(poly.outer)) return true;
        for (const auto& h : poly.inners)
            if (on_ring(h)) return true;
    }
    return false;
}

// The two lookup paths of the index, by name in test listings and failure messages.
struct index_mode {
    const char* name;
    bool use_grid;
};

void PrintTo(const index_mode& m, std::ostream* os) {
    *os << m.name;
}

class both_modes : public ::testing::TestWithParam<index_mode> {
protected:
    ca::polygon_index_options options() const {
        ca::polygon_index_options o;
        o.use_grid = GetParam().use_grid;
        return o;
    }
};

} // namespace

TEST_P(both_modes, boundary_points_are_outside) {
    const ca::polygon_index index({cg::multi_polygon{cg::polygon{rect(0, 0, 2, 1), {}}}}, options());
    EXPECT_TRUE(index.contains(0, {1, 0.5}));
    EXPECT_EQ(index.first_containing({1, 0.5}), 0u);
    for (const cg::point p : {cg::point{0, 0.5}, cg::point{2, 0.5}, cg::point{1, 0}, cg::point{1, 1}, cg::point{0, 0},
                              cg::point{2, 1}, cg::point{2.5, 0.5}, cg::point{1, -1e-300}})
        EXPECT_EQ(index.first_containing(p), ca::polygon_index::npos) << p.x << "," << p.y;
}

TEST_P(both_modes, holes_are_outside_including_their_boundary) {
    const ca::polygon_index index({square_with_hole()}, options());
    EXPECT_TRUE(index.containing({1, 1}) == std::vector<std::size_t>{0});
    EXPECT_TRUE(index.containing({5, 5}).empty());    // in the hole
    EXPECT_TRUE(index.containing({3, 5}).empty());    // on the hole's edge
    EXPECT_TRUE(index.containing({7, 7}).empty());    // on the hole's corner
    EXPECT_FALSE(index.containing({2.999, 5}).empty());
    EXPECT_FALSE(index.containing({7.001, 5}).empty());
}

TEST_P(both_modes, multipart_polygons_count_each_point_once) {
    // polygon 0: two separate squares; polygon 1 overlaps the second square
    const cg::multi_polygon two{cg::polygon{rect(0, 0, 1, 1), {}}, cg::polygon{rect(5, 0, 6, 1), {}}};
    const cg::multi_polygon over{cg::polygon{rect(5.5, 0, 8, 1), {}}};
    const ca::polygon_index index({two, over}, options());
    const std::vector<cg::point> pts{{0.5, 0.5}, {5.2, 0.5}, {5.7, 0.5}, {7, 0.5}, {3, 0.5}};
    const auto counts = ca::count_points(index, pts, 1);
    EXPECT_EQ(counts.counts, (std::vector<std::uint64_t>{3, 2}));
    EXPECT_EQ(counts.unmatched, 1u);   // (3, 0.5)
    EXPECT_EQ(counts.in_several, 1u);  // (5.7, 0.5) is in both
    EXPECT_EQ(index.containing({5.7, 0.5}), (std::vector<std::size_t>{0, 1}));
    EXPECT_EQ(ca::locate(index, pts), (std::vector<std::size_t>{0, 0, 0, 1, ca::polygon_index::npos}));
}

TEST_P(both_modes, agrees_with_strictly_inside_on_random_points) {
    std::mt19937_64 rng(2024);
    std::vector<cg::multi_polygon> polys;
    for (int i = 0; i < 12; ++i) {
        cg::multi_polygon mp{lattice_star(rng, 30 * (i % 4), 30 * (i / 4), 40 + 7 * i, 4, 20)};
        if (i % 3 == 0) mp.push_back(lattice_star(rng, 30 * (i % 4) + 15, 30 * (i / 4) + 15, 9, 2, 5));  // a second part
        if (i % 4 == 1) mp[0].inners.push_back(rect(30 * (i % 4) - 2, 30 * (i / 4) - 2, 30 * (i % 4) + 2,
                                                    30 * (i / 4) + 2));  // a hole at the centre
        polys.push_back(mp);
    }
    const ca::polygon_index index(polys, options());
    std::uniform_real_distribution<double> u(-25, 115);
    std::uniform_int_distribution<int> lattice(-50, 230);  // half-integers: on edges and vertices
    std::vector<cg::point> pts;
    for (int k = 0; k < 40000; ++k) pts.push_back({u(rng), u(rng)});
    for (int k = 0; k < 40000; ++k) pts.push_back({lattice(rng) / 2.0, lattice(rng) / 2.0});
    std::vector<std::uint64_t> expected(polys.size(), 0);
    std::size_t boundary_cases = 0;
    for (const auto& p : pts) {
        for (std::size_t i = 0; i < polys.size(); ++i) {
            const bool want = cg::strictly_inside(p, polys[i]);
            expected[i] += want;
            ASSERT_EQ(index.contains(i, p), want) << "polygon " << i << " point " << p.x << "," << p.y;
        }
        std::vector<std::size_t> want_all;
        for (std::size_t i = 0; i < polys.size(); ++i)
            if (cg::strictly_inside(p, polys[i])) want_all.push_back(i);
        ASSERT_EQ(index.containing(p), want_all) << p.x << "," << p.y;
        for (const auto& mp : polys) boundary_cases += on_boundary(p, mp);
    }
    EXPECT_GT(boundary_cases, 100u);
    EXPECT_EQ(ca::count_points(index, pts, 1).counts, expected);
    EXPECT_EQ(ca::count_points(index, pts, 2).counts, expected);
}

INSTANTIATE_TEST_SUITE_P(point_in_polygon, both_modes,
                         ::testing::Values(index_mode{"grid", true}, index_mode{"rtree", false}),
                         [](const ::testing::TestParamInfo<index_mode>& p) { return std::string(p.param.name); });

TEST(point_in_polygon, grid_and_rtree_paths_agree_on_a_fine_grid) {
    std::mt19937_64 rng(11);
    std::vector<cg::multi_polygon> polys;
    for (int i = 0; i < 6; ++i) polys.push_back({lattice_star(rng, 25 * i, 0, 200, 5, 30)});
    ca::polygon_index_options fine;
    fine.cells_per_edge = 64;
    ca::polygon_index_options none;
    none.use_grid = false;
    const ca::polygon_index a(polys, fine), b(polys, none);
    EXPECT_GT(a.grid_columns() * a.grid_rows(), 1000u);
    EXPECT_EQ(b.grid_columns(), 0u);
    std::uniform_real_distribution<double> ux(-40, 170), uy(-40, 40);
    std::vector<cg::point> pts(200000);
    for (auto& p : pts) p = {ux(rng), uy(rng)};
    EXPECT_EQ(ca::locate(a, pts, 2), ca::locate(b, pts, 1));
}

TEST(point_in_polygon, empty_index_and_empty_polygons) {
    const ca::polygon_index none(std::vector<cg::multi_polygon>{});
    EXPECT_EQ(none.size(), 0u);
    EXPECT_EQ(none.first_containing({0, 0}), ca::polygon_index::npos);
    const ca::polygon_index some({cg::multi_polygon{}, cg::multi_polygon{cg::polygon{rect(0, 0, 1, 1), {}}}});
    EXPECT_EQ(some.first_containing({0.5, 0.5}), 1u);
    EXPECT_EQ(some.candidates(cg::box{0.2, 0.2, 0.3, 0.3}), std::vector<std::size_t>{1});
    // far away and undefined points fall in nothing (and do not overflow the grid lookup)
    const std::vector<cg::point> pts{{0.5, 0.5}, {1e300, -1e300}, {NAN, 0.5}, {0.5, INFINITY}};
    const auto c = ca::count_points(some, pts);
    EXPECT_EQ(c.counts, (std::vector<std::uint64_t>{0, 1}));
    EXPECT_EQ(c.unmatched, 3u);
}
