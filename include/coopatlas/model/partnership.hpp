#pragma once
/// \file
/// \brief A dated link between actors: twinning, agreement, convention, programme.

#include <coopatlas/config.hpp>

#include <optional>
#include <string>
#include <vector>

namespace coopatlas::model {

/// \brief One side of a partnership: the words of the source and the entity they resolve to.
struct party {
    std::string text;       ///< as written ("Fes", "Région de l'Oriental")
    std::string entity_id;  ///< resolved entity; empty for an unnamed side (a request with no partner yet)
    /// How a rule settled the words when they named several entities (municipality
    /// rule, vintage by year…), one sentence each; empty when the words were plain.
    std::vector<std::string> notes{};
    [[nodiscard]] bool empty() const noexcept { return entity_id.empty(); }
};

/// \brief A partnership record with its provenance.
struct COOPATLAS_API partnership {
    std::string id;
    std::string kind;               ///< e.g. decentralised_cooperation, convention, project_request
    party a;
    party b;
    std::optional<int> year;        ///< signature year; empty when the source gives none
    std::vector<std::string> themes;
    double count = 1;               ///< how many items the record stands for (requests, projects)
    /// How many collectivities filed the requests a project_request record stands for,
    /// when the source says (the bourse à projets: 24 requests from 17 collectivities).
    std::optional<int> requesters;
    std::string source;             ///< source document
    std::string note;               ///< how the source was read
    std::string origin;             ///< file it was read from
    long line = 0;                  ///< line in that file

    [[nodiscard]] bool two_sided() const noexcept { return !a.empty() && !b.empty(); }
    [[nodiscard]] bool involves(const std::string& entity_id) const noexcept {
        return a.entity_id == entity_id || b.entity_id == entity_id;
    }
};

} // namespace coopatlas::model
