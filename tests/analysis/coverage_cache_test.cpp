// The coverage memo of a book: one computation per atlas, partition, options and
// selection of partnerships, each caller getting what coverage() itself returns.

#include "partition_atlas.hpp"

#include <coopatlas/analysis/coverage_cache.hpp>

#include <gtest/gtest.h>

#include <coopatlas/error.hpp>

#include <thread>
#include <vector>

namespace coopatlas::analysis {
namespace {

// Every figure of a result that a map or a table reads.
void expect_same(const coverage_result& got, const coverage_result& want) {
    EXPECT_EQ(got.method, want.method);
    EXPECT_EQ(got.filter_description, want.filter_description);
    EXPECT_EQ(got.gaps, want.gaps);
    EXPECT_EQ(got.unmapped, want.unmapped);
    EXPECT_EQ(got.totals.engaged, want.totals.engaged);
    EXPECT_EQ(got.totals.partnerships, want.totals.partnerships);
    EXPECT_EQ(got.totals.requests, want.totals.requests);
    ASSERT_EQ(got.rows.size(), want.rows.size());
    for (std::size_t i = 0; i < got.rows.size(); ++i) {
        EXPECT_EQ(got.rows[i].unit, want.rows[i].unit);
        EXPECT_EQ(got.rows[i].partnerships, want.rows[i].partnerships) << got.rows[i].unit_id;
        EXPECT_EQ(got.rows[i].partnership_ids, want.rows[i].partnership_ids) << got.rows[i].unit_id;
        EXPECT_EQ(got.rows[i].how, want.rows[i].how) << got.rows[i].unit_id;
        EXPECT_EQ(got.rows[i].requests, want.rows[i].requests) << got.rows[i].unit_id;
        EXPECT_DOUBLE_EQ(got.rows[i].area_km2, want.rows[i].area_km2) << got.rows[i].unit_id;
    }
}

const partition regions{"region", "2009", "MA"};

std::size_t partnerships_of_alpha(const coverage_result& r) {
    for (const auto& row : r.rows)
        if (row.unit_id == "MA:region:2009:01") return row.partnerships;
    ADD_FAILURE() << "no row for region Alpha";
    return 0;
}

TEST(coverage_cache, filters_selecting_the_same_records_share_one_computation) {
    const model::atlas atlas = test::partition_atlas();
    filter every_kind;  // the four kinds of partition_atlas: the same records as no filter
    every_kind.kinds = {"decentralised_cooperation", "convention", "project_request", "programme"};
    coverage_cache cache;
    const coverage_result all = cache.get(atlas, {}, regions);
    const coverage_result kinds = cache.get(atlas, every_kind, regions);
    EXPECT_EQ(cache.computed(), 1u);
    expect_same(all, coverage(atlas, {}, regions));
    expect_same(kinds, coverage(atlas, every_kind, regions));
    // each result names its own filter
    EXPECT_EQ(kinds.filter_description, every_kind.describe());
    EXPECT_NE(kinds.method.find("filter=" + every_kind.describe() + ";"), std::string::npos) << kinds.method;
    EXPECT_EQ(kinds.method.find("filter=all partnerships"), std::string::npos) << kinds.method;
}

TEST(coverage_cache, another_selection_partition_or_option_is_computed_again) {
    const model::atlas atlas = test::partition_atlas();
    filter conventions;
    conventions.kinds = {"convention"};
    coverage_cache cache;
    (void)cache.get(atlas, {}, regions);
    const coverage_result c = cache.get(atlas, conventions, regions);
    EXPECT_EQ(cache.computed(), 2u);
    expect_same(c, coverage(atlas, conventions, regions));
    // P4 (the region itself) and P9 (commune c1): the two conventions reaching region 01
    EXPECT_EQ(partnerships_of_alpha(c), 2u);

    const partition provinces{"province", "", "MA"};
    expect_same(cache.get(atlas, {}, provinces), coverage(atlas, {}, provinces));
    EXPECT_EQ(cache.computed(), 3u);
    expect_same(cache.get(atlas, {}, regions, {.roll_down = true}), coverage(atlas, {}, regions, {.roll_down = true}));
    EXPECT_EQ(cache.computed(), 4u);
    (void)cache.get(atlas, {}, regions);
    EXPECT_EQ(cache.computed(), 4u);
}

TEST(coverage_cache, an_atlas_that_grew_is_computed_again) {
    model::atlas atlas = test::partition_atlas();
    coverage_cache cache;
    const coverage_result before = cache.get(atlas, {}, regions);
    atlas.add(test::pact("P11", "convention", "MA:commune:c1", "FR:commune:F2"));
    const coverage_result after = cache.get(atlas, {}, regions);
    EXPECT_EQ(cache.computed(), 2u);
    EXPECT_EQ(partnerships_of_alpha(before), 5u);  // P1 P2 P3 P4 P9
    EXPECT_EQ(partnerships_of_alpha(after), 6u);
    expect_same(after, coverage(atlas, {}, regions));
}

TEST(coverage_cache, threads_asking_at_once_share_one_computation) {
    const model::atlas atlas = test::partition_atlas();
    coverage_cache cache;
    std::vector<coverage_result> results(4);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < results.size(); ++i)
        threads.emplace_back([&, i] { results[i] = cache.get(atlas, {}, regions); });
    for (auto& t : threads)
        t.join();
    EXPECT_EQ(cache.computed(), 1u);
    const coverage_result want = coverage(atlas, {}, regions);
    for (const auto& r : results)
        expect_same(r, want);
}

TEST(coverage_cache, an_error_is_thrown_again_to_every_caller) {
    const model::atlas atlas = test::partition_atlas();
    coverage_cache cache;
    const partition nowhere{"canton", "", ""};
    EXPECT_THROW((void)cache.get(atlas, {}, nowhere), error);
    EXPECT_THROW((void)cache.get(atlas, {}, nowhere), error);
    EXPECT_EQ(cache.computed(), 1u);
    EXPECT_THROW((void)coverage(atlas, {}, nowhere), error);  // as coverage() itself does
}

} // namespace
} // namespace coopatlas::analysis
