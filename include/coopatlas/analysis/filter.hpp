#pragma once
/// \file
/// \brief Which partnerships an analysis takes: kinds, themes, years, sources, countries.
///
/// Every analysis output states the filter it used (describe()), so a figure can
/// always be traced to its selection.

#include <coopatlas/config.hpp>
#include <coopatlas/model/atlas.hpp>

#include <optional>
#include <string>
#include <vector>

namespace coopatlas::analysis {

/// \brief A selection of partnerships; empty lists mean "all".
struct COOPATLAS_API filter {
    std::vector<std::string> kinds{};      ///< e.g. decentralised_cooperation, convention
    std::vector<std::string> themes{};     ///< a partnership is kept when it has any of them
    std::vector<std::string> sources{};    ///< source document names
    std::vector<std::string> countries{};  ///< kept when either party belongs to one of them
    std::optional<int> year_from{};
    std::optional<int> year_to{};
    bool keep_undated = true;              ///< undated partnerships pass a year range only when true
    bool two_sided_only = false;           ///< drop one-sided records (requests without a partner)

    [[nodiscard]] bool accepts(const model::partnership& p, const model::atlas& atlas) const;
    /// "kinds=convention; years=2000–2009 (undated kept)" or "all partnerships".
    [[nodiscard]] std::string describe() const;
};

/// \brief The partnerships of the atlas that the filter accepts, in atlas order.
COOPATLAS_API std::vector<const model::partnership*> select(const model::atlas& atlas, const filter& f);

} // namespace coopatlas::analysis
