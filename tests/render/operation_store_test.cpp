// PROJ operations kept between runs in the atlas cache folder: what is read back gives the
// numbers of the database search; a damaged or foreign line is never used; nothing is kept
// with the cache off.

#include "render/operation_store.hpp"
#include "test_support.hpp"

#include <coopatlas/geometry/projection.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <unistd.h>

namespace coopatlas::render::detail {
namespace {

namespace fs = std::filesystem;

const std::string lonlat = "EPSG:4326";
const std::string lambert93 = "EPSG:2154";

class operation_store : public ::testing::Test {
  protected:
    void SetUp() override { reload_kept_operations(); }
    void TearDown() override {
        cache.reset();
        reload_kept_operations();
    }
    std::optional<test::scoped_cache_folder> cache{std::in_place, "operations"};
    const fs::path folder{cache->path()};
    std::string file_text() const {
        std::ifstream in(folder / "proj-operations.tsv");
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }
};

TEST_F(operation_store, an_operation_kept_reads_back_to_the_numbers_of_the_search) {
    const geometry::projection_context context;
    const geometry::projection searched(lonlat, lambert93, context);
    EXPECT_FALSE(kept_operation(lonlat, lambert93).has_value());
    keep_operation(searched, context);
    EXPECT_NE(file_text().find("\tEPSG:4326\tEPSG:2154\t+proj=pipeline"), std::string::npos) << file_text();

    reload_kept_operations();  // as the next run reads the file
    const auto kept = kept_operation(lonlat, lambert93);
    ASSERT_TRUE(kept.has_value());
    const auto read_back = geometry::projection::with_pipeline(lonlat, lambert93, *kept, context);
    for (const geometry::point p : {geometry::point{2.3522, 48.8566}, geometry::point{-4.486, 48.390},
                                    geometry::point{7.262, 43.710}, geometry::point{-7.6, 33.6}}) {
        EXPECT_EQ(read_back.forward(p).x, searched.forward(p).x);
        EXPECT_EQ(read_back.forward(p).y, searched.forward(p).y);
    }
    // Paris in Lambert-93 (IGN): about 652 km east, 6,862 km north
    const geometry::point paris = read_back.forward({2.3522, 48.8566});
    EXPECT_NEAR(paris.x, 652000, 2000);
    EXPECT_NEAR(paris.y, 6862000, 2000);
}

TEST_F(operation_store, a_damaged_or_foreign_line_is_never_used) {
    {
        std::ofstream out(folder / "proj-operations.tsv");
        out << "Rel. 0.0.1 another PROJ\tEPSG:4326\tEPSG:2154\t+proj=pipeline +step +proj=merc\n"  // other PROJ
            << "garbage without tabs\n"
            << "\tEPSG:4326\tEPSG:3857\n";  // cut short
    }
    reload_kept_operations();
    EXPECT_FALSE(kept_operation(lonlat, lambert93).has_value());
    EXPECT_FALSE(kept_operation(lonlat, "EPSG:3857").has_value());
    // and keeping one rewrites the file with well-formed lines of this PROJ only
    const geometry::projection_context context;
    keep_operation(geometry::projection(lonlat, lambert93, context), context);
    reload_kept_operations();
    EXPECT_TRUE(kept_operation(lonlat, lambert93).has_value());
    EXPECT_EQ(file_text().find("garbage"), std::string::npos);
}

TEST_F(operation_store, nothing_is_kept_with_the_cache_off) {
    ::setenv("COOPATLAS_CACHE", "off", 1);
    reload_kept_operations();
    const geometry::projection_context context;
    keep_operation(geometry::projection(lonlat, lambert93, context), context);
    EXPECT_FALSE(kept_operation(lonlat, lambert93).has_value());
    EXPECT_FALSE(fs::exists(folder / "proj-operations.tsv"));
}

} // namespace
} // namespace coopatlas::render::detail
