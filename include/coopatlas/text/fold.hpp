#pragma once
/// \file
/// \brief Name folding for matching what planners type against official names.
///
/// fold("Souss - Massa - Draâ") == fold("Souss-Massa-Drâa") == "souss massa draa".
/// Text is first brought to its case-folded compatibility decomposition (Unicode
/// NFKD through utf8proc), so composed and decomposed accents, ligatures and
/// presentation forms compare equal. Case, accents, hyphens, apostrophes, dots and
/// repeated spaces do not count. Arabic: harakat, tatweel and hamza signs do not
/// count (أ إ آ ٱ -> ا, ؤ -> و, ئ ى ی -> ي), nor does ة against ه, nor the letters
/// written for /g/ (ڭ گ ݣ and ک -> ك): "أكادير" = "اكادير" = "أگادير" = "أكـــادير".
/// Articles and generic unit words ("la", "de", "région", "province") are dropped
/// from the matching key but a leading unit word is kept as a level hint.

#include <coopatlas/config.hpp>

#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace coopatlas::text {

/// \brief Lower-case, accent-free, separator-collapsed form of a UTF-8 string.
/// Other scripts keep their letters (Arabic with the foldings above, Tifinagh as is);
/// invalid bytes count as separators.
COOPATLAS_API std::string fold(std::string_view utf8);

/// \brief A typed name split into its matching key and an optional level hint.
struct folded_name {
    std::string key;         ///< folded words without articles or unit words
    std::string level_hint;  ///< level a built-in unit word stands for ("province", "region", …), or empty
    std::string unit_word;   ///< the leading unit word dropped from the key (folded), or empty
};

/// \brief Folds a name, drops articles, and recognises a leading unit word: a built-in
/// one (unit_word_level), or one of `extra_unit_words` (folded words, e.g. a manifest's
/// "wilaya"), whose level the caller knows.
COOPATLAS_API folded_name fold_name(std::string_view utf8, const std::set<std::string>* extra_unit_words = nullptr);

/// \brief Whether the string is well-formed UTF-8; `bad_offset` receives the first bad byte.
COOPATLAS_API bool is_valid_utf8(std::string_view bytes, std::size_t* bad_offset = nullptr);

/// \brief Optimal string alignment distance (Damerau–Levenshtein without
/// repeated edits), over bytes of already-folded strings.
COOPATLAS_API std::size_t edit_distance(std::string_view a, std::string_view b);

/// \brief The same distance when it is at most `max`, else `max + 1`; only a band of
/// width 2·max + 1 is computed, so the cost is O(min(|a|, |b|) · max).
COOPATLAS_API std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t max);

/// \brief The level a built-in unit word stands for in any country ("Région" -> "region",
/// "Département" -> "departement", "Ville" -> "commune"); empty when it is none. Words
/// whose level depends on the country are declared by the atlas (atlas::add_unit_word).
COOPATLAS_API std::string unit_word_level(std::string_view word);

/// \brief Whether a word has the shape of a BCP 47 language tag: a primary tag of 2 or 3
/// lower-case letters, then subtags of 2 to 8 letters or digits after '-' ("es", "pt-BR", "zh-Hant").
COOPATLAS_API bool is_language_tag(std::string_view word) noexcept;

/// \brief Splits on a single-character separator, trimming spaces; empty parts are dropped.
COOPATLAS_API std::vector<std::string> split(std::string_view s, char separator);
/// \brief The parts joined by `separator`, as they are (no quoting): "a;b;c". Empty parts
/// before the first non-empty one add nothing.
COOPATLAS_API std::string join(const std::vector<std::string>& parts, std::string_view separator);

/// \brief Trims ASCII white space at both ends.
COOPATLAS_API std::string_view trim(std::string_view s) noexcept;

} // namespace coopatlas::text
