#include <coopatlas/text/fold.hpp>

#include <gtest/gtest.h>

#include <set>

#include <algorithm>
#include <string>

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
    EXPECT_EQ(ct::fold("ⴰⴳⴰⴷⵉⵔ"), "ⴰⴳⴰⴷⵉⵔ");
    EXPECT_EQ(ct::fold("فاس"), "فاس");
    // vowel marks do not distinguish names
    EXPECT_EQ(ct::fold("فَاس"), ct::fold("فاس"));
}

TEST(fold, composed_and_decomposed_accents_are_equal) {
    EXPECT_EQ(ct::fold("e\u0301"), ct::fold("\u00E9"));  // e + combining acute = é
    EXPECT_EQ(ct::fold("Fe\u0300s"), "fes");
    EXPECT_EQ(ct::fold("\uFB01guig"), "figuig");          // the "fi" ligature
    EXPECT_EQ(ct::fold("\uFF26\uFF45\uFF53"), "fes");     // full-width letters
    EXPECT_EQ(ct::fold("Ø\u0141\u0111"), "old");          // letters without a decomposition
    EXPECT_EQ(ct::fold("Soft\u00ADhyphen"), "softhyphen");  // default-ignorable characters vanish
}

TEST(fold, arabic_hamza_alef_forms_tatweel_and_marks_fold_equal) {
    const std::string agadir = ct::fold("اكادير");
    EXPECT_EQ(ct::fold("أكادير"), agadir);                       // hamza above
    EXPECT_EQ(ct::fold("إكادير"), agadir);                       // hamza below
    EXPECT_EQ(ct::fold("آكادير"), agadir);                       // madda
    EXPECT_EQ(ct::fold("ٱكادير"), agadir);                       // alef wasla
    EXPECT_EQ(ct::fold("أﮔادير"), agadir);                       // gaf in its presentation form
    EXPECT_EQ(ct::fold("أگادير"), agadir);                       // gaf
    EXPECT_EQ(ct::fold("أڭادير"), agadir);                       // the Moroccan ng letter
    EXPECT_EQ(ct::fold("أكـــادير"), agadir);                    // tatweel
    EXPECT_EQ(ct::fold("أَكَادِير"), agadir);                     // harakat
    EXPECT_EQ(ct::fold("ا\u0654كادير"), agadir);                // decomposed hamza
    EXPECT_EQ(ct::fold("الحسيمة"), ct::fold("الحسيمه"));       // taa marbuta = haa
    EXPECT_EQ(ct::fold("مكناسى"), ct::fold("مكناسي"));          // alef maksura = yeh
    EXPECT_EQ(ct::fold("ﻓﺎﺱ"), ct::fold("فاس"));                // presentation forms (NFKC)
    EXPECT_EQ(ct::fold("الدار البيضاء، المغرب"), "الدار البيضاء المغرب");  // Arabic comma separates
    EXPECT_EQ(ct::fold("٢٠١٥"), "2015");
}

TEST(fold, invalid_bytes_separate_and_do_not_throw) {
    EXPECT_EQ(ct::fold("F\xE8s"), "f s");
    EXPECT_EQ(ct::fold("Fès\xFF"), "fes");
}

// An overlong sequence (a code point written with more bytes than it needs) beside a
// non-ASCII letter used to reach utf8proc, which refused the text: fold() threw.
TEST(fold, overlong_sequences_and_surrogates_separate_and_do_not_throw) {
    EXPECT_EQ(ct::fold("Fès\xC0\xAFx"), "fes x");      // '/' in two bytes
    EXPECT_EQ(ct::fold("Fès\xE0\x80\xAFx"), "fes x");  // '/' in three bytes
    EXPECT_EQ(ct::fold("Fès\xF0\x80\x80\xAFx"), "fes x");
    EXPECT_EQ(ct::fold("Fès\xED\xA0\x80x"), "fes x");  // a UTF-16 surrogate
    EXPECT_FALSE(ct::is_valid_utf8("\xC0\xAF"));
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

TEST(fold_name, reads_the_callers_unit_words_too) {
    const std::set<std::string> extra = {"wilaya", "prefecture"};
    const auto w = ct::fold_name("Wilaya de Tlemcen", &extra);
    EXPECT_EQ(w.key, "tlemcen");
    EXPECT_EQ(w.unit_word, "wilaya");
    EXPECT_TRUE(w.level_hint.empty());  // its level is the caller's to say
    const auto p = ct::fold_name("Préfecture d'Oujda-Angad", &extra);
    EXPECT_EQ(p.key, "oujda angad");
    EXPECT_EQ(p.unit_word, "prefecture");
    // without them, the word is part of the name
    EXPECT_EQ(ct::fold_name("Wilaya de Tlemcen").key, "wilaya tlemcen");
    EXPECT_EQ(ct::fold_name("Région de l'Oriental", &extra).unit_word, "region");
}

TEST(fold_name, unit_words_inside_a_name_stay) {
    const auto r = ct::fold_name("Pays de la Loire");
    EXPECT_EQ(r.key, "pays loire");
    EXPECT_TRUE(r.level_hint.empty());
    // a lone unit word is a name, not a hint
    EXPECT_EQ(ct::fold_name("Province").key, "province");
}

TEST(fold_name, commune_urbaine_and_rurale_are_categories) {
    const auto r = ct::fold_name("Commune urbaine de Tétouan");
    EXPECT_EQ(r.key, "tetouan");
    EXPECT_EQ(r.level_hint, "commune");
    EXPECT_EQ(ct::fold_name("Commune rurale d'Ouled Boussaken").key, "ouled boussaken");
}

TEST(unit_word_level, names_the_level_of_a_unit_word) {
    // a préfecture is a Moroccan province but a French town: the atlas says which
    EXPECT_EQ(ct::unit_word_level("Préfecture"), "");
    EXPECT_EQ(ct::unit_word_level("département"), "departement");
    EXPECT_EQ(ct::unit_word_level("Ville"), "commune");
    EXPECT_EQ(ct::unit_word_level("Rabat"), "");
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

TEST(edit_distance, bounded_version_agrees_within_the_bound_and_stops_beyond) {
    const char* words[] = {"kitten", "sitting", "fes", "fse", "", "abc", "souss massa draa", "sours", "oujda"};
    for (const char* a : words)
        for (const char* b : words)
            for (std::size_t max : {0u, 1u, 2u, 3u, 8u}) {
                const std::size_t full = ct::edit_distance(a, b);
                EXPECT_EQ(ct::edit_distance(a, b, max), std::min(full, max + 1)) << a << " / " << b << " / " << max;
            }
    // a 10 kB string against a short one: the length difference alone answers
    EXPECT_EQ(ct::edit_distance(std::string(10000, 'a'), "abc", 8), 9u);
}

TEST(split, trims_and_drops_empty_parts) {
    const auto parts = ct::split(" water | agenda21 || planning ", '|');
    ASSERT_EQ(parts.size(), 3u);
    EXPECT_EQ(parts[0], "water");
    EXPECT_EQ(parts[2], "planning");
}
