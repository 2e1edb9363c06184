#pragma once
/// \file
/// \brief The words a partnership filter can use, as the loaded atlas holds them: kinds,
/// themes, sources, party countries and unit levels, each with its count.
///
/// A filter value that matches nothing in the data is almost always a typing mistake
/// (`--theme srat`), and an analysis run with it would report zeros without a word;
/// check_filter() turns it into an error naming the nearest known values.
///
/// Thread safety: plain values and pure functions.

#include <coopatlas/analysis/filter.hpp>
#include <coopatlas/config.hpp>

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace coopatlas::analysis {

/// \brief Value → number of partnerships (or, for levels, of entities) using it.
struct COOPATLAS_API vocabulary {
    std::map<std::string, std::size_t> kinds{};
    std::map<std::string, std::size_t> themes{};
    std::map<std::string, std::size_t> sources{};
    std::map<std::string, std::size_t> countries{};  ///< countries of the parties, per partnership
    std::map<std::string, std::size_t> levels{};     ///< levels of the atlas's entities
};

/// \brief Counts the vocabulary of an atlas.
COOPATLAS_API vocabulary vocabulary_of(const model::atlas& atlas);

/// \brief Up to `max` known words nearest to `word` (accents and case folded), nearest first;
/// empty when none is close enough to be a plausible typing mistake.
COOPATLAS_API std::vector<std::string> nearest_words(std::string_view word, const std::vector<std::string>& known,
                                                     std::size_t max = 3);

/// \brief Throws coopatlas::input_error when a kind, theme, source or country of the filter
/// matches nothing in the atlas, or when the year range is empty; one diagnostic per bad
/// value, with the nearest known values. `origin` names where the filter came from (an
/// option prefix "--", or a spec file) for the messages.
COOPATLAS_API void check_filter(const filter& f, const model::atlas& atlas, const std::string& origin = "--");

} // namespace coopatlas::analysis
