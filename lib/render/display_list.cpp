#include "render/display_list.hpp"

#include <cmath>

namespace coopatlas::render::detail {

path hatch_lines(const hatch_item& h) {
    path out;
    if (h.area.empty() || !(h.spacing > 0)) return out;
    const geometry::box b = h.area.bounds();
    const double a = h.angle_deg * M_PI / 180, dx = std::cos(a), dy = std::sin(a);
    const geometry::point c = b.center();
    const double half = std::hypot(b.max_x - b.min_x, b.max_y - b.min_y) / 2 + h.spacing;
    // Lines n·p = k·spacing with n = (-dy, dx): the same lines whatever the area.
    const double nc = -dy * c.x + dx * c.y;
    for (double k = std::ceil((nc - half) / h.spacing); k * h.spacing - nc <= half; k += 1) {
        const double t = k * h.spacing - nc;
        const double px = c.x - dy * t, py = c.y + dx * t;
        out.begin(false);
        out.add({px - dx * half, py - dy * half});
        out.add({px + dx * half, py + dy * half});
        out.end();
    }
    return out;
}

} // namespace coopatlas::render::detail
