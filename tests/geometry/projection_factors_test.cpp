// geometry::distortion_at against closed forms of PROJ-independent cartography:
// Mercator's secant law, the equal-area property, and conformality.

#include <coopatlas/error.hpp>
#include <coopatlas/geometry/projection.hpp>

#include <gtest/gtest.h>

#include <cmath>

namespace cg = coopatlas::geometry;

// Mercator on a sphere: scale sec φ in every direction, area sec² φ, no angular
// distortion; north is grid north.
TEST(distortion_at, spherical_mercator_follows_the_secant_law) {
    for (const double lat : {0.0, 30.0, 60.0}) {
        const cg::scale_factors f = cg::distortion_at("+proj=merc +R=6371000 +units=m +no_defs", {10, lat});
        const double sec = 1 / std::cos(lat * M_PI / 180);
        EXPECT_NEAR(f.meridional, sec, 1e-9) << lat;
        EXPECT_NEAR(f.parallel, sec, 1e-9) << lat;
        EXPECT_NEAR(f.areal, sec * sec, 1e-9) << lat;
        EXPECT_NEAR(f.angular_distortion, 0, 1e-4) << lat; // PROJ differentiates numerically
        EXPECT_NEAR(f.meridian_convergence, 0, 1e-9) << lat;
    }
}

// Lambert azimuthal equal-area: areas true everywhere, angles not, and more so with
// distance from the centre (on the sphere, at angular distance c the radial scale is
// cos(c/2) and the tangential one its inverse, so sin(ω/2) = (k - h)/(k + h) =
// sin²(c/2) / (1 + cos²(c/2))).
TEST(distortion_at, lambert_azimuthal_is_equal_area_but_not_conformal) {
    const std::string laea = "+proj=laea +lat_0=0 +lon_0=0 +R=6371000 +units=m +no_defs";
    for (const double lon : {10.0, 40.0, 80.0}) {
        const cg::scale_factors f = cg::distortion_at(laea, {lon, 0});
        EXPECT_NEAR(f.areal, 1, 1e-9) << lon;
        const double half = lon / 2 * M_PI / 180;
        const double s2 = std::sin(half) * std::sin(half), c2 = std::cos(half) * std::cos(half);
        EXPECT_NEAR(f.angular_distortion, 2 * std::asin(s2 / (1 + c2)) * 180 / M_PI, 1e-6) << lon;
    }
}

TEST(distortion_at, refuses_what_is_not_a_projection) {
    EXPECT_THROW(cg::distortion_at("EPSG:4326", {0, 0}), coopatlas::error);
    EXPECT_THROW(cg::distortion_at("+proj=nonsense", {0, 0}), coopatlas::error);
}
