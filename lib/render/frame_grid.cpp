// Small multiples on one page: equal cells in rows, filled in reading order.

#include "render/frame_grid.hpp"

#include <algorithm>

namespace coopatlas::render::detail {

double place_grid(const std::vector<geometry::box>& extents, const std::vector<std::size_t>& which,
                  std::size_t columns, double avail_w, double avail_h, double gap, std::vector<geometry::box>& boxes) {
    if (which.empty()) return 0;
    const std::size_t cols = std::clamp<std::size_t>(columns, 1, which.size());
    const std::size_t rows = (which.size() + cols - 1) / cols;
    auto aspect = [&](std::size_t i) {
        const auto& e = extents[i];
        return (e.max_x - e.min_x) / (e.max_y - e.min_y);
    };
    double widest = 0;
    for (const auto i : which)
        widest = std::max(widest, aspect(i));
    const double cell_w = (avail_w - gap * static_cast<double>(cols - 1)) / static_cast<double>(cols);
    const double cell_h = (avail_h - gap * static_cast<double>(rows - 1)) / static_cast<double>(rows);
    // Same height for all; the widest extent fills its cell's width at most.
    const double h = std::max(10.0, std::min(cell_h, cell_w / widest));
    const double w = h * widest;
    for (std::size_t k = 0; k < which.size(); ++k) {
        const std::size_t i = which[k];
        const double x = static_cast<double>(k % cols) * (w + gap), y = static_cast<double>(k / cols) * (h + gap);
        boxes[i] = {x, y, x + h * aspect(i), y + h};
    }
    return w * static_cast<double>(cols) + gap * static_cast<double>(cols - 1);
}

} // namespace coopatlas::render::detail
