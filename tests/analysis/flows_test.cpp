// Origin–destination flows, corridors and lengths on the hand-made atlas of
// partition_atlas.hpp (expected values worked out there) and on the embedded data.

#include "partition_atlas.hpp"
#include "test_support.hpp"

#include <coopatlas/analysis/flows.hpp>
#include <coopatlas/error.hpp>
#include <coopatlas/geometry/geodesic.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>
#include <set>

namespace coopatlas::analysis {
namespace {

const flow_cell* cell(const flow_result& r, const std::string& from, const std::string& to) {
    for (const auto& c : r.cells)
        if (c.from_id == from && c.to_id == to) return &c;
    return nullptr;
}

std::set<std::string> as_set(const std::vector<std::string>& v) { return {v.begin(), v.end()}; }

const partnership_length& length_of(const flow_result& r, const std::string& id) {
    for (const auto& l : r.lengths)
        if (l.partnership_id == id) return l;
    throw error("no length for " + id);
}

class flows_test : public ::testing::Test {
protected:
    model::atlas atlas = test::partition_atlas();
};

TEST_F(flows_test, region_2009_to_region_2016_cells_and_ranks) {
    const auto r = flows(atlas, {}, {"region", "2009", "MA"}, {"region", "2016", "FR"});
    // two-sided: P1 P2 P3 P4 P5 P8 P9 P10; P8 (a national body and France) stays out
    EXPECT_EQ(r.partnerships, 8u);
    EXPECT_EQ(r.mapped, 7u);
    ASSERT_EQ(r.unmapped.size(), 1u);
    EXPECT_EQ(r.unmapped[0].rfind("P8: ", 0), 0u) << r.unmapped[0];
    ASSERT_EQ(r.cells.size(), 3u);

    const auto* alpha_hauts = cell(r, "MA:region:2009:01", "FR:region:2016:21");
    ASSERT_NE(alpha_hauts, nullptr);
    EXPECT_EQ(alpha_hauts->count, 4u);  // P1 P2 P9 through communes F1 F2, P4 carried from région 12
    EXPECT_EQ(as_set(alpha_hauts->partnership_ids), (std::set<std::string>{"P1", "P2", "P4", "P9"}));
    EXPECT_EQ(alpha_hauts->rank, 1u);

    const auto* beta_midi = cell(r, "MA:region:2009:02", "FR:region:2016:22");
    ASSERT_NE(beta_midi, nullptr);
    EXPECT_EQ(as_set(beta_midi->partnership_ids), (std::set<std::string>{"P5", "P10"}));  // P10 is turned round
    EXPECT_EQ(beta_midi->rank, 2u);

    const auto* alpha_midi = cell(r, "MA:region:2009:01", "FR:region:2016:22");
    ASSERT_NE(alpha_midi, nullptr);
    EXPECT_EQ(alpha_midi->count, 1u);
    EXPECT_EQ(alpha_midi->rank, 3u);
    EXPECT_EQ(r.cells.front().from_id, "MA:region:2009:01");  // ranked: busiest first
}

TEST_F(flows_test, split_region_puts_the_partnership_in_each_cell) {
    const auto r = flows(atlas, {}, {"region", "2015", "MA"}, {"region", "2015", "FR"});
    // Alpha (2009) is carried over Gamma and Delta: P4 appears in both cells towards région 12
    const auto* gamma12 = cell(r, "MA:region:2015:01", "FR:region:2015:12");
    const auto* delta12 = cell(r, "MA:region:2015:02", "FR:region:2015:12");
    ASSERT_NE(gamma12, nullptr);
    ASSERT_NE(delta12, nullptr);
    EXPECT_EQ(as_set(gamma12->partnership_ids), (std::set<std::string>{"P2", "P4"}));
    EXPECT_EQ(as_set(delta12->partnership_ids), (std::set<std::string>{"P4"}));
    EXPECT_FALSE(delta12->notes.empty());
    EXPECT_EQ(cell(r, "MA:region:2015:01", "FR:region:2015:11")->count, 2u);  // P1 P9
    EXPECT_EQ(cell(r, "MA:region:2015:01", "FR:region:2015:13")->count, 1u);  // P3
    EXPECT_EQ(cell(r, "MA:region:2015:02", "FR:region:2015:13")->count, 2u);  // P5 P10
    EXPECT_EQ(r.cells.size(), 5u);
    // ties share a rank: three cells of 2, then two of 1
    EXPECT_EQ(r.cells[0].rank, 1u);
    EXPECT_EQ(r.cells[2].rank, 1u);
    EXPECT_EQ(r.cells[3].rank, 4u);
    EXPECT_EQ(r.cells[4].rank, 4u);
}

TEST_F(flows_test, province_to_departement_needs_roll_down_for_regions) {
    const auto plain = flows(atlas, {}, {"province", "", "MA"}, {"departement", "", "FR"});
    EXPECT_EQ(plain.cells.size(), 5u);  // 00>01 (P1 P9), 00>04, 00>05, 30>06, 30>05
    EXPECT_EQ(cell(plain, "MA:province:00", "FR:departement:01")->count, 2u);
    EXPECT_EQ(plain.mapped, 6u);  // P4 (regions) and P8 (country scale) left out
    const auto down = flows(atlas, {}, {"province", "", "MA"}, {"departement", "", "FR"}, {.roll_down = true});
    // P4 Alpha (4 provinces) x région 12 (D03 D04): 8 cells; P8 the country (10) x France (6): 60 cells
    EXPECT_EQ(down.mapped, 8u);
    EXPECT_EQ(cell(down, "MA:province:11", "FR:departement:03")->partnership_ids,
              (std::vector<std::string>{"P4", "P8"}));
}

TEST_F(flows_test, lengths_between_the_parties) {
    const auto r = flows(atlas, {}, {"region", "2009", "MA"}, {"region", "2016", "FR"});
    // P1: c1 stands on p1 (0.5, 0.5); F1 is at (10.5, 0.5): ten degrees along the parallel 0.5
    const auto& p1 = length_of(r, "P1");
    EXPECT_NEAR(p1.length_km, test::parallel_arc_km(0.5, 10), 1e-3);
    EXPECT_EQ(p1.level_pair, "commune \xE2\x86\x92 commune");
    EXPECT_EQ(p1.measured, "anchor point \xE2\x86\x92 point");
    EXPECT_NEAR(length_of(r, "P3").length_km, test::parallel_arc_km(0.5, 12), 1e-3);
    // P10 is oriented from o1 (origin side) to F3
    EXPECT_EQ(length_of(r, "P10").from_party, "MA:organisation:o1");
    EXPECT_NEAR(length_of(r, "P10").length_km, test::parallel_arc_km(0.5, 9), 1e-3);
    EXPECT_EQ(length_of(r, "P4").measured, "point on surface \xE2\x86\x92 point on surface");

    // commune -> commune: P1 = P9 (10 degrees), P2 (to 11.5, 1.5), P3 (12 degrees)
    const length_summary* cc = nullptr;
    for (const auto& s : r.length_summaries)
        if (s.level_pair == "commune \xE2\x86\x92 commune") cc = &s;
    ASSERT_NE(cc, nullptr);
    EXPECT_EQ(cc->count, 4u);
    EXPECT_DOUBLE_EQ(cc->min_km, length_of(r, "P1").length_km);
    EXPECT_DOUBLE_EQ(cc->max_km, length_of(r, "P3").length_km);
    EXPECT_DOUBLE_EQ(cc->median_km, (length_of(r, "P9").length_km + length_of(r, "P2").length_km) / 2);
    EXPECT_EQ(r.length_summaries.front().level_pair, "all");
    EXPECT_EQ(r.length_summaries.front().count, r.lengths.size());
}

TEST_F(flows_test, cells_without_partnership_lengths_are_the_cells_with_them) {
    const partition from{"region", "2009", "MA"}, to{"region", "2016", "FR"};
    const auto measured = flows(atlas, {}, from, to);
    const auto cells_only = flows(atlas, {}, from, to, {.partnership_lengths = false});
    EXPECT_TRUE(cells_only.lengths.empty());
    EXPECT_TRUE(cells_only.length_summaries.empty());
    EXPECT_NE(cells_only.method.find("partnership lengths not measured"), std::string::npos) << cells_only.method;
    ASSERT_FALSE(measured.lengths.empty());
    ASSERT_EQ(cells_only.cells.size(), measured.cells.size());
    for (std::size_t i = 0; i < measured.cells.size(); ++i) {
        const auto &a = cells_only.cells[i], &b = measured.cells[i];
        EXPECT_EQ(std::tie(a.from_id, a.to_id, a.count, a.rank, a.partnership_ids, a.notes),
                  std::tie(b.from_id, b.to_id, b.count, b.rank, b.partnership_ids, b.notes));
        EXPECT_DOUBLE_EQ(a.length_km, b.length_km);
        EXPECT_EQ(a.line.size(), b.line.size());
    }
    EXPECT_EQ(std::tie(cells_only.partnerships, cells_only.mapped, cells_only.unmapped),
              std::tie(measured.partnerships, measured.mapped, measured.unmapped));
}

TEST_F(flows_test, flow_lines_follow_the_geodesic) {
    const auto r = flows(atlas, {}, {"region", "2009", "MA"}, {"region", "2016", "FR"}, {.max_segment_km = 100});
    for (const auto& c : r.cells) {
        ASSERT_GE(c.line.size(), 2u);
        const double total = geometry::geodesic_length(c.line);
        EXPECT_NEAR(total / 1e3, c.length_km, 1e-3 * c.length_km);
        for (std::size_t i = 1; i < c.line.size(); ++i)
            EXPECT_LE(geometry::geodesic_distance(c.line[i - 1], c.line[i]), 100e3 + 1);
    }
}

TEST(geodesic_line_string, vertex_count_and_ends) {
    // 10 degrees along the equator: 1113.19 km, so 12 segments of at most 100 km
    const geometry::point a{0, 0}, b{10, 0};
    const auto line = geodesic_line_string(a, b, 100);
    ASSERT_EQ(line.size(), 13u);
    EXPECT_EQ(line.front(), a);
    EXPECT_EQ(line.back(), b);
    for (const auto& p : line) EXPECT_NEAR(p.y, 0.0, 1e-9);  // the equator is a geodesic
    EXPECT_NEAR(line[6].x, 5.0, 1e-9);
    EXPECT_EQ(geodesic_line_string(a, {0.5, 0}, 100).size(), 2u);
}

TEST(summarise_lengths, min_median_max) {
    auto s = summarise_lengths({3, 1, 2});
    EXPECT_EQ(s.count, 3u);
    EXPECT_DOUBLE_EQ(s.min_km, 1);
    EXPECT_DOUBLE_EQ(s.median_km, 2);
    EXPECT_DOUBLE_EQ(s.max_km, 3);
    s = summarise_lengths({4, 1, std::numeric_limits<double>::quiet_NaN(), 3, 2});
    EXPECT_EQ(s.count, 4u);
    EXPECT_DOUBLE_EQ(s.median_km, 2.5);
    EXPECT_TRUE(std::isnan(summarise_lengths({}).median_km));
}

TEST(flows_embedded, moroccan_regions_2009_to_french_regions_2015) {
    const auto& atlas = test::embedded_atlas();
    const auto r = flows(atlas, {}, {"region", "2009", "MA"}, {"region", "2015", "FR"});
    // P029 Souss-Massa-Drâa - Aquitaine, P040 Fès-Boulemane - Lorraine, P037 Oriental - Champagne-Ardenne
    for (auto [from, to, id] : {std::tuple{"MA:region:2009:13", "FR:region:2015:72", "P029"},
                                std::tuple{"MA:region:2009:05", "FR:region:2015:41", "P040"},
                                std::tuple{"MA:region:2009:04", "FR:region:2015:21", "P037"}}) {
        const auto* c = cell(r, from, to);
        ASSERT_NE(c, nullptr) << from << " " << to;
        EXPECT_NE(std::find(c->partnership_ids.begin(), c->partnership_ids.end(), id), c->partnership_ids.end());
    }
    // Oujda (Oriental) with Lille (Nord-Pas-de-Calais, 31)
    const auto* oujda_lille = cell(r, "MA:region:2009:04", "FR:region:2015:31");
    ASSERT_NE(oujda_lille, nullptr);
    EXPECT_NE(std::find(oujda_lille->partnership_ids.begin(), oujda_lille->partnership_ids.end(), "P009"),
              oujda_lille->partnership_ids.end());
    // Oujda-Angad (-1.90858, 34.68139) to Lille (3.05858, 50.63297): 1818.6 km by the haversine
    // formula on the mean-radius sphere (6371.0088 km); the ellipsoid differs by less than 0.5 %
    const auto& ol = length_of(r, "P009");
    EXPECT_NEAR(ol.length_km, 1818.6, 0.005 * 1818.6);
    EXPECT_EQ(ol.measured, "anchor point \xE2\x86\x92 point");
}

} // namespace
} // namespace coopatlas::analysis
