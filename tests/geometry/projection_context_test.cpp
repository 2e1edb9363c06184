// Projections made on one shared PROJ context transform as those with a context of their
// own, checked against the closed form of the spherical Mercator projection.

#include <coopatlas/error.hpp>
#include <coopatlas/geometry/projection.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <thread>

namespace cg = coopatlas::geometry;

namespace {
constexpr double radius = 6371000;
const std::string mercator = "+proj=merc +R=6371000 +units=m +no_defs";
const std::string lonlat = "+proj=longlat +R=6371000 +no_defs";

// x = R λ, y = R ln tan(π/4 + φ/2)
cg::point mercator_of(double lon, double lat) {
    const double rad = M_PI / 180;
    return {radius * lon * rad, radius * std::log(std::tan(M_PI / 4 + lat * rad / 2))};
}
} // namespace

TEST(projection_context, projections_sharing_it_follow_the_closed_form) {
    const cg::projection_context shared;
    const cg::projection forward(lonlat, mercator, shared);
    const cg::projection back(mercator, lonlat, shared);
    for (const cg::point ll : {cg::point{0, 0}, cg::point{10, 30}, cg::point{-120, -60}, cg::point{179, 75}}) {
        const cg::point q = forward.forward(ll);
        const cg::point expected = mercator_of(ll.x, ll.y);
        EXPECT_NEAR(q.x, expected.x, 1e-6) << ll.x << ' ' << ll.y;
        EXPECT_NEAR(q.y, expected.y, 1e-6) << ll.x << ' ' << ll.y;
        const cg::point r = back.forward(q);
        EXPECT_NEAR(r.x, ll.x, 1e-9);
        EXPECT_NEAR(r.y, ll.y, 1e-9);
    }
}

TEST(projection_context, outlives_the_handle_it_was_made_with) {
    // The projection keeps the context alive after every projection_context copy is gone.
    auto p = [] {
        const cg::projection_context shared;
        return cg::projection(lonlat, mercator, shared);
    }();
    const cg::point q = p.forward(cg::point{45, 45});
    const cg::point expected = mercator_of(45, 45);
    EXPECT_NEAR(q.x, expected.x, 1e-6);
    EXPECT_NEAR(q.y, expected.y, 1e-6);
}

TEST(projection_context, an_unknown_crs_is_reported_on_a_shared_context_too) {
    const cg::projection_context shared;
    EXPECT_THROW(cg::projection("EPSG:4326", "EPSG:999999", shared), coopatlas::error);
    // the context still serves after the failure
    const cg::projection p(lonlat, mercator, shared);
    EXPECT_NEAR(p.forward(cg::point{0, 0}).x, 0, 1e-9);
}

TEST(projection_context, projections_made_while_another_thread_prepares_proj_follow_the_closed_form) {
    std::thread preparing([] { cg::prepare_projections(); });
    std::thread again([] { cg::prepare_projections(); });
    const cg::projection forward(lonlat, mercator);
    preparing.join();
    again.join();
    cg::prepare_projections();  // once more, after: nothing changes
    const cg::point q = forward.forward({10, 30});
    EXPECT_NEAR(q.x, mercator_of(10, 30).x, 1e-6);
    EXPECT_NEAR(q.y, mercator_of(10, 30).y, 1e-6);
    EXPECT_NEAR(cg::projection(lonlat, mercator).forward({-120, -60}).y, mercator_of(-120, -60).y, 1e-6);
}
