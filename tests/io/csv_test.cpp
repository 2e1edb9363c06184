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
        EXPECT_NE(d.suggestion.find("iconv -f latin1 -t utf-8"), std::string::npos);
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
