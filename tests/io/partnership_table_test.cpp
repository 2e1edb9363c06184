#include <coopatlas/error.hpp>
#include <coopatlas/io/partnership_table.hpp>

#include "small_atlas.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

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
    EXPECT_NE(d.suggestion.find("'Fès' (commune, MA)"), std::string::npos) << d.suggestion;
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
    const auto t = read("ambiguous.csv", std::string(header) + "P1,convention,Figuig,,,,,,,seed,\n");
    ASSERT_EQ(t.problems.size(), 1u);
    EXPECT_NE(t.problems[0].message.find("MA:commune:figuig"), std::string::npos);
    EXPECT_NE(t.problems[0].message.find("MA:province:FIG"), std::string::npos);
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
