#include <coopatlas/error.hpp>
#include <coopatlas/model/atlas.hpp>

#include "small_atlas.hpp"

#include <gtest/gtest.h>

using coopatlas::test::make;
using coopatlas::test::small_atlas;
namespace cm = coopatlas::model;

TEST(atlas, rejects_a_duplicate_id_and_stays_unchanged) {
    auto a = small_atlas();
    const auto before = a.size();
    EXPECT_THROW(a.add(make("MA:province:FES", "province", "Autre")), coopatlas::error);
    EXPECT_EQ(a.size(), before);
    EXPECT_EQ(a.at("MA:province:FES").name, "Fès");
}

TEST(atlas, finds_by_id_and_code) {
    const auto a = small_atlas();
    EXPECT_NE(a.find("MA:region:2009:05"), nullptr);
    EXPECT_EQ(a.find("MA:region:2009:99"), nullptr);
    ASSERT_NE(a.find_by_code("MA", "region", "2015", "03"), nullptr);
    EXPECT_EQ(a.find_by_code("MA", "region", "2015", "03")->name, "Fès-Meknès");
    EXPECT_THROW((void)a.at("nope"), coopatlas::error);
}

TEST(atlas_names, match_ignores_case_and_accents_and_uses_aliases) {
    const auto a = small_atlas();
    EXPECT_EQ(a.resolve("FES", {.level = "commune"}).id, "MA:commune:fes");
    EXPECT_EQ(a.resolve("Fez").id, "MA:commune:fes");
    EXPECT_EQ(a.resolve("meknes - tafilalet").id, "MA:region:2009:06");
    EXPECT_EQ(a.resolve("nantes metropole").id, "FR:epci:244400404");
}

TEST(atlas_names, a_place_anchoring_a_commune_yields_to_it) {
    const auto a = small_atlas();
    // "Fès" names the province, the commune and the place; the place stands for the commune
    const auto found = a.match("Fès");
    ASSERT_EQ(found.size(), 2u);
    EXPECT_EQ(found[0]->id, "MA:commune:fes");
    EXPECT_EQ(found[1]->id, "MA:province:FES");
}

TEST(atlas_names, ambiguity_lists_every_candidate) {
    const auto a = small_atlas();
    try {
        (void)a.resolve("Figuig");
        FAIL() << "no exception";
    } catch (const coopatlas::ambiguous_name_error& e) {
        ASSERT_EQ(e.candidate_ids().size(), 2u);
        EXPECT_EQ(e.candidate_ids()[0], "MA:commune:figuig");
        EXPECT_EQ(e.candidate_ids()[1], "MA:province:FIG");
        const std::string msg = e.what();
        EXPECT_NE(msg.find("Figuig (commune, MA)"), std::string::npos) << msg;
        EXPECT_NE(msg.find("Figuig (province, MA)"), std::string::npos) << msg;
    }
}

TEST(atlas_names, a_unit_word_or_a_level_settles_ambiguity) {
    const auto a = small_atlas();
    EXPECT_EQ(a.resolve("Province de Figuig").id, "MA:province:FIG");
    EXPECT_EQ(a.resolve("Figuig", {.level = "commune"}).id, "MA:commune:figuig");
}

TEST(atlas_names, unknown_name_suggests_the_nearest) {
    const auto a = small_atlas();
    try {
        (void)a.resolve("Fess");
        FAIL() << "no exception";
    } catch (const coopatlas::unknown_name_error& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("did you mean 'Fès'"), std::string::npos) << msg;
        ASSERT_FALSE(e.suggestions().empty());
    }
}

TEST(atlas_names, one_unit_in_two_vintages_resolves_by_year) {
    const auto a = small_atlas();
    EXPECT_EQ(a.resolve("Oriental", {.year = 2009}).id, "MA:region:2009:04");
    EXPECT_EQ(a.resolve("Oriental", {.year = 2020}).id, "MA:region:2015:02");
    EXPECT_EQ(a.resolve("Oriental", {.vintage = "2009"}).id, "MA:region:2009:04");
    EXPECT_EQ(a.resolve("Oriental").id, "MA:region:2015:02");  // latest by default
}

TEST(atlas_names, a_vintage_that_is_not_a_year_is_never_the_one_in_force) {
    cm::atlas a;
    auto dated = make("X:region:2009:01", "region", "Nord");
    dated.vintage = "2009";
    dated.code = "01";
    auto draft = make("X:region:draft:01", "region", "Nord");
    draft.vintage = "draft";
    draft.code = "01";
    a.add(dated);
    a.add(draft);
    EXPECT_EQ(a.resolve("Nord", {.year = 2020}).id, "X:region:2009:01");
}

TEST(atlas_hierarchy, ancestors_and_children) {
    const auto a = small_atlas();
    const auto& fes = a.at("MA:province:FES");
    const auto anc = a.ancestors(fes);
    EXPECT_EQ(anc.size(), 2u);
    const auto kids = a.children(a.at("MA:region:2015:03"));
    ASSERT_EQ(kids.size(), 1u);
    EXPECT_EQ(kids[0]->id, "MA:province:FES");
}

TEST(atlas_hierarchy, location_falls_back_to_the_anchor) {
    const auto a = small_atlas();
    const auto& where = a.location(a.at("MA:commune:fes"));
    ASSERT_TRUE(std::holds_alternative<coopatlas::geometry::point>(where));
    EXPECT_DOUBLE_EQ(std::get<coopatlas::geometry::point>(where).x, 0.5);
    EXPECT_TRUE(std::holds_alternative<std::monostate>(a.location(a.at("FR:epci:244400404"))));
}

TEST(atlas_hierarchy, points_are_placed_by_point_in_polygon_in_every_vintage) {
    auto a = small_atlas();
    a.place_by_geometry();
    // the Figuig commune point lies in province FIG and both Oriental regions
    const auto& figuig = a.at("MA:commune:figuig");
    std::vector<std::string> parents = figuig.parent_ids;
    std::sort(parents.begin(), parents.end());
    EXPECT_NE(std::find(parents.begin(), parents.end(), "MA:province:FIG"), parents.end());
    std::vector<std::string> ancestors;
    for (const auto* e : a.ancestors(figuig)) ancestors.push_back(e->id);
    EXPECT_NE(std::find(ancestors.begin(), ancestors.end(), "MA:region:2009:04"), ancestors.end());
    EXPECT_NE(std::find(ancestors.begin(), ancestors.end(), "MA:region:2015:02"), ancestors.end());
    // the commune Fès, anchored at its place, reaches its regions through the province
    std::vector<std::string> fes;
    for (const auto* e : a.ancestors(a.at("MA:commune:fes"))) fes.push_back(e->id);
    EXPECT_NE(std::find(fes.begin(), fes.end(), "MA:region:2009:05"), fes.end());
}

TEST(atlas_hierarchy, polygons_are_placed_by_largest_overlap) {
    auto a = small_atlas();
    auto district = make("MA:province:NEW", "province", "Straddling");
    // 75 % in Meknès-Tafilalet, 25 % in Fès-Boulemane
    district.geometry = coopatlas::test::square(1.5, 0, 2);
    std::get<coopatlas::geometry::multi_polygon>(district.geometry)[0].outer = {
        {1.5, 0}, {3.5, 0}, {3.5, 1}, {1.5, 1}, {1.5, 0}};
    a.add(std::move(district));
    a.place_by_geometry();
    const auto& placed = a.at("MA:province:NEW");
    EXPECT_NE(std::find(placed.parent_ids.begin(), placed.parent_ids.end(), "MA:region:2009:06"), placed.parent_ids.end());
    EXPECT_EQ(std::find(placed.parent_ids.begin(), placed.parent_ids.end(), "MA:region:2009:05"), placed.parent_ids.end());
}

TEST(atlas_spatial, containing_filters_by_level_and_vintage) {
    const auto a = small_atlas();
    const auto hits = a.containing({3.0, 1.0}, "region", "2009");
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0]->id, "MA:region:2009:06");
    EXPECT_EQ(a.containing({3.0, 1.0}, "region").size(), 2u);
    EXPECT_TRUE(a.containing({30.0, 1.0}, "region").empty());
}
