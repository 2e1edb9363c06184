// Label anchors kept between runs in the atlas cache folder: the anchors of a polygon found
// once are read back, found by its coordinates; a polygon changed by one vertex, a small
// polygon or a cache turned off gets them found again; a map laid out from kept anchors is
// the map laid out without them.

#include "render/anchor_store.hpp"
#include "io/snapshot_file.hpp"
#include "ring_circles.hpp"
#include "test_support.hpp"

#include <coopatlas/render/map_renderer.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace coopatlas::render::detail {
namespace {

namespace fs = std::filesystem;

// A disc of radius 2 degrees about (lon, lat), `n` vertices: its pole of inaccessibility is
// its centre, to the 1/100 of its extent (0.04 degree) that the anchor's rule asks.
geometry::geometry disc(double lon, double lat, std::size_t n) {
    return geometry::multi_polygon{geometry::polygon{circle(lon, lat, n), {}}};
}

std::size_t anchor_files(const fs::path& folder) {
    std::size_t n = 0;
    for (const auto& f : fs::directory_iterator(folder))
        if (f.path().extension() == ".anchors") ++n;
    return n;
}

void expect_centre(const std::optional<geometry::point>& p, double lon, double lat) {
    ASSERT_TRUE(p);
    EXPECT_NEAR(p->x, lon, 0.04);
    EXPECT_NEAR(p->y, lat, 0.04);
}

class anchor_store : public ::testing::Test {
  protected:
    test::scoped_cache_folder cache{"anchors"};
    const fs::path folder{cache.path()};
    const geometry::geometry big = disc(10, 45, 30000); // more vertices than a file is worth
};

TEST_F(anchor_store, anchors_found_once_are_kept_and_read_back_by_polygon) {
    {
        anchor_memo memo;
        expect_centre(memo.anchor(big, true), 10, 45);
        const auto surface = memo.anchor(big, false);
        ASSERT_TRUE(surface);
        EXPECT_LT(std::hypot(surface->x - 10, surface->y - 45), 2.0); // inside the disc
        EXPECT_EQ(memo.found(), 2u);
        (void)memo.anchor(big, true);
        EXPECT_EQ(memo.found(), 2u); // found once in a layout
        memo.keep();
    }
    EXPECT_EQ(anchor_files(folder), 1u);
    // a pole no disc here has, planted in the store: only the store can give it
    stored_anchors kept = read_stored_anchors();
    ASSERT_EQ(kept.size(), 1u);
    kept.begin()->second.pole = {123.5, -7.25};
    store_anchors(kept);
    anchor_memo next;
    EXPECT_EQ(next.anchor(big, true), (geometry::point{123.5, -7.25}));
    EXPECT_EQ(next.found(), 0u);
}

TEST_F(anchor_store, a_polygon_changed_by_one_vertex_gets_its_anchors_found_again) {
    {
        anchor_memo memo;
        (void)memo.anchor(big, true);
        memo.keep();
    }
    stored_anchors kept = read_stored_anchors();
    ASSERT_EQ(kept.size(), 1u);
    kept.begin()->second.pole = {123.5, -7.25};
    store_anchors(kept);
    // one vertex moved by 1e-9 degree: the same pole to a part in a billion, another polygon
    geometry::geometry moved = big;
    std::get<geometry::multi_polygon>(moved).front().outer[15000].x += 1e-9;
    anchor_memo memo;
    expect_centre(memo.anchor(moved, true), 10, 45);
    EXPECT_EQ(memo.found(), 1u);
}

TEST_F(anchor_store, small_polygons_and_a_cache_turned_off_keep_nothing) {
    {
        anchor_memo memo;
        expect_centre(memo.anchor(disc(10, 45, anchor_store_min_vertices / 2), true), 10, 45);
        EXPECT_EQ(memo.found(), 0u); // found without the store
        memo.keep();
    }
    EXPECT_EQ(anchor_files(folder), 0u);
    ::setenv("COOPATLAS_CACHE", "off", 1); // unset again with the folder
    {
        anchor_memo memo;
        expect_centre(memo.anchor(big, true), 10, 45);
        EXPECT_EQ(memo.found(), 1u);
        memo.keep();
    }
    EXPECT_EQ(anchor_files(folder), 0u);
}

// Five discs labelled, three of them circled: the circles and their labels stand on the
// discs' points on surface, the other two labels on their poles.
map labelled_discs() {
    map m;
    m.width = 500;
    m.height = 360;
    m.title = "Discs";
    frame f;
    f.extent = {0, 32, 30, 48};
    layer circles, names;
    circles.id = "circles";
    circles.style = circle_style{};
    names.id = "names";
    names.style = label_style{};
    for (int i = 0; i < 5; ++i) {
        const std::string id = "disc-" + std::to_string(i);
        const auto g = disc(4 + 5.0 * i, 36 + 2.0 * i, 6000);
        if (i < 3) circles.features.push_back({id, "", g, 1.0 + i, false, false});
        names.features.push_back({id, "Disc " + std::to_string(i), g, 1.0 + i, false, false});
    }
    f.layers = {circles, names};
    m.frames.push_back(f);
    return m;
}

TEST_F(anchor_store, a_map_laid_out_from_kept_anchors_is_the_map_laid_out_without_them) {
    const map m = labelled_discs();
    const std::string first = map_renderer(m).render(output_format::svg);
    ASSERT_EQ(anchor_files(folder), 1u);
    EXPECT_EQ(read_stored_anchors().size(), 5u);
    const std::string again = map_renderer(m).render(output_format::svg); // anchors read back
    ::setenv("COOPATLAS_CACHE", "off", 1);
    const std::string without = map_renderer(m).render(output_format::svg);
    EXPECT_TRUE(again == first);
    EXPECT_TRUE(without == first);
    for (const char* placed : {">Disc 0<", ">Disc 3<"})
        EXPECT_NE(first.find(placed), std::string::npos) << placed;
    // the layout takes both anchors from the store: planted a degree east, the poles move
    // the labels of discs 3 and 4, the points on surface the circles
    ::setenv("COOPATLAS_CACHE", folder.c_str(), 1);
    const stored_anchors found = read_stored_anchors();
    for (const bool pole : {true, false}) {
        stored_anchors planted = found;
        for (auto& [key, a] : planted)
            (pole ? a.pole : a.surface).x += 1;
        store_anchors(planted);
        EXPECT_TRUE(map_renderer(m).render(output_format::svg) != first) << (pole ? "poles" : "points on surface");
    }
}

TEST_F(anchor_store, anchor_files_count_in_the_budget_of_derived_files) {
    // a folder full of derived files used earlier: writing anchors pushes the oldest out
    for (std::size_t i = 0; i < io::detail::derived_files_kept; ++i) {
        const fs::path old = folder / ("old" + std::to_string(i) + ".rings");
        std::ofstream(old) << "x";
        fs::last_write_time(old, fs::file_time_type::clock::now() - std::chrono::hours(100 + i));
    }
    stored_anchors one;
    one[analysis::detail::key_of(std::get<geometry::multi_polygon>(big))].pole = {10, 45};
    store_anchors(one);
    EXPECT_EQ(anchor_files(folder), 1u);
    std::size_t rings = 0;
    for (const auto& f : fs::directory_iterator(folder))
        if (f.path().extension() == ".rings") ++rings;
    EXPECT_EQ(rings, io::detail::derived_files_kept - 1);
    const std::string oldest = "old" + std::to_string(io::detail::derived_files_kept - 1) + ".rings";
    EXPECT_FALSE(fs::exists(folder / oldest));
}

} // namespace
} // namespace coopatlas::render::detail
