// Coverage and per-unit density on the hand-made atlas of partition_atlas.hpp
// (expected values worked out by hand there) and on the embedded data.

#include "partition_atlas.hpp"
#include "test_support.hpp"

#include <coopatlas/analysis/coverage.hpp>
#include <coopatlas/error.hpp>
#include <coopatlas/geometry/geodesic.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

namespace coopatlas::analysis {
namespace {

const unit_row& row(const coverage_result& r, const std::string& id) {
    for (const auto& u : r.rows)
        if (u.unit_id == id) return u;
    throw error("no row " + id);
}

std::set<std::string> as_set(const std::vector<std::string>& v) { return {v.begin(), v.end()}; }

bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

// relative closeness
::testing::AssertionResult near_rel(double actual, double expected, double rel) {
    if (std::abs(actual - expected) <= rel * std::abs(expected)) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << actual << " is not within " << rel << " (relative) of " << expected;
}

class coverage_test : public ::testing::Test {
protected:
    model::atlas atlas = test::partition_atlas();
};

TEST_F(coverage_test, geodesic_area_of_units_matches_the_closed_form) {
    const auto r = coverage(atlas, {}, {"region", "2009", "MA"});
    EXPECT_TRUE(near_rel(row(r, "MA:region:2009:01").area_km2, test::cell_area_km2(2, 0, 2), 2e-6));
    EXPECT_TRUE(near_rel(row(r, "MA:region:2009:03").area_km2, test::cell_area_km2(1, 0, 2), 2e-6));
    // the zone between parallels alone is off by the geodesic sliver along the top edge, ~1e-4
    EXPECT_FALSE(near_rel(row(r, "MA:region:2009:01").area_km2, test::zone_area_km2(2, 0, 2), 5e-5));
    // order of magnitude check of the closed form itself: 1 degree ~ 111.3 km at the equator
    EXPECT_NEAR(test::zone_area_km2(1, 0, 1), 111.32 * 110.57, 30.0);
}

// A partition heavy enough (over 20,000 vertices) for the areas to be shared among
// threads, largest polygons first: each unit must still get its own polygon's area.
TEST(coverage_many_vertices, each_unit_gets_its_own_area_and_repair) {
    model::atlas at;
    const int cells = 12;
    for (int i = 0; i < cells; ++i) {
        auto e = test::make("ZZ:cell:" + std::to_string(i), "cell", "Cell " + std::to_string(i), "ZZ");
        // vertex counts out of unit order, latitudes 0..3 so that areas differ
        e.geometry = test::dense_cell(i, i % 4, 100 + 150 * ((i * 5) % cells));
        at.add(std::move(e));
    }
    auto bow = test::make("ZZ:cell:bow", "cell", "Bow tie", "ZZ");
    bow.geometry = geometry::multi_polygon{geometry::polygon{{{20, 0}, {21, 1}, {21, 0}, {20, 1}, {20, 0}}, {}}};
    at.add(std::move(bow));
    auto dot = test::make("ZZ:cell:dot", "cell", "Point", "ZZ");
    dot.geometry = geometry::point{30, 0};
    at.add(std::move(dot));

    const auto r = coverage(at, {}, {"cell", "", "ZZ"});
    ASSERT_EQ(r.rows.size(), static_cast<std::size_t>(cells + 2));
    for (int i = 0; i < cells; ++i) {
        EXPECT_EQ(r.rows[i].unit_id, "ZZ:cell:" + std::to_string(i));
        EXPECT_TRUE(near_rel(r.rows[i].area_km2, test::cell_area_km2(1, i % 4, i % 4 + 1), 2e-6)) << "cell " << i;
    }
    // the bow-tie's two triangles cover about half its cell
    EXPECT_EQ(r.repaired, std::vector<std::string>{"ZZ:cell:bow"});
    EXPECT_TRUE(near_rel(r.rows[cells].area_km2, test::cell_area_km2(1, 0, 1) / 2, 1e-2));
    EXPECT_TRUE(std::isnan(r.rows[cells + 1].area_km2));
    EXPECT_EQ(r.totals.units_without_area, 1u);
}

TEST_F(coverage_test, regions_2009_engaged_counts_requests_and_gaps) {
    const auto r = coverage(atlas, {}, {"region", "2009", "MA"});
    ASSERT_EQ(r.rows.size(), 3u);
    const auto& alpha = row(r, "MA:region:2009:01");
    EXPECT_TRUE(alpha.engaged);
    EXPECT_EQ(alpha.partnerships, 5u);  // P1 P2 P3 P9 through commune c1, P4 as the unit
    EXPECT_EQ(as_set(alpha.partnership_ids), (std::set<std::string>{"P1", "P2", "P3", "P4", "P9"}));
    EXPECT_EQ(alpha.how, "is the unit+inside");
    EXPECT_EQ(alpha.requests, 1u);  // P7
    EXPECT_DOUBLE_EQ(alpha.demand, 2.0);

    const auto& beta = row(r, "MA:region:2009:02");
    EXPECT_EQ(beta.partnerships, 2u);  // P5 and P10 through o1, located by geometry
    EXPECT_EQ(beta.how, "inside");

    const auto& zeta = row(r, "MA:region:2009:03");
    EXPECT_FALSE(zeta.engaged);
    EXPECT_EQ(zeta.partnerships, 0u);
    EXPECT_EQ(zeta.requests, 1u);
    EXPECT_DOUBLE_EQ(zeta.demand, 5.0);

    EXPECT_EQ(r.gaps, std::vector<std::string>{"MA:region:2009:03"});
    EXPECT_EQ(r.demand_without_partnership, std::vector<std::string>{"MA:region:2009:03"});
    EXPECT_EQ(r.totals.partnerships, 7u);
    EXPECT_EQ(r.totals.requests, 2u);
    EXPECT_DOUBLE_EQ(r.totals.demand, 7.0);
    ASSERT_EQ(r.unmapped.size(), 1u);  // P8: a national body and France, neither on Moroccan regions
    EXPECT_EQ(r.unmapped[0].rfind("P8: ", 0), 0u) << r.unmapped[0];
}

TEST_F(coverage_test, shares_by_count_area_and_population) {
    const auto r = coverage(atlas, {}, {"region", "2009", "MA"});
    const auto& t = r.totals;
    EXPECT_EQ(t.units, 3u);
    EXPECT_EQ(t.engaged, 2u);
    EXPECT_DOUBLE_EQ(t.share_count, 2.0 / 3.0);
    // Alpha and Beta span 2 degrees of longitude each, Zeta 1, all over the same band of latitude
    const double a2 = test::cell_area_km2(2, 0, 2), a1 = test::cell_area_km2(1, 0, 2);
    EXPECT_TRUE(near_rel(t.share_area, 2 * a2 / (2 * a2 + a1), 1e-6));
    EXPECT_TRUE(near_rel(t.share_area, 0.8, 1e-4));
    // no population field: places inside, Alpha 1000 + 3000, Beta 500, Zeta 200
    EXPECT_DOUBLE_EQ(row(r, "MA:region:2009:01").population, 4000.0);
    EXPECT_EQ(row(r, "MA:region:2009:01").population_from, "2 places");
    EXPECT_DOUBLE_EQ(t.population, 4700.0);
    EXPECT_DOUBLE_EQ(t.share_population, 4500.0 / 4700.0);
}

TEST_F(coverage_test, density_per_area_and_per_inhabitants) {
    const auto rows = unit_density(atlas, {}, {"region", "2009", "MA"});
    ASSERT_EQ(rows.size(), 3u);
    const auto& alpha = *std::find_if(rows.begin(), rows.end(), [](const unit_row& u) { return u.unit_id == "MA:region:2009:01"; });
    EXPECT_TRUE(near_rel(alpha.per_10k_km2, 5 * 1e4 / test::cell_area_km2(2, 0, 2), 2e-6));
    EXPECT_DOUBLE_EQ(alpha.per_100k_inhabitants, 5 * 1e5 / 4000.0);
    const auto& zeta = *std::find_if(rows.begin(), rows.end(), [](const unit_row& u) { return u.unit_id == "MA:region:2009:03"; });
    EXPECT_DOUBLE_EQ(zeta.per_10k_km2, 0.0);
}

TEST_F(coverage_test, population_from_the_field_only_leaves_moroccan_units_unknown) {
    const auto r = coverage(atlas, {}, {"region", "2009", "MA"}, {.population = population_source::field});
    EXPECT_EQ(r.totals.units_without_population, 3u);
    EXPECT_TRUE(std::isnan(r.totals.share_population));
    EXPECT_TRUE(std::isnan(row(r, "MA:region:2009:01").per_100k_inhabitants));
}

TEST_F(coverage_test, old_region_carried_to_2015_counts_in_each_part) {
    const auto r = coverage(atlas, {}, {"region", "2015", "MA"});
    const auto& gamma = row(r, "MA:region:2015:01");
    const auto& delta = row(r, "MA:region:2015:02");
    EXPECT_EQ(as_set(gamma.partnership_ids), (std::set<std::string>{"P1", "P2", "P3", "P4", "P9"}));
    EXPECT_EQ(as_set(delta.partnership_ids), (std::set<std::string>{"P4", "P5", "P10"}));
    EXPECT_EQ(gamma.how, "inside+carried");
    EXPECT_EQ(delta.how, "inside+carried");
    // the request of Alpha (P7) is carried too, into both parts
    EXPECT_EQ(gamma.requests, 1u);
    EXPECT_EQ(delta.requests, 1u);
    const auto carried_note = [](const unit_row& u) {
        return std::any_of(u.notes.begin(), u.notes.end(), [](const std::string& n) {
            return n.rfind("P4: carried from Alpha (2009) via 4 provinces; split over 2 units", 0) == 0;
        });
    };
    EXPECT_TRUE(carried_note(gamma));
    EXPECT_TRUE(carried_note(delta));
    EXPECT_FALSE(row(r, "MA:region:2015:03").engaged);
    EXPECT_EQ(r.demand_without_partnership, std::vector<std::string>{"MA:region:2015:03"});
    // Gamma 1 degree + Delta 3 degrees of the 5
    EXPECT_TRUE(near_rel(r.totals.share_area, 0.8, 1e-4));
    // populations by places: Gamma 1000, Delta 3000 + 500, Eta 200
    EXPECT_DOUBLE_EQ(row(r, "MA:region:2015:02").population, 3500.0);
    EXPECT_DOUBLE_EQ(r.totals.share_population, 4500.0 / 4700.0);
}

TEST_F(coverage_test, roll_down_off_and_on) {
    const partition provinces{"province", "", "MA"};
    const auto plain = coverage(atlas, {}, provinces);
    EXPECT_EQ(plain.totals.units, 10u);
    EXPECT_EQ(plain.totals.engaged, 2u);  // 00 (commune c1) and 30 (organisation o1)
    EXPECT_EQ(row(plain, "MA:province:00").partnerships, 4u);
    EXPECT_EQ(row(plain, "MA:province:30").partnerships, 2u);
    EXPECT_FALSE(row(plain, "MA:province:01").engaged);  // in Alpha, but a region agreement does not engage it
    EXPECT_EQ(plain.demand_without_partnership, std::vector<std::string>{"MA:province:40"});
    std::set<std::string> unmapped;
    for (const auto& u : plain.unmapped) unmapped.insert(u.substr(0, u.find(':')));
    EXPECT_EQ(unmapped, (std::set<std::string>{"P4", "P7", "P8"}));

    filter cooperation;
    cooperation.kinds = {"decentralised_cooperation", "convention"};
    const auto down = coverage(atlas, cooperation, provinces, {.roll_down = true});
    // P4 (Alpha) engages its four provinces 00 01 10 11; o1 engages 30
    EXPECT_EQ(down.totals.engaged, 5u);
    EXPECT_TRUE(row(down, "MA:province:01").engaged);
    EXPECT_EQ(row(down, "MA:province:01").how, "rolled down");
    EXPECT_EQ(row(down, "MA:province:00").how, "inside+rolled down");
    const double a0 = test::cell_area_km2(1, 0, 1), a1 = test::cell_area_km2(1, 1, 2);
    EXPECT_TRUE(near_rel(down.totals.share_area, (3 * a0 + 2 * a1) / (5 * a0 + 5 * a1), 1e-6));
    EXPECT_NE(down.method.find("roll-down=on"), std::string::npos);

    // the national body (P8) rolls down over the whole country
    const auto all = coverage(atlas, {}, provinces, {.roll_down = true});
    EXPECT_EQ(all.totals.engaged, 10u);
    EXPECT_DOUBLE_EQ(all.totals.share_count, 1.0);
}

TEST_F(coverage_test, departements_with_population_field) {
    const auto r = coverage(atlas, {}, {"departement", "", "FR"});
    EXPECT_EQ(row(r, "FR:departement:01").partnerships, 2u);  // P1 and P9 through F1
    EXPECT_EQ(row(r, "FR:departement:04").partnerships, 1u);  // P2
    EXPECT_EQ(row(r, "FR:departement:05").partnerships, 2u);  // P3, P10
    EXPECT_EQ(row(r, "FR:departement:06").partnerships, 1u);  // P5, as the unit
    EXPECT_EQ(r.totals.engaged, 4u);
    EXPECT_EQ(as_set(r.gaps), (std::set<std::string>{"FR:departement:02", "FR:departement:03"}));
    EXPECT_EQ(row(r, "FR:departement:01").population_from, "field");
    EXPECT_DOUBLE_EQ(r.totals.share_population, 16.0 / 21.0);  // (1 + 4 + 5 + 6) / (1 + ... + 6) hundred thousands
    EXPECT_DOUBLE_EQ(row(r, "FR:departement:01").per_100k_inhabitants, 2.0);
    EXPECT_DOUBLE_EQ(row(r, "FR:departement:06").per_100k_inhabitants, 1e5 / 600000.0);
    // two engaged squares in each band of latitude out of three
    EXPECT_TRUE(near_rel(r.totals.share_area, 2.0 / 3.0, 1e-9));
    EXPECT_TRUE(near_rel(row(r, "FR:departement:01").per_10k_km2, 2 * 1e4 / test::cell_area_km2(1, 0, 1), 2e-6));
}

TEST_F(coverage_test, filter_and_method_are_stated) {
    filter f;
    f.kinds = {"decentralised_cooperation"};
    const auto r = coverage(atlas, f, {"region", "2009", "MA"});
    EXPECT_EQ(r.totals.engaged, 1u);  // only Alpha, through c1 (P1 P2 P3)
    EXPECT_EQ(row(r, "MA:region:2009:01").partnerships, 3u);
    EXPECT_NE(r.method.find("level=region"), std::string::npos) << r.method;
    EXPECT_NE(r.method.find("vintage=2009"), std::string::npos) << r.method;
    EXPECT_NE(r.method.find("zone=MA"), std::string::npos) << r.method;
    EXPECT_NE(r.method.find("filter=kinds=decentralised_cooperation"), std::string::npos) << r.method;
    EXPECT_NE(r.method.find("area=geodesic"), std::string::npos) << r.method;
    EXPECT_NE(r.method.find("population=field-or-places"), std::string::npos) << r.method;
    EXPECT_EQ(r.filter_description, "kinds=decentralised_cooperation");
}

TEST(population_source_words, parse_and_print) {
    for (auto s : {population_source::field, population_source::places, population_source::field_or_places})
        EXPECT_EQ(parse_population_source(to_string(s)), s);
    EXPECT_THROW(parse_population_source("census"), error);
}

// ---- embedded data -------------------------------------------------------------

TEST(coverage_embedded, souss_massa_draa_is_engaged_in_2009_and_split_in_2015) {
    const auto& atlas = test::embedded_atlas();
    const auto r2009 = coverage(atlas, {}, {"region", "2009", "MA"});
    const auto& smd = row(r2009, "MA:region:2009:13");
    EXPECT_TRUE(smd.engaged);
    EXPECT_NE(smd.how.find("is the unit"), std::string::npos);
    for (const char* id : {"P029", "P030", "P031"}) EXPECT_TRUE(has(smd.partnership_ids, id)) << id;
    EXPECT_DOUBLE_EQ(smd.demand, 7.0);  // P042: 7 demandes d'expertise

    const auto r2015 = coverage(atlas, {}, {"region", "2015", "MA"});
    for (const char* id : {"MA:region:2015:08", "MA:region:2015:09", "MA:region:2015:10"}) {
        const auto& u = row(r2015, id);
        EXPECT_TRUE(has(u.partnership_ids, "P029")) << id;
        EXPECT_NE(u.how.find("carried"), std::string::npos) << id;
    }
}

TEST(coverage_embedded, areas_agree_with_published_figures_and_across_levels) {
    const auto& atlas = test::embedded_atlas();
    const auto r2015 = coverage(atlas, {}, {"region", "2015", "MA"});
    // Souss-Massa: 53,789 km² (Haut-Commissariat au Plan, 2015 regional division)
    EXPECT_TRUE(near_rel(row(r2015, "MA:region:2015:09").area_km2, 53789.0, 0.01))
        << row(r2015, "MA:region:2015:09").area_km2;
    // the 2015 regions are made of the provinces: both partitions cover the same ground
    const auto provinces = coverage(atlas, {}, {"province", "", "MA"});
    EXPECT_EQ(provinces.totals.units, 75u);
    EXPECT_TRUE(near_rel(provinces.totals.area_km2, r2015.totals.area_km2, 0.005))
        << provinces.totals.area_km2 << " vs " << r2015.totals.area_km2;
    EXPECT_EQ(r2015.totals.units_without_area, 0u);
}

TEST(coverage_embedded, isere_collects_its_departement_and_commune_partnerships) {
    const auto& atlas = test::embedded_atlas();
    const auto r = coverage(atlas, {}, {"departement", "", "FR"});
    EXPECT_EQ(r.totals.units, 101u);
    const auto& isere = row(r, "FR:departement:38");
    // P026 and P030 name the Département de l'Isère; P010 is Grenoble (commune 38185)
    for (const char* id : {"P010", "P026", "P030"}) EXPECT_TRUE(has(isere.partnership_ids, id)) << id;
    EXPECT_EQ(isere.population_from, "field");
    EXPECT_FALSE(std::isnan(isere.per_100k_inhabitants));
    // France with its overseas départements: 632,734 km² (INSEE)
    EXPECT_TRUE(near_rel(r.totals.area_km2, 632734.0, 0.03)) << r.totals.area_km2;
}

} // namespace
} // namespace coopatlas::analysis
