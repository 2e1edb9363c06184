#pragma once
/// \file
/// \brief Settling the parties of a partnership row as people write them: an id, a
/// name, a name with a qualifier ("Rabat (commune)", "Limburg (NL)",
/// "Limburg (Netherlands)", "Provence-Alpes-Côte d'Azur (2015)"), and optional
/// level and country columns.
///
/// The rule for a name that designates a municipality and the province, préfecture
/// or département named after it (model::prefer_unit) is applied row by row: with
/// `municipality` (the default) the commune is taken unless the row says otherwise
/// — a level given for the party, or the other party being a province, département
/// or region, in which case the larger unit is taken. Every such choice is a note.
///
/// Thread safety: the functions only read the atlas. Exception safety: strong (they
/// build new values); they report problems in the result rather than throwing.

#include <coopatlas/config.hpp>
#include <coopatlas/model/atlas.hpp>
#include <coopatlas/model/name_query.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace coopatlas::model {

/// \brief One party as a row gives it.
struct party_words {
    std::string label = "party";  ///< how messages call it ("party_a")
    std::string text{};           ///< name as written, possibly with a qualifier, or an id
    std::string id{};             ///< id column (party_a_id)
    std::string level{};          ///< level hint column (party_a_level): a level or unit word
    std::string country{};        ///< country hint column (party_a_country): ISO alpha-2 code or country name
};

/// \brief What became of one party.
struct COOPATLAS_API party_resolution {
    enum class status { empty, resolved, unknown, ambiguous, invalid };
    /// Which input holds the problem (for the column of a diagnostic).
    enum class input { text, id, level, country };

    status state = status::empty;
    input where = input::text;
    const entity* found = nullptr;
    std::vector<resolution_rule> rules;      ///< how it was settled
    std::vector<std::string> notes;          ///< choices made on the reader's behalf
    std::vector<const entity*> candidates;   ///< ambiguous: the tied entities; unknown: the nearest names
    std::string problem;                     ///< what is wrong, when not settled
    std::string suggestion;                  ///< what would settle it
    /// Invalid because an id names no entity of the atlas (layers read on demand may hold it).
    bool id_not_held = false;

    [[nodiscard]] bool ok() const noexcept { return state == status::resolved || state == status::empty; }
};

/// \brief Resolves one party with the query's year, vintage and rule (the hints of
/// `words` are added to it).
COOPATLAS_API party_resolution resolve_party(const atlas& atlas, const party_words& words, const name_query& base);

/// \brief Resolves the two parties of a row; `prefer` defaults to the atlas's rule.
/// Without `suggest`, a party matching nothing gets no suggestions (a quick first pass).
COOPATLAS_API std::pair<party_resolution, party_resolution>
resolve_parties(const atlas& atlas, const party_words& a, const party_words& b, std::optional<int> year,
                std::optional<prefer_unit> prefer = std::nullopt, bool suggest = true);

/// \brief The level a hint word names among the atlas's levels ("préfecture" ->
/// "province", "Commune" -> "commune", a manifest's unit words in `country` when given);
/// empty when none, or when the word stands for several levels and the country does not say.
COOPATLAS_API std::string level_hint(const atlas& atlas, std::string_view word, std::string_view country = {});
/// \brief The country a hint names: an ISO alpha-2 code present in the atlas, or the
/// name of one of its country entities in any language it holds; empty when none.
COOPATLAS_API std::string country_hint(const atlas& atlas, std::string_view word);

} // namespace coopatlas::model
