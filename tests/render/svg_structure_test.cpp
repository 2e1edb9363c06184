// The structure of SVG output: one group per layer with the layer's id, legend entries
// and placed labels as real <text>, no two placed label boxes overlapping, nothing
// rasterised, and the same map always giving the same bytes. What each visual case
// draws (dashed paths, arrowheads, circles, labels), counted by hand from its spec and
// checked in the renderer's report and in the SVG.

#include "svg_scan.hpp"
#include "test_support.hpp"
#include "visual_cases.hpp"

#include <coopatlas/render/map_renderer.hpp>
#include <coopatlas/render/map_spec.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <ostream>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace {

using namespace coopatlas::render;

// Escapes text as the SVG writer must (XML character data).
std::string xml(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '&')
            out += "&amp;";
        else if (c == '<')
            out += "&lt;";
        else if (c == '>')
            out += "&gt;";
        else if (c == '"')
            out += "&quot;";
        else if (c == '\'')
            out += "&apos;";
        else
            out += c;
    }
    return out;
}

// Every text node of the document, tspans of one <text> joined by a newline.
std::vector<std::string> texts(const std::string& svg) {
    std::vector<std::string> out;
    static const std::regex text_re(R"re(<text[^>]*>(.*?)</text>)re");
    static const std::regex tspan_re(R"re(<tspan[^>]*>(.*?)</tspan>)re");
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), text_re); it != std::sregex_iterator(); ++it) {
        const std::string inner = (*it)[1];
        if (inner.find("<tspan") == std::string::npos) {
            out.push_back(inner);
            continue;
        }
        std::string joined;
        for (auto t = std::sregex_iterator(inner.begin(), inner.end(), tspan_re); t != std::sregex_iterator(); ++t)
            joined += (joined.empty() ? "" : "\n") + std::string((*t)[1]);
        out.push_back(joined);
    }
    return out;
}

// A map with every kind of layer, a legend and crowded labels, inline data only.
const char* crowded = R"yaml(
title: "Structure & <escapes>"
subtitle: Inline data
size: [500, 360]
projection: "+proj=laea +lat_0=35 +lon_0=0 +datum=WGS84 +units=m"
extent: [-6, 30, 6, 40]
graticule: 5
credits: ["Test data, public domain"]
layers:
  - id: land
    kind: background
    features:
      - {wkt: "POLYGON((-10 25, 10 25, 10 45, -10 45, -10 25))"}
  - id: areas
    kind: polygons
    title: Values
    breaks: [0, 10, 20, 30]
    palette: Blues
    features:
      - {id: w, wkt: "POLYGON((-5 31, 0 31, 0 39, -5 39, -5 31))", value: 5}
      - {id: e, wkt: "POLYGON((0 31, 5 31, 5 39, 0 39, 0 31))", value: 25}
      - {id: n, wkt: "POLYGON((-1 39, 1 39, 1 39.8, -1 39.8, -1 39))"}
  - id: borders
    kind: lines
    title: Boundary
    features:
      - {wkt: "LINESTRING(0 31, 0 39)", disputed: true}
      - {wkt: "LINESTRING(-5 35, 5 35)"}
  - id: links
    kind: flows
    title: Links
    arrows: true
    features:
      - {from: [-4, 32], to: [4, 38], value: 3, directed: true}
      - {from: [4, 38], to: [-4, 32], value: 1, directed: true}
  - id: towns
    kind: circles
    title: Population
    features:
      - {id: t1, point: [-2, 34], value: 900}
      - {id: t2, point: [-1.8, 34.2], value: 100}
      - {id: t3, point: [2, 36], value: 400}
  - id: names
    kind: labels
    size: 11
    features:
      - {id: t1, point: [-2, 34], label: "Grande Ville", value: 900}
      - {id: t2, point: [-1.8, 34.2], label: "Petite Ville", value: 100}
      - {id: t3, point: [2, 36], label: "Moyenne & Cie", value: 400}
      - {id: t4, point: [-1.9, 34.1], label: "Voisine", value: 50}
      - {id: t5, point: [-2.1, 33.9], label: "Voisine du Sud", value: 40}
      - {id: t6, point: [-2.05, 34.05], label: "Troisième voisine", value: 30}
      - {id: t7, point: [3.5, 32.5], label: "Lointaine", value: 20}
)yaml";

class svg_structure : public ::testing::Test {
  protected:
    void SetUp() override {
        spec_ = parse_map_spec(crowded, ".", "crowded");
        renderer_ = std::make_unique<map_renderer>(spec_.page);
        svg_ = renderer_->render(output_format::svg);
    }
    map_spec spec_;
    std::unique_ptr<map_renderer> renderer_;
    std::string svg_;
};

TEST_F(svg_structure, every_layer_is_a_group_named_by_its_id) {
    for (const char* id : {"land", "areas", "borders", "links", "towns", "names", "graticule"})
        EXPECT_NE(svg_.find("<g id=\"" + std::string(id) + "\""), std::string::npos) << id;
    const auto& ids = renderer_->report().layer_ids;
    EXPECT_EQ(ids.size(), 7u);
    // Ids are unique in the document.
    std::set<std::string> seen;
    static const std::regex id_re(R"re(\bid="([^"]+)")re");
    for (auto it = std::sregex_iterator(svg_.begin(), svg_.end(), id_re); it != std::sregex_iterator(); ++it)
        EXPECT_TRUE(seen.insert((*it)[1]).second) << "duplicate id " << (*it)[1];
    // Groups balance.
    std::size_t open = 0, close = 0;
    for (std::size_t p = svg_.find("<g"); p != std::string::npos; p = svg_.find("<g", p + 1))
        if (svg_[p + 2] == ' ' || svg_[p + 2] == '>') ++open;
    for (std::size_t p = svg_.find("</g>"); p != std::string::npos; p = svg_.find("</g>", p + 1))
        ++close;
    EXPECT_EQ(open, close);
}

TEST_F(svg_structure, legend_entries_are_text) {
    const auto all = texts(svg_);
    const std::set<std::string> present(all.begin(), all.end());
    const auto& legend = renderer_->report().legend;
    ASSERT_FALSE(legend.empty());
    for (const auto& item : legend)
        EXPECT_TRUE(present.count(xml(item.label))) << item.label;
    // Headings of the thematic layers, class intervals with their counts, the no-data
    // entry, the disputed line and nested circle values are all there.
    for (const char* expected : {"Values", "Links", "Population", "disputed boundary", "no data (1)"})
        EXPECT_TRUE(present.count(expected)) << expected;
    const auto classes = std::count_if(all.begin(), all.end(), [](const std::string& t) {
        return t.find(" (1)") != std::string::npos && t.find("\xE2\x80\x93") != std::string::npos;
    });
    EXPECT_EQ(classes, 2); // 0–10 and 20–30 hold one area each; 10–20 none
    EXPECT_TRUE(present.count(xml("Structure & <escapes>")));
    EXPECT_TRUE(present.count("Test data, public domain"));
}

TEST_F(svg_structure, every_placed_label_is_text_and_none_overlap) {
    const auto& labels = renderer_->report().labels;
    ASSERT_GE(labels.size(), 3u);
    const auto all = texts(svg_);
    for (const auto& l : labels)
        EXPECT_EQ(std::count(all.begin(), all.end(), xml(l.text)), 1) << l.text;
    for (std::size_t i = 0; i < labels.size(); ++i)
        for (std::size_t j = i + 1; j < labels.size(); ++j) {
            const auto& a = labels[i].bounds;
            const auto& b = labels[j].bounds;
            const bool apart = a.max_x <= b.min_x || b.max_x <= a.min_x || a.max_y <= b.min_y || b.max_y <= a.min_y;
            EXPECT_TRUE(apart) << labels[i].text << " overlaps " << labels[j].text;
        }
    // Placed and dropped labels account for every request.
    EXPECT_EQ(labels.size() + renderer_->report().dropped_labels.size(), 7u);
    EXPECT_FALSE(renderer_->report().dropped_labels.empty()); // the crowded ones cannot all fit
    for (const auto& d : renderer_->report().dropped_labels)
        EXPECT_EQ(std::count(all.begin(), all.end(), xml(d)), 0) << d << " was dropped but drawn";
}

TEST_F(svg_structure, text_stays_text_and_nothing_is_rasterised) {
    EXPECT_EQ(svg_.find("<image"), std::string::npos);
    EXPECT_EQ(svg_.find("<use"), std::string::npos); // no glyph outlines
    EXPECT_EQ(svg_.find("glyph"), std::string::npos);
    EXPECT_NE(svg_.find("font-family=\"DejaVu Sans, "), std::string::npos);
}

TEST_F(svg_structure, identical_input_gives_identical_bytes) {
    EXPECT_EQ(renderer_->render(output_format::svg), svg_);
    const map_spec again = parse_map_spec(crowded, ".", "crowded");
    const map_renderer other(again.page);
    EXPECT_EQ(other.render(output_format::svg), svg_);
    EXPECT_EQ(svg_.find("<metadata"), std::string::npos); // no dates, no generator stamps
}

TEST_F(svg_structure, styles_reach_the_elements) {
    // The disputed boundary is dashed, the other is not (the legend's sample of the
    // disputed line is the second dashed path).
    const auto borders = svg_.find("<g id=\"borders\">");
    ASSERT_NE(borders, std::string::npos);
    const std::string group = svg_.substr(borders, svg_.find("</g>", borders) - borders);
    static const std::regex path_re(R"re(<path [^>]*/>)re");
    static const std::regex dashed_re(R"re(stroke-dasharray="4 3")re");
    int dashed = 0, solid = 0;
    for (auto it = std::sregex_iterator(group.begin(), group.end(), path_re); it != std::sregex_iterator(); ++it) {
        const std::string p = (*it)[0];
        if (std::regex_search(p, dashed_re))
            ++dashed;
        else
            ++solid;
    }
    EXPECT_EQ(dashed, 1);
    EXPECT_EQ(solid, 1);
    // The area without a value is hatched (a clip path of its shape and lines through it).
    EXPECT_NE(svg_.find("<clipPath id=\"hatch-1\">"), std::string::npos);
    // Circles: large below small, radii in proportion to the square root of the values
    // (900 : 400 : 100 = 30 : 20 : 10 with the largest at max_radius 20).
    static const std::regex circle_re(R"re(<g id="towns">\n((?:<circle[^>]*/>\n)+))re");
    std::smatch m;
    ASSERT_TRUE(std::regex_search(svg_, m, circle_re));
    const std::string circles = m[1];
    static const std::regex r_re(R"re( r="([0-9.]+)")re");
    std::vector<double> radii;
    for (auto it = std::sregex_iterator(circles.begin(), circles.end(), r_re); it != std::sregex_iterator(); ++it)
        radii.push_back(std::stod((*it)[1]));
    ASSERT_EQ(radii.size(), 3u);
    EXPECT_NEAR(radii[0], 20, 0.01);
    EXPECT_NEAR(radii[1], 20 * 2.0 / 3.0, 0.01);
    EXPECT_NEAR(radii[2], 20 / 3.0, 0.01);
    // The report counts the same: one dashed boundary, two arrowheads (both links are
    // directed), three circles.
    for (const auto& l : renderer_->report().layers) {
        if (l.id == "borders") {
            EXPECT_EQ(l.dashed_paths, 1u);
        } else if (l.id == "links") {
            EXPECT_EQ(l.arrowheads, 2u);
        } else if (l.id == "towns") {
            EXPECT_EQ(l.circles, 3u);
        }
    }
}

TEST(svg_writer, flows_are_drawn_largest_first_and_pairs_apart) {
    const map_spec spec = parse_map_spec(R"yaml(
size: [300, 200]
legend: none
credits: none
projection: lonlat
extent: [0, 0, 10, 6]
scale_bar: false
north_arrow: false
layers:
  - id: f
    kind: flows
    curvature: 0
    min_width: 1
    max_width: 8
    scaling: linear
    end_gap: 0
    features:
      - {from: [1, 3], to: [9, 3], value: 1, directed: true}
      - {from: [9, 3], to: [1, 3], value: 4, directed: true}
      - {from: [1, 5], to: [9, 5], value: 2}
)yaml",
                                         ".", "flows");
    const map_renderer r(spec.page);
    const std::string svg = r.render(output_format::svg);
    static const std::regex w_re(R"re(<path d="M([0-9.]+) ([0-9.]+)[cl][^"]*"[^>]*stroke-width="([0-9.]+)")re");
    std::vector<std::pair<double, double>> flows; // (start y, width)
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), w_re); it != std::sregex_iterator(); ++it)
        if (std::stod((*it)[3]) > 0.9) flows.emplace_back(std::stod((*it)[2]), std::stod((*it)[3]));
    // The frame's outline aside (0.8 wide), the three flows come in decreasing width:
    // 8, then 4 (linear: 2/4 × 8), then 2.
    ASSERT_EQ(flows.size(), 3u);
    EXPECT_DOUBLE_EQ(flows[0].second, 8);
    EXPECT_DOUBLE_EQ(flows[1].second, 4);
    EXPECT_DOUBLE_EQ(flows[2].second, 2);
    // The two directions of the pair are offset to their own right: apart by half of
    // each width plus the gap (8/2 + 2/2 + 1.5 = 6.5 page units).
    EXPECT_NEAR(std::abs(flows[0].first - flows[2].first), 8.0 / 2 + 2.0 / 2 + 1.5, 0.02);
}

// --- What each visual case draws ------------------------------------------------------

// Counted by hand from the spec of the case (visual_cases.hpp), not from a run.
struct drawn {
    const char* case_name;
    std::size_t dashed_paths;
    std::size_t arrowheads;
    std::size_t circles;
    std::vector<std::string> labels; // placed, sorted
    std::string legend_title;
};

void PrintTo(const drawn& d, std::ostream* os) {
    *os << d.case_name;
}

const drawn drawn_cases[] = {
    // Four areas, outlines solid; the one without a value hatched.
    {"choropleth", 0, 0, 0, {}, ""},
    // Of three lines, the disputed one dashed; the multi-line string is one path.
    {"lines", 1, 0, 0, {}, ""},
    // Four proportional circles.
    {"circles", 0, 0, 4, {}, ""},
    // Four flows with arrows on: the three directed ones have heads, the undirected one none.
    {"flows", 0, 3, 0, {}, ""},
    // Three square markers (paths, not circles) and their three labels, room for all.
    {"points-labels", 0, 0, 0, {"Alpha", "Beta", "Gamma"}, ""},
    // One point, a round marker; graticule lines solid.
    {"graticule-legend", 0, 0, 1, {}, ""},
    // A solid and a disputed road, two circles; the legend titled "Key".
    {"legend-title", 1, 0, 2, {}, "Key"},
};

class visual_case_drawing : public ::testing::TestWithParam<drawn> {};

TEST_P(visual_case_drawing, report_and_svg_hold_the_hand_count) {
    const drawn& want = GetParam();
    const map_spec spec = parse_map_spec(coopatlas::test::visual_case_named(want.case_name).spec, ".", want.case_name);
    const map_renderer r(spec.page);
    const render_report& rep = r.report();
    const std::string svg = r.render(output_format::svg);

    // The renderer's report.
    std::size_t dashed = 0, heads = 0, circles = 0, layer_labels = 0;
    for (const auto& l : rep.layers) {
        dashed += l.dashed_paths;
        heads += l.arrowheads;
        circles += l.circles;
        layer_labels += l.labels;
    }
    EXPECT_EQ(dashed, want.dashed_paths);
    EXPECT_EQ(heads, want.arrowheads);
    EXPECT_EQ(circles, want.circles);
    std::vector<std::string> placed;
    for (const auto& l : rep.labels)
        placed.push_back(l.text);
    std::sort(placed.begin(), placed.end());
    EXPECT_EQ(placed, want.labels);
    EXPECT_EQ(layer_labels, want.labels.size());
    EXPECT_TRUE(rep.dropped_labels.empty());

    // The SVG, group by group: the layers' groups hold what the report says, no more.
    ASSERT_EQ(rep.layers.size(), rep.layer_ids.size());
    std::size_t svg_dashed = 0, svg_heads = 0, svg_circles = 0;
    std::vector<std::string> svg_labels;
    for (const auto& l : rep.layers) {
        const std::string group = coopatlas::test::svg_group(svg, l.id);
        ASSERT_FALSE(group.empty() && l.features > 0) << l.id;
        EXPECT_EQ(coopatlas::test::svg_dashed_paths(group), l.dashed_paths) << l.id;
        EXPECT_EQ(coopatlas::test::svg_circles(group), l.circles) << l.id;
        svg_dashed += coopatlas::test::svg_dashed_paths(group);
        svg_circles += coopatlas::test::svg_circles(group);
        if (l.kind == std::string("flows")) {
            EXPECT_EQ(coopatlas::test::svg_filled_unstroked_paths(group), l.arrowheads) << l.id;
            svg_heads += coopatlas::test::svg_filled_unstroked_paths(group);
        }
        if (l.kind == std::string("labels"))
            for (const auto& t : coopatlas::test::svg_texts(group))
                svg_labels.push_back(t);
    }
    EXPECT_EQ(svg_dashed, want.dashed_paths);
    EXPECT_EQ(svg_heads, want.arrowheads);
    EXPECT_EQ(svg_circles, want.circles);
    std::sort(svg_labels.begin(), svg_labels.end());
    EXPECT_EQ(svg_labels, want.labels);

    // The legend title, first in the report's legend and first text of the legend group.
    const std::vector<std::string> legend_texts = coopatlas::test::svg_texts(coopatlas::test::svg_group(svg, "legend"));
    if (want.legend_title.empty()) {
        EXPECT_TRUE(rep.legend.empty() || rep.legend.front().layer_id != "legend");
    } else {
        ASSERT_FALSE(rep.legend.empty());
        EXPECT_EQ(rep.legend.front().layer_id, "legend");
        EXPECT_EQ(rep.legend.front().label, want.legend_title);
        ASSERT_FALSE(legend_texts.empty());
        EXPECT_EQ(legend_texts.front(), want.legend_title);
    }
}

INSTANTIATE_TEST_SUITE_P(cases, visual_case_drawing, ::testing::ValuesIn(drawn_cases),
                         [](const ::testing::TestParamInfo<drawn>& param) {
                             std::string n = param.param.case_name;
                             for (auto& ch : n)
                                 if (ch == '-') ch = '_';
                             return n;
                         });

// Every visual case has its hand count.
TEST(visual_case_drawing_table, covers_every_case) {
    for (const auto& c : coopatlas::test::visual_cases)
        EXPECT_TRUE(std::any_of(std::begin(drawn_cases), std::end(drawn_cases),
                                [&](const drawn& d) { return std::string(d.case_name) == c.name; }))
            << c.name;
}

} // namespace
