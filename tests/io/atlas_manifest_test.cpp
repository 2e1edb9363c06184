// Manifest mistakes are input errors at the manifest's line and column, with a suggestion;
// the manifests point at Natural Earth's Benelux provinces (tests/fixtures/benelux.gpkg).
#include <coopatlas/error.hpp>
#include <coopatlas/io/atlas_manifest.hpp>

#include "test_support.hpp"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

namespace ci = coopatlas::io;
using coopatlas::test::fixture;
using coopatlas::test::write_temp;

namespace {

// A manifest whose single layer gets `extra` lines (indented by four spaces) after line 4.
std::string manifest(const std::string& name, const std::string& extra, const std::string& tail = {}) {
    return write_temp(name, "title: Benelux\n"
                            "layers:\n"
                            "  - file: " + fixture("benelux.gpkg") + "\n"
                            "    layer: states_provinces\n" + extra + tail);
}

const std::string good_mapping = "    level: province\n"
                                 "    id_template: \"{country}:{level}:{code}\"\n"
                                 "    fields: {country: iso_a2, code: name, name: name}\n";

// The one problem of loading the manifest, checking that GDAL printed nothing of its own.
coopatlas::diagnostic load_problem(const std::string& path) {
    testing::internal::CaptureStderr();
    try {
        (void)ci::load_atlas(path);
    } catch (const coopatlas::input_error& e) {
        EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
        EXPECT_EQ(e.diagnostics().size(), 1u);
        return e.diagnostics().at(0);
    }
    testing::internal::GetCapturedStderr();
    ADD_FAILURE() << "no exception";
    return {};
}

} // namespace

TEST(atlas_manifest, a_where_gdal_rejects_is_reported_at_its_line_with_gdal_s_message) {
    const auto path = manifest("bad_where.yaml", good_mapping + "    where: \"adm0_a3 IN ('BEL',\"\n");
    const auto d = load_problem(path);
    EXPECT_EQ(d.file, path);
    EXPECT_EQ(d.line, 8);
    EXPECT_EQ(d.column, 12);
    EXPECT_NE(d.message.find("invalid where \"adm0_a3 IN ('BEL',\" on benelux.gpkg (layer states_provinces)"),
              std::string::npos) << d.message;
    EXPECT_NE(d.suggestion.find("'adm0_a3'"), std::string::npos) << d.suggestion;
}

TEST(atlas_manifest, a_where_on_an_unknown_field_is_an_error_not_an_empty_layer) {
    const auto d = load_problem(manifest("where_field.yaml", good_mapping + "    where: \"nope = 1\"\n"));
    EXPECT_EQ(d.line, 8);
    EXPECT_NE(d.message.find("nope = 1"), std::string::npos);
}

TEST(atlas_manifest, an_unknown_placeholder_lists_the_known_ones) {
    const auto d = load_problem(manifest("placeholder.yaml", "    level: province\n"
                                                             "    id_template: \"{country}:{level}:{cod}\"\n"
                                                             "    fields: {country: iso_a2, code: name}\n"));
    EXPECT_EQ(d.line, 6);
    EXPECT_EQ(d.column, 18);
    EXPECT_NE(d.message.find("unknown placeholder {cod}"), std::string::npos) << d.message;
    EXPECT_EQ(d.suggestion, "did you mean {code}? known placeholders: {country}, {level}, {vintage}, {code}");
}

TEST(atlas_manifest, a_mapped_field_the_layer_lacks_lists_its_fields_nearest_first) {
    const auto d = load_problem(manifest("field.yaml", "    level: province\n"
                                                       "    id_template: \"{country}:{level}:{code}\"\n"
                                                       "    fields: {country: iso_a2, code: name, name: NAME_X}\n"));
    EXPECT_EQ(d.line, 7);
    EXPECT_EQ(d.field, "fields.name");
    EXPECT_NE(d.message.find("has no field 'NAME_X' (mapped to name)"), std::string::npos) << d.message;
    EXPECT_EQ(d.suggestion.rfind("its fields, nearest first: 'name', ", 0), 0u) << d.suggestion;
}

TEST(atlas_manifest, an_empty_id_part_names_the_feature_and_the_empty_field) {
    // Natural Earth gives no FIPS code to most Belgian provinces
    const auto d = load_problem(manifest("empty_code.yaml", "    level: province\n"
                                                            "    id_template: \"{country}:{level}:{code}\"\n"
                                                            "    fields: {country: iso_a2, code: fips}\n"));
    EXPECT_EQ(d.line, 6);
    EXPECT_NE(d.message.find("gives an empty {code} for feature "), std::string::npos) << d.message;
    EXPECT_NE(d.message.find("field 'fips' is empty"), std::string::npos) << d.message;
}

TEST(atlas_manifest, values_of_the_wrong_type_say_which_type_is_expected) {
    struct bad {
        std::string yaml;
        long line;
        std::string message;
    };
    const bad cases[] = {
        {"title: Benelux\nlayers: 5\n", 2, "'layers' must be a list of layers (maps with 'file'), not '5'"},
        {"title: [a, b]\n", 1, "'title' must be text, not a list"},
        {"layers:\n  - file: x.gpkg\n    rank: abc\n", 3, "'rank' must be a whole number (0 or more), not 'abc'"},
        {"layers:\n  - file: x.gpkg\n    fields: [name]\n", 3, "'fields' must be a map of attributes to field names, not a list"},
        {"layers:\n  - file: x.gpkg\n    list_separator: \"\"\n", 3, "'list_separator' must be one character, not ''"},
        {"layers:\n  - file: {a: b}\n", 2, "'file' must be text, not a map"},
        {"partnerships:\n  - {file: p.csv, encoding: ebcdic}\n", 2, "unknown encoding 'ebcdic'"},
        {"partnerships:\n  - {file: p.csv, separator: \"|\"}\n", 2, "unknown separator '|'"},
        {"partnerships:\n  - {file: p.csv, columns: {party_c: X}}\n", 2, "unknown column 'party_c' in columns"},
        {"title: x\nresolution: [municipality]\n", 2,
         "'resolution' must be a map of rules such as {prefer: municipality}, not a list"},
        {"resolution:\n  prefer: [none]\n", 2, "'resolution.prefer' must be text, not a list"},
    };
    for (const auto& c : cases) {
        const auto path = write_temp("typed.yaml", c.yaml);
        try {
            (void)ci::read_manifest(path);
            ADD_FAILURE() << "no exception for " << c.yaml;
        } catch (const coopatlas::input_error& e) {
            EXPECT_EQ(e.diagnostics()[0].line, c.line) << c.yaml;
            EXPECT_EQ(e.diagnostics()[0].message, c.message) << c.yaml;
        }
    }
}

TEST(atlas_manifest, unknown_keys_are_reported_with_the_nearest_known_key) {
    const std::pair<std::string, std::string> cases[] = {
        {"title: x\npartnership: p.csv\n", "did you mean 'partnerships'?"},
        {"partnerships:\n  - {file: p.csv, encodng: cp1252}\n", "did you mean 'encoding'?"},
        {"title: x\nresolutoin: {prefer: none}\n", "did you mean 'resolution'?"},
    };
    for (const auto& [yaml, suggestion] : cases) {
        try {
            (void)ci::read_manifest(write_temp("keys.yaml", yaml));
            ADD_FAILURE() << "no exception for " << yaml;
        } catch (const coopatlas::input_error& e) {
            EXPECT_EQ(e.diagnostics()[0].line, 2) << yaml;
            EXPECT_EQ(e.diagnostics()[0].suggestion, suggestion) << yaml;
        }
    }
}

TEST(atlas_manifest, table_entries_carry_their_reading_options) {
    const auto path = write_temp("tables.yaml", "partnerships:\n"
                                                "  - plain.csv\n"
                                                "  - file: partenariats.csv\n"
                                                "    separator: \";\"\n"
                                                "    encoding: cp1252\n"
                                                "    columns: {party_a: \"Collectivité marocaine\", year: Année}\n"
                                                "  - {file: partenariats.xlsx, sheet: Feuil2}\n"
                                                "  - partenariats.ods[Feuil1]\n");
    const auto m = ci::read_manifest(path);
    ASSERT_EQ(m.partnership_tables.size(), 4u);
    EXPECT_EQ(m.partnership_tables[1].csv.separator, ';');
    EXPECT_EQ(m.partnership_tables[1].csv.encoding, ci::text_encoding::windows_1252);
    ASSERT_EQ(m.partnership_tables[1].columns.size(), 2u);
    EXPECT_EQ(m.partnership_tables[1].columns[0].second, "Collectivité marocaine");
    EXPECT_EQ(m.partnership_tables[2].sheet, "Feuil2");
    EXPECT_EQ(m.partnership_tables[3].sheet, "Feuil1");
    EXPECT_EQ(m.partnership_tables[0].csv.separator, '\0');  // detected
}

TEST(atlas_manifest, a_base_brings_its_layers_aliases_and_credits_but_not_its_partnerships) {
    const auto base = manifest("base.yaml", good_mapping, "partnerships: base_partnerships.csv\ncredits: [Natural Earth]\n");
    const auto own = write_temp("own.yaml", "base: " + base + "\npartnerships: mine.csv\ncredits: [Mine]\n");
    const auto m = ci::read_manifest(own);
    EXPECT_EQ(m.title, "Benelux");
    ASSERT_EQ(m.layers.size(), 1u);
    ASSERT_EQ(m.partnership_tables.size(), 1u);
    EXPECT_NE(m.partnership_tables[0].path.find("mine.csv"), std::string::npos);
    EXPECT_EQ(m.credits, (std::vector<std::string>{"Natural Earth", "Mine"}));
    EXPECT_EQ(m.bases, std::vector<std::string>{base});
    const auto self = write_temp("self.yaml", "base: self.yaml\n");
    EXPECT_THROW((void)ci::read_manifest(self), coopatlas::input_error);
}

TEST(atlas_manifest, a_manifest_with_its_own_partnerships_drops_the_base_partnership_credits) {
    const auto base = manifest("credited_base.yaml", good_mapping,
                               "partnerships: base_partnerships.csv\ncredits: [Natural Earth]\n"
                               "partnership_credits: [\"Partnerships: the base's documents\"]\n");
    const auto b = ci::read_manifest(base);
    EXPECT_EQ(b.credits, (std::vector<std::string>{"Natural Earth", "Partnerships: the base's documents"}));
    EXPECT_EQ(b.partnership_credits, std::vector<std::string>{"Partnerships: the base's documents"});
    const auto own = write_temp("credited_own.yaml", "base: " + base +
                                                         "\npartnerships: mine.csv\npartnership_credits: [Mine]\n");
    const auto m = ci::read_manifest(own);
    EXPECT_EQ(m.credits, (std::vector<std::string>{"Natural Earth", "Mine"}));
    EXPECT_EQ(m.partnership_credits, std::vector<std::string>{"Mine"});
}

TEST(atlas_manifest, base_embedded_keeps_the_data_credits_and_not_the_embedded_partnership_credit) {
    // the embedded manifest's own lists, read as plain YAML
    const YAML::Node embedded = YAML::LoadFile(ci::default_manifest());
    const auto data_credits = embedded["credits"].as<std::vector<std::string>>();
    const auto partnership_credits = embedded["partnership_credits"].as<std::vector<std::string>>();
    ASSERT_EQ(partnership_credits.size(), 1u);
    EXPECT_EQ(partnership_credits[0].rfind("Partnerships:", 0), 0u);
    const auto own = write_temp("on_embedded.yaml", "base: embedded\npartnerships: mine.csv\n"
                                                    "credits: [\"Partnerships: SYNTHETIC\"]\n");
    auto expected = data_credits;
    expected.push_back("Partnerships: SYNTHETIC");
    EXPECT_EQ(ci::read_manifest(own).credits, expected);
}

TEST(atlas_manifest, parent_ids_that_loop_are_an_error_naming_the_ids_and_the_layer) {
    // a -> b -> c -> a, and d its own parent; e -> a is outside the loop
    const auto table = write_temp("cycle_entities.csv", "id,country,level,name,parent_ids,lon,lat\n"
                                                        "XX:region:a,XX,region,Alpha,XX:region:b,1.0,1.0\n"
                                                        "XX:region:b,XX,region,Beta,XX:region:c,1.1,1.1\n"
                                                        "XX:region:c,XX,region,Gamma,XX:region:a,1.2,1.2\n"
                                                        "XX:region:d,XX,region,Delta,XX:region:d,1.3,1.3\n"
                                                        "XX:region:e,XX,region,Epsilon,XX:region:a,1.4,1.4\n");
    const auto path = write_temp("cycle.yaml", "layers:\n  - {file: " + table + ", x: lon, y: lat}\n");
    try {
        (void)ci::load_atlas(path);
        FAIL() << "no exception";
    } catch (const coopatlas::input_error& e) {
        ASSERT_EQ(e.diagnostics().size(), 2u);
        const auto& loop = e.diagnostics()[0];
        EXPECT_NE(loop.file.find("cycle_entities.csv"), std::string::npos) << loop.file;
        EXPECT_EQ(loop.field, "parent_ids");
        EXPECT_EQ(loop.message, "parent_ids form a cycle: 'XX:region:a' \xE2\x86\x92 'XX:region:b' \xE2\x86\x92 "
                                "'XX:region:c' \xE2\x86\x92 'XX:region:a'");
        EXPECT_EQ(e.diagnostics()[1].message, "entity 'XX:region:d' names itself as its parent in parent_ids");
    }
    // a hierarchy without a loop loads
    const auto tree =
        write_temp("tree_entities.csv", "id,country,level,name,parent_ids,lon,lat\n"
                                        "XX:region:a,XX,region,Alpha,,1.0,1.0\n"
                                        "XX:province:b,XX,province,Beta,XX:region:a,1.1,1.1\n"
                                        "XX:commune:c,XX,commune,Gamma,XX:province:b|XX:region:a,1.2,1.2\n");
    const auto ok = ci::load_atlas(write_temp("tree.yaml", "layers:\n  - {file: " + tree + ", x: lon, y: lat}\n"));
    EXPECT_EQ(ok.size(), 3u);
}
