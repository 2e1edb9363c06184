#include <coopatlas/error.hpp>
#include <coopatlas/io/csv.hpp>

#include "test_support.hpp"

#include <gtest/gtest.h>

namespace ci = coopatlas::io;

TEST(csv, reads_quotes_and_keeps_positions) {
    const auto t = ci::parse_csv("id,name,note\n1,\"Fès, médina\",\"say \"\"hi\"\"\"\n2,Oujda,\"two\nlines\"\n3,Tata,\n",
                                 "x.csv");
    ASSERT_EQ(t.header.size(), 3u);
    ASSERT_EQ(t.records.size(), 3u);
    EXPECT_EQ(t.records[0].fields[1].value, "Fès, médina");
    EXPECT_EQ(t.records[0].fields[2].value, "say \"hi\"");
    EXPECT_EQ(t.records[1].fields[2].value, "two\nlines");
    EXPECT_EQ(t.records[2].line, 5);  // the quoted newline moved it down
    EXPECT_EQ(t.records[2].fields[1].column, 3);
    EXPECT_EQ(t.column("note").value(), 2u);
    EXPECT_FALSE(t.column("year").has_value());
}

TEST(csv, accepts_crlf_and_a_byte_order_mark) {
    const auto t = ci::parse_csv("\xEF\xBB\xBFid,name\r\n1,Agde\r\n", "x.csv");
    EXPECT_EQ(t.header[0].value, "id");
    ASSERT_EQ(t.records.size(), 1u);
    EXPECT_EQ(t.records[0].fields[1].value, "Agde");
}

TEST(csv, latin1_file_is_refused_with_line_column_and_a_fix) {
    const auto path = coopatlas::test::write_temp("latin1.csv", "id,name\n1,Agde\n2,F\xE8s\n");
    try {
        (void)ci::read_csv(path);
        FAIL() << "no exception";
    } catch (const coopatlas::input_error& e) {
        ASSERT_EQ(e.diagnostics().size(), 1u);
        const auto& d = e.diagnostics()[0];
        EXPECT_EQ(d.line, 3);
        EXPECT_EQ(d.column, 4);
        EXPECT_NE(d.message.find("not UTF-8"), std::string::npos);
        EXPECT_NE(d.suggestion.find("--encoding windows-1252"), std::string::npos);
        EXPECT_NE(d.suggestion.find("iconv -f WINDOWS-1252 -t UTF-8"), std::string::npos);
    }
}

TEST(csv, separator_is_detected_from_the_header_outside_quotes) {
    EXPECT_EQ(ci::detect_separator("id,name,year\n1;2;3;4;5\n"), ',');
    EXPECT_EQ(ci::detect_separator("N°;Collectivité;Année\n"), ';');
    EXPECT_EQ(ci::detect_separator("id\tname\tyear"), '\t');
    EXPECT_EQ(ci::detect_separator("\"a,b,c\";\"d,e\";f\n"), ';');     // commas inside quotes do not count
    EXPECT_EQ(ci::detect_separator("\"say \"\"x;y\"\"\",z\n"), ',');  // nor do doubled quotes
    EXPECT_EQ(ci::detect_separator("single\n"), ',');
    const auto t = ci::parse_csv("id;name;note\n1;\"Fès; médina\";x,y\n", "s.csv");
    EXPECT_EQ(t.separator, ';');
    ASSERT_EQ(t.records[0].fields.size(), 3u);
    EXPECT_EQ(t.records[0].fields[1].value, "Fès; médina");
    EXPECT_EQ(t.records[0].fields[2].value, "x,y");
    EXPECT_EQ(t.records[0].fields[2].column, 17);  // characters, not bytes
}

TEST(csv, a_given_separator_overrides_detection) {
    const auto t = ci::parse_csv("a;b,c\n1;2,3\n", "o.csv", ',');
    ASSERT_EQ(t.header.size(), 2u);
    EXPECT_EQ(t.header[0].value, "a;b");
    EXPECT_EQ(ci::parse_separator(";"), ';');
    EXPECT_EQ(ci::parse_separator("tab"), '\t');
    EXPECT_EQ(ci::parse_separator("\t"), '\t');
    EXPECT_EQ(ci::parse_separator("auto"), '\0');
    EXPECT_FALSE(ci::parse_separator("|").has_value());
}

TEST(csv, windows_1252_semicolon_export_is_read_as_utf8) {
    // "Fès" in Windows-1252 is 46 E8 73; the header as a French spreadsheet writes it
    const auto path = coopatlas::test::write_temp("export.csv", "N\xB0;Collectivit\xE9 marocaine;Ann\xE9" "e\r\n"
                                                                "1;F\xE8s;2005\r\n");
    ci::csv_options options;
    options.encoding = ci::text_encoding::windows_1252;
    const auto t = ci::read_csv(path, options);
    EXPECT_EQ(t.separator, ';');
    EXPECT_EQ(t.header[0].value, "N°");
    EXPECT_EQ(t.header[1].value, "Collectivité marocaine");
    ASSERT_EQ(t.records.size(), 1u);
    EXPECT_EQ(t.records[0].fields[1].value, "Fès");
    EXPECT_EQ(t.records[0].fields[2].column, 7);
}

TEST(csv, a_nul_byte_is_an_error_at_its_line_and_column) {
    try {
        (void)ci::parse_csv(std::string("id,name\n1,Ag\0de\n", 16), "nul.csv");
        FAIL() << "no exception";
    } catch (const coopatlas::input_error& e) {
        EXPECT_EQ(e.diagnostics()[0].line, 2);
        EXPECT_EQ(e.diagnostics()[0].column, 5);
        EXPECT_NE(e.diagnostics()[0].message.find("NUL"), std::string::npos);
    }
}

TEST(csv, unterminated_quote_names_where_it_opened) {
    try {
        (void)ci::parse_csv("id,name\n1,\"Agde\n2,Tata\n", "q.csv");
        FAIL() << "no exception";
    } catch (const coopatlas::input_error& e) {
        EXPECT_EQ(e.diagnostics()[0].line, 2);
        EXPECT_EQ(e.diagnostics()[0].column, 3);
    }
}

TEST(csv, escape_quotes_only_when_needed) {
    EXPECT_EQ(ci::csv_escape("Agde"), "Agde");
    EXPECT_EQ(ci::csv_escape("Fès, médina"), "\"Fès, médina\"");
    EXPECT_EQ(ci::csv_escape("a\"b"), "\"a\"\"b\"");
}

TEST(csv, formula_triggers_are_neutralised_and_plain_numbers_kept) {
    // the OWASP triggers, each turned into text by a leading single quote
    EXPECT_EQ(ci::csv_neutralise("=HYPERLINK(\"http://x\",\"y\")"), "'=HYPERLINK(\"http://x\",\"y\")");
    EXPECT_EQ(ci::csv_neutralise("+cmd|' /C calc'!A0"), "'+cmd|' /C calc'!A0");
    EXPECT_EQ(ci::csv_neutralise("-2+3"), "'-2+3");
    EXPECT_EQ(ci::csv_neutralise("@SUM(A1:A2)"), "'@SUM(A1:A2)");
    EXPECT_EQ(ci::csv_neutralise("\t=1"), "'\t=1");
    EXPECT_EQ(ci::csv_neutralise("\r=1"), "'\r=1");
    EXPECT_EQ(ci::csv_neutralise("--"), "'--");
    EXPECT_EQ(ci::csv_neutralise("-3.5 "), "'-3.5 "); // a spreadsheet would not read it as the number
    // plain numbers, and text not starting with a trigger, stay as they are
    for (const char* kept : {"-3.5", "+2", "-1e3", "-.5", "-", "+", "Fès", "a=b", " =1", "", "'=already"})
        EXPECT_EQ(ci::csv_neutralise(kept), kept) << kept;
    EXPECT_FALSE(ci::csv_formula_risk("-42"));
    EXPECT_TRUE(ci::csv_formula_risk("-nan"));
}
