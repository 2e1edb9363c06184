// What render_book reports besides its pages: the atlas it loaded, for a caller to keep or
// query, and none when the caller gave one.

#include "test_support.hpp"

#include <coopatlas/render/book.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace coopatlas::test {
namespace {

namespace fs = std::filesystem;

// A book of one table (regions of 2015 and their partnerships), over the embedded data.
std::string table_book() {
    return write_temp("book_report_book.yaml", "title: Regions\ndata: " + data_dir() +
                                                   "\ntables:\n  - {coverage: {level: region, vintage: \"2015\", "
                                                   "zone: MA}, output: regions.csv}\n");
}

// Rows of units in a coverage table (the others are its header and totals).
std::size_t unit_rows(const fs::path& file) {
    std::ifstream in(file);
    std::size_t n = 0;
    for (std::string line; std::getline(in, line);)
        if (line.rfind("unit,", 0) == 0) ++n;
    return n;
}

TEST(book_report, gives_the_atlas_the_book_loaded) {
    const std::string spec = table_book();
    render::book_options o;
    o.tables_dir = (fs::path(spec).parent_path() / "book_report_loaded").string();
    const auto report = render::render_book(spec, o);
    ASSERT_NE(report.atlas, nullptr);
    // the twelve regions of 2015 (DOMAIN.md), a row each
    EXPECT_EQ(unit_rows(fs::path(o.tables_dir) / "regions.csv"), 12u);
    EXPECT_NE(report.atlas->find("MA:region:2015:01"), nullptr);
    EXPECT_EQ(report.atlas->partnerships().size(), embedded_atlas().partnerships().size());
}

TEST(book_report, gives_no_atlas_when_the_caller_gave_one) {
    const std::string spec = table_book();
    render::book_options o;
    o.atlas = &embedded_atlas();
    o.tables_dir = (fs::path(spec).parent_path() / "book_report_given").string();
    const auto report = render::render_book(spec, o);
    EXPECT_EQ(report.atlas, nullptr);
    EXPECT_EQ(unit_rows(fs::path(o.tables_dir) / "regions.csv"), 12u);
}

} // namespace
} // namespace coopatlas::test
