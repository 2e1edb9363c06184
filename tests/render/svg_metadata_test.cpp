// Feature metadata in SVG output (map_renderer::render_svg with attributes): each
// feature given attributes is one <g> carrying them around all its shapes; features
// given none, and plain SVG output, are written exactly as before.

#include <coopatlas/render/map_renderer.hpp>
#include <coopatlas/render/map_spec.hpp>

#include <gtest/gtest.h>

#include <regex>
#include <string>

namespace {

using namespace coopatlas::render;

const char* const spec_text = R"yaml(
size: [300, 200]
legend: none
credits: none
projection: lonlat
extent: [0, 0, 10, 6]
scale_bar: false
north_arrow: false
layers:
  - id: areas
    kind: polygons
    fill: "#cccccc"
    features:
      - {id: A, wkt: "POLYGON((1 1, 4 1, 4 4, 1 4, 1 1))"}
      - {id: B, wkt: "POLYGON((5 1, 8 1, 8 4, 5 4, 5 1))"}
  - id: dots
    kind: circles
    value: 2
    features:
      - {id: A, point: [2, 2]}
  - id: f
    kind: flows
    features:
      - {id: "A->B", from: [2, 2], to: [6, 2], value: 1, directed: true}
)yaml";

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size()))
        ++n;
    return n;
}

TEST(svg_metadata, without_attributes_the_output_is_the_plain_svg) {
    const map_spec spec = parse_map_spec(spec_text, ".", "metadata");
    const map_renderer r(spec.page);
    const std::string plain = r.render(output_format::svg);
    EXPECT_EQ(r.render_svg(svg_feature_metadata{}), plain);
    EXPECT_EQ(r.render_svg([](const std::string&, const std::string&) { return svg_attributes{}; }), plain);
    EXPECT_EQ(plain.find("data-id"), std::string::npos);
}

TEST(svg_metadata, each_feature_given_attributes_is_one_group_around_its_shapes) {
    const map_spec spec = parse_map_spec(spec_text, ".", "metadata");
    const map_renderer r(spec.page);
    const std::string plain = r.render(output_format::svg);
    const std::string svg = r.render_svg([](const std::string& layer, const std::string& id) {
        if (id == "B") return svg_attributes{}; // left bare
        return svg_attributes{
            {"data-id", id}, {"data-layer", layer}, {"data-note", "a \"quoted\" <note> & more"}, {"tabindex", "0"}};
    });
    EXPECT_EQ(count(svg, "<g data-id="), 3u); // A's area, A's circle, the flow
    EXPECT_EQ(count(svg, R"(data-id="A" data-layer="areas")"), 1u);
    EXPECT_EQ(count(svg, R"(data-id="A" data-layer="dots")"), 1u);
    // the flow's group holds what the flow draws
    const std::regex flow_group(R"re(<g data-id="A-&gt;B" data-layer="f"[^>]*>\n(<path [^\n]*/>\n)+</g>)re");
    EXPECT_TRUE(std::regex_search(svg, flow_group)) << svg;
    EXPECT_EQ(count(svg, "data-note=\"a &quot;quoted&quot; &lt;note&gt; &amp; more\""), 3u);
    EXPECT_EQ(count(svg, "<g"), count(svg, "</g>"));
    // Without the groups, the document is the plain one.
    std::string stripped = std::regex_replace(svg, std::regex("<g data-id=[^>]*>\n"), "");
    for (std::size_t i = 0; i < 3; ++i) {
        // the first "</g>" closing a feature group directly follows one of its shapes
        const auto at = stripped.find("/>\n</g>\n");
        ASSERT_NE(at, std::string::npos);
        stripped.erase(at + 3, 5);
    }
    EXPECT_EQ(stripped.size(), plain.size());
}

TEST(svg_metadata, a_label_names_its_feature_in_web_output_only) {
    const std::string text = std::string(spec_text) + R"yaml(  - id: names
    kind: labels
    features:
      - {id: A, point: [2, 5], label: "Alpha"}
      - {id: B, point: [7, 5], label: "Beta"}
)yaml";
    const map_spec spec = parse_map_spec(text, ".", "metadata");
    const map_renderer r(spec.page);
    const std::string plain = r.render(output_format::svg);
    ASSERT_NE(plain.find(">Alpha</text>"), std::string::npos) << plain;
    EXPECT_EQ(plain.find("data-label-of"), std::string::npos);
    // B's shapes get no attributes, yet its label still says whose it is: the page's
    // script looks the names up on whatever draws B, and leaves the text when nothing does.
    const std::string svg = r.render_svg([](const std::string&, const std::string& id) {
        return id == "B" ? svg_attributes{} : svg_attributes{{"data-id", id}};
    });
    EXPECT_TRUE(std::regex_search(svg, std::regex(R"re(<text [^>]*data-label-of="A"[^>]*>Alpha</text>)re"))) << svg;
    EXPECT_TRUE(std::regex_search(svg, std::regex(R"re(<text [^>]*data-label-of="B"[^>]*>Beta</text>)re"))) << svg;
    EXPECT_EQ(count(svg, "data-label-of="), 2u);
}

} // namespace
