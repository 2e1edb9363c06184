// Projected rings kept between runs in the atlas cache folder: the next run of the same
// projection reads them back with PROJ's numbers; another projection, a damaged file or a
// cache turned off never gives them; the files keep to a budget of their own.

#include "render/projected_rings.hpp"
#include "io/snapshot_file.hpp"
#include "render/ring_store.hpp"
#include "ring_circles.hpp"
#include "test_support.hpp"

#include <coopatlas/geometry/projection.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>
#include <vector>

namespace coopatlas::render::detail {
namespace {

namespace fs = std::filesystem;

constexpr const char* wgs84 = "EPSG:4326";
constexpr const char* around_paris = "+proj=aeqd +lat_0=48.8566 +lon_0=2.3522 +datum=WGS84 +units=m +no_defs";
constexpr const char* around_rabat = "+proj=aeqd +lat_0=34.0209 +lon_0=-6.8416 +datum=WGS84 +units=m +no_defs";

class ring_store : public ::testing::Test {
  protected:
    void SetUp() override {
        // 50 rings of 501 vertices: more than a call keeps in the cache folder
        for (int i = 0; i < 50; ++i)
            world.push_back(circle(-170 + 6.5 * i, -60 + 2.2 * i, 500));
        for (const auto& r : world)
            all.push_back(&r);
        static_assert(50 * 501 >= projected_rings::worth_storing);
    }
    std::vector<fs::path> files(const std::string& extension) const {
        std::vector<fs::path> out;
        for (const auto& f : fs::directory_iterator(folder))
            if (f.path().extension() == extension) out.push_back(f.path());
        return out;
    }
    // The rings of `which` (every `step`-th vertex) as `p` gives them one by one, through `rings`.
    static void expect_projected_by(const geometry::projection& p, projected_rings& rings,
                                    const std::vector<const geometry::ring*>& which, std::size_t step = 1) {
        for (const geometry::ring* r : which) {
            const geometry::ring& got = rings.forward(*r);
            ASSERT_EQ(got.size(), r->size());
            for (std::size_t i = 0; i < r->size(); i += step) {
                const geometry::point want = p.forward((*r)[i]);
                ASSERT_EQ(got[i].x, want.x) << "vertex " << i;
                ASSERT_EQ(got[i].y, want.y) << "vertex " << i;
            }
        }
    }
    // An earlier run: the world's rings projected around Paris, as a map would. Returns how
    // many it read from the cache folder.
    std::size_t earlier_run() const {
        const geometry::projection p(wgs84, around_paris);
        projected_rings first(p);
        first.project_all(all);
        return first.rings_read_from_cache();
    }
    test::scoped_cache_folder cache{"rings"};
    const fs::path folder{cache.path()};
    std::vector<geometry::ring> world;
    std::vector<const geometry::ring*> all;
};

TEST_F(ring_store, the_next_run_of_a_projection_reads_its_rings_back_with_the_numbers_of_proj) {
    EXPECT_EQ(earlier_run(), 0u);
    EXPECT_EQ(files(".rings").size(), 1u);
    const geometry::projection again(wgs84, around_paris);  // as the next run makes it
    projected_rings next(again);
    next.project_all(all);
    EXPECT_EQ(next.rings_read_from_cache(), world.size());
    expect_projected_by(again, next, all);
}

TEST_F(ring_store, a_projection_with_another_centre_reads_none_of_them) {
    earlier_run();
    const geometry::projection other(wgs84, around_rabat);
    projected_rings rings(other);
    rings.project_all(all);
    EXPECT_EQ(rings.rings_read_from_cache(), 0u);
    expect_projected_by(other, rings, all);
    EXPECT_EQ(files(".rings").size(), 2u);  // each projection has its own file
}

TEST_F(ring_store, another_map_in_the_same_projection_keeps_a_file_of_its_own) {
    earlier_run();
    const geometry::projection p(wgs84, around_paris);
    // another map: the same projection, half of the rings and others
    std::vector<geometry::ring> others;
    for (int i = 0; i < 25; ++i)
        others.push_back(circle(-100 + 7.5 * i, 10 + 1.5 * i, 1000));
    std::vector<const geometry::ring*> second_map(all.begin(), all.begin() + 25);
    for (const auto& r : others)
        second_map.push_back(&r);
    {
        projected_rings second(p);
        second.project_all(second_map);
        EXPECT_EQ(second.rings_read_from_cache(), 0u);  // not the first map's file
        expect_projected_by(p, second, second_map, 97);
    }
    EXPECT_EQ(files(".rings").size(), 2u);
    // each map reads back its own, and only its own
    projected_rings again_first(p), again_second(p);
    again_first.project_all(all);
    again_second.project_all(second_map);
    EXPECT_EQ(again_first.rings_read_from_cache(), world.size());
    EXPECT_EQ(again_second.rings_read_from_cache(), second_map.size());
    expect_projected_by(p, again_first, all);
}

TEST_F(ring_store, a_damaged_file_is_not_read) {
    earlier_run();
    const auto kept = files(".rings");
    ASSERT_EQ(kept.size(), 1u);
    {
        // one byte of a projected number changed, far from the header
        std::fstream f(kept.front(), std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(static_cast<std::streamoff>(fs::file_size(kept.front()) / 2));
        f.put('\x5a');
    }
    const geometry::projection again(wgs84, around_paris);
    projected_rings next(again);
    next.project_all(all);
    EXPECT_EQ(next.rings_read_from_cache(), 0u);
    expect_projected_by(again, next, all);
}

TEST_F(ring_store, few_rings_and_a_cache_turned_off_keep_nothing) {
    const geometry::projection p(wgs84, around_paris);
    {
        projected_rings few(p);
        few.project_all({all.begin(), all.begin() + 10});  // 5,010 vertices
    }
    EXPECT_TRUE(files(".rings").empty());
    ::setenv("COOPATLAS_CACHE", "off", 1);
    {
        projected_rings rings(p);
        rings.project_all(all);
        expect_projected_by(p, rings, all);
    }
    EXPECT_TRUE(files(".rings").empty());
}

TEST_F(ring_store, ring_files_keep_to_their_own_budget_and_never_push_an_atlas_out) {
    for (int i = 0; i < 30; ++i) {
        const fs::path old = folder / ("old" + std::to_string(i) + ".atlas");
        std::ofstream(old) << "x";
        fs::last_write_time(old, fs::file_time_type::clock::now() - std::chrono::hours(100 + i));
    }
    const std::pair<const geometry::ring*, const geometry::ring*> pair{all.front(), all.front()};
    const geometry::projection p(wgs84, around_paris);
    // as many maps as the budget keeps, and three more: the three first are pushed out
    const std::size_t maps = io::detail::derived_files_kept + 3;
    for (std::size_t set = 0; set < maps; ++set) {
        store_rings(p, set, {pair});
        if (set < 3) {
            // written earlier than the others, to the file system's clock
            for (const auto& f : files(".rings"))
                fs::last_write_time(f, fs::file_time_type::clock::now() - std::chrono::hours(1));
        }
    }
    EXPECT_EQ(files(".rings").size(), io::detail::derived_files_kept);  // the budget of derived files
    for (std::size_t set = 0; set < maps; ++set)
        EXPECT_EQ(read_stored_rings(p, set).size(), set < 3 ? 0u : 1u) << "map " << set;
    EXPECT_EQ(files(".atlas").size(), 24u);  // that of snapshots, unchanged by them
    EXPECT_TRUE(fs::exists(folder / "old0.atlas"));
}

} // namespace
} // namespace coopatlas::render::detail
