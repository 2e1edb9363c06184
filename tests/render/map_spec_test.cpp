// Map specs: the three-line spec of the README on the embedded atlas, errors that name
// the line and suggest the key, inline and file data, and the data step's counts checked
// against the partnership table itself.

#include "test_support.hpp"

#include <coopatlas/analysis/filter.hpp>
#include <coopatlas/error.hpp>
#include <coopatlas/io/vector_writer.hpp>
#include <coopatlas/render/map_renderer.hpp>
#include <coopatlas/render/map_spec.hpp>
#include <coopatlas/render/palettes.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace {

using namespace coopatlas;
using namespace coopatlas::render;

spec_options with_atlas() {
    spec_options o;
    o.atlas = &test::embedded_atlas();
    o.manifest = test::data_dir() + "/atlas.yaml";
    return o;
}

const polygon_style& polygons_of(const layer& l) {
    return std::get<polygon_style>(l.style);
}

// A book gives the atlas it owns: its maps' units refer to the atlas's outlines instead of
// copying them (a world map's countries are megabytes), and draw the same map.
TEST(map_spec, the_outlines_of_an_atlas_given_with_its_owner_are_shared) {
    const std::string spec = R"yaml(
layers:
  - {kind: polygons, units: {level: region, vintage: "2009", country: MA}, value: partnerships}
)yaml";
    const spec_options copying = with_atlas();
    spec_options sharing = with_atlas();
    sharing.atlas_owner = std::shared_ptr<const model::atlas>(sharing.atlas, [](const model::atlas*) {});
    spec_options other_owner = with_atlas();
    other_owner.atlas_owner = std::make_shared<const model::atlas>(); // not the atlas given: ignored
    const map_spec copied = parse_map_spec(spec, ".", "copied", copying);
    const map_spec shared = parse_map_spec(spec, ".", "shared", sharing);
    const map_spec owned_elsewhere = parse_map_spec(spec, ".", "other", other_owner);
    const auto& units = [](const map_spec& s) -> const std::vector<feature>& {
        return s.page.frames.at(0).layers.at(1).features;
    };
    ASSERT_EQ(units(shared).size(), 16u);
    ASSERT_EQ(units(copied).size(), 16u);
    for (std::size_t i = 0; i < 16; ++i) {
        const feature& f = units(shared)[i];
        const model::entity& region = test::embedded_atlas().at(f.id);
        EXPECT_EQ(f.shared_geometry.get(), &region.geometry) << f.id;
        EXPECT_TRUE(std::holds_alternative<std::monostate>(f.geometry)) << f.id;
        EXPECT_EQ(&f.shape(), &region.geometry) << f.id;
        for (const map_spec* s : {&copied, &owned_elsewhere}) {
            const feature& c = units(*s)[i];
            EXPECT_EQ(c.shared_geometry, nullptr) << c.id;
            ASSERT_TRUE(std::holds_alternative<geometry::multi_polygon>(c.geometry)) << c.id;
            EXPECT_EQ(geometry::vertex_count(std::get<geometry::multi_polygon>(c.geometry)),
                      geometry::vertex_count(std::get<geometry::multi_polygon>(region.geometry)))
                << c.id;
        }
    }
    EXPECT_EQ(map_renderer(shared.page).render(output_format::png),
              map_renderer(copied.page).render(output_format::png));
}

TEST(map_spec, three_lines_make_a_complete_map) {
    const map_spec s = parse_map_spec(R"yaml(
title: Partnerships of the Moroccan regions (2009)
layers:
  - {kind: polygons, units: {level: region, vintage: "2009", country: MA}, value: partnerships}
)yaml",
                                      ".", "three-lines", with_atlas());
    ASSERT_EQ(s.page.frames.size(), 1u);
    const frame& f = s.page.frames[0];
    // Chosen from where the data lies: an equal-area projection centred on the regions
    // (about 17° W – 1° W, 21.4° N – 35.9° N: compact, so azimuthal).
    EXPECT_EQ(f.crs.rfind("+proj=laea +lat_0=", 0), 0u) << f.crs;
    EXPECT_NE(f.crs.find("+lon_0=-9."), std::string::npos) << f.crs;
    for (const auto& note : s.notes) // the southern regions are not remote outliers
        EXPECT_EQ(note.find("leaves out"), std::string::npos) << note;
    EXPECT_TRUE(f.scale_bar);
    EXPECT_TRUE(f.north_arrow);
    // The thematic layer, plus context countries below and disputed boundaries above it.
    ASSERT_EQ(f.layers.size(), 3u);
    EXPECT_TRUE(std::holds_alternative<background_style>(f.layers[0].style));
    EXPECT_TRUE(std::holds_alternative<polygon_style>(f.layers[1].style));
    EXPECT_TRUE(std::holds_alternative<line_style>(f.layers[2].style));
    const layer& regions = f.layers[1];
    EXPECT_EQ(regions.features.size(), 16u); // the 16 regions of 2009
    EXPECT_EQ(regions.title, "Partnerships");
    const auto& style = polygons_of(regions);
    ASSERT_TRUE(style.choropleth);
    EXPECT_EQ(style.choropleth->palette, std::string(default_palette));
    EXPECT_EQ(style.choropleth->colors, palette(default_palette, style.choropleth->classes.classes()));
    std::size_t counted = 0;
    for (auto c : style.choropleth->classes.counts)
        counted += c;
    EXPECT_EQ(counted, 16u);
    // Disputed boundaries are dashed.
    const auto& lines = std::get<line_style>(f.layers[2].style);
    EXPECT_FALSE(lines.disputed_dash.empty());
    EXPECT_TRUE(std::all_of(f.layers[2].features.begin(), f.layers[2].features.end(),
                            [](const feature& x) { return x.disputed; }));
    // Credits name the data sources and their licences, and the palette.
    std::string credits;
    for (const auto& c : s.page.credits)
        credits += c + "\n";
    for (const char* source : {"Natural Earth", "GeoNames", "ODbL", "ColorBrewer"})
        EXPECT_NE(credits.find(source), std::string::npos) << source;
    // And it renders.
    const map_renderer r(s.page);
    EXPECT_FALSE(r.report().legend.empty());
}

TEST(map_spec, unknown_keys_name_the_line_and_the_nearest_key) {
    try {
        (void)parse_map_spec("title: x\nlayers:\n  - kind: polygons\n    palete: Blues\n    features: []\n", ".",
                             "typo.yaml");
        FAIL() << "no error";
    } catch (const input_error& e) {
        ASSERT_EQ(e.diagnostics().size(), 1u);
        const auto& d = e.diagnostics()[0];
        EXPECT_EQ(d.file, "typo.yaml");
        EXPECT_EQ(d.line, 4);
        EXPECT_EQ(d.column, 5);
        EXPECT_NE(d.message.find("palete"), std::string::npos);
        EXPECT_NE(d.suggestion.find("palette"), std::string::npos);
    }
    EXPECT_THROW((void)parse_map_spec("layers:\n  - kind: polygns\n", ".", "k"), input_error);
    EXPECT_THROW((void)parse_map_spec("layers:\n  - kind: circles\n", ".", "no-data"), input_error);
    EXPECT_THROW((void)parse_map_spec("layers: [\n", ".", "bad-yaml"), input_error);
    EXPECT_THROW((void)parse_map_spec("size: [10]\nlayers: []\n", ".", "size"), input_error);
}

TEST(map_spec, inline_features_and_style_keys) {
    const map_spec s = parse_map_spec(R"yaml(
size: [300, 200]
dpi: 192
legend: {position: inside-top-left, title: Key}
projection: lonlat
extent: [0, 0, 2, 2]
layers:
  - id: a
    kind: polygons
    breaks: [0, 5, 10]
    class_labels: [low, high]
    palette: Greens-r
    features:
      - {wkt: "POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))", value: 2}
      - {wkt: "POLYGON((1 0, 2 0, 2 1, 1 1, 1 0))", value: 7}
  - id: f
    kind: flows
    scaling: linear
    arrows: true
    features:
      - {from: [0.5, 0.5], to: [1.5, 1.5], value: 1, directed: true}
)yaml",
                                      ".", "inline");
    EXPECT_DOUBLE_EQ(s.scale, 2.0);
    EXPECT_DOUBLE_EQ(s.page.width, 300);
    EXPECT_EQ(s.page.legend.position, legend_position::inside_top_left);
    EXPECT_EQ(s.page.legend.title, "Key");
    const auto& f = s.page.frames.at(0);
    EXPECT_EQ(f.crs, "EPSG:4326");
    const auto& a = polygons_of(f.layers.at(0));
    ASSERT_TRUE(a.choropleth);
    EXPECT_EQ(a.choropleth->classes.labels, (std::vector<std::string>{"low", "high"}));
    // Reversed palette: the dark end first.
    EXPECT_EQ(a.choropleth->colors, (std::vector<color>{palette("Greens", 2)[1], palette("Greens", 2)[0]}));
    const auto& flows = std::get<flow_style>(f.layers.at(1).style);
    EXPECT_EQ(flows.scaling, width_scaling::linear);
    EXPECT_TRUE(flows.arrows);
    EXPECT_TRUE(f.layers.at(1).features.at(0).directed);
    // No atlas was needed, so none is credited.
    EXPECT_TRUE(std::none_of(s.page.credits.begin(), s.page.credits.end(),
                             [](const std::string& c) { return c.find("Natural Earth") != std::string::npos; }));
}

TEST(map_spec, file_layers_keep_their_fields) {
    io::feature_table t;
    t.name = "sites";
    t.add_field("name", io::field_def::type::text);
    t.add_field("weight", io::field_def::type::real);
    t.geometries = {geometry::point{1, 1}, geometry::point{2, 2}};
    t.rows = {{std::string("Un"), 3.5}, {std::string("Deux"), 7.0}};
    const std::string dir = std::string(COOPATLAS_TEST_OUTPUT) + "/spec_files";
    std::filesystem::create_directories(dir);
    std::filesystem::remove(dir + "/sites.gpkg");
    io::write_vector(dir + "/sites.gpkg", t);
    const map_spec s = parse_map_spec(R"yaml(
projection: lonlat
layers:
  - {kind: circles, file: sites.gpkg, value: weight, id_field: name}
  - {kind: labels, file: sites.gpkg, label: name, where: "weight > 5"}
)yaml",
                                      dir, "files");
    const auto& layers = s.page.frames.at(0).layers;
    ASSERT_EQ(layers.size(), 2u);
    ASSERT_EQ(layers[0].features.size(), 2u);
    EXPECT_EQ(layers[0].features[0].id, "Un");
    EXPECT_DOUBLE_EQ(layers[0].features[1].value, 7.0);
    ASSERT_EQ(layers[1].features.size(), 1u);
    EXPECT_EQ(layers[1].features[0].label, "Deux");
    EXPECT_NE(std::find(s.inputs.begin(), s.inputs.end(), dir + "/sites.gpkg"), s.inputs.end());
    EXPECT_THROW((void)parse_map_spec("layers:\n  - {kind: circles, file: sites.gpkg, value: wieght}\n", dir, "f"),
                 input_error);
}

// A small GeoJSON file in the test output folder; returns its folder.
std::string write_geojson(const std::string& name, const std::string& features) {
    const std::string dir = std::string(COOPATLAS_TEST_OUTPUT) + "/spec_values";
    std::filesystem::create_directories(dir);
    std::ofstream(dir + "/" + name) << R"({"type": "FeatureCollection", "features": [)" << features << "]}";
    return dir;
}

std::string point_feature(const std::string& properties, int x) {
    return R"({"type": "Feature", "properties": {)" + properties +
           R"(}, "geometry": {"type": "Point", "coordinates": [)" + std::to_string(x) + ", 1]}}";
}

TEST(map_spec, a_file_value_with_a_unit_names_the_file_feature_and_field) {
    const std::string features = point_feature(R"("id": "MA-01", "value": "3")", 1) + ", " +
                                 point_feature(R"("id": "MA-05", "value": "1.5 km")", 2);
    const std::string dir = write_geojson("regions.geojson", features);
    try {
        (void)parse_map_spec("projection: lonlat\nlayers:\n"
                             "  - {kind: circles, file: regions.geojson, value: value, id_field: id}\n",
                             dir, "units.yaml");
        FAIL() << "'1.5 km' was read as a number";
    } catch (const input_error& e) {
        ASSERT_EQ(e.diagnostics().size(), 1u);
        const diagnostic& d = e.diagnostics()[0];
        EXPECT_EQ(d.file, dir + "/regions.geojson");
        EXPECT_EQ(d.field, "value");
        EXPECT_EQ(d.message, "feature 2 (id MA-05), field 'value': '1.5 km' is not a number");
        EXPECT_NE(d.suggestion.find("plain number such as 1.5"), std::string::npos) << d.suggestion;
        EXPECT_NE(std::string(e.what()).find("regions.geojson: feature 2 (id MA-05)"), std::string::npos) << e.what();
    }
}

TEST(map_spec, a_file_value_that_is_a_word_is_an_error_not_no_data) {
    const std::string dir = write_geojson("words.geojson", point_feature(R"("value": "abc")", 1));
    try {
        (void)parse_map_spec("projection: lonlat\nlayers:\n  - {kind: circles, file: words.geojson, value: value}\n",
                             dir, "words.yaml");
        FAIL() << "'abc' was read as no data";
    } catch (const input_error& e) {
        ASSERT_EQ(e.diagnostics().size(), 1u);
        EXPECT_EQ(e.diagnostics()[0].message, "feature 1, field 'value': 'abc' is not a number");
    }
}

TEST(map_spec, disputed_fields_read_yes_and_no_as_flags) {
    // status holds words, flag integers; null and empty values are no data.
    const std::string dir = write_geojson(
        "disputed.geojson",
        point_feature(R"("id": "A", "value": "3", "status": "no", "flag": 0)", 1) + ", " +
            point_feature(R"("id": "B", "value": "", "status": "yes", "flag": 1)", 2) + ", " +
            point_feature(R"("id": "C", "value": null, "status": null, "flag": null)", 3));
    const map_spec s = parse_map_spec(R"yaml(
projection: lonlat
layers:
  - {kind: points, file: disputed.geojson, value: value, id_field: id, disputed: status}
  - {kind: points, file: disputed.geojson, id_field: id, disputed: flag}
)yaml",
                                      dir, "disputed.yaml");
    const auto& layers = s.page.frames.at(0).layers;
    ASSERT_EQ(layers.size(), 2u);
    for (const auto& l : layers) {
        ASSERT_EQ(l.features.size(), 3u);
        EXPECT_FALSE(l.features[0].disputed) << l.id << ": 'no' / 0 is not disputed";
        EXPECT_TRUE(l.features[1].disputed) << l.id << ": 'yes' / 1 is disputed";
        EXPECT_FALSE(l.features[2].disputed) << l.id << ": null is not disputed";
    }
    EXPECT_DOUBLE_EQ(layers[0].features[0].value, 3.0);
    EXPECT_TRUE(std::isnan(layers[0].features[1].value));
    EXPECT_TRUE(std::isnan(layers[0].features[2].value));

    const std::string odd = write_geojson("maybe.geojson", point_feature(R"("status": "maybe")", 1));
    try {
        (void)parse_map_spec("projection: lonlat\nlayers:\n  - {kind: points, file: maybe.geojson, disputed: status}\n",
                             odd, "maybe.yaml");
        FAIL() << "'maybe' was read as a flag";
    } catch (const input_error& e) {
        EXPECT_EQ(e.diagnostics().at(0).message, "feature 1, field 'status': 'maybe' is not true or false");
    }
}

TEST(map_spec, inline_numbers_are_finite_and_class_counts_whole) {
    const std::string base = "projection: lonlat\nlayers:\n  - {kind: polygons, ";
    const std::string feature = R"x(features: [{wkt: "POLYGON((0 0, 1 0, 1 1, 0 0))", value: 1}]})x";
    for (const std::string& key : {std::string("opacity: .nan"), std::string("classes: 2.5")}) {
        try {
            (void)parse_map_spec(base + key + ", " + feature + "\n", ".", "inline.yaml");
            ADD_FAILURE() << key << " was accepted";
        } catch (const input_error& e) {
            EXPECT_EQ(e.diagnostics().at(0).line, 3) << key;
        }
    }
}

TEST(map_spec, flows_join_the_partners_of_each_partnership) {
    const auto& atlas = test::embedded_atlas();
    const map_spec s = parse_map_spec(R"yaml(
filter: {kinds: decentralised_cooperation}
frames:
  - {id: ma, projection: morocco, extent: morocco, layers: [{kind: circles, parties: MA}]}
  - {id: fr, projection: france, extent: france, layers: [{kind: circles, parties: FR}]}
overlays:
  - {id: flows, kind: flows, partnerships: {from: MA, to: FR}}
)yaml",
                                      ".", "flows", with_atlas());
    // Expected from the table itself: decentralised_cooperation records between a
    // Moroccan and a French party, grouped by pair of parties.
    std::map<std::pair<std::string, std::string>, int> pairs;
    std::map<std::string, std::set<std::string>> ma_parties;
    for (const auto& p : atlas.partnerships()) {
        if (p.kind != "decentralised_cooperation" || !p.two_sided()) continue;
        const auto& a = atlas.at(p.a.entity_id);
        const auto& b = atlas.at(p.b.entity_id);
        if (a.country == "MA" && b.country == "FR") ++pairs[{a.id, b.id}];
        if (b.country == "MA" && a.country == "FR") ++pairs[{b.id, a.id}];
        for (const auto* e : {&a, &b})
            if (e->country == "MA") ma_parties[e->id].insert(p.id);
    }
    const auto& flows = s.page.overlays.at(0);
    double total = 0;
    for (const auto& f : flows.features) {
        const auto arrow = f.id.find("->");
        ASSERT_NE(arrow, std::string::npos);
        const auto key = std::make_pair(f.id.substr(0, arrow), f.id.substr(arrow + 2));
        ASSERT_TRUE(pairs.count(key)) << f.id;
        EXPECT_DOUBLE_EQ(f.value, pairs[key]);
        total += f.value;
        const auto* ls = std::get_if<geometry::line_string>(&f.geometry);
        ASSERT_TRUE(ls);
        EXPECT_EQ(ls->size(), 2u);
    }
    // Every pair whose two parties have a location is drawn, the others are reported.
    std::size_t located = 0;
    double located_total = 0;
    for (const auto& [k, n] : pairs) {
        const bool a = !std::holds_alternative<std::monostate>(atlas.location(atlas.at(k.first)));
        const bool b = !std::holds_alternative<std::monostate>(atlas.location(atlas.at(k.second)));
        if (a && b) {
            ++located;
            located_total += n;
        }
    }
    EXPECT_EQ(flows.features.size(), located);
    EXPECT_DOUBLE_EQ(total, located_total);
    EXPECT_GT(located, 30u);
    // Circles of the Moroccan frame: one per located Moroccan party, valued by its partnerships.
    const auto& ma_layers = s.page.frames.at(0).layers;
    const auto circles = std::find_if(ma_layers.begin(), ma_layers.end(),
                                      [](const layer& l) { return std::holds_alternative<circle_style>(l.style); });
    ASSERT_NE(circles, ma_layers.end());
    EXPECT_GT(circles->features.size(), 20u);
    for (const auto& f : circles->features) {
        ASSERT_TRUE(ma_parties.count(f.id)) << f.id;
        EXPECT_DOUBLE_EQ(f.value, static_cast<double>(ma_parties[f.id].size()));
    }
    const map_renderer r(s.page);
    EXPECT_EQ(r.report().flows_without_frame, 0u);
}

// The default atlas specs: tests/maps/default_maps_test.cpp.

} // namespace

namespace {

// The examples of docs/maps.md (the README's "Map specs" section) read and render.
std::string yaml_block_after(const std::string& doc, const std::string& heading) {
    const auto h = doc.find(heading);
    if (h == std::string::npos) return {};
    const auto open = doc.find("```yaml\n", h);
    const auto close = doc.find("```", open + 8);
    return doc.substr(open + 8, close - open - 8);
}

TEST(map_spec, the_documented_examples_work) {
    // docs/maps.md, or the README once the section is merged into it.
    const std::filesystem::path root = std::filesystem::path(test::data_dir()).parent_path();
    std::filesystem::path doc_path = root / "docs" / "maps.md";
    if (!std::filesystem::exists(doc_path)) doc_path = root / "README.md";
    std::ifstream in(doc_path);
    ASSERT_TRUE(in) << doc_path;
    std::stringstream buf;
    buf << in.rdbuf();
    const std::string doc = buf.str();
    ASSERT_NE(doc.find("## Map specs"), std::string::npos) << doc_path;
    for (const char* heading : {"### A map in three lines", "### A full example"}) {
        const std::string yaml = yaml_block_after(doc, heading);
        ASSERT_FALSE(yaml.empty()) << heading;
        const map_spec s = parse_map_spec(yaml, test::data_dir(), heading, with_atlas());
        const map_renderer r(s.page);
        EXPECT_FALSE(r.report().frames.empty()) << heading;
        EXPECT_GT(r.report().features_drawn, 10u) << heading;
    }
    const map_spec full =
        parse_map_spec(yaml_block_after(doc, "### A full example"), test::data_dir(), "full", with_atlas());
    EXPECT_DOUBLE_EQ(full.scale, 150.0 / 96.0);
    EXPECT_EQ(full.page.frames.size(), 2u);
    EXPECT_TRUE(full.page.frames[0].locator.show);
    EXPECT_EQ(full.page.credits.back(), "Map: Direction de la coopération");
    // A label joining the French and Arabic names, one script per line.
    const auto& names = full.page.frames[0].layers;
    const auto labels = std::find_if(names.begin(), names.end(), [](const layer& l) { return l.id == "ma-names"; });
    ASSERT_NE(labels, names.end());
    EXPECT_TRUE(std::any_of(labels->features.begin(), labels->features.end(), [](const feature& f) {
        return f.label.find("\n") != std::string::npos; // "Casablanca\nالدار البيضاء"
    }));
}

TEST(map_spec, multilingual_labels_stack_one_script_per_line_unless_inline) {
    const std::string base = "title: t\nlayers:\n  - {id: n, kind: labels, units: {level: region, vintage: \"2015\", "
                             "country: MA}, scripts: \"fr,ar\"";
    auto label_of = [&](const std::string& extra, const std::string& id) {
        const map_spec s = parse_map_spec(base + extra + "}\n", test::data_dir(), "spec.yaml", with_atlas());
        // layers[0] is the default background of countries; the labels layer follows it
        for (const auto& l : s.page.frames[0].layers)
            if (l.id == "n")
                for (const auto& f : l.features)
                    if (f.id == id) return f.label;
        return std::string("(no feature " + id + ")");
    };
    // Oriental: name and name_ar of morocco-map's region 2 (shapefiles/atlas.gpkg)
    EXPECT_EQ(label_of("", "MA:region:2015:02"), "Oriental\n\u0627\u0644\u0634\u0631\u0642\u064A\u0629");
    EXPECT_EQ(label_of(", scripts_join: inline", "MA:region:2015:02"),
              "Oriental \xC2\xB7 \u0627\u0644\u0634\u0631\u0642\u064A\u0629");
    EXPECT_THROW(label_of(", scripts_join: dots", "MA:region:2015:02"), coopatlas::input_error);
}

// min_size: the smallest size a unit's label may shrink to; positive, at most `size`.
TEST(map_spec, label_min_size_is_read_and_checked) {
    const std::string base = "title: t\nlayers:\n  - {id: n, kind: labels, units: {level: region, vintage: \"2015\", "
                             "country: MA}, size: 10";
    auto min_size_of = [&](const std::string& extra) {
        const map_spec s = parse_map_spec(base + extra + "}\n", test::data_dir(), "spec.yaml", with_atlas());
        for (const auto& l : s.page.frames[0].layers)
            if (const auto* ls = std::get_if<label_style>(&l.style)) return ls->min_size;
        return -1.0;
    };
    EXPECT_DOUBLE_EQ(min_size_of(""), 0.0);  // 0: 70 % of the size when drawn
    EXPECT_DOUBLE_EQ(min_size_of(", min_size: 6.5"), 6.5);
    EXPECT_THROW(min_size_of(", min_size: 12"), coopatlas::input_error);  // above size
    EXPECT_THROW(min_size_of(", min_size: 0"), coopatlas::input_error);
    EXPECT_THROW(min_size_of(", min_size: small"), coopatlas::input_error);
}

// Points at lon/lat, named p0, p1, … in a GeoJSON file; returns its folder.
std::string points_at(const std::string& name, const std::vector<std::pair<double, double>>& at) {
    std::string features;
    for (std::size_t i = 0; i < at.size(); ++i) {
        std::ostringstream f;
        f << (i ? ", " : "") << R"({"type": "Feature", "properties": {"name": "p)" << i
          << R"("}, "geometry": {"type": "Point", "coordinates": [)" << at[i].first << ", " << at[i].second << "]}}";
        features += f.str();
    }
    return write_geojson(name, features);
}

TEST(map_spec, the_default_extent_leaves_remote_outliers_out_and_says_so) {
    std::vector<std::pair<double, double>> at;
    for (int i = 0; i < 10; ++i)
        at.emplace_back(3.0 + 0.4 * i, 50.0 + 0.35 * i); // 3–6.6° E, 50–53.15° N
    at.emplace_back(-68.3, 12.2);                             // two islands far away
    at.emplace_back(-63.2, 17.6);
    const std::string dir = points_at("outliers.geojson", at);
    const std::string spec = "layers:\n  - {kind: points, file: outliers.geojson, id_field: name}\n";
    const map_spec s = parse_map_spec(spec, dir, "outliers");
    const frame& f = s.page.frames.at(0);
    ASSERT_FALSE(f.extent.empty());
    EXPECT_FALSE(f.extent_in_crs);
    EXPECT_GT(f.extent.min_x, 2.5);
    EXPECT_LT(f.extent.max_x, 7.0);
    EXPECT_GT(f.extent.min_y, 49.5);
    EXPECT_EQ(f.crs.rfind("+proj=laea +lat_0=51.5", 0), 0u) << f.crs;
    EXPECT_NE(f.crs.find("+lon_0=4.80 "), std::string::npos) << f.crs;
    ASSERT_FALSE(s.notes.empty());
    EXPECT_NE(s.notes.back().find("leaves out 2 feature(s) far from the rest (p10, p11)"), std::string::npos)
        << s.notes.back();

    const map_spec all = parse_map_spec("outliers: include\n" + spec, dir, "outliers-in");
    EXPECT_TRUE(all.page.frames.at(0).extent.empty()); // the renderer takes every feature
    EXPECT_NE(all.notes.back().find("extent includes 2 feature(s)"), std::string::npos);
    EXPECT_THROW((void)parse_map_spec("outliers: some\n" + spec, dir, "outliers-bad"), input_error);
}

TEST(map_spec, a_wide_mid_latitude_band_gets_an_albers_conic_centred_on_it) {
    std::vector<std::pair<double, double>> at;
    for (int i = 0; i <= 10; ++i)
        at.emplace_back(-10.0 + 5.0 * i, 42.0 + (i % 2) * 12.0); // 10° W – 40° E, 42° N – 54° N
    const std::string dir = points_at("band.geojson", at);
    const map_spec s = parse_map_spec("layers:\n  - {kind: points, file: band.geojson, id_field: name}\n", dir, "band");
    const frame& f = s.page.frames.at(0);
    EXPECT_TRUE(f.extent.empty()); // no outlier: the renderer frames the layers as before
    EXPECT_EQ(f.crs,
              "+proj=aea +lat_0=48.00 +lon_0=15.00 +lat_1=44.00 +lat_2=52.00 +x_0=0 +y_0=0 +datum=WGS84 +units=m "
              "+no_defs");
}

TEST(map_spec, the_default_locator_surrounds_the_frame_s_data) {
    std::vector<std::pair<double, double>> at;
    for (int i = 0; i < 10; ++i)
        at.emplace_back(-8.0 + 0.5 * i, 30.0 + 0.4 * (i % 5)); // 8° W – 3.5° W, 30° N – 31.6° N
    const std::string dir = points_at("locator.geojson", at);
    const map_spec s =
        parse_map_spec("locator: true\nlayers:\n  - {kind: points, file: locator.geojson, id_field: name}\n", dir,
                       "locator", with_atlas());
    const frame& f = s.page.frames.at(0);
    ASSERT_TRUE(f.locator.show);
    // At least 20° by 15° around the data's centre (5.75° W, 30.8° N), not Europe and North Africa.
    EXPECT_NEAR(f.locator.extent.center().x, -5.75, 1e-9);
    EXPECT_NEAR(f.locator.extent.center().y, 30.8, 1e-9);
    EXPECT_NEAR(f.locator.extent.max_x - f.locator.extent.min_x, 20.0, 1e-9);
    EXPECT_NEAR(f.locator.extent.max_y - f.locator.extent.min_y, 15.0, 1e-9);
    EXPECT_EQ(f.locator.crs.rfind("+proj=laea +lat_0=30.80 +lon_0=-5.75 ", 0), 0u) << f.locator.crs;
    EXPECT_FALSE(f.locator.land.empty()); // Morocco at least
}

} // namespace

namespace {
// A family no system has; fontconfig substitutes its default for it.
constexpr const char* missing_font_spec = R"yaml(title: Fonts
font: Coopatlas Nonexistent Face 7f3e9c
projection: lonlat
extent: [0, 0, 4, 3]
layers:
  - kind: labels
    font: DejaVu Serif
    features:
      - {point: [3, 1.5], label: "Est"}
)yaml";
} // namespace

TEST(map_spec, a_font_that_is_not_installed_is_a_warning_at_its_key) {
    const map_spec s = parse_map_spec(missing_font_spec, ".", "fonts.yaml");
    ASSERT_EQ(s.warnings.size(), 1u); // DejaVu Serif is installed with the build (fonts-dejavu-core)
    const auto& w = s.warnings.front();
    EXPECT_EQ(w.file, "fonts.yaml");
    EXPECT_EQ(w.line, 2);
    EXPECT_EQ(w.column, 7);
    EXPECT_NE(w.message.find("font 'Coopatlas Nonexistent Face 7f3e9c' (key 'font') is not installed"),
              std::string::npos)
        << w.message;
    EXPECT_NE(w.message.find("is used instead"), std::string::npos) << w.message;
    EXPECT_EQ(s.page.font_family, "Coopatlas Nonexistent Face 7f3e9c"); // Pango still gets the list as written
}

TEST(map_spec, strict_fonts_make_a_missing_font_an_error) {
    spec_options o;
    o.strict_fonts = true;
    try {
        (void)parse_map_spec(missing_font_spec, ".", "fonts.yaml", o);
        FAIL() << "no error";
    } catch (const input_error& e) {
        ASSERT_EQ(e.diagnostics().size(), 1u);
        EXPECT_EQ(e.diagnostics()[0].line, 2);
        EXPECT_NE(e.diagnostics()[0].message.find("is not installed"), std::string::npos);
    }
    // generic names are always there
    std::string generic = missing_font_spec;
    generic.replace(generic.find("Coopatlas Nonexistent Face 7f3e9c"), 33, "sans-serif");
    EXPECT_TRUE(parse_map_spec(generic, ".", "generic.yaml", o).warnings.empty());
}
