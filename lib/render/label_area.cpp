// Geometry of labels kept inside their own unit: box-in-polygon tests and the interior
// candidates of label_placement.hpp.
#include <coopatlas/render/label_placement.hpp>

#include <algorithm>
#include <cmath>

namespace coopatlas::render {

namespace {

using geometry::box;
using geometry::point;

// Liang–Barsky: whether the segment a–b meets the closed box.
bool segment_meets_box(const point& a, const point& b, const box& bx) noexcept {
    double t0 = 0, t1 = 1;
    const double dx = b.x - a.x, dy = b.y - a.y;
    const double p[4] = {-dx, dx, -dy, dy};
    const double q[4] = {a.x - bx.min_x, bx.max_x - a.x, a.y - bx.min_y, bx.max_y - a.y};
    for (int i = 0; i < 4; ++i) {
        if (p[i] == 0) {
            if (q[i] < 0) return false;
            continue;
        }
        const double t = q[i] / p[i];
        if (p[i] < 0)
            t0 = std::max(t0, t);
        else
            t1 = std::min(t1, t);
        if (t0 > t1) return false;
    }
    return true;
}

bool ring_meets_box(const geometry::ring& r, const box& bx) noexcept {
    for (std::size_t i = 0; i + 1 < r.size(); ++i)
        if (segment_meets_box(r[i], r[i + 1], bx)) return true;
    // an unclosed ring: its closing edge too
    return r.size() > 2 && (r.front().x != r.back().x || r.front().y != r.back().y) &&
           segment_meets_box(r.back(), r.front(), bx);
}

bool outline_meets_box(const geometry::multi_polygon& area, const box& bx) noexcept {
    for (const auto& poly : area) {
        if (ring_meets_box(poly.outer, bx)) return true;
        for (const auto& hole : poly.inners)
            if (ring_meets_box(hole, bx)) return true;
    }
    return false;
}

} // namespace

bool box_inside_area(const box& b, const geometry::multi_polygon& area, double tolerance) noexcept {
    if (area.empty() || b.empty()) return false;
    const double t = std::isfinite(tolerance) ? std::max(0.0, tolerance) : 0.0;
    const point c = b.center();
    const double hx = std::max(0.0, (b.max_x - b.min_x) / 2 - t), hy = std::max(0.0, (b.max_y - b.min_y) / 2 - t);
    const box shrunk{c.x - hx, c.y - hy, c.x + hx, c.y + hy};
    return geometry::strictly_inside(c, area) && !outline_meets_box(area, shrunk);
}

bool box_meets_area(const box& b, const geometry::multi_polygon& area) noexcept {
    if (area.empty() || b.empty()) return false;
    if (!geometry::envelope(area).intersects(b)) return false;
    return outline_meets_box(area, b) || geometry::strictly_inside(b.center(), area);
}

std::vector<point> area_candidates(const geometry::multi_polygon& area, const point& anchor, double step,
                                   std::size_t limit) {
    std::vector<point> out;
    const box env = geometry::envelope(area);
    if (env.empty() || !(step > 0) || !std::isfinite(step)) return out;
    // Grid points at the centres of the cells, so a square's grid is symmetric about its centre.
    const auto nx = static_cast<std::size_t>(std::floor((env.max_x - env.min_x) / step));
    const auto ny = static_cast<std::size_t>(std::floor((env.max_y - env.min_y) / step));
    if (nx == 0 || ny == 0 || nx * ny > 1'000'000) return out;
    const double x0 = (env.min_x + env.max_x) / 2 - (static_cast<double>(nx) - 1) * step / 2;
    const double y0 = (env.min_y + env.max_y) / 2 - (static_cast<double>(ny) - 1) * step / 2;
    struct scored {
        double d2;
        std::size_t order;
        point p;
    };
    std::vector<scored> inside;
    for (std::size_t j = 0; j < ny; ++j)
        for (std::size_t i = 0; i < nx; ++i) {
            const point p{x0 + static_cast<double>(i) * step, y0 + static_cast<double>(j) * step};
            if (!geometry::strictly_inside(p, area)) continue;
            const double dx = p.x - anchor.x, dy = p.y - anchor.y;
            inside.push_back({dx * dx + dy * dy, j * nx + i, p});
        }
    std::sort(inside.begin(), inside.end(),
              [](const scored& a, const scored& b) { return a.d2 < b.d2 || (a.d2 == b.d2 && a.order < b.order); });
    for (std::size_t k = 0; k < inside.size() && out.size() < limit; ++k)
        out.push_back(inside[k].p);
    return out;
}

} // namespace coopatlas::render
