#include <coopatlas/error.hpp>
#include <coopatlas/io/partnership_table.hpp>
#include <coopatlas/io/table_source.hpp>

#include "small_atlas.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

namespace ci = coopatlas::io;
using coopatlas::test::write_temp;

namespace {
// A French CSV export: ";", Windows-1252, French headers ("Fès" is 46 E8 73).
const char* french_export = "N\xB0;Type;Collectivit\xE9 marocaine;Collectivit\xE9 fran\xE7" "aise;Ann\xE9" "e;Source\r\n"
                            "1;decentralised_cooperation;Ville de F\xE8s;Nantes M\xE9tropole;2009;seed\r\n"
                            "2;convention;Province de Figuig;;;seed\r\n";

ci::table_source french_source(const std::string& path) {
    ci::table_source s;
    s.path = path;
    s.csv.encoding = ci::text_encoding::windows_1252;
    s.columns = {{"id", "N°"},
                 {"kind", "Type"},
                 {"party_a", "Collectivité marocaine"},
                 {"party_b", "Collectivité française"},
                 {"year", "Année"},
                 {"source", "Source"}};
    return s;
}
} // namespace

TEST(table_source, a_french_export_reads_through_its_column_mapping) {
    const auto source = french_source(write_temp("partenariats.csv", french_export));
    const auto table = ci::read_table(source);
    EXPECT_EQ(table.separator, ';');
    EXPECT_TRUE(table.column("party_a").has_value());
    EXPECT_EQ(table.header[*table.column("party_a")].column, 9);  // still where it is in the file
    static const auto atlas = coopatlas::test::small_atlas();
    const auto t = ci::read_partnership_table(source, atlas);
    ASSERT_TRUE(t.ok()) << t.problems.front().to_string();
    ASSERT_EQ(t.partnerships.size(), 2u);
    EXPECT_EQ(t.partnerships[0].a.entity_id, "MA:commune:fes");
    EXPECT_EQ(t.partnerships[0].b.entity_id, "FR:epci:244400404");
    EXPECT_EQ(t.partnerships[1].a.entity_id, "MA:province:FIG");
}

TEST(table_source, a_mapped_column_missing_names_the_file_and_lists_its_headers_nearest_first) {
    auto source = french_source(write_temp("partenariats_missing.csv", french_export));
    source.columns[4].second = "Anné de signature";
    source.columns[5].second = "Document";
    try {
        (void)ci::read_table(source);
        FAIL() << "no exception";
    } catch (const coopatlas::input_error& e) {
        ASSERT_EQ(e.diagnostics().size(), 2u);  // every missing column at once
        const auto& d = e.diagnostics()[0];
        EXPECT_EQ(d.file, source.path);
        EXPECT_EQ(d.line, 1);
        EXPECT_EQ(d.field, "year");
        EXPECT_EQ(d.message, "no column 'Anné de signature' (mapped to year) in the header");
        EXPECT_EQ(d.suggestion.rfind("the header has 'Année', ", 0), 0u) << d.suggestion;
    }
}

TEST(table_source, headers_match_without_regard_to_case_and_accents_when_unambiguous) {
    auto source = french_source(write_temp("partenariats_case.csv", french_export));
    source.columns[4].second = "ANNEE";
    EXPECT_TRUE(ci::read_table(source).column("year").has_value());
}

TEST(table_source, a_sheet_named_for_a_csv_file_is_an_error) {
    ci::table_source source;
    source.path = write_temp("plain.csv", "id\n1\n");
    source.sheet = "Feuil1";
    EXPECT_THROW((void)ci::read_table(source), coopatlas::input_error);
    // brackets name a sheet only for spreadsheets
    EXPECT_EQ(ci::parse_table_name("notes[1].csv").path, "notes[1].csv");
    EXPECT_EQ(ci::parse_table_name("t.ods[Feuil 2]").sheet, "Feuil 2");
}
