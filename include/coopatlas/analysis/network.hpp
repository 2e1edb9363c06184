#pragma once
/// \file
/// \brief The partnership graph: entities as nodes, two-sided partnerships as
/// edges; degree of each entity and connected components.
///
/// Degree counts distinct partners (Oujda with Lille, Grenoble and Aix-en-Provence
/// has degree 3, whatever the number of records between the same two parties).
/// Components are found with a union–find (path halving, union by size).
///
/// Thread safety: pure functions of their arguments.

#include <coopatlas/analysis/filter.hpp>
#include <coopatlas/config.hpp>
#include <coopatlas/model/atlas.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace coopatlas::analysis {

/// \brief One node of the partnership graph.
struct network_node {
    const model::entity* entity = nullptr;  ///< non-owning, into the atlas
    std::string id{}, name{}, level{}, country{};
    std::size_t degree = 0;                   ///< distinct partners
    std::size_t partnerships = 0;             ///< records it is party to (loops excluded)
    std::vector<std::string> partner_ids{};   ///< sorted
    std::size_t component = 0;                ///< index into network_result::components
};

/// \brief A connected component.
struct network_component {
    std::vector<std::string> entity_ids{};    ///< sorted
    std::size_t partnerships = 0;             ///< edges (records) inside it
};

/// \brief Result of network().
struct COOPATLAS_API network_result {
    std::string method{};
    std::vector<network_node> nodes{};             ///< degree descending, then name
    std::vector<network_component> components{};   ///< size descending, then first id
    std::size_t edges = 0;                         ///< two-sided partnerships used
    /// Index of a node by entity id; npos when absent.
    [[nodiscard]] std::size_t find(const std::string& entity_id) const noexcept;
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);
};

/// \brief Degrees and components of the graph of the selected two-sided
/// partnerships (one-sided requests have no edge).
COOPATLAS_API network_result network(const model::atlas& atlas, const filter& f);

} // namespace coopatlas::analysis
