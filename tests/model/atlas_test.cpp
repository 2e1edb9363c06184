#include <coopatlas/error.hpp>
#include <coopatlas/model/atlas.hpp>

#include "small_atlas.hpp"
#include "test_support.hpp"

#include <algorithm>
#include <chrono>
#include <set>
#include <vector>

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

TEST(atlas, adds_a_batch_in_order_with_the_checks_of_one_by_one) {
    cm::atlas empty;
    std::vector<cm::entity> batch{make("T:region:1", "region", "Un"), make("T:province:2", "province", "Deux")};
    empty.add(std::move(batch));
    ASSERT_EQ(empty.size(), 2u);
    EXPECT_EQ(empty.entities()[1].id, "T:province:2");
    EXPECT_EQ(empty.at("T:region:1").name, "Un");
    EXPECT_EQ(empty.at("T:region:1").rank, 1);  // default rank of a region, as add() gives it
    EXPECT_EQ(empty.levels(), (std::set<std::string>{"province", "region"}));
    // into an atlas that has entities: appended; a duplicate stops the batch where it stands
    auto a = small_atlas();
    const auto before = a.size();
    std::vector<cm::entity> more{make("T:commune:3", "commune", "Trois"), make("MA:province:FES", "province", "Autre"),
                                 make("T:commune:4", "commune", "Quatre")};
    EXPECT_THROW(a.add(std::move(more)), coopatlas::error);
    EXPECT_EQ(a.size(), before + 1);
    EXPECT_EQ(a.at("T:commune:3").name, "Trois");
    EXPECT_EQ(a.find("T:commune:4"), nullptr);
    EXPECT_EQ(a.at("MA:province:FES").name, "Fès");
    ASSERT_EQ(a.match("Trois").size(), 1u);
    std::vector<cm::entity> nameless{make("", "commune", "Sans")};
    EXPECT_THROW(a.add(std::move(nameless)), coopatlas::error);
    EXPECT_EQ(a.size(), before + 1);
}

// A batch whose tail was read on demand (a snapshot of an atlas whose deferred layers were
// read) gives the atlas that add() then a deferred reader give: the tail is a second tier
// for names, looked at only when the eager entities have no candidate.
TEST(atlas, adds_a_batch_whose_tail_is_the_deferred_layers_already_read) {
    auto batch = [] {
        return std::vector<cm::entity>{make("A:place:1", "place", "Valence", "ES"),
                                       make("B:place:2", "place", "Valence", "FR"),
                                       make("B:place:3", "place", "Tours", "FR")};
    };
    cm::atlas read;
    read.add_read(batch(), 1);
    cm::atlas deferred;
    {
        auto all = batch();
        std::vector<cm::entity> head(std::make_move_iterator(all.begin()), std::make_move_iterator(all.begin() + 1));
        std::vector<cm::entity> tail(std::make_move_iterator(all.begin() + 1), std::make_move_iterator(all.end()));
        deferred.add(std::move(head));
        deferred.defer([&tail](cm::atlas& a) { a.add(std::move(tail)); });
        ASSERT_EQ(deferred.load_deferred(), 2u);
    }
    for (const cm::atlas* a : {&read, &deferred}) {
        EXPECT_EQ(a->size(), 3u);
        EXPECT_EQ(a->eager_size(), 1u);
        EXPECT_FALSE(a->has_deferred());
        const auto valence = a->lookup("Valence");  // the eager one only: the second tier is not looked at
        ASSERT_EQ(valence.candidates.size(), 1u);
        EXPECT_EQ(valence.candidates[0]->id, "A:place:1");
        const auto tours = a->lookup("Tours");  // none among the eager ones: found in the second tier
        ASSERT_EQ(tours.candidates.size(), 1u);
        EXPECT_EQ(tours.candidates[0]->id, "B:place:3");
    }
    cm::atlas whole;
    whole.add_read(batch(), 3);  // no tail: every entity eager
    EXPECT_EQ(whole.eager_size(), 3u);
    EXPECT_EQ(whole.lookup("Valence").candidates.size(), 2u);
}

TEST(atlas, gives_the_parties_of_a_partnership_as_found_by_id_before_and_after_it_grows) {
    auto a = small_atlas();
    const auto pact = [](std::string id, std::string x, std::string y) {
        cm::partnership p;
        p.id = std::move(id);
        p.kind = "twinning";
        p.a = {x, x};
        p.b = {y, y};
        return p;
    };
    a.add(pact("P1", "MA:commune:fes", "FR:epci:244400404"));
    a.add(pact("P2", "MA:province:FES", ""));  // one-sided
    const auto first = a.parties(a.partnerships()[0]);
    EXPECT_EQ(first.first, a.find("MA:commune:fes"));
    EXPECT_EQ(first.second, a.find("FR:epci:244400404"));
    const auto second = a.parties(a.partnerships()[1]);
    EXPECT_EQ(second.first, a.find("MA:province:FES"));
    EXPECT_EQ(second.second, nullptr);
    // the atlas grows (its entity array may move): the parties are still the right entities
    std::vector<cm::entity> more;
    for (int i = 0; i < 2000; ++i)
        more.push_back(make("T:commune:" + std::to_string(i), "commune", "C" + std::to_string(i)));
    a.add(std::move(more));
    a.add(pact("P3", "T:commune:1999", "MA:commune:fes"));
    for (std::size_t i = 0; i < a.partnerships().size(); ++i) {
        const auto& p = a.partnerships()[i];
        const auto [x, y] = a.parties(p);
        EXPECT_EQ(x, p.a.empty() ? nullptr : a.find(p.a.entity_id)) << p.id;
        EXPECT_EQ(y, p.b.empty() ? nullptr : a.find(p.b.entity_id)) << p.id;
    }
    EXPECT_EQ(a.parties(a.partnerships()[2]).first->name, "C1999");
    // a partnership that is not the atlas's own: found by id
    const cm::partnership outside = pact("X", "T:commune:7", "");
    EXPECT_EQ(a.parties(outside).first, a.find("T:commune:7"));
    EXPECT_EQ(a.parties(outside).second, nullptr);
}

TEST(atlas, gives_the_parents_in_their_order_as_links_and_entities_change) {
    cm::atlas a;
    auto child = make("T:commune:1", "commune", "Child");
    child.parent_ids = {"T:province:B", "T:epci:X", "T:province:A"};  // X is not in the atlas yet
    a.add(make("T:province:A", "province", "A"));
    a.add(make("T:province:B", "province", "B"));
    a.add(std::move(child));
    const auto ids = [&a](const cm::entity& e) {
        std::vector<std::string> out;
        for (const cm::entity* p : a.parents(e)) out.push_back(p->id);
        return out;
    };
    EXPECT_EQ(ids(a.at("T:commune:1")), (std::vector<std::string>{"T:province:B", "T:province:A"}));
    // the missing parent arrives with many more entities (the entity array may move)
    std::vector<cm::entity> more;
    more.push_back(make("T:epci:X", "epci", "X"));
    for (int i = 0; i < 2000; ++i) {
        auto e = make("T:place:" + std::to_string(i), "place", "P" + std::to_string(i));
        e.parent_ids = {"T:commune:1"};
        more.push_back(std::move(e));
    }
    a.add(std::move(more));
    EXPECT_EQ(ids(a.at("T:commune:1")), (std::vector<std::string>{"T:province:B", "T:epci:X", "T:province:A"}));
    EXPECT_EQ(ids(a.at("T:place:1999")), std::vector<std::string>{"T:commune:1"});
    // a link added after the parents were asked for
    a.add_parents("T:place:7", {"T:province:A"});
    EXPECT_EQ(ids(a.at("T:place:7")), (std::vector<std::string>{"T:commune:1", "T:province:A"}));
    EXPECT_EQ(ids(a.at("T:place:8")), std::vector<std::string>{"T:commune:1"});
    // an entity that is not the atlas's own (a copy): its parents found by id
    cm::entity copy = a.at("T:place:7");
    copy.parent_ids.push_back("T:province:B");
    EXPECT_EQ(ids(copy), (std::vector<std::string>{"T:commune:1", "T:province:A", "T:province:B"}));
}

TEST(atlas, adds_partnerships_in_a_batch_with_the_checks_of_one_by_one) {
    auto a = small_atlas();
    const auto pact = [](std::string id, std::string x) {
        cm::partnership p;
        p.id = std::move(id);
        p.kind = "twinning";
        p.a = {x, x};
        p.origin = "table.csv";
        return p;
    };
    std::vector<cm::partnership> many;
    for (int i = 0; i < 5000; ++i) many.push_back(pact("P" + std::to_string(i), "MA:commune:fes"));
    a.add(std::move(many));
    ASSERT_EQ(a.partnerships().size(), 5000u);
    for (int i : {0, 1, 2499, 4999}) {
        const cm::partnership* p = a.find_partnership("P" + std::to_string(i));
        ASSERT_NE(p, nullptr) << i;
        EXPECT_EQ(p, &a.partnerships()[static_cast<std::size_t>(i)]);
    }
    EXPECT_EQ(a.find_partnership("P5000"), nullptr);
    EXPECT_EQ(a.find_partnership(""), nullptr);

    // a duplicate id stops the batch at it, the partnerships before it stay
    std::vector<cm::partnership> twice{pact("Q1", "MA:commune:fes"), pact("Q2", "MA:province:FES"),
                                       pact("Q1", "MA:province:FES"), pact("Q3", "MA:commune:fes")};
    try {
        a.add(std::move(twice));
        FAIL() << "a duplicate id was taken";
    } catch (const coopatlas::error& e) {
        EXPECT_NE(std::string(e.what()).find("duplicate partnership id 'Q1' in table.csv"), std::string::npos) << e.what();
    }
    EXPECT_EQ(a.partnerships().size(), 5002u);
    EXPECT_EQ(a.find_partnership("Q2")->a.entity_id, "MA:province:FES");
    EXPECT_EQ(a.find_partnership("Q3"), nullptr);
    // and so does a party the atlas does not hold
    std::vector<cm::partnership> stray{pact("R1", "MA:commune:fes"), pact("R2", "MA:commune:nowhere")};
    EXPECT_THROW(a.add(std::move(stray)), coopatlas::error);
    EXPECT_NE(a.find_partnership("R1"), nullptr);
    EXPECT_EQ(a.find_partnership("R2"), nullptr);

    // an atlas without partnerships takes a batch whole, with the same checks
    auto b = small_atlas();
    ASSERT_TRUE(b.partnerships().empty());
    std::vector<cm::partnership> first{pact("S1", "MA:commune:fes"), pact("S2", "MA:province:FES"),
                                       pact("S1", "MA:commune:fes"), pact("S3", "MA:commune:fes")};
    EXPECT_THROW(b.add(std::move(first)), coopatlas::error);
    ASSERT_EQ(b.partnerships().size(), 2u);
    EXPECT_EQ(b.find_partnership("S2"), &b.partnerships()[1]);
    EXPECT_EQ(b.find_partnership("S3"), nullptr);
    EXPECT_EQ(b.parties(b.partnerships()[1]).first, b.find("MA:province:FES"));
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
    const auto found = a.match("Fès", {.prefer = cm::prefer_unit::none});
    ASSERT_EQ(found.size(), 2u);
    EXPECT_EQ(found[0]->id, "MA:commune:fes");
    EXPECT_EQ(found[1]->id, "MA:province:FES");
}

TEST(atlas_names, ambiguity_lists_every_candidate_with_level_country_and_id) {
    const auto a = small_atlas();
    try {
        (void)a.resolve("Figuig", {.prefer = cm::prefer_unit::none});
        FAIL() << "no exception";
    } catch (const coopatlas::ambiguous_name_error& e) {
        ASSERT_EQ(e.candidate_ids().size(), 2u);
        EXPECT_EQ(e.candidate_ids()[0], "MA:commune:figuig");
        EXPECT_EQ(e.candidate_ids()[1], "MA:province:FIG");
        const std::string msg = e.what();
        EXPECT_NE(msg.find("Figuig (commune, MA, MA:commune:figuig)"), std::string::npos) << msg;
        EXPECT_NE(msg.find("Figuig (province, MA, MA:province:FIG)"), std::string::npos) << msg;
    }
}

TEST(atlas_names, the_municipality_rule_takes_the_commune_and_says_so) {
    const auto a = small_atlas();
    const auto m = a.lookup("Figuig");
    ASSERT_EQ(m.candidates.size(), 1u);
    EXPECT_EQ(m.candidates[0]->id, "MA:commune:figuig");
    ASSERT_EQ(m.rules.size(), 2u);
    EXPECT_EQ(m.rules[1], cm::resolution_rule::municipality);
    ASSERT_EQ(m.notes.size(), 1u);
    EXPECT_NE(m.notes[0].find("took Figuig (commune, MA, MA:commune:figuig), not Figuig (province, MA, MA:province:FIG)"),
              std::string::npos) << m.notes[0];
    EXPECT_EQ(a.resolve("Figuig").id, "MA:commune:figuig");
}

TEST(atlas_names, the_rule_is_configurable_per_query_and_per_atlas) {
    auto a = small_atlas();
    const auto larger = a.lookup("Figuig", {.prefer = cm::prefer_unit::larger_unit});
    ASSERT_EQ(larger.candidates.size(), 1u);
    EXPECT_EQ(larger.candidates[0]->id, "MA:province:FIG");
    EXPECT_EQ(larger.rules.back(), cm::resolution_rule::larger_unit);
    a.set_prefer(cm::prefer_unit::larger_unit);
    EXPECT_EQ(a.resolve("Figuig").id, "MA:province:FIG");
    a.set_prefer(cm::prefer_unit::none);
    EXPECT_THROW((void)a.resolve("Figuig"), coopatlas::ambiguous_name_error);
    EXPECT_EQ(cm::parse_prefer_unit("larger-unit"), cm::prefer_unit::larger_unit);
    EXPECT_FALSE(cm::parse_prefer_unit("city").has_value());
}

TEST(atlas_names, a_unit_word_or_a_level_settles_ambiguity) {
    const auto a = small_atlas();
    EXPECT_EQ(a.resolve("Province de Figuig").id, "MA:province:FIG");
    EXPECT_EQ(a.resolve("Figuig", {.level = "commune"}).id, "MA:commune:figuig");
    EXPECT_TRUE(a.lookup("Province de Figuig").notes.empty());
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
    const auto m = a.lookup("Oriental", {.year = 2013});
    ASSERT_EQ(m.notes.size(), 1u);
    EXPECT_EQ(m.notes[0], "'Oriental': the 2009 vintage, in force in 2013 (MA:region:2009:04)");
    EXPECT_EQ(m.rules.back(), cm::resolution_rule::vintage_by_year);
    // before every vintage, the earliest map is the nearest
    EXPECT_EQ(a.resolve("Oriental", {.year = 1999}).id, "MA:region:2009:04");
}

TEST(atlas_names, without_a_year_the_vintages_stay_tied_and_are_listed) {
    const auto a = small_atlas();
    const auto m = a.lookup("Oriental");
    EXPECT_EQ(m.candidates.size(), 2u);
    EXPECT_TRUE(m.undated_versions);
    try {
        (void)a.resolve("Oriental");
        FAIL() << "no exception";
    } catch (const coopatlas::ambiguous_name_error& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("Oriental (region, MA, 2009, MA:region:2009:04)"), std::string::npos) << msg;
        EXPECT_NE(msg.find("Oriental (region, MA, 2015, MA:region:2015:02)"), std::string::npos) << msg;
        EXPECT_NE(msg.find("Give the year"), std::string::npos) << msg;
    }
}

namespace {
// Places standing for towns, a quarter, homonymous communes and a unit in two
// vintages with different codes but one name.
cm::atlas places_atlas() {
    using coopatlas::test::make;
    cm::atlas a;
    auto dakhla = make("MA:commune:dakhla", "commune", "Dakhla");
    dakhla.anchor_id = "EH:place:1";
    auto town = make("EH:place:1", "place", "Dakhla", "EH");
    town.feature_code = "PPLA";
    auto quarter = make("MA:place:2", "place", "Dakhla");
    quarter.feature_code = "PPLX";
    auto only_quarter = make("MA:place:3", "place", "Talborjt");
    only_quarter.feature_code = "PPLX";
    auto city = make("FR:place:10", "place", "La Rochelle", "FR");
    city.feature_code = "PPLA2";
    auto rochelle = make("FR:commune:17300", "commune", "La Rochelle", "FR");
    rochelle.anchor_id = "FR:place:10";
    auto village = make("FR:commune:70450", "commune", "La Rochelle", "FR");
    auto paris_place = make("FR:place:11", "place", "Paris", "FR");  // no anchor link
    auto paris = make("FR:commune:75056", "commune", "Paris", "FR");
    auto paris_dep = make("FR:departement:75", "departement", "Paris", "FR");
    auto smd = make("MA:region:2009:13", "region", "Souss-Massa-Drâa");
    smd.vintage = "2009";
    auto old_oriental = make("MA:region:2009:04", "region", "L'Oriental");
    old_oriental.vintage = "2009";
    old_oriental.code = "04";
    auto new_oriental = make("MA:region:2015:02", "region", "Oriental");
    new_oriental.vintage = "2015";
    new_oriental.code = "02";
    auto paca_old = make("FR:region:2015:93", "region", "Provence-Alpes-Côte d'Azur", "FR");
    paca_old.vintage = "2015";
    paca_old.code = "93";
    auto paca = make("FR:region:2016:93", "region", "Provence-Alpes-Côte d'Azur", "FR");
    paca.vintage = "2016";
    paca.code = "93";
    auto agadir = make("MA:commune:agadir", "commune", "Agadir");
    agadir.name_ar = "أكادير";
    for (auto* e : {&dakhla, &town, &quarter, &only_quarter, &city, &rochelle, &village, &paris_place, &paris,
                    &paris_dep, &smd, &old_oriental, &new_oriental, &paca_old, &paca, &agadir})
        a.add(std::move(*e));
    a.add_alias("PACA", "FR:region:2016:93");
    return a;
}
} // namespace

TEST(atlas_names, a_quarter_never_competes_with_a_town_of_its_name) {
    const auto a = places_atlas();
    EXPECT_EQ(a.resolve("Dakhla").id, "MA:commune:dakhla");
    EXPECT_TRUE(a.lookup("Dakhla").notes.empty());  // not a choice: the quarter is no candidate
    EXPECT_EQ(a.resolve("Talborjt").id, "MA:place:3");  // alone, a quarter is still found
}

TEST(atlas_names, a_city_place_and_its_commune_are_one_party) {
    const auto a = places_atlas();
    const auto m = a.lookup("Paris", {.prefer = cm::prefer_unit::none});
    ASSERT_EQ(m.candidates.size(), 2u);  // the place went; the commune and the département stay
    EXPECT_EQ(m.candidates[0]->id, "FR:commune:75056");
    EXPECT_EQ(m.candidates[1]->id, "FR:departement:75");
    EXPECT_EQ(a.resolve("Paris").id, "FR:commune:75056");
}

TEST(atlas_names, of_homonymous_communes_the_only_city_is_taken_with_a_note) {
    const auto a = places_atlas();
    const auto m = a.lookup("La Rochelle");
    ASSERT_EQ(m.candidates.size(), 1u);
    EXPECT_EQ(m.candidates[0]->id, "FR:commune:17300");
    EXPECT_EQ(m.rules.back(), cm::resolution_rule::city);
    ASSERT_EQ(m.notes.size(), 1u);
    EXPECT_NE(m.notes[0].find("not La Rochelle (commune, FR, FR:commune:70450)"), std::string::npos) << m.notes[0];
    EXPECT_EQ(a.lookup("La Rochelle", {.prefer = cm::prefer_unit::none}).candidates.size(), 2u);
}

TEST(atlas_names, one_name_in_two_vintages_is_one_unit_even_with_other_codes) {
    const auto a = places_atlas();
    EXPECT_EQ(a.resolve("Région de l'Oriental", {.year = 2013}).id, "MA:region:2009:04");
    EXPECT_EQ(a.resolve("Région de l'Oriental", {.year = 2021}).id, "MA:region:2015:02");
    EXPECT_TRUE(a.lookup("Oriental").undated_versions);
}

TEST(atlas_names, an_alias_of_a_unit_names_its_other_vintages_too) {
    const auto a = places_atlas();
    EXPECT_EQ(a.resolve("PACA", {.year = 2010}).id, "FR:region:2015:93");
    EXPECT_EQ(a.resolve("PACA", {.year = 2018}).id, "FR:region:2016:93");
    const auto m = a.lookup("PACA");
    ASSERT_EQ(m.candidates.size(), 2u);
    EXPECT_EQ(m.rules.front(), cm::resolution_rule::alias);
}

TEST(atlas_names, arabic_names_match_without_hamza_or_with_tatweel) {
    const auto a = places_atlas();
    EXPECT_EQ(a.resolve("اكادير").id, "MA:commune:agadir");
    EXPECT_EQ(a.resolve("أكـــادير").id, "MA:commune:agadir");
    EXPECT_EQ(a.resolve("أﮔادير").id, "MA:commune:agadir");
}

TEST(atlas_suggest, a_name_starting_with_the_typed_word_comes_first) {
    const auto a = places_atlas();
    const auto near = a.suggest("Souss");
    ASSERT_FALSE(near.empty());
    EXPECT_EQ(near[0]->id, "MA:region:2009:13");
}

TEST(atlas_suggest, versions_are_told_apart_by_vintage) {
    const auto a = places_atlas();
    try {
        (void)a.resolve("Provence Alpes Côtes d'Azur");
        FAIL() << "no exception";
    } catch (const coopatlas::unknown_name_error& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("(region, FR, 2015, FR:region:2015:93)"), std::string::npos) << msg;
        EXPECT_NE(msg.find("(region, FR, 2016, FR:region:2016:93)"), std::string::npos) << msg;
    }
}

TEST(atlas_suggest, a_very_long_name_costs_a_prefix_check_only) {
    const auto& a = coopatlas::test::embedded_atlas();
    const std::string junk(10000, 'x');
    // The name index is built by the first look-up, outside the time taken: what is bounded
    // is the work per name. Edit distances over 10,000 bytes against each of the atlas's
    // 100,000 names would take many seconds; the prefix checks take milliseconds, so the bound
    // holds under sanitizers and load with a wide margin.
    (void)a.suggest("Rabat");
    const auto start = std::chrono::steady_clock::now();
    EXPECT_TRUE(a.suggest(junk).empty());
    const auto near = a.suggest("Rabat " + junk);  // a known name followed by junk
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_LT(seconds, 0.5);
    ASSERT_FALSE(near.empty());
    EXPECT_EQ(near[0]->display_name(), "Rabat");
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

TEST(atlas_hierarchy, children_in_any_order_are_the_children_by_id) {
    auto a = small_atlas();
    // three children added out of id order
    for (const char* id : {"MA:province:ZZZ", "MA:province:AAA", "MA:province:MMM"}) {
        a.add(make(id, "province", id));
        a.add_parents(id, {"MA:region:2015:03"});
    }
    const auto& region = a.at("MA:region:2015:03");
    std::vector<std::string> sorted, any;
    for (const auto* e : a.children(region)) sorted.push_back(e->id);
    for (const auto* e : a.children_in_any_order(region)) any.push_back(e->id);
    EXPECT_EQ(sorted, (std::vector<std::string>{"MA:province:AAA", "MA:province:FES", "MA:province:MMM",
                                                "MA:province:ZZZ"}));
    std::sort(any.begin(), any.end());
    EXPECT_EQ(any, sorted);
    EXPECT_TRUE(a.children_in_any_order(a.at("MA:province:FES")).empty());
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

// "Wilaya" is a region in Morocco and a province-level unit in Algeria: each country's
// word leads to its own level, and to nothing else.
TEST(atlas_names, a_unit_word_of_the_atlas_leads_to_its_level_in_each_country) {
    cm::atlas a;
    a.add(make("DZ:wilaya:13", "wilaya", "Tlemcen", "DZ"));
    a.add(make("DZ:commune:1301", "commune", "Tlemcen", "DZ"));
    a.add(make("MA:region:2009:04", "region", "Oriental", "MA"));
    a.add(make("MA:province:ORI", "province", "Oriental", "MA"));  // a namesake at another level
    a.add_unit_word("wilaya", "DZ", "wilaya");
    a.add_unit_word("Wilaya", "MA", "region");
    const auto dz = a.match("Wilaya de Tlemcen");
    ASSERT_EQ(dz.size(), 1u);
    EXPECT_EQ(dz[0]->id, "DZ:wilaya:13");
    const auto ma = a.match("Wilaya de l'Oriental");
    ASSERT_EQ(ma.size(), 1u);
    EXPECT_EQ(ma[0]->id, "MA:region:2009:04");
    EXPECT_EQ(a.unit_word_levels("wilaya", "DZ"), std::vector<std::string>{"wilaya"});
    EXPECT_EQ(a.unit_word_levels("wilaya").size(), 2u);
    // a built-in word stays as it was where the atlas has the level
    EXPECT_EQ(a.unit_word_levels("Commune"), std::vector<std::string>{"commune"});
    EXPECT_TRUE(a.unit_word_levels("Préfecture").empty());
    EXPECT_THROW(a.add_unit_word("chef lieu", "DZ", "wilaya"), coopatlas::error);
}

TEST(atlas_names, names_in_other_languages_resolve_and_are_listed) {
    cm::atlas a;
    auto e = make("ES:province:C", "province", "A Coruña", "ES");
    e.names = {{"es", "La Coruña"}, {"de", "La Coruña"}};
    a.add(std::move(e));
    EXPECT_EQ(a.resolve("La Coruna").id, "ES:province:C");
    EXPECT_EQ(a.at("ES:province:C").name_in("es"), "La Coruña");
    EXPECT_EQ(a.at("ES:province:C").name_in("fr"), "A Coruña");  // no French exonym: the name
    EXPECT_EQ(a.at("ES:province:C").name_in("it"), "");
    EXPECT_EQ(a.languages(), (std::set<std::string>{"de", "es", "fr"}));
}
