#include <coopatlas/model/party_resolver.hpp>

#include "small_atlas.hpp"

#include <gtest/gtest.h>

#include <algorithm>

using coopatlas::test::make;
namespace cm = coopatlas::model;
using status = cm::party_resolution::status;
using input = cm::party_resolution::input;

namespace {

// The small atlas plus two countries that share a province name, and the French
// département partners of the municipality rule.
cm::atlas hint_atlas() {
    auto a = coopatlas::test::small_atlas();
    auto nl = make("NL:country:NL", "country", "Pays-Bas", "NL");
    nl.name_en = "Netherlands";
    auto be = make("BE:country:BE", "country", "Belgique", "BE");
    be.name_en = "Belgium";
    auto morocco = make("MA:country:MA", "country", "Maroc");
    morocco.name_en = "Morocco";
    for (auto* e : {&nl, &be, &morocco}) a.add(std::move(*e));
    a.add(make("NL:province:Limburg", "province", "Limburg", "NL"));
    a.add(make("BE:province:Limburg", "province", "Limburg", "BE"));
    a.add(make("FR:departement:93", "departement", "Seine-Saint-Denis", "FR"));
    a.add(make("FR:commune:93072", "commune", "Stains", "FR"));
    auto quarter = make("MA:place:9", "place", "Figuig (Centre)");
    a.add(std::move(quarter));
    a.add(make("XX:organisation:unfpa", "organisation", "Fonds des Nations Unies pour la Population", "XX"));
    a.add_alias("UNFPA", "XX:organisation:unfpa");
    a.add_unit_word("préfecture", "MA", "province");  // as the embedded manifest declares it
    return a;
}

cm::party_resolution one(const cm::atlas& a, cm::party_words w, cm::name_query q = {}) {
    if (w.label == "party") w.label = "party_a";
    return cm::resolve_party(a, w, q);
}

bool has_rule(const cm::party_resolution& r, cm::resolution_rule rule) {
    return std::find(r.rules.begin(), r.rules.end(), rule) != r.rules.end();
}

} // namespace

TEST(party_resolver, an_id_in_the_name_column_is_the_id) {
    const auto a = hint_atlas();
    const auto r = one(a, {.text = "MA:commune:fes"});
    ASSERT_EQ(r.state, status::resolved);
    EXPECT_EQ(r.found->id, "MA:commune:fes");
    EXPECT_TRUE(has_rule(r, cm::resolution_rule::exact_id));
    const auto bad = one(a, {.text = "MA:commune:fez"});
    EXPECT_EQ(bad.state, status::invalid);
    EXPECT_EQ(bad.problem, "unknown party_a id 'MA:commune:fez'");
    EXPECT_NE(bad.suggestion.find("MA:commune:fes"), std::string::npos) << bad.suggestion;
}

TEST(party_resolver, a_qualifier_gives_the_level) {
    const auto a = hint_atlas();
    const auto r = one(a, {.text = "Figuig (province)"}, {.prefer = cm::prefer_unit::municipality});
    ASSERT_EQ(r.state, status::resolved) << r.problem;
    EXPECT_EQ(r.found->id, "MA:province:FIG");
    EXPECT_TRUE(has_rule(r, cm::resolution_rule::hint));
    EXPECT_TRUE(r.notes.empty());  // the row said which: no rule had to choose
    EXPECT_EQ(one(a, {.text = "Figuig (Préfecture)"}).found->id, "MA:province:FIG");
    EXPECT_EQ(one(a, {.text = "Figuig (commune, MA)"}).found->id, "MA:commune:figuig");
}

TEST(party_resolver, a_qualifier_gives_the_country_by_code_or_by_name) {
    const auto a = hint_atlas();
    EXPECT_EQ(one(a, {.text = "Limburg"}).state, status::ambiguous);
    EXPECT_EQ(one(a, {.text = "Limburg (NL)"}).found->id, "NL:province:Limburg");
    EXPECT_EQ(one(a, {.text = "Limburg (nl)"}).found->id, "NL:province:Limburg");
    EXPECT_EQ(one(a, {.text = "Limburg (Netherlands)"}).found->id, "NL:province:Limburg");
    EXPECT_EQ(one(a, {.text = "Limburg (Belgique)"}).found->id, "BE:province:Limburg");
    EXPECT_EQ(one(a, {.text = "Limburg (province, BE)"}).found->id, "BE:province:Limburg");
}

TEST(party_resolver, a_qualifier_gives_the_vintage) {
    const auto a = hint_atlas();
    EXPECT_EQ(one(a, {.text = "Oriental"}).state, status::ambiguous);
    EXPECT_EQ(one(a, {.text = "Oriental (2009)"}).found->id, "MA:region:2009:04");
    EXPECT_EQ(one(a, {.text = "Oriental (region, 2015)"}).found->id, "MA:region:2015:02");
}

TEST(party_resolver, brackets_that_are_no_hint_belong_to_the_name) {
    const auto a = hint_atlas();
    EXPECT_EQ(one(a, {.text = "Figuig (Centre)"}).found->id, "MA:place:9");
    // a name and its acronym naming the same entity
    EXPECT_EQ(one(a, {.text = "Fonds des Nations Unies pour la Population (UNFPA)"}).found->id, "XX:organisation:unfpa");
}

TEST(party_resolver, hint_columns_give_level_and_country) {
    const auto a = hint_atlas();
    EXPECT_EQ(one(a, {.text = "Figuig", .level = "province"}).found->id, "MA:province:FIG");
    EXPECT_EQ(one(a, {.text = "Figuig", .level = "Préfecture"}).found->id, "MA:province:FIG");
    EXPECT_EQ(one(a, {.text = "Limburg", .country = "Netherlands"}).found->id, "NL:province:Limburg");
    EXPECT_EQ(one(a, {.text = "Limburg", .country = "BE"}).found->id, "BE:province:Limburg");
}

TEST(party_resolver, bad_hints_say_which_column_is_wrong) {
    const auto a = hint_atlas();
    const auto level = one(a, {.text = "Figuig", .level = "provnce"});
    EXPECT_EQ(level.state, status::invalid);
    EXPECT_EQ(level.where, input::level);
    EXPECT_EQ(level.problem, "party_a_level 'provnce' is not a level of the atlas");
    EXPECT_NE(level.suggestion.find("province"), std::string::npos);
    const auto country = one(a, {.text = "Limburg", .country = "Netherland"});
    EXPECT_EQ(country.where, input::country);
    EXPECT_NE(country.suggestion.find("NL:country:NL"), std::string::npos) << country.suggestion;
    const auto conflict = one(a, {.text = "Figuig (province)", .level = "commune"});
    EXPECT_EQ(conflict.state, status::invalid);
    EXPECT_EQ(conflict.problem, "party_a_level says 'commune' but the name says 'province'");
}

TEST(party_resolver, unknown_names_get_suggestions_with_vintage_and_id) {
    const auto a = hint_atlas();
    const auto r = one(a, {.text = "Fess"});
    EXPECT_EQ(r.state, status::unknown);
    EXPECT_EQ(r.problem, "unknown party_a 'Fess'");
    EXPECT_NE(r.suggestion.find("'Fès' (commune, MA, MA:commune:fes)"), std::string::npos) << r.suggestion;
}

TEST(party_resolver, the_municipality_rule_follows_the_other_party) {
    const auto a = hint_atlas();
    auto words = [](std::string text, const char* label) {
        return cm::party_words{label, std::move(text), {}, {}, {}};
    };
    // a commune partner: the commune
    auto [fig, stains] = cm::resolve_parties(a, words("Figuig", "party_a"), words("Stains", "party_b"), std::nullopt);
    ASSERT_EQ(fig.state, status::resolved);
    EXPECT_EQ(fig.found->id, "MA:commune:figuig");
    EXPECT_TRUE(has_rule(fig, cm::resolution_rule::municipality));
    ASSERT_EQ(fig.notes.size(), 1u);
    EXPECT_NE(fig.notes[0].find("(prefer: municipality)"), std::string::npos) << fig.notes[0];
    // a département partner: the row pairs larger units, so the province
    auto [province, dep] = cm::resolve_parties(a, words("Figuig", "party_a"),
                                               words("Département de la Seine-Saint-Denis", "party_b"), std::nullopt);
    ASSERT_EQ(province.state, status::resolved);
    EXPECT_EQ(province.found->id, "MA:province:FIG");
    EXPECT_TRUE(has_rule(province, cm::resolution_rule::larger_unit));
    ASSERT_EQ(province.notes.size(), 1u);
    EXPECT_NE(province.notes[0].find("the other party being Seine-Saint-Denis (departement, FR, FR:departement:93)"),
              std::string::npos) << province.notes[0];
    // no rule: both stay for a person
    auto [none_a, none_b] = cm::resolve_parties(a, words("Figuig", "party_a"), words("Stains", "party_b"), std::nullopt,
                                                cm::prefer_unit::none);
    EXPECT_EQ(none_a.state, status::ambiguous);
    EXPECT_NE(none_a.problem.find("Figuig (province, MA, MA:province:FIG)"), std::string::npos) << none_a.problem;
    // larger_unit for every row
    auto [large, _] = cm::resolve_parties(a, words("Figuig", "party_a"), words("Stains", "party_b"), std::nullopt,
                                          cm::prefer_unit::larger_unit);
    EXPECT_EQ(large.found->id, "MA:province:FIG");
}

TEST(party_resolver, the_year_of_the_row_chooses_the_vintage) {
    const auto a = hint_atlas();
    auto [r, empty] = cm::resolve_parties(a, {"party_a", "Région de l'Oriental", {}, {}, {}}, {"party_b", {}, {}, {}, {}}, 2013);
    ASSERT_EQ(r.state, status::resolved);
    EXPECT_EQ(r.found->id, "MA:region:2009:04");
    EXPECT_TRUE(has_rule(r, cm::resolution_rule::vintage_by_year));
    EXPECT_EQ(empty.state, status::empty);
    auto [undated, _] = cm::resolve_parties(a, {"party_a", "Oriental", {}, {}, {}}, {"party_b", {}, {}, {}, {}}, std::nullopt);
    EXPECT_EQ(undated.state, status::ambiguous);
    EXPECT_NE(undated.suggestion.find("give the year"), std::string::npos) << undated.suggestion;
}

TEST(party_resolver, a_name_and_an_id_that_name_different_entities_are_an_error) {
    const auto a = hint_atlas();
    // Fès (the commune, also the alias Fez) against the commune of Figuig
    const auto r = one(a, {.text = "Fès", .id = "MA:commune:figuig"});
    ASSERT_EQ(r.state, status::invalid);
    EXPECT_EQ(r.where, input::id);
    EXPECT_EQ(r.problem,
              "party_a 'Fès' and party_a_id 'MA:commune:figuig' name different collectivities: the name matches "
              "Fès (commune, MA, MA:commune:fes); Fès (province, MA, MA:province:FES), the id is Figuig (commune, "
              "MA, MA:commune:figuig)");
    EXPECT_NE(r.suggestion.find("correct the name or the id"), std::string::npos) << r.suggestion;
    // an id in the name column against another id
    const auto ids = one(a, {.text = "MA:commune:fes", .id = "MA:province:FIG"});
    ASSERT_EQ(ids.state, status::invalid);
    EXPECT_NE(ids.problem.find("the name is Fès (commune, MA, MA:commune:fes), the id is Figuig (province, MA, "
                               "MA:province:FIG)"),
              std::string::npos)
        << ids.problem;
    // a qualifier that contradicts the id
    const auto limburg = one(a, {.text = "Limburg (NL)", .id = "BE:province:Limburg"});
    ASSERT_EQ(limburg.state, status::invalid);
    EXPECT_NE(limburg.problem.find("the name is Limburg (province, NL, NL:province:Limburg)"), std::string::npos)
        << limburg.problem;
}

TEST(party_resolver, a_name_that_agrees_with_its_id_or_names_nothing_keeps_the_id) {
    const auto a = hint_atlas();
    struct agreeing {
        const char* text;
        const char* id;
    };
    for (const auto& [text, id] : {
             agreeing{"Fès", "MA:commune:fes"},            // one of the entities the name matches
             agreeing{"Fès", "MA:province:FES"},           // the larger unit of the municipality rule
             agreeing{"Fez", "MA:commune:fes"},            // an alias
             agreeing{"Oriental", "MA:region:2009:04"},    // a vintage of the unit the name matches
             agreeing{"Limburg", "BE:province:Limburg"},   // one of two homonyms: the id settles it
             agreeing{"Sidi Nowhere", "MA:commune:fes"},   // a spelling the atlas lacks
             agreeing{"MA:commune:fes", "MA:commune:fes"}, // the same id twice
         }) {
        const auto r = one(a, {.text = text, .id = id}, {.year = 2016});
        ASSERT_EQ(r.state, status::resolved) << text << " / " << id << ": " << r.problem;
        EXPECT_EQ(r.found->id, id);
    }
}
