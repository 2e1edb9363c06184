#pragma once
// representative_point() of each entity asked for, computed once: a unit or a party with a
// polygon recurs in many cells, rows and flows, and its surface point costs GEOS work.
// Private to the library.

#include <coopatlas/analysis/units.hpp>
#include <coopatlas/model/atlas.hpp>

#include <optional>
#include <unordered_map>

namespace coopatlas::analysis::detail {

class point_memo {
public:
    explicit point_memo(const model::atlas& atlas) : atlas_(&atlas) {}
    const std::optional<geometry::point>& operator()(const model::entity& e) {
        if (auto it = memo_.find(&e); it != memo_.end()) return it->second;
        return memo_.emplace(&e, representative_point(*atlas_, e)).first->second;
    }

private:
    const model::atlas* atlas_;
    std::unordered_map<const model::entity*, std::optional<geometry::point>> memo_;
};

} // namespace coopatlas::analysis::detail
