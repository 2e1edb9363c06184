#include <coopatlas/text/fold.hpp>

#include <gtest/gtest.h>

namespace ct = coopatlas::text;

TEST(fold, ignores_case_accents_and_separators) {
    EXPECT_EQ(ct::fold("Fès"), "fes");
    EXPECT_EQ(ct::fold("FES"), "fes");
    EXPECT_EQ(ct::fold("Souss - Massa - Draâ"), ct::fold("Souss-Massa-Drâa"));
    EXPECT_EQ(ct::fold("Souss-Massa-Drâa"), "souss massa draa");
    EXPECT_EQ(ct::fold("  Côte d’Albâtre "), "cote d albatre");
    EXPECT_EQ(ct::fold("Laâyoune"), "laayoune");
    EXPECT_EQ(ct::fold("Œuvre"), "oeuvre");
    EXPECT_EQ(ct::fold("Straße"), "strasse");
}

TEST(fold, keeps_other_scripts) {
    EXPECT_EQ(ct::fold("أكادير"), "أكادير");
    EXPECT_EQ(ct::fold("ⴰⴳⴰⴷⵉⵔ"), "ⴰⴳⴰⴷⵉⵔ");
    // vowel marks do not distinguish names
    EXPECT_EQ(ct::fold("فَاس"), ct::fold("فاس"));
}

TEST(fold_name, drops_articles_and_reads_a_leading_unit_word) {
    const auto r = ct::fold_name("Région de l'Oriental");
    EXPECT_EQ(r.key, "oriental");
    EXPECT_EQ(r.level_hint, "region");
    const auto p = ct::fold_name("Province de Figuig");
    EXPECT_EQ(p.key, "figuig");
    EXPECT_EQ(p.level_hint, "province");
    EXPECT_EQ(ct::fold_name("Département de la Seine-Saint-Denis").level_hint, "departement");
}

TEST(fold_name, unit_words_inside_a_name_stay) {
    const auto r = ct::fold_name("Pays de la Loire");
    EXPECT_EQ(r.key, "pays loire");
    EXPECT_TRUE(r.level_hint.empty());
    // a lone unit word is a name, not a hint
    EXPECT_EQ(ct::fold_name("Province").key, "province");
}

TEST(fold_name, expands_saint_abbreviations) {
    EXPECT_EQ(ct::fold_name("St-Étienne").key, ct::fold_name("Saint Etienne").key);
    EXPECT_EQ(ct::fold_name("Ste-Maxime").key, "sainte maxime");
}

TEST(utf8, rejects_latin1_bytes_and_says_where) {
    std::size_t at = 99;
    EXPECT_TRUE(ct::is_valid_utf8("Fès", &at));
    EXPECT_FALSE(ct::is_valid_utf8("F\xE8s", &at));
    EXPECT_EQ(at, 1u);
    EXPECT_FALSE(ct::is_valid_utf8("\xC0\x80", &at));  // overlong NUL
}

TEST(edit_distance, counts_edits_and_transpositions) {
    EXPECT_EQ(ct::edit_distance("kitten", "sitting"), 3u);
    EXPECT_EQ(ct::edit_distance("fes", "fse"), 1u);
    EXPECT_EQ(ct::edit_distance("", "abc"), 3u);
    EXPECT_EQ(ct::edit_distance("oujda", "oujda"), 0u);
}

TEST(split, trims_and_drops_empty_parts) {
    const auto parts = ct::split(" water | agenda21 || planning ", '|');
    ASSERT_EQ(parts.size(), 3u);
    EXPECT_EQ(parts[0], "water");
    EXPECT_EQ(parts[2], "planning");
}
