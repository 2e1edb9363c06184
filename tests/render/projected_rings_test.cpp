// Rings projected once per map: a copy of a ring seen before gets the projection of the
// first, and every ring gets what PROJ gives its vertices one by one.

#include "render/projected_rings.hpp"
#include "ring_circles.hpp"

#include <coopatlas/geometry/projection.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace coopatlas::render::detail {
namespace {

constexpr const char* wgs84 = "EPSG:4326";
constexpr const char* around_paris = "+proj=aeqd +lat_0=48.8566 +lon_0=2.3522 +datum=WGS84 +units=m +no_defs";

void expect_projected(const geometry::ring& got, const geometry::ring& source, const geometry::projection& p) {
    ASSERT_EQ(got.size(), source.size());
    for (std::size_t i = 0; i < source.size(); ++i) {
        const geometry::point want = p.forward(source[i]);
        EXPECT_EQ(got[i].x, want.x) << "vertex " << i;
        EXPECT_EQ(got[i].y, want.y) << "vertex " << i;
    }
}

TEST(projected_rings, a_copy_of_a_ring_gets_the_projection_already_made) {
    const geometry::projection p(wgs84, around_paris);
    projected_rings rings(p);
    const geometry::ring dakar = circle(-17.4, 14.7, 200);
    const geometry::ring& first = rings.forward(dakar);
    expect_projected(first, dakar, p);
    // Dakar lies about 4,200 km from Paris: the projected ring is that far from the centre
    EXPECT_NEAR(std::hypot(first.front().x, first.front().y) / 1000, 4200, 400);

    const geometry::ring copy = dakar;  // another vector, same coordinates
    EXPECT_EQ(&rings.forward(copy), &first);
}

TEST(projected_rings, a_ring_that_differs_by_one_vertex_is_projected_on_its_own) {
    const geometry::projection p(wgs84, around_paris);
    projected_rings rings(p);
    const geometry::ring a = circle(100, -5, 120);
    geometry::ring b = a;
    b[60].x += 1e-9;
    const geometry::ring& pa = rings.forward(a);
    const geometry::ring& pb = rings.forward(b);
    EXPECT_NE(&pa, &pb);
    expect_projected(pa, a, p);
    expect_projected(pb, b, p);
    EXPECT_NE(pa[60].x, pb[60].x);
}

TEST(projected_rings, lines_of_too_few_vertices_for_a_ring_are_projected_each_time) {
    const geometry::projection p(wgs84, around_paris);
    projected_rings rings(p);
    const geometry::ring small = circle(10, 45, projected_rings::least_kept - 2);  // 3 vertices
    expect_projected(rings.forward(small), small, p);
    const geometry::ring other = circle(-70, -30, 2);
    expect_projected(rings.forward(other), other, p);
}

TEST(projected_rings, an_island_of_four_vertices_is_kept_like_any_ring) {
    const geometry::projection p(wgs84, around_paris);
    projected_rings rings(p);
    const geometry::ring island = circle(-150, -17, 3);  // a triangle, closed
    ASSERT_EQ(island.size(), 4u);
    const geometry::ring& got = rings.forward(island);
    expect_projected(got, island, p);
    EXPECT_EQ(&rings.forward(geometry::ring(island)), &got);
}

TEST(projected_rings, rings_projected_all_at_once_are_those_projected_one_by_one) {
    const geometry::projection p(wgs84, around_paris);
    projected_rings rings(p);
    // enough vertices for several threads: 60 rings of 500 vertices around the world
    std::vector<geometry::ring> world;
    for (int i = 0; i < 60; ++i)
        world.push_back(circle(-170 + 5.5 * i, -60 + 2 * i, 500));
    std::vector<const geometry::ring*> all;
    for (const auto& r : world)
        all.push_back(&r);
    all.push_back(&world.front());  // the same ring twice is projected once
    rings.project_all(all);
    for (const auto& r : world) {
        const geometry::ring& got = rings.forward(r);
        expect_projected(got, r, p);
        EXPECT_EQ(&rings.forward(geometry::ring(r)), &got);  // kept: a copy finds it
    }
}

} // namespace
} // namespace coopatlas::render::detail
