// The same loading code that reads the embedded France/Morocco data reads any
// other countries' units: here Belgium and the Netherlands from Natural Earth.
#include <coopatlas/error.hpp>
#include <coopatlas/geometry/geodesic.hpp>
#include <coopatlas/io/atlas_manifest.hpp>
#include <coopatlas/io/entity_layer.hpp>
#include <coopatlas/model/atlas.hpp>

#include "test_support.hpp"

#include <gtest/gtest.h>

namespace ci = coopatlas::io;
namespace cm = coopatlas::model;
using coopatlas::test::fixture;
using coopatlas::test::write_temp;

namespace {
ci::layer_spec benelux_provinces() {
    ci::layer_spec spec;
    spec.path = fixture("benelux.gpkg");
    spec.layer = "states_provinces";
    spec.level.constant = "province";
    spec.country.field = "iso_a2";
    spec.code.field = "name";
    spec.name.field = "name";
    spec.alt_names.field = "gn_name";
    spec.id_template = "{country}:{level}:{code}";
    return spec;
}
} // namespace

TEST(entity_layer, reads_two_other_countries_through_a_mapping) {
    const auto entities = ci::read_entity_layer(benelux_provinces());
    std::map<std::string, int> per_country;
    for (const auto& e : entities) {
        ++per_country[e.country];
        EXPECT_EQ(e.level, "province");
        EXPECT_EQ(e.rank, 2);
    }
    EXPECT_EQ(per_country["BE"], 11);
    EXPECT_EQ(per_country["NL"], 15);  // 12 provinces + Bonaire, Saba, St. Eustatius
}

TEST(entity_layer, attribute_filter_and_constants) {
    auto spec = benelux_provinces();
    spec.where = "adm0_a3 = 'BEL'";
    spec.vintage.constant = "2024";
    const auto entities = ci::read_entity_layer(spec);
    EXPECT_EQ(entities.size(), 11u);
    for (const auto& e : entities) EXPECT_EQ(e.vintage, "2024");
}

TEST(entity_layer, other_countries_get_the_same_matching_and_hierarchy) {
    cm::atlas atlas;
    ci::layer_spec countries;
    countries.path = fixture("benelux.gpkg");
    countries.layer = "countries";
    countries.level.constant = "country";
    countries.country.field = "iso_a2";
    countries.code.field = "iso_a2";
    countries.name.field = "NAME";
    countries.id_template = "{country}:{level}:{code}";
    for (auto& e : ci::read_entity_layer(countries)) atlas.add(std::move(e));
    for (auto& e : ci::read_entity_layer(benelux_provinces())) atlas.add(std::move(e));
    // Limburg is a province of both countries
    try {
        (void)atlas.resolve("limburg");
        FAIL() << "Limburg should be ambiguous";
    } catch (const coopatlas::ambiguous_name_error& e) {
        EXPECT_EQ(e.candidate_ids().size(), 2u);
    }
    EXPECT_EQ(atlas.resolve("Limburg", {.country = "NL"}).id, "NL:province:Limburg");
    // provinces get their country by overlap, a point its province and country
    cm::entity brussels;
    brussels.id = "BE:place:brussels";
    brussels.level = "place";
    brussels.name = "Bruxelles";
    brussels.country = "BE";
    brussels.geometry = coopatlas::geometry::point{4.35, 50.85};
    atlas.add(std::move(brussels));
    atlas.place_by_geometry();
    std::vector<std::string> ids;
    for (const auto* p : atlas.ancestors(atlas.at("BE:place:brussels"))) ids.push_back(p->id);
    EXPECT_NE(std::find(ids.begin(), ids.end(), "BE:province:Brussels"), ids.end());
    EXPECT_NE(std::find(ids.begin(), ids.end(), "BE:country:BE"), ids.end());
    // and geodesic areas: Belgium is 30 689 km² (Statbel); the generalised outline within 3 %
    const auto& belgium = atlas.at("BE:country:BE");
    const double km2 = coopatlas::geometry::geodesic_area(std::get<coopatlas::geometry::multi_polygon>(belgium.geometry)) / 1e6;
    EXPECT_NEAR(km2, 30689, 30689 * 0.03);
}

TEST(entity_layer, missing_id_field_without_template_is_explained) {
    auto spec = benelux_provinces();
    spec.id_template.clear();
    try {
        (void)ci::read_entity_layer(spec);
        FAIL() << "no exception";
    } catch (const coopatlas::input_error& e) {
        EXPECT_NE(std::string(e.what()).find("no id field 'id'"), std::string::npos) << e.what();
        EXPECT_NE(e.diagnostics()[0].suggestion.find("id template"), std::string::npos);
    }
}

TEST(entity_layer, unknown_layer_lists_the_layers) {
    auto spec = benelux_provinces();
    spec.layer = "provinces";
    try {
        (void)ci::read_entity_layer(spec);
        FAIL() << "no exception";
    } catch (const coopatlas::input_error& e) {
        EXPECT_NE(e.diagnostics()[0].suggestion.find("states_provinces"), std::string::npos);
    }
}

TEST(entity_layer, csv_points_with_a_bad_coordinate_name_the_line) {
    const auto path = write_temp("points.csv", "id,level,name,lon,lat\nX:place:1,place,Alpha,1.5,2.5\nX:place:2,place,Beta,east,2\n");
    ci::layer_spec spec;
    spec.path = path;
    spec.x_field = "lon";
    spec.y_field = "lat";
    try {
        (void)ci::read_entity_layer(spec);
        FAIL() << "no exception";
    } catch (const coopatlas::input_error& e) {
        EXPECT_EQ(e.diagnostics()[0].line, 3);
        EXPECT_NE(e.diagnostics()[0].message.find("'east'"), std::string::npos);
    }
}

TEST(entity_layer, disputed_is_a_flag_in_any_case_and_anything_else_is_an_error) {
    const std::string header = "id,level,name,disputed,lon,lat\n";
    ci::layer_spec spec;
    spec.path = write_temp("flags.csv", header + "X:place:1,place,Alpha,YES,1,2\nX:place:2,place,Beta,No,1,2\n"
                                                 "X:place:3,place,Gamma,,1,2\nX:place:4,place,Delta,On,1,2\n");
    spec.x_field = "lon";
    spec.y_field = "lat";
    const auto entities = ci::read_entity_layer(spec);
    ASSERT_EQ(entities.size(), 4u);
    EXPECT_TRUE(entities[0].disputed);
    EXPECT_FALSE(entities[1].disputed);
    EXPECT_FALSE(entities[2].disputed);  // empty: not disputed
    EXPECT_TRUE(entities[3].disputed);

    spec.path = write_temp("maybe.csv", header + "X:place:1,place,Alpha,maybe,1,2\n");
    try {
        (void)ci::read_entity_layer(spec);
        FAIL() << "'maybe' was read as not disputed";
    } catch (const coopatlas::input_error& e) {
        EXPECT_EQ(e.diagnostics()[0].line, 2);
        EXPECT_EQ(e.diagnostics()[0].field, "disputed");
        EXPECT_EQ(e.diagnostics()[0].message, "feature 'X:place:1', field 'disputed': 'maybe' is not true or false");
    }
}

TEST(entity_layer, a_population_with_a_decimal_comma_suggests_the_dot) {
    ci::layer_spec spec;
    spec.path = write_temp("population.csv", "id,level,name,population,lon,lat\nX:place:1,place,Alpha,\"12,5\",1,2\n");
    spec.x_field = "lon";
    spec.y_field = "lat";
    try {
        (void)ci::read_entity_layer(spec);
        FAIL() << "'12,5' was read as a population";
    } catch (const coopatlas::input_error& e) {
        EXPECT_EQ(e.diagnostics()[0].field, "population");
        EXPECT_EQ(e.diagnostics()[0].suggestion, "write the decimal separator as a dot: 12.5");
    }
}

TEST(manifest, reads_layers_constants_and_mappings) {
    const auto path = write_temp("benelux.yaml",
                                 "title: Benelux\nlayers:\n  - file: " + fixture("benelux.gpkg") +
                                     "\n    layer: states_provinces\n    level: province\n"
                                     "    id_template: \"{country}:{level}:{code}\"\n"
                                     "    fields: {country: iso_a2, code: name, name: name}\n");
    const auto m = ci::read_manifest(path);
    EXPECT_EQ(m.title, "Benelux");
    ASSERT_EQ(m.layers.size(), 1u);
    const auto atlas = ci::load_atlas(m);
    EXPECT_EQ(atlas.size(), 26u);
}

TEST(manifest, unknown_key_is_reported_with_its_line_and_a_suggestion) {
    const auto path = write_temp("typo.yaml", "layers:\n  - file: x.gpkg\n    leyer: countries\n");
    try {
        (void)ci::read_manifest(path);
        FAIL() << "no exception";
    } catch (const coopatlas::input_error& e) {
        EXPECT_EQ(e.diagnostics()[0].line, 3);
        EXPECT_EQ(e.diagnostics()[0].suggestion, "did you mean 'layer'?");
    }
}

TEST(manifest, resolution_prefer_sets_the_atlas_rule) {
    const auto path = write_temp("prefer.yaml", "title: Benelux\nlayers:\n  - file: " + fixture("benelux.gpkg") +
                                                    "\n    layer: states_provinces\n    level: province\n"
                                                    "    id_template: \"{country}:{level}:{code}\"\n"
                                                    "    fields: {country: iso_a2, code: name, name: name}\n"
                                                    "resolution: {prefer: none}\n");
    const auto m = ci::read_manifest(path);
    EXPECT_EQ(m.prefer, cm::prefer_unit::none);
    EXPECT_EQ(ci::load_atlas(m).prefer(), cm::prefer_unit::none);
    EXPECT_EQ(ci::read_manifest(write_temp("default.yaml", "title: x\n")).prefer, cm::prefer_unit::municipality);
}

TEST(manifest, a_base_gives_its_resolution_rule_unless_the_manifest_has_its_own) {
    const auto base = write_temp("prefer_base.yaml", "title: base\nresolution: {prefer: larger_unit}\n");
    EXPECT_EQ(ci::read_manifest(write_temp("prefer_inherits.yaml", "base: " + base + "\n")).prefer,
              cm::prefer_unit::larger_unit);
    const auto overrides = write_temp("prefer_overrides.yaml", "base: " + base + "\nresolution: {prefer: none}\n");
    EXPECT_EQ(ci::read_manifest(overrides).prefer, cm::prefer_unit::none);
}

TEST(manifest, a_bad_resolution_rule_is_reported_with_its_line) {
    const auto path = write_temp("bad_prefer.yaml", "title: x\nresolution:\n  prefer: city\n");
    try {
        (void)ci::read_manifest(path);
        FAIL() << "no exception";
    } catch (const coopatlas::input_error& e) {
        EXPECT_EQ(e.diagnostics()[0].line, 3);
        EXPECT_EQ(e.diagnostics()[0].message, "resolution.prefer must be municipality, larger_unit or none");
    }
    try {
        (void)ci::read_manifest(write_temp("bad_key.yaml", "title: x\nresolution: {prefre: none}\n"));
        FAIL() << "no exception";
    } catch (const coopatlas::input_error& e) {
        EXPECT_EQ(e.diagnostics()[0].suggestion, "did you mean 'prefer'?");
    }
}

TEST(manifest, a_rank_that_is_not_a_whole_number_is_reported_with_its_line) {
    const auto path = write_temp("rank.yaml", "layers:\n  - file: x.gpkg\n    rank: two\n");
    try {
        (void)ci::read_manifest(path);
        FAIL() << "no exception";
    } catch (const coopatlas::input_error& e) {
        EXPECT_EQ(e.diagnostics()[0].line, 3);
        EXPECT_EQ(e.diagnostics()[0].message, "'rank' must be a whole number (0 or more), not 'two'");
    }
}
