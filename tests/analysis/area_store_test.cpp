// Unit areas kept between runs in the atlas cache folder: a polygon measured once gets
// the kept area back, found by its coordinates; a polygon changed by one vertex, a damaged
// file or a cache turned off never gets it.

#include "analysis/area_store.hpp"
#include "partition_atlas.hpp"
#include "test_support.hpp"

#include <coopatlas/analysis/coverage.hpp>
#include <coopatlas/geometry/geodesic.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace coopatlas::analysis::detail {
namespace {

namespace fs = std::filesystem;

bool near_rel(double actual, double expected, double rel) { return std::abs(actual - expected) <= rel * expected; }

constexpr int cells = 6;
constexpr int per_edge = 1000;  // 6 cells of 4,001 vertices: enough to be kept

class area_store : public ::testing::Test {
  protected:
    void SetUp() override {
        at = cell_atlas(0);
    }
    // The cells; `nudge` moves a vertex in the middle of cell 0's bottom edge along it, by
    // that many degrees.
    static model::atlas cell_atlas(double nudge) {
        model::atlas out;
        for (int i = 0; i < cells; ++i) {
            auto e = test::make("ZZ:cell:" + std::to_string(i), "cell", "Cell " + std::to_string(i), "ZZ");
            auto poly = test::dense_cell(i, i % 3, per_edge);
            if (i == 0) poly.front().outer[per_edge / 2].x += nudge;
            e.geometry = std::move(poly);
            out.add(std::move(e));
        }
        return out;
    }
    std::vector<fs::path> files() const {
        std::vector<fs::path> out;
        for (const auto& f : fs::directory_iterator(folder))
            if (f.path().extension() == ".areas") out.push_back(f.path());
        return out;
    }
    std::vector<double> areas() const {
        std::vector<double> out;
        for (const auto& r : coverage(at, {}, {"cell", "", "ZZ"}).rows)
            out.push_back(r.area_km2);
        return out;
    }
    // Keeps `km2` for cell 0's polygon, as if an earlier run had measured it so.
    void plant(double km2) const {
        stored_areas kept = read_stored_areas();
        const auto& poly = std::get<geometry::multi_polygon>(at.at("ZZ:cell:0").geometry);
        kept[key_of(poly)] = unit_area{km2, false};
        store_areas(kept);
    }
    void expect_closed_form(const std::vector<double>& got) const {
        ASSERT_EQ(got.size(), static_cast<std::size_t>(cells));
        for (int i = 0; i < cells; ++i)
            EXPECT_TRUE(near_rel(got[i], test::cell_area_km2(1, i % 3, i % 3 + 1), 2e-6)) << "cell " << i << ": " << got[i];
    }
    test::scoped_cache_folder cache{"areas"};
    const fs::path folder{cache.path()};
    model::atlas at;
};

TEST_F(area_store, areas_measured_once_are_kept_and_read_back_by_polygon) {
    expect_closed_form(areas());
    ASSERT_EQ(files().size(), 1u);
    EXPECT_EQ(read_stored_areas().size(), static_cast<std::size_t>(cells));
    plant(4242.5);  // a value no polygon here has: only the store can give it
    const auto got = areas();
    EXPECT_EQ(got[0], 4242.5);
    for (int i = 1; i < cells; ++i)
        EXPECT_TRUE(near_rel(got[i], test::cell_area_km2(1, i % 3, i % 3 + 1), 2e-6)) << "cell " << i;
}

TEST_F(area_store, a_polygon_changed_by_one_vertex_is_measured_again) {
    (void)areas();
    plant(4242.5);
    // a vertex in the middle of the bottom edge moves 1e-9 degree along it: the same
    // area to a part in a billion, another polygon
    at = cell_atlas(1e-9);
    expect_closed_form(areas());
}

TEST_F(area_store, a_damaged_file_is_not_read) {
    (void)areas();
    plant(4242.5);
    const auto kept = files();
    ASSERT_EQ(kept.size(), 1u);
    {
        std::fstream f(kept.front(), std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(-3, std::ios::end);
        f.put('\x5a');
    }
    EXPECT_TRUE(read_stored_areas().empty());
    expect_closed_form(areas());
}

TEST_F(area_store, nothing_is_kept_with_the_cache_off) {
    ::setenv("COOPATLAS_CACHE", "off", 1);
    expect_closed_form(areas());
    EXPECT_TRUE(files().empty());
    EXPECT_TRUE(read_stored_areas().empty());
}

TEST(area_store_key, names_the_coordinates_and_where_each_ring_ends) {
    const geometry::ring outer{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}};
    const geometry::ring hole{{1, 1}, {1, 2}, {2, 2}, {2, 1}, {1, 1}};
    const geometry::multi_polygon with_hole{geometry::polygon{outer, {hole}}};
    EXPECT_EQ(key_of(with_hole), key_of(geometry::multi_polygon{geometry::polygon{outer, {hole}}}));
    EXPECT_EQ(key_of(with_hole).vertices, 10u);
    // the same ten points as two parts, or as one ring: other polygons, other keys
    const geometry::multi_polygon two_parts{geometry::polygon{outer, {}}, geometry::polygon{hole, {}}};
    geometry::ring joined = outer;
    joined.insert(joined.end(), hole.begin(), hole.end());
    const geometry::multi_polygon one_ring{geometry::polygon{joined, {}}};
    EXPECT_NE(key_of(with_hole).first, key_of(two_parts).first);
    EXPECT_NE(key_of(with_hole).second, key_of(two_parts).second);
    EXPECT_NE(key_of(with_hole).first, key_of(one_ring).first);
    EXPECT_NE(key_of(with_hole).second, key_of(one_ring).second);
}

} // namespace
} // namespace coopatlas::analysis::detail
