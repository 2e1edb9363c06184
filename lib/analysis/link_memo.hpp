#pragma once
// Private: the links of each party mapped in one analysis, computed once. A table
// names the same collectivity in many rows (a French département in hundreds of
// partnerships), and mapping it walks its hierarchy each time.
//
// Thread safety: one object per thread (it fills itself as it is asked); the
// unit_mapper it reads may be shared.

#include <coopatlas/analysis/units.hpp>

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace coopatlas::analysis::detail {

class link_memo {
public:
    explicit link_memo(const unit_mapper& mapper) : mapper_(&mapper) {}

    /// mapper.map(e); the reference stays valid as long as the memo. With `explain`, the
    /// reason why it maps nowhere is found in the same pass (for a later why_unmapped()).
    const std::vector<unit_link>& links(const model::entity& e, bool explain = false) {
        return entry_of(e, explain).links;
    }

    /// mapper.why_unmapped(e).
    const std::string& why_unmapped(const model::entity& e) {
        entry& slot = entry_of(e, true);
        if (!slot.why) slot.why = slot.links.empty() ? mapper_->why_unmapped(e) : std::string();
        return *slot.why;
    }

    [[nodiscard]] const unit_mapper& mapper() const noexcept { return *mapper_; }

private:
    struct entry {
        std::vector<unit_link> links;
        std::optional<std::string> why;
    };
    entry& entry_of(const model::entity& e, bool explain) {
        if (auto it = memo_.find(&e); it != memo_.end()) return it->second;
        entry fresh;  // filled before it is kept: a throw leaves nothing behind
        if (explain) {
            std::string why;
            fresh.links = mapper_->map(e, why);
            fresh.why = std::move(why);
        } else {
            fresh.links = mapper_->map(e);
        }
        return memo_.emplace(&e, std::move(fresh)).first->second;
    }

    const unit_mapper* mapper_;
    std::unordered_map<const model::entity*, entry> memo_;  // nodes never move: references stay valid
};

} // namespace coopatlas::analysis::detail
