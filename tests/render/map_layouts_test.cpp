// The maps of a book laid out by the threads that have time for them (lib/render/map_layouts):
// each map is laid out from its own spec, once, whoever asks for it; a thread asking for a
// map nobody has taken lays it out first; the first failure in the maps' order is the one
// reported; stopping fails the maps nobody took, so that no reader waits for them.

#include "render/map_layouts.hpp"

#include <coopatlas/error.hpp>
#include <coopatlas/render/map_spec.hpp>

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace {

using namespace coopatlas;
using namespace coopatlas::render;
using detail::map_layouts;

// A map of one frame `id`: a square, or nothing (no feature, no extent: it cannot be laid out).
map_spec square_map(const std::string& id, bool empty = false) {
    const std::string features = empty ? "[]" : "[{id: sq, wkt: 'POLYGON((1 1, 2 1, 2 2, 1 2, 1 1))'}]";
    const std::string extent = empty ? "" : ", projection: lonlat, extent: [0, 0, 4, 3]";
    return parse_map_spec("title: Map " + id + "\nsize: [400, 300]\nframes:\n  - {id: " + id + extent +
                              ",\n     layers: [{kind: polygons, fill: '#d0c0a0', features: " + features + "}]}\n",
                          ".", id);
}

struct maps_of {
    std::vector<map_spec> specs;
    std::vector<map_layouts::request> requests() const {
        std::vector<map_layouts::request> r;
        for (const auto& s : specs)
            r.push_back({&s.page, {}});
        return r;
    }
};

std::string failure_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const error& e) {
        return e.what();
    }
    return "";
}

TEST(map_layouts, every_thread_gets_the_same_renderer_of_each_map_from_its_own_spec) {
    maps_of m;
    for (int i = 0; i < 8; ++i)
        m.specs.push_back(square_map("m" + std::to_string(i)));
    map_layouts layouts(m.requests());
    std::vector<std::vector<const map_renderer*>> seen(3);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < seen.size(); ++t)
        threads.emplace_back([&, t] {
            while (layouts.lay_out_next()) {
            }
            for (std::size_t i = 0; i < m.specs.size(); ++i)
                seen[t].push_back(&layouts.get(i));
        });
    for (auto& t : threads)
        t.join();
    EXPECT_TRUE(layouts.all_ready());
    for (std::size_t i = 0; i < m.specs.size(); ++i) {
        EXPECT_EQ(seen[1][i], seen[0][i]);
        EXPECT_EQ(seen[2][i], seen[0][i]);
        ASSERT_EQ(seen[0][i]->report().frames.size(), 1u);
        EXPECT_EQ(seen[0][i]->report().frames[0].id, "m" + std::to_string(i));
    }
}

TEST(map_layouts, a_thread_asking_for_a_map_nobody_took_lays_that_one_out_first) {
    maps_of m{{square_map("a"), square_map("b"), square_map("c")}};
    map_layouts layouts(m.requests());
    EXPECT_EQ(layouts.get(2).report().frames.at(0).id, "c");
    EXPECT_TRUE(layouts.ready(2));
    EXPECT_FALSE(layouts.ready(0));
    EXPECT_FALSE(layouts.ready(1));
    EXPECT_FALSE(layouts.all_ready());
    layouts.finish();
    EXPECT_TRUE(layouts.ready(0) && layouts.ready(1) && layouts.all_ready());
}

TEST(map_layouts, the_first_failure_in_the_maps_order_is_reported_whichever_failed_first) {
    maps_of m{{square_map("a"), square_map("b", true), square_map("c", true)}};
    map_layouts layouts(m.requests());
    // c fails first (asked for first), b after it: finish() reports b's, as laid out in turn
    EXPECT_NE(failure_of([&] { (void)layouts.get(2); }).find("frame 'c' has nothing to show"), std::string::npos);
    EXPECT_NE(failure_of([&] { layouts.finish(); }).find("frame 'b' has nothing to show"), std::string::npos);
    EXPECT_EQ(layouts.get(0).report().frames.at(0).id, "a");
    // a failure is kept: asked again, it is thrown again
    EXPECT_NE(failure_of([&] { (void)layouts.get(1); }).find("frame 'b'"), std::string::npos);
}

TEST(map_layouts, stopping_fails_the_maps_nobody_took_so_that_no_reader_waits) {
    maps_of m{{square_map("a"), square_map("b"), square_map("c")}};
    map_layouts layouts(m.requests());
    (void)layouts.get(1);
    layouts.stop();
    EXPECT_TRUE(layouts.all_ready());
    EXPECT_FALSE(layouts.lay_out_next());
    EXPECT_EQ(layouts.get(1).report().frames.at(0).id, "b"); // laid out before: kept
    EXPECT_NE(failure_of([&] { (void)layouts.get(0); }).find("not laid out"), std::string::npos);
    EXPECT_NE(failure_of([&] { layouts.finish(); }).find("not laid out"), std::string::npos);
}

TEST(map_layouts, a_reader_of_a_map_another_thread_lays_out_gets_that_thread_s_renderer) {
    maps_of m{{square_map("only")}};
    map_layouts layouts(m.requests());
    const map_renderer* from_worker = nullptr;
    std::thread worker([&] {
        layouts.lay_out_next(); // takes the map unless the reader took it first
        from_worker = &layouts.get(0);
    });
    const map_renderer* from_reader = &layouts.get(0);
    worker.join();
    EXPECT_EQ(from_reader, from_worker);
    EXPECT_EQ(from_reader->report().frames.at(0).id, "only");
}

TEST(map_layouts, laying_out_all_on_more_threads_than_maps_lays_out_each) {
    maps_of m{{square_map("a"), square_map("b")}};
    map_layouts layouts(m.requests());
    layouts.lay_out_all(8);
    EXPECT_TRUE(layouts.all_ready());
    EXPECT_EQ(layouts.get(1).report().frames.at(0).id, "b");
    map_layouts none({});
    none.lay_out_all(4);
    EXPECT_TRUE(none.all_ready());
}

} // namespace
