#include <coopatlas/analysis/coverage_cache.hpp>

#include <algorithm>
#include <mutex>
#include <tuple>
#include <vector>

namespace coopatlas::analysis {

namespace {

struct entry {
    const model::atlas* atlas;
    std::size_t entities;
    std::size_t partnerships;
    std::string units;  // partition and options
    std::vector<const model::partnership*> selected;
    coverage_result result;
};

std::string units_key(const partition& p, const coverage_options& o) {
    return p.level + '\x1f' + p.vintage + '\x1f' + p.zone + '\x1f' + (o.roll_down ? '1' : '0') + '\x1f' +
           to_string(o.population);
}

// The result as the other filter would have described it: the description is the only
// part of a result that depends on the filter's wording (it appears in `method` too).
void describe_filter(coverage_result& r, const std::string& description) {
    if (r.filter_description == description) return;
    const std::string was = "; filter=" + r.filter_description + "; roll-down=";
    if (const auto at = r.method.find(was); at != std::string::npos)
        r.method.replace(at, was.size(), "; filter=" + description + "; roll-down=");
    r.filter_description = description;
}

} // namespace

struct coverage_cache::impl {
    std::mutex mutex;
    std::vector<entry> entries;  // few: one per partition and selection a document asks for
    std::size_t computed = 0;
};

coverage_cache::coverage_cache() : impl_(std::make_unique<impl>()) {}
coverage_cache::~coverage_cache() = default;

coverage_result coverage_cache::get(const model::atlas& atlas, const filter& f, const partition& p,
                                    const coverage_options& options) {
    std::vector<const model::partnership*> selected = select(atlas, f);
    const std::string units = units_key(p, options);
    const auto same = [&](const entry& e) {
        return e.atlas == &atlas && e.entities == atlas.entities().size() &&
               e.partnerships == atlas.partnerships().size() && e.units == units && e.selected == selected;
    };
    {
        std::lock_guard lock(impl_->mutex);
        for (const auto& e : impl_->entries)
            if (same(e)) {
                coverage_result r = e.result;
                describe_filter(r, f.describe());
                return r;
            }
    }
    // computed outside the lock: two threads asking at once both compute, one result is kept
    coverage_result r = coverage(atlas, f, p, options);
    std::lock_guard lock(impl_->mutex);
    ++impl_->computed;
    if (std::none_of(impl_->entries.begin(), impl_->entries.end(), same))
        impl_->entries.push_back(
            {&atlas, atlas.entities().size(), atlas.partnerships().size(), units, std::move(selected), r});
    return r;
}

std::size_t coverage_cache::computed() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->computed;
}

} // namespace coopatlas::analysis
