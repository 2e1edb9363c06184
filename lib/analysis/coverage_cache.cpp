#include <coopatlas/analysis/coverage_cache.hpp>

#include <algorithm>
#include <future>
#include <mutex>
#include <vector>

namespace coopatlas::analysis {

namespace {

struct entry {
    const model::atlas* atlas;
    std::size_t entities;
    std::size_t partnerships;
    std::string units;  // partition and options
    std::vector<const model::partnership*> selected;
    std::shared_future<coverage_result> result;  // ready, or being computed by another caller
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
    std::shared_future<coverage_result> shared;
    std::promise<coverage_result> mine;
    {
        std::lock_guard lock(impl_->mutex);
        const auto it = std::find_if(impl_->entries.begin(), impl_->entries.end(), [&](const entry& e) {
            return e.atlas == &atlas && e.entities == atlas.entities().size() &&
                   e.partnerships == atlas.partnerships().size() && e.units == units && e.selected == selected;
        });
        if (it != impl_->entries.end()) {
            shared = it->result;
        } else {
            // the first caller computes; a caller asking meanwhile waits for its result
            ++impl_->computed;
            impl_->entries.push_back({&atlas, atlas.entities().size(), atlas.partnerships().size(), units,
                                      std::move(selected), mine.get_future().share()});
        }
    }
    if (!shared.valid()) {
        try {
            coverage_result r = coverage(atlas, f, p, options);
            mine.set_value(r);
            return r;
        } catch (...) {
            mine.set_exception(std::current_exception());  // the same error for whoever waits
            throw;
        }
    }
    coverage_result r = shared.get();
    describe_filter(r, f.describe());
    return r;
}

std::size_t coverage_cache::computed() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->computed;
}

} // namespace coopatlas::analysis
