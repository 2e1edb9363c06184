// Reference-image tests in the manner of Mapnik's visual tests, but tolerant: small map
// specs with inline data, rendered to PNG at scale 1 and 2, compared with
// tests/render/reference/<name>-<w>-<h>-<scale>-png-reference.png channel by channel
// (tolerance) with a budget of differing pixels, so that antialiasing and font
// rasterisation differences between machines do not fail the suite.
//
// On failure actual.png, diff.png (differences in red) and report.html are written to
// <build>/tests/output/visual/<name>-<scale>/. COOPATLAS_OVERWRITE_REFERENCES=1
// regenerates the references instead of comparing (review them before committing).

#include "test_support.hpp"

#include <coopatlas/render/image.hpp>
#include <coopatlas/render/map_renderer.hpp>
#include <coopatlas/render/map_spec.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;
using namespace coopatlas::render;

struct visual_case {
    const char* name;
    const char* spec;
};

// Small pages (200 × 150) keep the references light. Data is inline (WKT, points,
// from/to pairs) so that nothing depends on the embedded atlas.
const visual_case cases[] = {
    {"choropleth", R"yaml(
size: [200, 150]
margin: 4
legend: none
credits: none
projection: lonlat
extent: [0, 0, 4, 3]
scale_bar: false
north_arrow: false
layers:
  - kind: polygons
    breaks: [0, 1, 2, 3, 4]
    palette: YlGnBu
    outline: "#333333"
    features:
      - {wkt: "POLYGON((0 0, 2 0, 2 1.5, 0 1.5, 0 0))", value: 0.5}
      - {wkt: "POLYGON((2 0, 4 0, 4 1.5, 2 1.5, 2 0))", value: 1.5}
      - {wkt: "POLYGON((0 1.5, 2 1.5, 2 3, 0 3, 0 1.5),(0.5 2, 1.5 2, 1.5 2.5, 0.5 2.5, 0.5 2))", value: 3.5}
      - {wkt: "POLYGON((2 1.5, 4 1.5, 4 3, 2 3, 2 1.5))"}
)yaml"},
    {"lines", R"yaml(
size: [200, 150]
margin: 4
legend: none
credits: none
projection: lonlat
extent: [0, 0, 4, 3]
scale_bar: false
north_arrow: false
sea: "#ffffff"
layers:
  - kind: lines
    stroke: "#3b3b3b"
    width: 2
    features:
      - {wkt: "LINESTRING(0.2 0.5, 3.8 0.5)"}
      - {wkt: "LINESTRING(0.2 1.5, 2 2.5, 3.8 1.5)", disputed: true}
      - {wkt: "MULTILINESTRING((0.5 2.8, 1 2.2),(3 2.8, 3.5 2.2))"}
)yaml"},
    {"circles", R"yaml(
size: [200, 150]
margin: 4
legend: none
credits: none
projection: lonlat
extent: [0, 0, 4, 3]
scale_bar: false
north_arrow: false
layers:
  - kind: circles
    max_radius: 30
    fill: "#e6550db3"
    outline: "#ffffff"
    features:
      - {point: [1.5, 1.5], value: 100}
      - {point: [2.2, 1.5], value: 25}
      - {point: [3.2, 2.2], value: 4}
      - {point: [0.6, 0.6], value: 1}
)yaml"},
    {"flows", R"yaml(
size: [200, 150]
margin: 4
legend: none
credits: none
projection: lonlat
extent: [0, 0, 4, 3]
scale_bar: false
north_arrow: false
sea: "#ffffff"
layers:
  - kind: flows
    stroke: "#2171b5"
    opacity: 0.8
    min_width: 1
    max_width: 6
    curvature: 0.2
    arrows: true
    features:
      - {from: [0.3, 1.3], to: [3.7, 1.3], value: 4, directed: true}
      - {from: [3.7, 1.3], to: [0.3, 1.3], value: 1, directed: true}
      - {from: [0.3, 2.3], to: [3.7, 2.3], value: 2}
      - {from: [1.0, 0.3], to: [3.0, 0.6], value: 1, directed: true}
)yaml"},
    {"points-labels", R"yaml(
size: [200, 150]
margin: 4
legend: none
credits: none
projection: lonlat
extent: [0, 0, 4, 3]
scale_bar: false
north_arrow: false
layers:
  - kind: points
    shape: square
    size: 6
    fill: "#d7301f"
    features:
      - {id: a, point: [1, 1]}
      - {id: b, point: [3, 2]}
      - {id: c, point: [2, 2.5]}
  - kind: labels
    size: 10
    features:
      - {id: a, point: [1, 1], label: "Alpha", value: 3}
      - {id: b, point: [3, 2], label: "Beta", value: 2}
      - {id: c, point: [2, 2.5], label: "Gamma", value: 1}
)yaml"},
    {"graticule-legend", R"yaml(
size: [200, 150]
margin: 4
credits: none
legend: inside-bottom-right
projection: "+proj=laea +lat_0=45 +lon_0=0 +datum=WGS84 +units=m"
extent: [-20, 30, 20, 60]
graticule: 10
scale_bar: false
north_arrow: false
font_scale: 0.9
layers:
  - kind: background
    land: "#f2efe9"
    features:
      - {wkt: "POLYGON((-10 35, 10 35, 10 55, -10 55, -10 35))"}
  - kind: points
    title: "Site"
    size: 5
    features:
      - {point: [0, 45]}
)yaml"},
};

std::string scale_name(double s) {
    std::ostringstream o;
    o.setf(std::ios::fixed);
    o.precision(1);
    o << s;
    return o.str();
}

fs::path reference_dir() {
    return fs::path(__FILE__).parent_path() / "reference";
}

void write_file(const fs::path& p, const std::string& bytes) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << bytes;
}

// Names the case in test listings instead of printing its bytes.
void PrintTo(const visual_case& c, std::ostream* os) {
    *os << c.name;
}

class visual : public ::testing::TestWithParam<std::tuple<visual_case, double>> {};

TEST_P(visual, matches_reference_within_tolerance) {
    const auto& [c, scale] = GetParam();
    const map_spec spec = parse_map_spec(c.spec, ".", c.name);
    const map_renderer renderer(spec.page);
    const std::string png = renderer.render(output_format::png, {scale});
    const image actual = decode_png(png);
    ASSERT_EQ(actual.width, static_cast<int>(200 * scale));
    ASSERT_EQ(actual.height, static_cast<int>(150 * scale));

    const std::string file = std::string(c.name) + "-200-150-" + scale_name(scale) + "-png-reference.png";
    const fs::path ref = reference_dir() / file;
    const char* overwrite = std::getenv("COOPATLAS_OVERWRITE_REFERENCES");
    if (overwrite && std::string(overwrite) == "1") {
        write_file(ref, png);
        std::cout << "wrote reference " << ref << '\n';
        return;
    }
    ASSERT_TRUE(fs::exists(ref)) << "missing reference " << ref
                                 << "; run the test with COOPATLAS_OVERWRITE_REFERENCES=1 and review the image";
    const image expected = read_png(ref.string());

    // A channel may be off by 24/255 (antialiasing, glyph rasterisation); up to 1 % of
    // the pixels may be off by more.
    constexpr int tolerance = 24;
    const std::size_t budget = actual.rgba.size() / 4 / 100;
    const image_difference d = compare_images(actual, expected, tolerance);
    if (!d.same_size || d.differing > budget) {
        const fs::path out =
            fs::path(COOPATLAS_TEST_OUTPUT) / "visual" / (std::string(c.name) + "-" + scale_name(scale));
        write_file(out / "actual.png", png);
        if (!d.diff.empty()) write_file(out / "diff.png", encode_png(d.diff));
        std::ostringstream html;
        html << "<!DOCTYPE html><html><body><h1>" << c.name << " at scale " << scale_name(scale) << "</h1><p>"
             << d.differing << " of " << d.pixels << " pixels differ by more than " << tolerance << " (budget "
             << budget << ")</p><table><tr><th>expected</th><th>actual</th><th>diff</th></tr><tr>"
             << "<td><img src=\"" << ref.string() << "\"></td><td><img src=\"actual.png\"></td>"
             << "<td><img src=\"diff.png\"></td></tr></table></body></html>\n";
        write_file(out / "report.html", html.str());
        FAIL() << c.name << " at scale " << scale_name(scale) << ": " << d.differing << " pixels differ (budget "
               << budget << ", largest channel difference " << d.max_channel_delta << "); see " << out;
    }
}

std::string case_name(const ::testing::TestParamInfo<visual::ParamType>& info) {
    std::string n = std::get<0>(info.param).name;
    for (auto& ch : n)
        if (ch == '-') ch = '_';
    return n + (std::get<1>(info.param) == 1.0 ? "_x1" : "_x2");
}

INSTANTIATE_TEST_SUITE_P(cases, visual, ::testing::Combine(::testing::ValuesIn(cases), ::testing::Values(1.0, 2.0)),
                         case_name);

// The comparison itself: identical images pass, a changed block is counted exactly.
TEST(image_compare, counts_pixels_beyond_the_tolerance) {
    image a;
    a.width = 10;
    a.height = 10;
    a.rgba.assign(400, 200);
    image b = a;
    EXPECT_EQ(compare_images(a, b, 0).differing, 0u);
    // 3 × 2 pixels moved by 30 in red, one pixel by 10 in alpha.
    for (int y = 0; y < 2; ++y)
        for (int x = 0; x < 3; ++x)
            b.rgba[(static_cast<std::size_t>(y) * 10 + x) * 4] = 230;
    b.rgba[99 * 4 + 3] = 210;
    const auto d = compare_images(b, a, 12);
    EXPECT_EQ(d.differing, 6u);
    EXPECT_EQ(d.max_channel_delta, 30);
    EXPECT_EQ(compare_images(b, a, 5).differing, 7u);
    image c = a;
    c.width = 5;
    c.rgba.resize(200);
    EXPECT_FALSE(compare_images(a, c, 255).same_size);
}

TEST(image_compare, png_round_trip_keeps_pixels) {
    image a;
    a.width = 7;
    a.height = 3;
    for (int i = 0; i < 21; ++i) {
        a.rgba.push_back(static_cast<std::uint8_t>(i * 12));
        a.rgba.push_back(static_cast<std::uint8_t>(255 - i * 5));
        a.rgba.push_back(static_cast<std::uint8_t>(i * i % 256));
        a.rgba.push_back(255);
    }
    const image b = decode_png(encode_png(a));
    EXPECT_EQ(compare_images(b, a, 0).differing, 0u);
}

} // namespace
