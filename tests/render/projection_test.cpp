// Scale bars and north arrows against independent computations: the ground length of
// the bar, measured again along the page at the frame centre through PROJ and the
// geodesic, and the direction of north in Lambert conformal conic frames, which is the
// meridian convergence n·(λ − λ0) of Snyder (1987, eq. 15-1 to 15-9).

#include <coopatlas/geometry/geodesic.hpp>
#include <coopatlas/geometry/projection.hpp>
#include <coopatlas/render/map_renderer.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <ostream>
#include <string>

namespace {

using namespace coopatlas;
using namespace coopatlas::render;

map one_frame(const std::string& crs, const geometry::box& lonlat) {
    map m;
    m.width = 800;
    m.height = 600;
    m.legend.position = legend_position::none;
    frame f;
    f.id = "f";
    f.crs = crs_preset(crs);
    f.extent = lonlat;
    layer l;
    l.id = "dot";
    l.style = point_style{};
    l.features.push_back({"c", {}, lonlat.center(), 1, false, false});
    f.layers.push_back(l);
    m.frames.push_back(f);
    return m;
}

bool is_round(double metres) {
    const double p = std::pow(10.0, std::floor(std::log10(metres)));
    const double m = metres / p;
    return std::abs(m - 1) < 1e-9 || std::abs(m - 2) < 1e-9 || std::abs(m - 5) < 1e-9;
}

struct scale_case {
    const char* crs;
    geometry::box extent;
};

// "france [-5.3, 41.2, 9.7, 51.2]" in test listings and failure messages.
void PrintTo(const scale_case& c, std::ostream* os) {
    *os << c.crs << " [" << c.extent.min_x << ", " << c.extent.min_y << ", " << c.extent.max_x << ", "
        << c.extent.max_y << "]";
}

class scale_bar : public ::testing::TestWithParam<scale_case> {};

TEST_P(scale_bar, length_matches_the_geodesic_distance_at_the_frame_centre) {
    const auto& c = GetParam();
    const map m = one_frame(c.crs, c.extent);
    const map_renderer r(m);
    ASSERT_EQ(r.report().frames.size(), 1u);
    const frame_report& fr = r.report().frames[0];
    ASSERT_TRUE(fr.scale_bar.shown);
    EXPECT_TRUE(is_round(fr.scale_bar.length_m)) << fr.scale_bar.length_m;
    const double frame_w = fr.page_box.max_x - fr.page_box.min_x;
    EXPECT_GT(fr.scale_bar.length_page, 0.09 * frame_w);
    EXPECT_LE(fr.scale_bar.length_page, 0.25 * frame_w + 1e-9);

    // Lay the bar along page x through the frame centre and measure it on the ground.
    const double k = frame_w / (fr.extent.max_x - fr.extent.min_x); // page units per CRS unit
    const geometry::point centre = fr.page_box.center();
    auto to_crs = [&](double px, double py) {
        return geometry::point{fr.extent.min_x + (px - fr.page_box.min_x) / k,
                               fr.extent.max_y - (py - fr.page_box.min_y) / k};
    };
    const double half = fr.scale_bar.length_page / 2;
    geometry::point a = to_crs(centre.x - half, centre.y), b = to_crs(centre.x + half, centre.y);
    if (fr.crs != "EPSG:4326") {
        const geometry::projection p("EPSG:4326", fr.crs);
        a = p.inverse(a);
        b = p.inverse(b);
    }
    const double ground = geometry::geodesic_distance(a, b);
    EXPECT_NEAR(ground / fr.scale_bar.length_m, 1.0, 0.01)
        << c.crs << ": bar says " << fr.scale_bar.length_m << " m, ground " << ground << " m";
}

INSTANTIATE_TEST_SUITE_P(frames, scale_bar,
                         ::testing::Values(scale_case{"france", {-5.3, 41.2, 9.7, 51.2}},    // Lambert-93
                                           scale_case{"morocco", {-17.3, 20.6, -0.9, 36.0}}, // conformal conic
                                           scale_case{"euromed", {-18, 19, 22, 56}},         // Albers equal-area
                                           scale_case{"laea-study", {-10, 28, 8, 50}},       // azimuthal equal-area
                                           scale_case{"EPSG:3857",
                                                      {-20, 50, 30, 70}}, // Mercator, scale ×2 across the frame
                                           scale_case{"EPSG:4326", {-6, 30, 4, 38}}), // plate carrée
                         [](const auto& param_info) {
                             std::string n = param_info.param.crs;
                             for (auto& ch : n)
                                 if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                             return n;
                         });

// Cone constant of a Lambert conformal conic with two standard parallels on an
// ellipsoid of eccentricity e (Snyder 1987, eq. 14-15, 15-9, 15-8).
double cone_constant(double phi1_deg, double phi2_deg, double e) {
    auto m = [&](double phi) { return std::cos(phi) / std::sqrt(1 - e * e * std::sin(phi) * std::sin(phi)); };
    auto t = [&](double phi) {
        return std::tan(M_PI / 4 - phi / 2) / std::pow((1 - e * std::sin(phi)) / (1 + e * std::sin(phi)), e / 2);
    };
    const double p1 = phi1_deg * M_PI / 180, p2 = phi2_deg * M_PI / 180;
    return (std::log(m(p1)) - std::log(m(p2))) / (std::log(t(p1)) - std::log(t(p2)));
}

TEST(north_arrow, follows_the_meridian_convergence_of_lambert_93) {
    // GRS 80: e² = 0.00669438002290; standard parallels 44° and 49° N, central meridian 3° E.
    const double n = cone_constant(44, 49, std::sqrt(0.00669438002290));
    EXPECT_NEAR(n, 0.7256, 1e-4);
    for (double lon : {-2.0, 3.0, 8.0}) {
        const map m = one_frame("france", {lon - 1, 45, lon + 1, 47});
        const map_renderer r(m);
        const auto& fr = r.report().frames[0];
        const double lambda = fr.scale_bar.centre_lonlat.x;
        // East of the central meridian true north leans west (counter-clockwise on the page).
        EXPECT_NEAR(fr.north_angle_deg, -n * (lambda - 3.0), 0.01) << "frame centred at " << lambda;
        EXPECT_FALSE(fr.north_arrow.empty());
    }
}

TEST(north_arrow, follows_the_meridian_convergence_of_the_morocco_conic) {
    // WGS 84: e² = 0.00669437999014; preset parallels 24° and 34° N, central meridian 9° W.
    const double n = cone_constant(24, 34, std::sqrt(0.00669437999014));
    const map m = one_frame("morocco", {-3, 33, -1, 35});
    const map_renderer r(m);
    const auto& fr = r.report().frames[0];
    EXPECT_NEAR(fr.north_angle_deg, -n * (fr.scale_bar.centre_lonlat.x + 9.0), 0.01);
    EXPECT_LT(fr.north_angle_deg, -3.0); // about 7° east of the central meridian, n ≈ 0.49
}

TEST(north_arrow, points_up_in_plate_carree) {
    const map m = one_frame("EPSG:4326", {10, 10, 20, 20});
    const map_renderer r(m);
    EXPECT_NEAR(r.report().frames[0].north_angle_deg, 0.0, 1e-6);
}

} // namespace
