// The single-frame flow map across the western Mediterranean (06_mediterranean_flows):
// every flow stays inside its frame, and its oblique Mercator keeps France and Morocco
// (with Western Sahara) little distorted, by PROJ's scale factors and by the closed form
// of the oblique Mercator on the sphere.

#include "svg_scan.hpp"
#include "test_support.hpp"

#include <coopatlas/geometry/projection.hpp>
#include <coopatlas/render/map_renderer.hpp>
#include <coopatlas/render/map_spec.hpp>

#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace coopatlas::test {
namespace {

using namespace coopatlas::render;

const map_spec& mediterranean() {
    static const map_spec s = [] {
        spec_options o;
        o.atlas = &embedded_atlas();
        o.manifest = data_dir() + "/atlas.yaml";
        return load_map_spec((std::filesystem::path(data_dir()) / "maps" / "06_mediterranean_flows.yaml").string(), o);
    }();
    return s;
}

// The points of an SVG path's data (`M x y`, `c dx1 dy1 dx2 dy2 dx dy`, `l`, `L`, `C`,
// `z`): end and control points, in absolute page units.
std::vector<geometry::point> path_points(const std::string& d) {
    std::vector<geometry::point> out;
    geometry::point at{}, start{};
    char command = 0;
    const char* p = d.c_str();
    auto number = [&p]() {
        while (*p == ' ' || *p == ',') ++p;
        char* end = nullptr;
        const double v = std::strtod(p, &end);
        p = end;
        return v;
    };
    while (*p) {
        while (*p == ' ') ++p;
        if (!*p) break;
        if (std::isalpha(static_cast<unsigned char>(*p))) command = *p++;
        const bool relative = std::islower(static_cast<unsigned char>(command));
        const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(command)));
        if (c == 'z') {
            at = start;
            continue;
        }
        const int pairs = c == 'c' ? 3 : 1;
        geometry::point last = at;
        for (int k = 0; k < pairs; ++k) {
            const double x = number(), y = number();
            last = relative ? geometry::point{at.x + x, at.y + y} : geometry::point{x, y};
            out.push_back(last);
        }
        at = last;
        if (c == 'm') {
            start = at;
            command = relative ? 'l' : 'L'; // further pairs are lines
        }
    }
    return out;
}

std::string attribute(const std::string& element, const std::string& name) {
    const std::string key = " " + name + "=\"";
    const auto at = element.find(key);
    if (at == std::string::npos) return {};
    const auto begin = at + key.size();
    return element.substr(begin, element.find('"', begin) - begin);
}

TEST(mediterranean_flows, path_reader_follows_relative_curves) {
    const auto pts = path_points("M10 20c1 2 3 4 5 6l1 1");
    ASSERT_EQ(pts.size(), 5u);
    EXPECT_DOUBLE_EQ(pts[3].x, 15);
    EXPECT_DOUBLE_EQ(pts[3].y, 26);
    EXPECT_DOUBLE_EQ(pts[4].x, 16);
    EXPECT_DOUBLE_EQ(pts[4].y, 27);
}

// A cubic Bézier lies within the convex hull of its four points: when they all lie in the
// frame, with half the line's width to spare, no flow touches the frame's edge. Returns
// the points that do not, over the flow paths of the SVG.
struct flow_check {
    std::size_t paths = 0;
    std::size_t outside = 0;
};

flow_check check_flows(const render::map& page) {
    const map_renderer r(page);
    flow_check c;
    if (r.report().frames.size() != 1) return c;
    const geometry::box frame = r.report().frames[0].page_box;
    const std::string svg = r.render(output_format::svg);
    for (const auto& element : svg_elements(svg_group(svg, "flows"), "path")) {
        ++c.paths;
        const double half = std::stod(attribute(element, "stroke-width")) / 2;
        const auto pts = path_points(attribute(element, "d"));
        EXPECT_EQ(pts.size(), 4u) << element; // one curve from end to end
        for (const auto& q : pts)
            if (q.x - half < frame.min_x || q.x + half > frame.max_x || q.y - half < frame.min_y ||
                q.y + half > frame.max_y)
                ++c.outside;
    }
    return c;
}

TEST(mediterranean_flows, every_flow_lies_inside_its_frame) {
    const flow_check c = check_flows(mediterranean().page);
    EXPECT_EQ(c.paths, 38u); // 40 partnerships, two with an unlocated party
    EXPECT_EQ(c.outside, 0u);
}

// The check itself: a frame cut off 1500 km south of the projection's centre (about 26° N
// on the coast) leaves Dakhla (23.7° N) and the end of its flow outside.
TEST(mediterranean_flows, a_frame_without_dakhla_fails_the_check) {
    render::map page = mediterranean().page;
    ASSERT_TRUE(page.frames.at(0).extent_in_crs);
    page.frames[0].extent.min_y = -1500000;
    const flow_check c = check_flows(page);
    EXPECT_EQ(c.paths, 38u);
    EXPECT_GE(c.outside, 1u);
}

// On the sphere, an oblique Mercator's scale at a distance d from its central line is
// k0 / cos(d / R) in every direction; d is the cross-track distance from the great circle
// through Paris and Agadir.
double spherical_oblique_mercator_scale(const geometry::point& lonlat, double k0) {
    constexpr double r = M_PI / 180;
    auto bearing = [&](const geometry::point& a, const geometry::point& b) {
        const double dl = (b.x - a.x) * r;
        return std::atan2(std::sin(dl) * std::cos(b.y * r),
                          std::cos(a.y * r) * std::sin(b.y * r) - std::sin(a.y * r) * std::cos(b.y * r) * std::cos(dl));
    };
    const geometry::point paris{2.3522, 48.8566}, agadir{-9.5981, 30.4278};
    const double d13 = std::acos(std::sin(paris.y * r) * std::sin(lonlat.y * r) +
                                 std::cos(paris.y * r) * std::cos(lonlat.y * r) * std::cos((lonlat.x - paris.x) * r));
    const double cross = std::asin(std::sin(d13) * std::sin(bearing(paris, lonlat) - bearing(paris, agadir)));
    return k0 / std::cos(cross);
}

struct place {
    const char* name;
    geometry::point lonlat;
};

// The ends of both countries and the two cities the central line runs through.
const place places[] = {
    {"Paris", {2.3522, 48.8566}},          {"Agadir", {-9.5981, 30.4278}},
    {"Bray-Dunes (north)", {2.545, 51.089}}, {"Pointe de Corsen (west)", {-4.795, 48.413}},
    {"Lauterbourg (east)", {8.231, 48.968}}, {"Cap Corse", {9.406, 43.009}},
    {"Bonifacio (south)", {9.159, 41.387}},  {"Menton", {7.530, 43.776}},
    {"Cap Spartel", {-5.924, 35.790}},       {"Saïdia", {-2.226, 35.090}},
    {"Figuig (east)", {-1.229, 32.110}},     {"Tarfaya", {-12.926, 27.938}},
    {"Lagouira (south)", {-17.095, 20.770}},
};

// Stated bounds: conformal (angles kept to 0.001°), linear scale within 0.9945 and 1.006
// (-0.55 % to +0.6 %; on the ellipsoid the central line's scale dips just under k0 away
// from the centre), areas within 0.989 and 1.012 (-1.1 % to +1.2 %) of their true size.
constexpr double k0 = 0.995;

TEST(mediterranean_flows, projection_keeps_both_countries_little_distorted) {
    const std::string crs = mediterranean().page.frames.at(0).crs;
    ASSERT_NE(crs.find("+proj=omerc"), std::string::npos) << crs;
    double largest = 0;
    for (const auto& p : places) {
        const geometry::scale_factors f = geometry::distortion_at(crs, p.lonlat);
        EXPECT_LT(f.angular_distortion, 1e-3) << p.name;
        EXPECT_GE(f.meridional, 0.9945) << p.name;
        EXPECT_LE(f.meridional, 1.006) << p.name;
        EXPECT_GE(f.areal, 0.989) << p.name;
        EXPECT_LE(f.areal, 1.012) << p.name;
        // the sphere's closed form, within the ellipsoid's flattening of a 0.6 % departure
        EXPECT_NEAR(f.meridional, spherical_oblique_mercator_scale(p.lonlat, k0), 2e-4) << p.name;
        largest = std::max(largest, f.areal);
    }
    // On the central line the scale is k0.
    EXPECT_NEAR(geometry::distortion_at(crs, places[0].lonlat).meridional, k0, 1e-5);
    EXPECT_NEAR(geometry::distortion_at(crs, places[1].lonlat).meridional, k0, 1e-5);
    // Corsica, the farthest from the line, comes close to the bound: it is not loose.
    EXPECT_GT(largest, 1.010);
}

// Every vertex of metropolitan France, Morocco and Western Sahara in the atlas (the
// named extents france and morocco leave out the overseas départements).
TEST(mediterranean_flows, bounds_hold_on_every_boundary_vertex) {
    const std::string crs = mediterranean().page.frames.at(0).crs;
    const geometry::box france{-5.3, 41.2, 9.7, 51.2}, morocco{-17.3, 20.6, -0.9, 36.0};
    std::size_t checked = 0;
    for (const auto& e : embedded_atlas().entities()) {
        if (!((e.level == "country" && (e.country == "FR" || e.country == "MA")) || e.level == "territory")) continue;
        const auto* mp = std::get_if<geometry::multi_polygon>(&e.geometry);
        if (!mp) continue;
        for (const auto& poly : *mp)
            for (std::size_t i = 0; i < poly.outer.size(); i += 5) {
                const geometry::point& q = poly.outer[i];
                const bool in = (e.country == "FR" ? france : morocco).contains(q);
                if (!in) continue;
                const geometry::scale_factors f = geometry::distortion_at(crs, q);
                EXPECT_LT(f.angular_distortion, 1e-3) << e.id << " " << q.x << " " << q.y;
                EXPECT_GE(f.areal, 0.989) << e.id << " " << q.x << " " << q.y;
                EXPECT_LE(f.areal, 1.012) << e.id << " " << q.x << " " << q.y;
                ++checked;
            }
    }
    EXPECT_GT(checked, 200u);
}

} // namespace
} // namespace coopatlas::test
