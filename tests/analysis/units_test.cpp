// Units of a partition and the mapping of parties onto them, on the hand-made
// atlas of partition_atlas.hpp and on the embedded data.

#include "partition_atlas.hpp"
#include "test_support.hpp"

#include <coopatlas/analysis/units.hpp>
#include <coopatlas/error.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

namespace coopatlas::analysis {
namespace {

std::set<std::string> ids(const std::vector<const model::entity*>& units) {
    std::set<std::string> out;
    for (const auto* u : units) out.insert(u->id);
    return out;
}

std::set<std::string> ids(const std::vector<unit_link>& links) {
    std::set<std::string> out;
    for (const auto& l : links) out.insert(l.unit->id);
    return out;
}

class units_test : public ::testing::Test {
protected:
    model::atlas atlas = test::partition_atlas();
};

TEST_F(units_test, units_of_a_level_vintage_and_country) {
    EXPECT_EQ(ids(units_of(atlas, {"region", "2009", "MA"})),
              (std::set<std::string>{"MA:region:2009:01", "MA:region:2009:02", "MA:region:2009:03"}));
    EXPECT_EQ(units_of(atlas, {"region", "2015", ""}).size(), 6u);  // both countries have a 2015 map
    EXPECT_EQ(units_of(atlas, {"region", "2015", "FR"}).size(), 3u);
    EXPECT_EQ(units_of(atlas, {"departement", "", "FR"}).size(), 6u);
}

TEST_F(units_test, zone_given_as_an_entity_takes_its_descendants) {
    EXPECT_EQ(ids(units_of(atlas, {"province", "", "MA:region:2009:01"})),
              (std::set<std::string>{"MA:province:00", "MA:province:01", "MA:province:10", "MA:province:11"}));
    // another vintage has no hierarchy link: the unit's surface point decides; Delta [1,4] has
    // its surface point on the middle line of its rectangle, x = 2.5, inside Beta [2,4]
    EXPECT_EQ(ids(units_of(atlas, {"region", "2015", "MA:region:2009:02"})), std::set<std::string>{"MA:region:2015:02"});
}

TEST_F(units_test, invalid_partitions_are_explained) {
    // several vintages and none chosen: the message lists them
    try {
        (void)units_of(atlas, {"region", "", "MA"});
        FAIL() << "no error";
    } catch (const error& e) {
        EXPECT_NE(std::string(e.what()).find("2009, 2015"), std::string::npos) << e.what();
    }
    EXPECT_THROW((void)units_of(atlas, {"region", "2016", "MA"}), error);
    EXPECT_THROW((void)units_of(atlas, {"canton", "", ""}), error);
    EXPECT_THROW((void)units_of(atlas, {"region", "2009", "ZZ"}), error);
    EXPECT_THROW((void)units_of(atlas, {"", "", ""}), error);
}

TEST_F(units_test, party_that_is_the_unit_or_lies_inside_it) {
    const unit_mapper m(atlas, {"region", "2009", "MA"});
    auto links = m.map(atlas.at("MA:region:2009:01"));
    ASSERT_EQ(links.size(), 1u);
    EXPECT_EQ(links[0].reason, link_reason::is_unit);

    links = m.map(atlas.at("MA:commune:c1"));  // parent province 00, in Alpha
    ASSERT_EQ(links.size(), 1u);
    EXPECT_EQ(links[0].unit->id, "MA:region:2009:01");
    EXPECT_EQ(links[0].reason, link_reason::inside);
    EXPECT_FALSE(links[0].by_geometry);

    links = m.map(atlas.at("MA:organisation:o1"));  // no parents; point (3.5, 0.5) lies in Beta [2,4]
    ASSERT_EQ(links.size(), 1u);
    EXPECT_EQ(links[0].unit->id, "MA:region:2009:02");
    EXPECT_EQ(links[0].reason, link_reason::inside);
    EXPECT_TRUE(links[0].by_geometry);

    links = m.map(atlas.at("MA:organisation:o2"));  // no parents; anchored to p1, whose province is in Alpha
    ASSERT_EQ(links.size(), 1u);
    EXPECT_EQ(links[0].unit->id, "MA:region:2009:01");
}

TEST_F(units_test, nearest_ancestor_wins_over_a_wider_grouping) {
    const unit_mapper m(atlas, {"departement", "", "FR"});
    // F1's parents: D01 and the EPCI E1, itself over D01 and D03: F1 lies in D01 only
    EXPECT_EQ(ids(m.map(atlas.at("FR:commune:F1"))), std::set<std::string>{"FR:departement:01"});
    // the EPCI lies in both
    EXPECT_EQ(ids(m.map(atlas.at("FR:epci:E1"))), (std::set<std::string>{"FR:departement:01", "FR:departement:03"}));
}

TEST_F(units_test, party_of_another_country_does_not_map) {
    const unit_mapper m(atlas, {"region", "2009", "MA"});
    EXPECT_TRUE(m.map(atlas.at("FR:commune:F1")).empty());
    EXPECT_FALSE(m.why_unmapped(atlas.at("FR:commune:F1")).empty());
    EXPECT_TRUE(m.why_unmapped(atlas.at("MA:commune:c1")).empty());
}

TEST_F(units_test, old_region_is_carried_to_the_new_map_and_split) {
    const unit_mapper m(atlas, {"region", "2015", "MA"});
    // Alpha (2009) = provinces 00 01 10 11: two in Gamma (i = 0), two in Delta (i = 1)
    const auto links = m.map(atlas.at("MA:region:2009:01"));
    EXPECT_EQ(ids(links), (std::set<std::string>{"MA:region:2015:01", "MA:region:2015:02"}));
    for (const auto& l : links) {
        EXPECT_EQ(l.reason, link_reason::carried);
        EXPECT_NE(l.note.find("carried from Alpha (2009) via 4 provinces; split over 2 units"), std::string::npos)
            << l.note;
        EXPECT_NE(l.note.find("2 provinces in"), std::string::npos) << l.note;
    }
    // Beta (2009) = provinces 20 21 30 31, all in Delta
    const auto beta = m.map(atlas.at("MA:region:2009:02"));
    ASSERT_EQ(beta.size(), 1u);
    EXPECT_EQ(beta[0].unit->id, "MA:region:2015:02");
    EXPECT_NE(beta[0].note.find("onto 1 unit"), std::string::npos) << beta[0].note;
}

TEST_F(units_test, french_region_of_2015_is_carried_to_2016_through_departements) {
    const unit_mapper m(atlas, {"region", "2016", "FR"});
    const auto links = m.map(atlas.at("FR:region:2015:12"));  // D03 and D04, both in Hauts
    ASSERT_EQ(links.size(), 1u);
    EXPECT_EQ(links[0].unit->id, "FR:region:2016:21");
    EXPECT_NE(links[0].note.find("via 2 departements"), std::string::npos) << links[0].note;
}

TEST_F(units_test, coarser_party_maps_only_when_rolled_down) {
    const partition provinces{"province", "", "MA"};
    const unit_mapper plain(atlas, provinces);
    EXPECT_TRUE(plain.map(atlas.at("MA:region:2009:01")).empty());
    EXPECT_NE(plain.why_unmapped(atlas.at("MA:region:2009:01")).find("not rolled down"), std::string::npos);

    const unit_mapper down(atlas, provinces, {.roll_down = true});
    const auto links = down.map(atlas.at("MA:region:2009:01"));
    EXPECT_EQ(ids(links),
              (std::set<std::string>{"MA:province:00", "MA:province:01", "MA:province:10", "MA:province:11"}));
    for (const auto& l : links) EXPECT_EQ(l.reason, link_reason::rolled_down);

    // a national body acts at the scale of its country: all 3 regions, only when rolled down
    EXPECT_TRUE(unit_mapper(atlas, {"region", "2009", "MA"}).map(atlas.at("MA:national_body:nb")).empty());
    EXPECT_EQ(unit_mapper(atlas, {"region", "2009", "MA"}, {.roll_down = true}).map(atlas.at("MA:national_body:nb")).size(),
              3u);
}

TEST_F(units_test, one_pass_mapping_gives_the_links_and_the_reason) {
    const unit_mapper plain(atlas, {"province", "", "MA"});
    // Alpha (2009) holds provinces 00 01 10 11: coarser than the level, not rolled down
    std::string why = "left over";
    EXPECT_TRUE(plain.map(atlas.at("MA:region:2009:01"), why).empty());
    EXPECT_EQ(why, "coarser than province; not rolled down (4 provinces below it)");

    // a party that maps: the same units as map(), and no reason left over
    why = "left over";
    const auto links = plain.map(atlas.at("MA:commune:c1"), why);
    EXPECT_EQ(ids(links), ids(plain.map(atlas.at("MA:commune:c1"))));
    EXPECT_FALSE(links.empty());
    EXPECT_EQ(why, "");

    // a party of another country: no unit, and the reason why_unmapped() gives
    const unit_mapper regions(atlas, {"region", "2009", "MA"});
    EXPECT_TRUE(regions.map(atlas.at("FR:commune:F1"), why).empty());
    EXPECT_FALSE(why.empty());
    EXPECT_EQ(why, regions.why_unmapped(atlas.at("FR:commune:F1")));
}

TEST_F(units_test, anchors_on_point_partitions) {
    const unit_mapper places(atlas, {"place", "", "MA"});
    auto links = places.map(atlas.at("MA:commune:c1"));
    ASSERT_EQ(links.size(), 1u);
    EXPECT_EQ(links[0].unit->id, "MA:place:1");
    EXPECT_EQ(links[0].reason, link_reason::anchored);

    // an organisation anchored to the place a commune stands on shares its seat
    const unit_mapper communes(atlas, {"commune", "", "MA"});
    links = communes.map(atlas.at("MA:organisation:o2"));
    ASSERT_EQ(links.size(), 1u);
    EXPECT_EQ(links[0].unit->id, "MA:commune:c1");
    EXPECT_EQ(links[0].reason, link_reason::anchored);
    // and the place a commune stands on maps onto that commune
    links = communes.map(atlas.at("MA:place:1"));
    ASSERT_EQ(links.size(), 1u);
    EXPECT_EQ(links[0].unit->id, "MA:commune:c1");
    EXPECT_TRUE(communes.map(atlas.at("MA:place:2")).empty());  // no commune stands on p2
}

TEST_F(units_test, representative_point_of_each_geometry) {
    EXPECT_EQ(representative_point(atlas, atlas.at("MA:commune:c1")), (geometry::point{0.5, 0.5}));  // anchor
    const auto inside = representative_point(atlas, atlas.at("MA:region:2015:02"));
    ASSERT_TRUE(inside);
    EXPECT_TRUE(geometry::strictly_inside(*inside, test::rectangle(1, 0, 4, 2)));
    EXPECT_FALSE(representative_point(atlas, atlas.at("MA:organisation:o1")) == std::nullopt);
    model::atlas lonely;
    lonely.add(test::make("XX:organisation:x", "organisation", "Nowhere"));
    EXPECT_EQ(representative_point(lonely, lonely.at("XX:organisation:x")), std::nullopt);
}

TEST(units_embedded, souss_massa_draa_splits_over_three_regions_of_2015) {
    const auto& atlas = test::embedded_atlas();
    const auto links = map_to_units(atlas, {"region", "2015", "MA"}, atlas.at("MA:region:2009:13"));
    // Souss-Massa-Drâa (2009) has 9 provinces: Agadir Ida-Outanane, Inezgane-Aït Melloul, Chtouka-Aït
    // Baha, Taroudant, Tiznit -> Souss-Massa (09); Ouarzazate, Tinghir, Zagora -> Drâa-Tafilalet (08);
    // Sidi Ifni -> Guelmim-Oued Noun (10) under the 2015 map (decree 2.15.40).
    EXPECT_EQ(ids(links), (std::set<std::string>{"MA:region:2015:08", "MA:region:2015:09", "MA:region:2015:10"}));
    for (const auto& l : links) {
        EXPECT_EQ(l.reason, link_reason::carried);
        EXPECT_NE(l.note.find("via 9 provinces; split over 3 units"), std::string::npos) << l.note;
        const std::string expected = l.unit->id == "MA:region:2015:09"   ? "(5 provinces in"
                                     : l.unit->id == "MA:region:2015:08" ? "(3 provinces in"
                                                                         : "(1 province in";
        EXPECT_NE(l.note.find(expected), std::string::npos) << l.note;
    }
}

TEST(units_embedded, aquitaine_2015_is_carried_into_nouvelle_aquitaine) {
    const auto& atlas = test::embedded_atlas();
    const auto links = map_to_units(atlas, {"region", "2016", "FR"}, atlas.at("FR:region:2015:72"));
    ASSERT_EQ(links.size(), 1u);
    EXPECT_EQ(links[0].unit->id, "FR:region:2016:75");
    // Aquitaine: Dordogne, Gironde, Landes, Lot-et-Garonne, Pyrénées-Atlantiques
    EXPECT_NE(links[0].note.find("via 5 departements"), std::string::npos) << links[0].note;
}

TEST(units_embedded, oujda_lies_in_the_oriental) {
    const auto& atlas = test::embedded_atlas();
    const auto links = map_to_units(atlas, {"region", "2009", "MA"}, atlas.at("MA:commune:oujda"));
    ASSERT_EQ(links.size(), 1u);
    EXPECT_EQ(links[0].unit->id, "MA:region:2009:04");
    EXPECT_EQ(units_of(atlas, {"region", "2009", "MA"}).size(), 16u);
    EXPECT_EQ(units_of(atlas, {"region", "2015", "MA"}).size(), 12u);
    EXPECT_EQ(units_of(atlas, {"departement", "", "FR"}).size(), 101u);
}

} // namespace
} // namespace coopatlas::analysis
