#include "small_atlas.hpp"

#include <coopatlas/analysis/vocabulary.hpp>
#include <coopatlas/error.hpp>

#include <gtest/gtest.h>

namespace ca = coopatlas::analysis;
namespace cm = coopatlas::model;

namespace {

cm::partnership pact(std::string id, std::string kind, std::string a, std::string b, std::vector<std::string> themes,
                     std::string source) {
    cm::partnership p;
    p.id = std::move(id);
    p.kind = std::move(kind);
    p.a = {a, a};
    p.b = {b, b};
    p.themes = std::move(themes);
    p.source = std::move(source);
    return p;
}

// Three partnerships, counted by hand: kinds twinning ×2 and convention ×1; themes water
// ×2 (twice in P2 counts once), planning ×1; sources s1 ×2, s2 ×1; parties in MA ×3, FR ×1.
cm::atlas atlas_with_partnerships() {
    cm::atlas a = coopatlas::test::small_atlas();
    a.add(pact("P1", "twinning", "MA:commune:fes", "FR:epci:244400404", {"water"}, "s1"));
    a.add(pact("P2", "twinning", "MA:commune:figuig", "MA:province:FES", {"water", "water", "planning"}, "s1"));
    a.add(pact("P3", "convention", "MA:region:2009:05", "MA:province:FIG", {}, "s2"));
    return a;
}

std::string message_of(const ca::filter& f, const cm::atlas& a) {
    try {
        ca::check_filter(f, a);
    } catch (const coopatlas::input_error& e) {
        return e.what();
    }
    return {};
}

} // namespace

TEST(vocabulary, counts_each_value_once_per_partnership) {
    const auto v = ca::vocabulary_of(atlas_with_partnerships());
    EXPECT_EQ(v.kinds, (std::map<std::string, std::size_t>{{"convention", 1}, {"twinning", 2}}));
    EXPECT_EQ(v.themes, (std::map<std::string, std::size_t>{{"planning", 1}, {"water", 2}}));
    EXPECT_EQ(v.sources, (std::map<std::string, std::size_t>{{"s1", 2}, {"s2", 1}}));
    EXPECT_EQ(v.countries, (std::map<std::string, std::size_t>{{"FR", 1}, {"MA", 3}}));
    EXPECT_EQ(v.levels.at("region"), 5u);  // 2 + 2 Orientals + Fès-Meknès
    EXPECT_EQ(v.levels.at("commune"), 2u);
}

TEST(vocabulary, known_values_pass) {
    ca::filter f;
    f.kinds = {"twinning"};
    f.themes = {"water"};
    f.sources = {"s2"};
    f.countries = {"FR"};
    EXPECT_NO_THROW(ca::check_filter(f, atlas_with_partnerships()));
}

TEST(vocabulary, an_unknown_value_names_the_nearest_known_one) {
    ca::filter f;
    f.kinds = {"twining"};
    f.themes = {"watr", "nothing_like_it"};
    const std::string m = message_of(f, atlas_with_partnerships());
    EXPECT_NE(m.find("--kind 'twining': no partnership has this kind — did you mean 'twinning'?"), std::string::npos) << m;
    EXPECT_NE(m.find("--theme 'watr': no partnership has this theme — did you mean 'water'?"), std::string::npos) << m;
    // no near value: the list of known ones
    EXPECT_NE(m.find("--theme 'nothing_like_it': no partnership has this theme — themes: 'planning', 'water'"),
              std::string::npos)
        << m;
}

TEST(vocabulary, every_named_value_is_checked_even_when_others_are_met_first) {
    ca::filter f;
    f.kinds = {"twinning", "convention"};  // met in P1 and, last, in P3
    f.countries = {"FR", "MA"};           // FR only as P1's second party
    f.sources = {"s2", "s3"};             // s2 in P3 only; s3 nowhere
    const std::string m = message_of(f, atlas_with_partnerships());
    EXPECT_NE(m.find("--source 's3': no partnership has this source"), std::string::npos) << m;
    EXPECT_EQ(m.find("--source 's2'"), std::string::npos) << m;
    EXPECT_EQ(m.find("--kind"), std::string::npos) << m;
    EXPECT_EQ(m.find("--country"), std::string::npos) << m;
    f.sources = {"s2"};
    EXPECT_NO_THROW(ca::check_filter(f, atlas_with_partnerships()));
}

TEST(vocabulary, an_unknown_country_and_an_empty_year_range_are_errors) {
    ca::filter f;
    f.countries = {"ES"};
    f.year_from = 2020;
    f.year_to = 2000;
    const std::string m = message_of(f, atlas_with_partnerships());
    EXPECT_NE(m.find("--country 'ES'"), std::string::npos) << m;
    EXPECT_NE(m.find("the year range 2020-2000 is empty"), std::string::npos) << m;
}

TEST(vocabulary, nearest_words_folds_accents_and_case_and_stays_quiet_when_nothing_is_close) {
    EXPECT_EQ(ca::nearest_words("Region", {"région", "province"}), std::vector<std::string>{"région"});
    EXPECT_TRUE(ca::nearest_words("xyz", {"région", "province"}).empty());
}
