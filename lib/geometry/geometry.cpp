#include <coopatlas/geometry/geometry.hpp>

#include <algorithm>
#include <type_traits>

namespace coopatlas::geometry {

void box::expand(const point& p) noexcept {
    min_x = std::min(min_x, p.x);
    min_y = std::min(min_y, p.y);
    max_x = std::max(max_x, p.x);
    max_y = std::max(max_y, p.y);
}

void box::expand(const box& b) noexcept {
    if (b.empty()) return;
    expand(point{b.min_x, b.min_y});
    expand(point{b.max_x, b.max_y});
}

namespace {
template <class F>
void for_each_point(const geometry& g, F&& f) {
    std::visit(
        [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, point>) {
                f(v);
            } else if constexpr (std::is_same_v<T, multi_point> || std::is_same_v<T, line_string>) {
                for (const auto& p : v) f(p);
            } else if constexpr (std::is_same_v<T, multi_line_string>) {
                for (const auto& ls : v)
                    for (const auto& p : ls) f(p);
            } else if constexpr (std::is_same_v<T, multi_polygon>) {
                for (const auto& poly : v) {
                    for (const auto& p : poly.outer) f(p);
                    for (const auto& r : poly.inners)
                        for (const auto& p : r) f(p);
                }
            }
        },
        g);
}
} // namespace

box envelope(const geometry& g) {
    box b;
    for_each_point(g, [&](const point& p) { b.expand(p); });
    return b;
}

box envelope(const multi_polygon& mp) {
    box b;
    for (const auto& poly : mp)
        for (const auto& p : poly.outer) b.expand(p);
    return b;
}

bool is_empty(const geometry& g) noexcept { return vertex_count(g) == 0; }

std::size_t vertex_count(const geometry& g) noexcept {
    std::size_t n = 0;
    for_each_point(g, [&](const point&) { ++n; });
    return n;
}

std::size_t vertex_count(const polygon& p) noexcept {
    std::size_t n = p.outer.size();
    for (const auto& hole : p.inners) n += hole.size();
    return n;
}

std::size_t vertex_count(const multi_polygon& mp) noexcept {
    std::size_t n = 0;
    for (const auto& p : mp) n += vertex_count(p);
    return n;
}

double signed_area(const ring& r) noexcept {
    if (r.size() < 3) return 0.0;
    double twice = 0.0;
    for (std::size_t i = 0, j = r.size() - 1; i < r.size(); j = i++) {
        twice += (r[j].x - r[i].x) * (r[j].y + r[i].y);
    }
    return twice / 2.0;
}

namespace {
void close_and_orient(ring& r, bool counter_clockwise) {
    if (r.empty()) return;
    if (!(r.front() == r.back())) r.push_back(r.front());
    const bool is_ccw = signed_area(r) > 0;
    if (is_ccw != counter_clockwise) std::reverse(r.begin(), r.end());
}

// Crossing test on one ring; `on_edge` is set when p lies on a segment.
bool crosses_odd(const point& p, const ring& r, bool& on_edge) noexcept {
    bool inside = false;
    for (std::size_t i = 0, j = r.size() - 1; i < r.size(); j = i++) {
        const point& a = r[i];
        const point& b = r[j];
        // boundary check: collinear and within the segment's box
        const double cross = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
        if (cross == 0.0 && p.x >= std::min(a.x, b.x) && p.x <= std::max(a.x, b.x) &&
            p.y >= std::min(a.y, b.y) && p.y <= std::max(a.y, b.y)) {
            on_edge = true;
            return false;
        }
        if ((a.y > p.y) != (b.y > p.y)) {
            const double x_at = a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y);
            if (p.x < x_at) inside = !inside;
        }
    }
    return inside;
}
} // namespace

void normalize(multi_polygon& mp) {
    for (auto& poly : mp) {
        close_and_orient(poly.outer, true);
        for (auto& r : poly.inners) close_and_orient(r, false);
    }
}

bool strictly_inside(const point& p, const polygon& poly) noexcept {
    bool on_edge = false;
    if (!crosses_odd(p, poly.outer, on_edge) || on_edge) return false;
    for (const auto& hole : poly.inners) {
        const bool in_hole = crosses_odd(p, hole, on_edge);
        if (on_edge || in_hole) return false;
    }
    return true;
}

bool strictly_inside(const point& p, const multi_polygon& mp) noexcept {
    for (const auto& poly : mp)
        if (strictly_inside(p, poly)) return true;
    return false;
}

} // namespace coopatlas::geometry
