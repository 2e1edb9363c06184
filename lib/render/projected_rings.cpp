#include "render/projected_rings.hpp"

#include <functional>
#include <string_view>

namespace coopatlas::render::detail {

namespace {

std::size_t hash_of(const geometry::ring& r) {
    static_assert(sizeof(geometry::point) == 2 * sizeof(double), "points are two packed doubles");
    const std::string_view bytes(reinterpret_cast<const char*>(r.data()), r.size() * sizeof(geometry::point));
    return std::hash<std::string_view>{}(bytes);
}

} // namespace

const geometry::ring& projected_rings::forward(const geometry::ring& src) {
    if (src.size() < least_kept) {
        scratch_ = src;
        projection_.forward(scratch_);
        return scratch_;
    }
    const std::size_t h = hash_of(src);
    auto [lo, hi] = kept_.equal_range(h);
    for (auto it = lo; it != hi; ++it)
        if (it->second.source == src) return it->second.projected;
    entry e{src, src};
    projection_.forward(e.projected);
    return kept_.emplace(h, std::move(e))->second.projected;
}

} // namespace coopatlas::render::detail
