// The prepared form of a label's area (lib/render/prepared_area.hpp) against the plain
// segment-by-segment tests: box_inside_area, box_meets_area and geometry::strictly_inside,
// which scan every edge and are the independent reference here, on a country-like area of
// many holed parts with long rings; plus hand-made cases with answers worked out by hand.
#include <coopatlas/render/label_placement.hpp>

#include "render/prepared_area.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

namespace {

using coopatlas::geometry::box;
using coopatlas::geometry::multi_polygon;
using coopatlas::geometry::point;
using coopatlas::geometry::polygon;
using coopatlas::geometry::ring;
using coopatlas::render::detail::prepared_area;

constexpr double pi = 3.14159265358979323846;

// A wobbly closed ring of `n` vertices around `c`, radius between r·0.6 and r; every
// eighth vertex snapped to a whole number so that horizontal and vertical edges, shared
// heights and points exactly on edges occur.
ring wobbly_ring(std::mt19937& rng, point c, double r, std::size_t n, bool clockwise) {
    std::uniform_real_distribution<double> radius(0.6, 1.0);
    ring out;
    for (std::size_t i = 0; i < n; ++i) {
        const double a = (clockwise ? -1.0 : 1.0) * 2 * pi * static_cast<double>(i) / static_cast<double>(n);
        point p{c.x + r * radius(rng) * std::cos(a), c.y + r * radius(rng) * std::sin(a)};
        if (i % 8 == 0) p = {std::round(p.x), std::round(p.y)};
        out.push_back(p);
    }
    out.push_back(out.front());
    return out;
}

// 30 parts on a 6 × 5 grid, rings of 300 to 3,000 vertices (so many runs and blocks),
// one to three holes in most parts, a few rings left unclosed.
multi_polygon country_like(std::mt19937& rng) {
    multi_polygon mp;
    std::uniform_int_distribution<std::size_t> vertices(300, 3000);
    for (int row = 0; row < 5; ++row)
        for (int col = 0; col < 6; ++col) {
            const point c{100.0 + 150.0 * col, 80.0 + 150.0 * row};
            polygon poly;
            poly.outer = wobbly_ring(rng, c, 90, vertices(rng), false);
            const int holes = (row + col) % 4;
            for (int h = 0; h < holes; ++h) {
                const double a = 2 * pi * h / 3;
                poly.inners.push_back(
                    wobbly_ring(rng, {c.x + 30 * std::cos(a), c.y + 30 * std::sin(a)}, 14, vertices(rng) / 10, true));
            }
            if ((row * 6 + col) % 7 == 3) poly.outer.pop_back();  // unclosed
            mp.push_back(std::move(poly));
        }
    return mp;
}

// Points on, and a hair either side of, edges of the area: where rounding decides.
point near_an_edge(std::mt19937& rng, const multi_polygon& mp) {
    const auto& poly = mp[std::uniform_int_distribution<std::size_t>(0, mp.size() - 1)(rng)];
    const auto& r = poly.inners.empty() || rng() % 2 ? poly.outer : poly.inners[rng() % poly.inners.size()];
    const std::size_t i = std::uniform_int_distribution<std::size_t>(0, r.size() - 2)(rng);
    const double t = std::uniform_real_distribution<double>(0, 1)(rng);
    point p{r[i].x + t * (r[i + 1].x - r[i].x), r[i].y + t * (r[i + 1].y - r[i].y)};
    switch (rng() % 5) {
    case 0: return r[i];                                      // a vertex
    case 1: return {std::nextafter(p.x, 1e9), p.y};           // one ulp right
    case 2: return {p.x, std::nextafter(p.y, -1e9)};          // one ulp up
    case 3: return {p.x + 1e-12, p.y - 1e-12};
    default: return p;
    }
}

TEST(prepared_area, agrees_with_the_plain_tests_on_a_many_part_holed_area) {
    std::mt19937 rng(20261203);
    const multi_polygon area = country_like(rng);
    const prepared_area prepared(area);
    EXPECT_EQ(prepared.envelope().min_x, coopatlas::geometry::envelope(area).min_x);
    EXPECT_EQ(prepared.envelope().max_y, coopatlas::geometry::envelope(area).max_y);

    std::uniform_real_distribution<double> x(-20, 1000), y(-20, 800), size(0.01, 60), tol(0, 3);
    int inside = 0, meets = 0, contained = 0, on_edges = 0;
    for (int k = 0; k < 4000; ++k) {
        const point c = k % 3 == 0 ? near_an_edge(rng, area) : point{x(rng), y(rng)};
        const double w = size(rng), h = size(rng) / 2;
        const box b{c.x - w / 2, c.y - h / 2, c.x + w / 2, c.y + h / 2};
        const double t = tol(rng);
        const bool expected_inside = coopatlas::render::box_inside_area(b, area, t);
        const bool expected_meets = coopatlas::render::box_meets_area(b, area);
        const bool expected_contained = coopatlas::geometry::strictly_inside(c, area);
        ASSERT_EQ(prepared.box_inside(b, t), expected_inside) << "box " << k << " centred " << c.x << ", " << c.y;
        ASSERT_EQ(prepared.box_meets(b), expected_meets) << "box " << k << " centred " << c.x << ", " << c.y;
        ASSERT_EQ(prepared.strictly_inside(c), expected_contained) << "point " << k << ": " << c.x << ", " << c.y;
        inside += expected_inside;
        meets += expected_meets;
        contained += expected_contained;
        on_edges += k % 3 == 0;
    }
    // every kind of answer was exercised, not only the easy ones
    EXPECT_GT(inside, 300);
    EXPECT_GT(meets - inside, 300);
    EXPECT_GT(4000 - meets, 300);
    EXPECT_GT(contained, 300);
    EXPECT_EQ(on_edges, 1334);
}

TEST(prepared_area, candidates_are_the_grid_points_strictly_inside_nearest_first) {
    std::mt19937 rng(7);
    const multi_polygon area = country_like(rng);
    const prepared_area prepared(area);
    const point anchor{333, 222};
    const double step = 7.5;
    const auto got = prepared.candidates(anchor, step, 1'000'000);
    EXPECT_EQ(got, coopatlas::render::area_candidates(area, anchor, step, 1'000'000));
    // the grid of the documentation: cell centres over the envelope, step 7.5
    const box env = coopatlas::geometry::envelope(area);
    const auto nx = static_cast<std::size_t>(std::floor((env.max_x - env.min_x) / step));
    const auto ny = static_cast<std::size_t>(std::floor((env.max_y - env.min_y) / step));
    const double x0 = (env.min_x + env.max_x) / 2 - (static_cast<double>(nx) - 1) * step / 2;
    const double y0 = (env.min_y + env.max_y) / 2 - (static_cast<double>(ny) - 1) * step / 2;
    std::size_t expected = 0;
    for (std::size_t j = 0; j < ny; ++j)
        for (std::size_t i = 0; i < nx; ++i)
            expected += coopatlas::geometry::strictly_inside(
                point{x0 + static_cast<double>(i) * step, y0 + static_cast<double>(j) * step}, area);
    ASSERT_GT(expected, 1000u);
    ASSERT_EQ(got.size(), expected);
    double last = 0;
    for (const auto& p : got) {
        EXPECT_TRUE(coopatlas::geometry::strictly_inside(p, area));
        const double d2 = (p.x - anchor.x) * (p.x - anchor.x) + (p.y - anchor.y) * (p.y - anchor.y);
        EXPECT_GE(d2, last);
        last = d2;
    }
    EXPECT_EQ(prepared.candidates(anchor, step, 5).size(), 5u);
}

// A square 0..100 with a square hole 40..60, drawn as 2,000 vertices (500 a side) so that
// its sides span many runs, and a second part, the square 200..210.
multi_polygon holed_square() {
    ring outer;
    for (int i = 0; i < 500; ++i) outer.push_back({i * 0.2, 0});
    for (int i = 0; i < 500; ++i) outer.push_back({100, i * 0.2});
    for (int i = 0; i < 500; ++i) outer.push_back({100 - i * 0.2, 100});
    for (int i = 0; i < 500; ++i) outer.push_back({0, 100 - i * 0.2});
    outer.push_back({0, 0});
    const ring hole{{40, 40}, {40, 60}, {60, 60}, {60, 40}, {40, 40}};
    const ring far{{200, 200}, {210, 200}, {210, 210}, {200, 210}, {200, 200}};
    return {polygon{outer, {hole}}, polygon{far, {}}};
}

TEST(prepared_area, hand_made_cases_of_a_holed_square_and_a_second_part) {
    const multi_polygon area = holed_square();
    const prepared_area a(area);
    EXPECT_TRUE(a.strictly_inside({10, 10}));
    EXPECT_TRUE(a.strictly_inside({99.9, 50}));    // near the right side, right of the whole hole
    EXPECT_TRUE(a.strictly_inside({0.1, 50}));     // left of everything but the left side
    EXPECT_FALSE(a.strictly_inside({50, 50}));     // in the hole
    EXPECT_FALSE(a.strictly_inside({40, 50}));     // on the hole's edge
    EXPECT_FALSE(a.strictly_inside({100, 37.3}));  // on the outer edge, between vertices
    EXPECT_FALSE(a.strictly_inside({0, 0}));       // a corner
    EXPECT_FALSE(a.strictly_inside({150, 50}));    // between the parts
    EXPECT_FALSE(a.strictly_inside({-5, 50}));     // left of everything
    EXPECT_TRUE(a.strictly_inside({205, 205}));    // the second part

    EXPECT_TRUE(a.box_inside({10, 10, 30, 20}, 0));
    EXPECT_FALSE(a.box_inside({30, 45, 50, 55}, 0));  // over the hole's edge
    EXPECT_TRUE(a.box_inside({30, 45, 41, 55}, 1.5)); // shrunk by 1.5, it stops before the hole
    EXPECT_FALSE(a.box_inside({30, 45, 41, 55}, 0.5));
    EXPECT_FALSE(a.box_inside({20, 20, 80, 80}, 0));  // the hole inside the box
    EXPECT_FALSE(a.box_inside({95, 10, 105, 20}, 0)); // over the right side
    EXPECT_TRUE(a.box_inside({201, 201, 209, 209}, 0));

    EXPECT_TRUE(a.box_meets({95, 10, 105, 20}));
    EXPECT_TRUE(a.box_meets({10, 10, 20, 20}));    // wholly inside
    EXPECT_FALSE(a.box_meets({45, 45, 55, 55}));  // wholly in the hole
    EXPECT_FALSE(a.box_meets({120, 20, 180, 90})); // between the parts
    EXPECT_TRUE(a.box_meets({205, 190, 206, 200})); // touches the second part's edge
    EXPECT_FALSE(a.box_meets({}));

    // the plain tests say the same
    EXPECT_FALSE(coopatlas::render::box_meets_area({45, 45, 55, 55}, area));
    EXPECT_TRUE(coopatlas::render::box_inside_area({30, 45, 41, 55}, area, 1.5));
    EXPECT_FALSE(coopatlas::geometry::strictly_inside(point{100, 37.3}, area));
}

// Liang–Barsky on the edge from (-1e17, 0) to (1, 0) and the box 2..3 × -1..1: the
// parameter where the edge enters the box, (2 + 1e17) / (1 + 1e17), rounds to exactly 1,
// so the plain test finds the edge touching the box it misses by 1. The prepared form
// must not skip that edge on the strength of its envelope (which ends at x = 1).
TEST(prepared_area, keeps_the_rounding_of_the_plain_segment_test) {
    const ring wide{{-1e17, 0}, {1, 0}, {1, 10}, {-1e17, 10}, {-1e17, 0}};
    const ring around_the_box{{1.5, -2}, {3.5, -2}, {3.5, 2}, {1.5, 2}, {1.5, -2}};
    const multi_polygon area{polygon{wide, {}}, polygon{around_the_box, {}}};
    const box b{2, -1, 3, 1};
    ASSERT_TRUE(coopatlas::geometry::strictly_inside(b.center(), area));
    ASSERT_FALSE(coopatlas::render::box_inside_area(b, area, 0));  // the rounded edge "meets" it
    EXPECT_FALSE(prepared_area(area).box_inside(b, 0));
}

TEST(prepared_area, an_empty_area_holds_nothing) {
    const multi_polygon none;
    const prepared_area a(none);
    EXPECT_TRUE(a.envelope().empty());
    EXPECT_FALSE(a.strictly_inside({0, 0}));
    EXPECT_FALSE(a.box_meets({0, 0, 1, 1}));
    EXPECT_FALSE(a.box_inside({0, 0, 1, 1}, 0));
    EXPECT_TRUE(a.candidates({0, 0}, 1, 10).empty());
}

} // namespace
