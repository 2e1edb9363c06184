#include <coopatlas/error.hpp>
#include <coopatlas/io/point_table.hpp>

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <random>

namespace cio = coopatlas::io;

TEST(point_table, reads_default_columns_bom_crlf_and_blank_lines) {
    const auto path = coopatlas::test::write_temp("pt_basic.csv",
                                                  "\xEF\xBB\xBFid,Lat,LON,name\r\n1,34.0331,-5.0003,F\xC3\xA8s\r\n\r\n"
                                                  "2,+48.8566,2.3522,Paris\r\n3,-1e-3,1.5E2,x");
    const auto t = cio::read_point_table(path);
    ASSERT_EQ(t.points.size(), 3u);
    EXPECT_EQ(t.x_column, "LON");
    EXPECT_EQ(t.y_column, "Lat");
    EXPECT_DOUBLE_EQ(t.points[0].x, -5.0003);
    EXPECT_DOUBLE_EQ(t.points[0].y, 34.0331);
    EXPECT_DOUBLE_EQ(t.points[1].y, 48.8566);
    EXPECT_DOUBLE_EQ(t.points[2].x, 150.0);
    EXPECT_DOUBLE_EQ(t.points[2].y, -0.001);
    EXPECT_TRUE(t.weights.empty());
}

// The header's line break is not part of its last name: "lon,lat\r\n" has a column "lat".
TEST(point_table, crlf_header_ending_with_a_default_column) {
    const auto path = coopatlas::test::write_temp("pt_crlf_last.csv", "lon,lat\r\n-5.0003,34.0331\r\n2.3522,48.8566\r\n");
    const auto t = cio::read_point_table(path);
    ASSERT_EQ(t.points.size(), 2u);
    EXPECT_EQ(t.y_column, "lat");
    EXPECT_DOUBLE_EQ(t.points[1].y, 48.8566);
    const auto spaced = coopatlas::test::write_temp("pt_spaced_names.csv", "lon , lat \n1,2\n");
    const auto u = cio::read_point_table(spaced);
    EXPECT_EQ(u.x_column, "lon");
    EXPECT_EQ(u.y_column, "lat");
}

TEST(point_table, quoted_fields_and_weights) {
    const auto path = coopatlas::test::write_temp(
        "pt_quoted.csv", "name,x,y,w\n\"Rabat, Salé\",-6.8,34.0,2\n\"a \"\"b\"\"\nc\",1,2,\"0.5\"\n");
    cio::point_table_options o;
    o.weight_column = "w";
    const auto t = cio::read_point_table(path, o);
    ASSERT_EQ(t.points.size(), 2u);
    EXPECT_DOUBLE_EQ(t.points[0].x, -6.8);
    EXPECT_DOUBLE_EQ(t.points[1].y, 2.0);
    EXPECT_EQ(t.weights, (std::vector<double>{2.0, 0.5}));
}

TEST(point_table, reports_the_line_and_column_of_a_bad_number) {
    const auto path = coopatlas::test::write_temp("pt_bad.csv", "lon,lat\n1,2\n3,4\n5,abc\n");
    try {
        (void)cio::read_point_table(path);
        FAIL() << "no error";
    } catch (const coopatlas::input_error& e) {
        ASSERT_EQ(e.diagnostics().size(), 1u);
        EXPECT_EQ(e.diagnostics()[0].line, 4);
        EXPECT_EQ(e.diagnostics()[0].column, 3);
        EXPECT_EQ(e.diagnostics()[0].field, "lat");
    }
    const auto short_row = coopatlas::test::write_temp("pt_short.csv", "lon,lat\n1,2\n3\n");
    EXPECT_THROW((void)cio::read_point_table(short_row), coopatlas::input_error);
    const auto no_col = coopatlas::test::write_temp("pt_nocol.csv", "a,b\n1,2\n");
    EXPECT_THROW((void)cio::read_point_table(no_col), coopatlas::input_error);
    const auto inf = coopatlas::test::write_temp("pt_inf.csv", "lon,lat\n1,inf\n");
    EXPECT_THROW((void)cio::read_point_table(inf), coopatlas::input_error);
}

TEST(point_table, a_coordinate_with_a_unit_says_to_leave_it_out) {
    const auto path = coopatlas::test::write_temp("pt_unit.csv", "lon,lat\n1,2\n3,4.5 km\n");
    try {
        (void)cio::read_point_table(path);
        FAIL() << "no error";
    } catch (const coopatlas::input_error& e) {
        ASSERT_EQ(e.diagnostics().size(), 1u);
        EXPECT_EQ(e.diagnostics()[0].line, 3);
        EXPECT_EQ(e.diagnostics()[0].message, "'4.5 km' is not a number");
        EXPECT_EQ(e.diagnostics()[0].suggestion, "leave out the unit: write a plain number such as 4.5");
    }
}

TEST(point_table, threads_split_a_large_file_without_changing_it) {
    // over 1 MiB so that the reader splits it between threads
    std::mt19937_64 rng(5);
    std::uniform_real_distribution<double> u(-180, 180);
    std::string text = "lon,lat\n";
    std::vector<std::pair<double, double>> expected;
    char buf[64];
    while (text.size() < (3u << 20)) {
        const double x = u(rng), y = u(rng) / 2;
        std::snprintf(buf, sizeof buf, "%.6f,%.6f\n", x, y);
        text += buf;
        double px = 0, py = 0;
        std::sscanf(buf, "%lf,%lf", &px, &py);
        expected.emplace_back(px, py);
    }
    const auto path = coopatlas::test::write_temp("pt_large.csv", text);
    cio::point_table_options o;
    o.threads = 3;
    const auto t = cio::read_point_table(path, o);
    ASSERT_EQ(t.points.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        ASSERT_EQ(t.points[i].x, expected[i].first) << i;
        ASSERT_EQ(t.points[i].y, expected[i].second) << i;
    }
}
