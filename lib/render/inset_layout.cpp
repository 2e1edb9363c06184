#include "render/inset_layout.hpp"

#include <coopatlas/error.hpp>

#include <algorithm>
#include <string>

namespace coopatlas::render::detail {

void place_insets(const map& m, const std::vector<geometry::box>& extents, double base,
                  std::vector<geometry::box>& boxes) {
    std::vector<double> next_top(m.frames.size(), -1);  // per host: where its next inset starts
    for (std::size_t i = 0; i < m.frames.size(); ++i) {
        const frame& f = m.frames[i];
        if (f.inset_of < 0) continue;
        const auto host = static_cast<std::size_t>(f.inset_of);
        if (host >= i || m.frames[host].inset_of >= 0)
            throw error("frame '" + f.id + "' is an inset of frame " + std::to_string(f.inset_of) +
                        ", which must be an earlier frame that is not itself an inset");
        const geometry::box& h = boxes[host];
        const double pad = base * 0.8;
        if (next_top[host] < 0) next_top[host] = h.min_y + pad + (m.frames[host].title.empty() ? 0 : base * 2.2);
        const double aspect = (extents[i].max_x - extents[i].min_x) / (extents[i].max_y - extents[i].min_y);
        double w = (h.max_x - h.min_x) * std::clamp(f.inset_size, 0.05, 0.5);
        double ht = w / aspect;
        if (ht > (h.max_y - h.min_y) * 0.4) {
            ht = (h.max_y - h.min_y) * 0.4;
            w = ht * aspect;
        }
        const double x = h.min_x + pad, y = next_top[host];
        boxes[i] = {x, y, x + w, y + ht};
        next_top[host] = y + ht + pad;
    }
}

} // namespace coopatlas::render::detail
