#pragma once
/// \file
/// \brief What is known about the entity a name should resolve to, and what the
/// atlas found for it: candidates, the rules that narrowed them and why.
///
/// Thread safety: plain values. Exception safety: the parsers throw nothing.

#include <coopatlas/config.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace coopatlas::model {

struct entity;

/// \brief How to read a name that designates a municipality (a commune, or a city
/// place standing for one) and the province, préfecture or département named after it.
enum class prefer_unit {
    municipality,  ///< the commune, unless the row says otherwise (the default: twinnings are between municipalities)
    larger_unit,   ///< the province, préfecture or département
    none,          ///< neither: the name stays ambiguous, and so do homonymous communes
};

/// \brief "municipality", "larger_unit" or "none".
COOPATLAS_API std::string_view to_string(prefer_unit p) noexcept;
/// \brief The rule a word names (accepts '-' for '_'); nullopt when it names none.
COOPATLAS_API std::optional<prefer_unit> parse_prefer_unit(std::string_view word) noexcept;

/// \brief One step that settled a name, for summaries and notes.
enum class resolution_rule {
    exact_id,         ///< the text was an entity id
    name,             ///< an official or other name of the entity
    alias,            ///< a curated alias
    hint,             ///< a level, country or vintage given beside the name
    municipality,     ///< the municipality rule chose the commune over the larger unit
    larger_unit,      ///< the rule (or the row's other party) chose the larger unit
    city,             ///< of homonymous communes, the only city was taken
    vintage_by_year,  ///< one unit in several vintages: the one in force in the year
};

/// \brief "exact id", "name", "alias", "hint", "municipality rule", …
COOPATLAS_API std::string_view to_string(resolution_rule r) noexcept;

/// \brief Filters and preferences for matching a name.
struct name_query {
    std::string level{};                   ///< keep only this level (a level word in the name also counts)
    std::string country{};                 ///< keep only this country
    std::string vintage{};                 ///< prefer this vintage when one unit exists in several
    std::optional<int> year{};             ///< or the vintage in force that year
    std::optional<prefer_unit> prefer{};   ///< municipality or larger unit; unset = the atlas's rule
    std::string prefer_reason{};           ///< why `prefer` was chosen, for the note ("the other party is a département")
    bool suggest = true;                   ///< look for the nearest names when a name matches nothing (resolve_party)
};

/// \brief The entities a name matches after filters and rules, and how they were found.
struct name_match {
    std::vector<const entity*> candidates;  ///< one when the name is settled; sorted by id otherwise
    std::vector<resolution_rule> rules;     ///< how (name or alias first, then the rules that chose)
    std::vector<std::string> notes;         ///< one sentence per choice made on the reader's behalf
    /// Candidates are versions of one unit and no year said which (give the year or the vintage).
    bool undated_versions = false;
};

} // namespace coopatlas::model
