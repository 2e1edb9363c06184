// Where an inside legend hides least of its frame (legend position `inside`).
#include "render/legend.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace coopatlas::render::detail {

namespace {

constexpr std::size_t max_points_per_feature = 400;  // enough to tell where a feature lies

// Calls `visit` with up to max_points_per_feature vertices of a geometry, evenly strided.
template <class Visit>
void sample_vertices(const geometry::geometry& g, Visit&& visit) {
    auto run = [&](const std::vector<geometry::point>& pts) {
        const std::size_t step = std::max<std::size_t>(1, pts.size() / max_points_per_feature);
        for (std::size_t i = 0; i < pts.size(); i += step) visit(pts[i]);
    };
    std::visit(
        [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, geometry::point>) {
                visit(v);
            } else if constexpr (std::is_same_v<T, geometry::multi_point> || std::is_same_v<T, geometry::line_string>) {
                run(v);
            } else if constexpr (std::is_same_v<T, geometry::multi_line_string>) {
                for (const auto& l : v) run(l);
            } else if constexpr (std::is_same_v<T, geometry::multi_polygon>) {
                for (const auto& p : v) run(p.outer);
            }
        },
        g);
}

} // namespace

legend_position quietest_corner(const frame& f, const frame_view& v, crs_cache& crs, double w, double h, double margin) {
    constexpr std::array corners{legend_position::inside_bottom_left, legend_position::inside_top_left,
                                 legend_position::inside_top_right, legend_position::inside_bottom_right};
    std::array<geometry::box, 4> boxes;
    std::array<double, 4> hidden{};
    for (std::size_t c = 0; c < corners.size(); ++c) {
        const bool left = c < 2, top = c == 1 || c == 2;
        const double x = left ? v.page.min_x + margin : v.page.max_x - margin - w;
        const double y = top ? v.page.min_y + margin : v.page.max_y - margin - h;
        boxes[c] = {x, y, x + w, y + h};
    }
    for (const auto& l : f.layers) {
        if (l.context) continue;
        const geometry::projection* p = crs.get(l.crs, f.crs);
        for (const auto& feat : l.features)
            sample_vertices(feat.shape(), [&](const geometry::point& pt) {
                const geometry::point q = v.to_page(p ? p->forward(pt) : pt);
                if (!std::isfinite(q.x) || !std::isfinite(q.y)) return;
                for (std::size_t c = 0; c < boxes.size(); ++c)
                    if (boxes[c].contains(q)) hidden[c] += 1;
            });
    }
    // furniture already in a corner: that corner only when every corner is taken
    const double taken = std::numeric_limits<double>::max() / 8;
    if (f.scale_bar) hidden[0] += taken;
    if (!f.title.empty()) hidden[1] += taken;
    if (f.north_arrow) hidden[2] += taken;
    if (f.locator.show) hidden[3] += taken;
    std::size_t best = 0;
    for (std::size_t c = 1; c < corners.size(); ++c)
        if (hidden[c] < hidden[best]) best = c;
    return corners[best];
}

} // namespace coopatlas::render::detail
