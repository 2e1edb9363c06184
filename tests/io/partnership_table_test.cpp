#include <coopatlas/error.hpp>
#include <coopatlas/io/partnership_table.hpp>

#include "small_atlas.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace ci = coopatlas::io;
using coopatlas::test::write_temp;

namespace {
const char* header = "id,kind,party_a,party_a_id,party_b,party_b_id,year,themes,count,source,note\n";

ci::partnership_table read(const std::string& name, const std::string& body) {
    static const auto atlas = coopatlas::test::small_atlas();
    return ci::read_partnership_table(write_temp(name, body), atlas);
}
} // namespace

TEST(partnership_table, resolves_names_written_any_way) {
    const auto t = read("good.csv", std::string(header) +
                                        "P1,decentralised_cooperation,VILLE DE FES,,NANTES METROPOLE,,2009,water|planning,1,seed,\n"
                                        "P2,convention,Meknès - Tafilalet,,,,2005,,3,seed,one-sided\n"
                                        "P3,convention,Province de Figuig,,Fez,,,,,seed,\n");
    ASSERT_TRUE(t.ok()) << t.problems.front().to_string();
    ASSERT_EQ(t.partnerships.size(), 3u);
    EXPECT_EQ(t.partnerships[0].a.entity_id, "MA:commune:fes");
    EXPECT_EQ(t.partnerships[0].b.entity_id, "FR:epci:244400404");
    EXPECT_EQ(*t.partnerships[0].year, 2009);
    EXPECT_EQ(t.partnerships[0].themes.size(), 2u);
    EXPECT_FALSE(t.partnerships[1].two_sided());
    EXPECT_DOUBLE_EQ(t.partnerships[1].count, 3);
    EXPECT_EQ(t.partnerships[2].a.entity_id, "MA:province:FIG");
    EXPECT_FALSE(t.partnerships[2].year.has_value());
    EXPECT_EQ(t.partnerships[2].line, 4);
}

TEST(partnership_table, unknown_party_names_line_column_and_suggests) {
    const auto t = read("unknown.csv", std::string(header) + "P1,convention,Fez,,Nantes Métropole,,,,,seed,\n"
                                                             "P2,convention,Fess,,Nantes Métropole,,,,,seed,\n");
    ASSERT_EQ(t.problems.size(), 1u);
    const auto& d = t.problems[0];
    EXPECT_EQ(d.line, 3);
    EXPECT_EQ(d.column, 15);
    EXPECT_EQ(d.field, "party_a");
    EXPECT_EQ(d.message, "unknown party_a 'Fess'");
    EXPECT_NE(d.suggestion.find("'Fès' (commune, MA, MA:commune:fes)"), std::string::npos) << d.suggestion;
    EXPECT_EQ(t.partnerships.size(), 1u);
}

TEST(partnership_table, unknown_id_is_reported_with_the_id_that_the_words_give) {
    const auto t = read("badid.csv", std::string(header) + "P1,convention,Fez,MA:commune:fez,Nantes Métropole,,,,,seed,\n");
    ASSERT_EQ(t.problems.size(), 1u);
    EXPECT_EQ(t.problems[0].message, "unknown party_a id 'MA:commune:fez'");
    EXPECT_NE(t.problems[0].suggestion.find("MA:commune:fes"), std::string::npos);
}

TEST(partnership_table, duplicate_id_points_to_the_first) {
    const auto t = read("dup.csv", std::string(header) + "P1,convention,Fez,,,,,,,seed,\n"
                                                         "P1,convention,Fez,,,,,,,seed,\n");
    ASSERT_EQ(t.problems.size(), 1u);
    EXPECT_EQ(t.problems[0].line, 3);
    EXPECT_EQ(t.problems[0].column, 1);
    EXPECT_EQ(t.problems[0].message, "duplicate id 'P1' (first on line 2)");
}

TEST(partnership_table, year_with_a_letter_o_suggests_the_digits) {
    const auto t = read("year.csv", std::string(header) + "P1,convention,Fez,,,,20O9,,,seed,\n");
    ASSERT_EQ(t.problems.size(), 1u);
    EXPECT_EQ(t.problems[0].message, "year '20O9' is not a 4-digit year");
    EXPECT_EQ(t.problems[0].suggestion, "did you mean 2009?");
    EXPECT_EQ(t.problems[0].field, "year");
    EXPECT_EQ(t.problems[0].column, 22);
}

TEST(partnership_table, count_is_a_plain_number) {
    const auto t = read("count.csv", std::string(header) + "P1,convention,Fez,,,,,,\"1,5\",seed,\n"
                                                           "P2,convention,Fez,,,,,,+2,seed,\n");
    ASSERT_EQ(t.problems.size(), 1u);
    EXPECT_EQ(t.problems[0].line, 2);
    EXPECT_EQ(t.problems[0].field, "count");
    EXPECT_EQ(t.problems[0].message, "count '1,5' is not a number");
    EXPECT_EQ(t.problems[0].suggestion, "write the decimal separator as a dot: 1.5");
    ASSERT_EQ(t.partnerships.size(), 1u);
    EXPECT_DOUBLE_EQ(t.partnerships[0].count, 2);
}

TEST(partnership_table, missing_column_is_named_with_its_near_miss) {
    const auto t = read("missing.csv", "id,kind,party_a,party_b,yaer,source\nP1,convention,Fès,,2009,seed\n");
    ASSERT_EQ(t.problems.size(), 1u);
    EXPECT_EQ(t.problems[0].line, 1);
    EXPECT_EQ(t.problems[0].message, "missing column 'year'");
    EXPECT_EQ(t.problems[0].suggestion, "is 'yaer' meant to be 'year'?");
    EXPECT_TRUE(t.partnerships.empty());
}

TEST(partnership_table, ambiguous_party_lists_candidates) {
    // one unit in two vintages and no year to choose
    const auto t = read("ambiguous.csv", std::string(header) + "P1,convention,Oriental,,,,,,,seed,\n");
    ASSERT_EQ(t.problems.size(), 1u);
    EXPECT_NE(t.problems[0].message.find("MA:region:2009:04"), std::string::npos);
    EXPECT_NE(t.problems[0].message.find("MA:region:2015:02"), std::string::npos);
}

TEST(partnership_table, latin1_file_throws_before_reading_rows) {
    const auto atlas = coopatlas::test::small_atlas();
    const auto path = write_temp("latin1_p.csv", std::string(header) + "P1,convention,F\xE8s,,,,,,,seed,\n");
    EXPECT_THROW((void)ci::read_partnership_table(path, atlas), coopatlas::input_error);
    try {
        (void)ci::load_partnerships(path, atlas);
    } catch (const coopatlas::input_error& e) {
        EXPECT_EQ(e.diagnostics()[0].line, 2);
        EXPECT_NE(std::string(e.what()).find("latin1_p.csv:2:16"), std::string::npos) << e.what();
    }
}

TEST(partnership_table, load_throws_every_problem_at_once) {
    const auto atlas = coopatlas::test::small_atlas();
    const auto path = write_temp("many.csv", std::string(header) + "P1,convention,Fess,,,,20O9,,,seed,\n"
                                                                   "P1,,Fez,,,,,,,,\n");
    try {
        (void)ci::load_partnerships(path, atlas);
        FAIL() << "no exception";
    } catch (const coopatlas::input_error& e) {
        EXPECT_EQ(e.diagnostics().size(), 5u) << e.what();  // year, party, duplicate, kind, source
    }
}

TEST(partnership_table, hint_columns_qualifiers_and_ids_in_the_name_column) {
    const auto t = read("hints.csv",
                        "id,kind,party_a,party_a_level,party_a_country,party_b,party_b_level,year,source\n"
                        "P1,convention,Figuig,province,,MA:commune:fes,,,seed\n"
                        "P2,convention,Figuig (province),,MA,Fez,commune,,seed\n"
                        "P3,convention,Figuig,provnce,,,,,seed\n");
    ASSERT_EQ(t.problems.size(), 1u);
    EXPECT_EQ(t.problems[0].field, "party_a_level");
    EXPECT_EQ(t.problems[0].line, 4);
    ASSERT_EQ(t.partnerships.size(), 2u);
    EXPECT_EQ(t.partnerships[0].a.entity_id, "MA:province:FIG");
    EXPECT_EQ(t.partnerships[0].b.entity_id, "MA:commune:fes");
    EXPECT_EQ(t.partnerships[1].a.entity_id, "MA:province:FIG");
    ASSERT_EQ(t.rows.size(), 3u);
    EXPECT_EQ(t.rows[0].a.rules.front(), coopatlas::model::resolution_rule::name);
    EXPECT_EQ(t.rows[0].b.rules.front(), coopatlas::model::resolution_rule::exact_id);
    EXPECT_EQ(t.rows[2].problems.size(), 1u);
    EXPECT_TRUE(t.columns_ok);
}

TEST(partnership_table, every_choice_of_a_rule_is_a_note_kept_on_the_partnership) {
    const auto t = read("notes.csv", std::string(header) + "P1,convention,Figuig,,Fez,,,,,seed,\n"
                                                           "P2,convention,Oriental,,,,2013,,,seed,\n");
    ASSERT_TRUE(t.ok()) << t.problems.front().to_string();
    ASSERT_EQ(t.notes.size(), 2u);
    EXPECT_EQ(t.notes[0].line, 2);
    EXPECT_EQ(t.notes[0].field, "party_a");
    EXPECT_NE(t.notes[0].message.find("note: 'Figuig' names a commune and a province"), std::string::npos)
        << t.notes[0].message;
    EXPECT_EQ(t.partnerships[0].a.entity_id, "MA:commune:figuig");
    ASSERT_EQ(t.partnerships[0].a.notes.size(), 1u);
    EXPECT_TRUE(t.partnerships[0].b.notes.empty());
    EXPECT_EQ(t.partnerships[1].a.entity_id, "MA:region:2009:04");
    EXPECT_EQ(t.partnerships[1].a.notes.front(), "'Oriental': the 2009 vintage, in force in 2013 (MA:region:2009:04)");
}

TEST(partnership_table, the_rule_can_be_given_for_one_table) {
    const auto atlas = coopatlas::test::small_atlas();
    const auto path = write_temp("prefer.csv", std::string(header) + "P1,convention,Figuig,,Fez,,,,,seed,\n");
    const auto none = ci::read_partnership_table(path, atlas, coopatlas::model::prefer_unit::none);
    ASSERT_EQ(none.problems.size(), 1u);
    EXPECT_NE(none.problems[0].message.find("ambiguous party_a 'Figuig'"), std::string::npos);
    const auto larger = ci::read_partnership_table(path, atlas, coopatlas::model::prefer_unit::larger_unit);
    ASSERT_TRUE(larger.ok());
    EXPECT_EQ(larger.partnerships[0].a.entity_id, "MA:province:FIG");
}

TEST(partnership_table, hint_columns_are_partnership_columns_and_read_through_a_mapping) {
    const auto columns = ci::partnership_columns();
    for (const char* hint : {"party_a_level", "party_a_country", "party_b_level", "party_b_country"})
        EXPECT_NE(std::find(columns.begin(), columns.end(), hint), columns.end()) << hint;
    const auto atlas = coopatlas::test::small_atlas();
    ci::table_source source;
    source.path = write_temp("mapped_hints.csv", "N;Type;Collectivité;Niveau;Partenaire;Année;Source\n"
                                                 "P1;convention;Figuig;province;Fez;;seed\n");
    source.columns = {{"id", "N"},
                      {"kind", "Type"},
                      {"party_a", "Collectivité"},
                      {"party_a_level", "Niveau"},
                      {"party_b", "Partenaire"},
                      {"year", "Année"},
                      {"source", "Source"}};
    const auto t = ci::read_partnership_table(source, atlas);
    ASSERT_TRUE(t.ok()) << t.problems.front().to_string();
    EXPECT_EQ(t.partnerships[0].a.entity_id, "MA:province:FIG");
    EXPECT_EQ(t.rows[0].a.rules.back(), coopatlas::model::resolution_rule::hint);
}

TEST(partnership_table, notes_and_row_problems_of_a_sheet_name_their_column_by_letter) {
    const auto atlas = coopatlas::test::small_atlas();
    auto table = ci::parse_csv(std::string(header) + "P1,convention,Figuig,,Fez,,,,,seed,\n"
                                                     "P2,convention,Fess,,,,,,,seed,\n",
                               "book.xlsx[Feuil1]");
    table.spreadsheet = true;
    const auto t = ci::read_partnership_table(table, atlas);
    ASSERT_EQ(t.notes.size(), 1u);
    EXPECT_TRUE(t.notes[0].column_letters);
    ASSERT_EQ(t.rows.size(), 2u);
    ASSERT_EQ(t.rows[1].problems.size(), 1u);
    EXPECT_TRUE(t.rows[1].problems[0].column_letters);
    EXPECT_TRUE(t.problems[0].column_letters);
}
