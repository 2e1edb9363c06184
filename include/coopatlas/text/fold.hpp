#pragma once
/// \file
/// \brief Name folding for matching what planners type against official names.
///
/// fold("Souss - Massa - Draâ") == fold("Souss-Massa-Drâa") == "souss massa draa".
/// Case, accents (Latin script), hyphens, apostrophes, dots and repeated spaces do
/// not count; articles and generic unit words ("la", "de", "région", "province")
/// are dropped from the matching key but a unit word is kept as a level hint.

#include <coopatlas/config.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace coopatlas::text {

/// \brief Lower-case, accent-free, separator-collapsed form of a UTF-8 string.
/// Non-Latin scripts (Arabic, Tifinagh) are kept as they are.
COOPATLAS_API std::string fold(std::string_view utf8);

/// \brief A typed name split into its matching key and an optional level hint.
struct folded_name {
    std::string key;         ///< folded words without articles or unit words
    std::string level_hint;  ///< level word found in the name ("province", "region", …), or empty
};

/// \brief Folds a name, drops articles, and recognises a leading unit word.
COOPATLAS_API folded_name fold_name(std::string_view utf8);

/// \brief Whether the string is well-formed UTF-8; `bad_offset` receives the first bad byte.
COOPATLAS_API bool is_valid_utf8(std::string_view bytes, std::size_t* bad_offset = nullptr);

/// \brief Optimal string alignment distance (Damerau–Levenshtein without
/// repeated edits), over bytes of already-folded strings.
COOPATLAS_API std::size_t edit_distance(std::string_view a, std::string_view b);

/// \brief Splits on a single-character separator, trimming spaces; empty parts are dropped.
COOPATLAS_API std::vector<std::string> split(std::string_view s, char separator);

/// \brief Trims ASCII white space at both ends.
COOPATLAS_API std::string_view trim(std::string_view s) noexcept;

} // namespace coopatlas::text
