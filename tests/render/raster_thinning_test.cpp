// A map laid out for raster images smaller than its page (layout_options::raster_scale, as a
// book's page images draw their maps) keeps fewer outline vertices: none closer than a third
// of a device pixel. Its labels stand where the full-detail map puts them, and its images at
// that scale are the full-detail map's within the visual tests' tolerance.

#include "test_support.hpp"

#include <coopatlas/render/image.hpp>
#include <coopatlas/render/map_renderer.hpp>
#include <coopatlas/render/map_spec.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <sstream>
#include <string>
#include <vector>

namespace {

using namespace coopatlas;
using namespace coopatlas::render;

// A circle of `radius` degrees around (2, 1.5) with `n` vertices, closed.
std::string circle_wkt(int n, double radius = 1) {
    std::ostringstream s;
    s.precision(10);
    s << "POLYGON((";
    for (int i = 0; i <= n; ++i) {
        const double a = 2 * std::numbers::pi * (i % n) / n;
        s << (i ? ", " : "") << 2 + radius * std::cos(a) << ' ' << 1.5 + radius * std::sin(a);
    }
    s << "))";
    return s.str();
}

std::string circle_map(int n, double radius = 1) {
    return "title: Thinning\nsize: [400, 300]\nprojection: lonlat\nextent: [0, 0, 4, 3]\nlayers:\n"
           "  - {kind: polygons, fill: '#d0c0a0', outline: '#202020', outline_width: 0.8,\n"
           "     features: [{id: disc, wkt: '" +
           circle_wkt(n, radius) +
           "'}]}\n"
           "  - {kind: labels, size: 9, features: [{id: disc, wkt: '" +
           circle_wkt(n, radius) + "', label: Disque}]}\n";
}

struct point {
    double x, y;
};

// The vertices of the longest path of an SVG ("M x y l dx dy dx dy … z"): the outline.
std::vector<point> longest_path(const std::string& svg) {
    std::vector<point> best;
    for (std::size_t at = svg.find("<path d=\"M"); at != std::string::npos; at = svg.find("<path d=\"M", at + 1)) {
        const std::size_t begin = at + 10, end = svg.find('"', begin);
        std::string d = svg.substr(begin, end - begin);
        for (char& c : d)
            if (c == 'l' || c == 'z' || c == 'M') c = ' ';
        std::istringstream in(d);
        std::vector<point> pts;
        double x = 0, y = 0;
        for (point p{}; in >> p.x >> p.y;) {
            if (!pts.empty()) p = {x + p.x, y + p.y}; // relative after the first
            x = p.x;
            y = p.y;
            pts.push_back(p);
        }
        if (pts.size() > best.size()) best = std::move(pts);
    }
    return best;
}

double smallest_step(const std::vector<point>& pts) {
    double least = INFINITY;
    for (std::size_t i = 1; i + 1 < pts.size(); ++i) // the last vertex closes the ring wherever it falls
        least = std::min(least, std::hypot(pts[i].x - pts[i - 1].x, pts[i].y - pts[i - 1].y));
    return least;
}

// The frame's page units per degree, so that the circle's vertices are about half a unit apart.
double units_per_degree() {
    const map_spec probe = parse_map_spec(circle_map(16), ".", "probe");
    const map_renderer renderer(probe.page); // owns the report read below
    const auto& f = renderer.report().frames.at(0);
    return (f.page_box.max_x - f.page_box.min_x) / (f.extent.max_x - f.extent.min_x);
}

TEST(raster_thinning, a_map_for_half_size_images_keeps_a_vertex_in_two_of_an_outline_half_a_unit_apart) {
    // vertices half a page unit apart: all kept at the page's third of a unit (0.35), one in
    // two at a third of a pixel of an image at half the size (0.7 page units)
    const double per_degree = units_per_degree();
    const int n = static_cast<int>(std::lround(2 * std::numbers::pi * per_degree / 0.5));
    const double spacing = 2 * std::numbers::pi * per_degree / n;
    ASSERT_GT(spacing, 0.4);
    ASSERT_LT(spacing, 0.6);
    const map_spec s = parse_map_spec(circle_map(n), ".", "circle");

    const auto full = longest_path(map_renderer(s.page).render(output_format::svg));
    const auto half = longest_path(map_renderer(s.page, {0.5}).render(output_format::svg));
    EXPECT_NEAR(static_cast<double>(full.size()), n + 1, 2);
    EXPECT_NEAR(static_cast<double>(half.size()), n / 2.0 + 1, 2);
    EXPECT_GE(smallest_step(full), 0.35 - 0.02); // hundredths in the SVG
    EXPECT_GE(smallest_step(half), 0.7 - 0.02);
}

TEST(raster_thinning, images_at_page_size_or_larger_and_vector_outputs_keep_the_page_s_detail) {
    const map_spec s = parse_map_spec(circle_map(2000), ".", "circle");
    const std::string svg = map_renderer(s.page).render(output_format::svg);
    for (double scale : {0.0, 1.0, 2.5, -1.0, std::nan("")})
        EXPECT_EQ(map_renderer(s.page, {scale}).render(output_format::svg), svg) << "raster_scale " << scale;
}

TEST(raster_thinning, labels_stand_where_the_full_detail_map_puts_them) {
    // a label that only just fits its unit: placed against the unit's full outline, it
    // would be shrunk, moved or dropped against one thinned for a thumbnail
    const map_spec s = parse_map_spec(circle_map(400, 0.2), ".", "small disc");
    const auto full = map_renderer(s.page).report().labels;
    for (double scale : {0.5, 0.02}) {
        const auto thin = map_renderer(s.page, {scale}).report().labels;
        ASSERT_EQ(full.size(), 1u);
        ASSERT_EQ(thin.size(), full.size()) << "raster_scale " << scale;
        EXPECT_EQ(thin[0].text, full[0].text);
        EXPECT_DOUBLE_EQ(thin[0].size, full[0].size);
        EXPECT_DOUBLE_EQ(thin[0].bounds.min_x, full[0].bounds.min_x);
        EXPECT_DOUBLE_EQ(thin[0].bounds.min_y, full[0].bounds.min_y);
    }
}

TEST(raster_thinning, the_image_at_that_scale_is_the_full_detail_map_s_within_the_visual_tolerance) {
    const map_spec s = parse_map_spec(circle_map(2000), ".", "circle");
    for (double scale : {0.5, 0.3}) {
        const image full = decode_png(map_renderer(s.page).render(output_format::png, {scale}));
        const image thin = decode_png(map_renderer(s.page, {scale}).render(output_format::png, {scale}));
        const image_difference d = compare_images(thin, full, 8); // the visual tests' tolerance
        ASSERT_TRUE(d.same_size);
        EXPECT_EQ(d.differing, 0u) << "scale " << scale << ": largest channel difference " << d.max_channel_delta;
        if (d.differing) {
            char name[64];
            std::snprintf(name, sizeof name, "/raster_thinning_%g_diff.png", scale);
            std::filesystem::create_directories(COOPATLAS_TEST_OUTPUT);
            std::ofstream(std::string(COOPATLAS_TEST_OUTPUT) + name, std::ios::binary) << encode_png(d.diff);
        }
    }
}

} // namespace
