// Envelopes of runs of segments over a label's area, and the tests that use them to skip
// what cannot matter (see prepared_area.hpp).
#include "render/prepared_area.hpp"

#include <limits>

namespace coopatlas::render::detail {

namespace {

using geometry::box;
using geometry::point;

// Segments per run, and runs per block: a ring of 30,000 vertices has about 60 blocks.
constexpr std::size_t run_length = 32;
constexpr std::size_t block_length = 16;

// Envelope of vertices first … last of `r`; a non-finite vertex makes it the whole plane,
// so the plain arithmetic decides about it.
box vertex_envelope(const geometry::ring& r, std::size_t first, std::size_t last) {
    box e;
    for (std::size_t i = first; i <= last; ++i) {
        if (!std::isfinite(r[i].x) || !std::isfinite(r[i].y)) {
            constexpr double inf = std::numeric_limits<double>::infinity();
            return {-inf, -inf, inf, inf};
        }
        e.expand(r[i]);
    }
    return e;
}

// One edge of the crossing-number test, as geometry::strictly_inside does it (a = the
// later vertex, b = the earlier one; the same expressions, so the same rounding): flips
// `inside` when the ray from p to the right crosses a–b; true when p lies on a–b.
bool crossing_step(const point& a, const point& b, const point& p, bool& inside) noexcept {
    const double cross = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
    if (cross == 0.0 && p.x >= std::min(a.x, b.x) && p.x <= std::max(a.x, b.x) && p.y >= std::min(a.y, b.y) &&
        p.y <= std::max(a.y, b.y))
        return true;
    if ((a.y > p.y) != (b.y > p.y)) {
        const double x_at = a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y);
        if (p.x < x_at) inside = !inside;
    }
    return false;
}

} // namespace

prepared_area::prepared_area(const geometry::multi_polygon& area) : area_(&area), envelope_(geometry::envelope(area)) {
    double largest = 1;
    for (const auto& poly : area) {
        for (const auto& q : poly.outer)
            if (std::isfinite(q.x) && std::isfinite(q.y)) largest = std::max({largest, std::abs(q.x), std::abs(q.y)});
        for (const auto& r : poly.inners)
            for (const auto& q : r)
                if (std::isfinite(q.x) && std::isfinite(q.y))
                    largest = std::max({largest, std::abs(q.x), std::abs(q.y)});
    }
    // The plain tests err by a few units in the last place of the coordinates (an
    // intersection abscissa, a Liang–Barsky parameter); a billionth of the largest
    // coordinate is far beyond that and far below anything that matters on a page.
    margin_ = largest * 1e-9;
    parts_.reserve(area.size());
    for (const auto& poly : area) {
        indexed_part& part = parts_.emplace_back();
        part.outer = index_ring(poly.outer);
        for (const auto& r : poly.inners)
            part.inners.push_back(index_ring(r));
    }
}

prepared_area::indexed_ring prepared_area::index_ring(const geometry::ring& r) const {
    indexed_ring ir;
    ir.ring = &r;
    if (r.empty()) return ir;
    ir.envelope = vertex_envelope(r, 0, r.size() - 1);
    const std::size_t edges = r.size() - 1;
    for (std::size_t first = 0; first < edges; first += run_length)
        ir.runs.push_back(vertex_envelope(r, first, std::min(first + run_length, edges)));
    for (std::size_t k = 0; k < ir.runs.size(); k += block_length) {
        box b;
        for (std::size_t j = k; j < std::min(k + block_length, ir.runs.size()); ++j)
            b.expand(ir.runs[j]);
        ir.blocks.push_back(b);
    }
    return ir;
}

// Whether segments within envelope `e` may meet box `b`: false only when every vertex lies
// beyond one side of `b` by more than the margin, where Liang–Barsky surely says no.
bool prepared_area::near(const box& e, const box& b) const noexcept {
    const double m = margin_;
    return !(b.max_x < e.min_x - m || b.min_x > e.max_x + m || b.max_y < e.min_y - m || b.min_y > e.max_y + m);
}

bool prepared_area::ring_meets_box(const indexed_ring& ir, const box& b) const noexcept {
    if (!near(ir.envelope, b)) return false;
    const geometry::ring& r = *ir.ring;
    const std::size_t edges = r.size() - 1;
    for (std::size_t k = 0; k < ir.blocks.size(); ++k) {
        if (!near(ir.blocks[k], b)) continue;
        const std::size_t last_run = std::min((k + 1) * block_length, ir.runs.size());
        for (std::size_t j = k * block_length; j < last_run; ++j) {
            if (!near(ir.runs[j], b)) continue;
            const std::size_t end = std::min((j + 1) * run_length, edges);
            for (std::size_t i = j * run_length; i < end; ++i)
                if (segment_meets_box(r[i], r[i + 1], b)) return true;
        }
    }
    // an unclosed ring: its closing edge too
    return r.size() > 2 && (r.front().x != r.back().x || r.front().y != r.back().y) &&
           segment_meets_box(r.back(), r.front(), b);
}

bool prepared_area::outline_meets_box(const box& b) const noexcept {
    for (const auto& part : parts_) {
        if (ring_meets_box(part.outer, b)) return true;
        for (const auto& hole : part.inners)
            if (ring_meets_box(hole, b)) return true;
    }
    return false;
}

// The crossing-number test of one ring. A stretch of the ring wholly above, below or (by
// more than the margin) left of p adds no crossing; one wholly right of p by more than the
// margin is crossed by the ray at each of its edges that straddle p's height, whose count
// is odd exactly when its first and last vertices lie on either side of that height.
prepared_area::crossing prepared_area::ring_crossing(const indexed_ring& ir, const point& p) const noexcept {
    const double m = margin_;
    auto beside = [&](const box& e) { return p.y < e.min_y || p.y > e.max_y || p.x > e.max_x + m; };
    auto right_of = [&](const box& e) { return p.x < e.min_x - m; };
    // the whole ring right of p: an even number of crossings
    if (beside(ir.envelope) || right_of(ir.envelope)) return crossing::outside;
    const geometry::ring& r = *ir.ring;
    const std::size_t n = r.size();
    bool inside = false;
    auto chain_parity = [&](std::size_t first, std::size_t last) {
        if ((r[first].y > p.y) != (r[last].y > p.y)) inside = !inside;
    };
    // the closing edge, from the last vertex to the first
    if (crossing_step(r[0], r[n - 1], p, inside)) return crossing::on_edge;
    const std::size_t edges = n - 1;
    for (std::size_t k = 0; k < ir.blocks.size(); ++k) {
        const std::size_t first_run = k * block_length, last_run = std::min(first_run + block_length, ir.runs.size());
        if (beside(ir.blocks[k])) continue;
        if (right_of(ir.blocks[k])) {
            chain_parity(first_run * run_length, std::min(last_run * run_length, edges));
            continue;
        }
        for (std::size_t j = first_run; j < last_run; ++j) {
            const std::size_t first = j * run_length, end = std::min(first + run_length, edges);
            if (beside(ir.runs[j])) continue;
            if (right_of(ir.runs[j])) {
                chain_parity(first, end);
                continue;
            }
            for (std::size_t i = first; i < end; ++i)
                if (crossing_step(r[i + 1], r[i], p, inside)) return crossing::on_edge;
        }
    }
    return inside ? crossing::inside : crossing::outside;
}

bool prepared_area::strictly_inside(const point& p) const noexcept {
    for (const auto& part : parts_) {
        if (ring_crossing(part.outer, p) != crossing::inside) continue;
        bool in_hole = false;
        for (const auto& hole : part.inners)
            if (ring_crossing(hole, p) != crossing::outside) {
                in_hole = true;
                break;
            }
        if (!in_hole) return true;
    }
    return false;
}

bool prepared_area::box_inside(const box& b, double tolerance) const noexcept {
    if (area_->empty() || b.empty()) return false;
    return strictly_inside(b.center()) && !outline_meets_box(shrunk_box(b, tolerance));
}

bool prepared_area::box_meets(const box& b) const noexcept {
    if (area_->empty() || b.empty()) return false;
    if (!envelope_.intersects(b)) return false;
    return outline_meets_box(b) || strictly_inside(b.center());
}

std::vector<point> prepared_area::candidates(const point& anchor, double step, std::size_t limit) const {
    std::vector<point> out;
    const box& env = envelope_;
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
            if (!strictly_inside(p)) continue;
            const double dx = p.x - anchor.x, dy = p.y - anchor.y;
            inside.push_back({dx * dx + dy * dy, j * nx + i, p});
        }
    std::sort(inside.begin(), inside.end(),
              [](const scored& a, const scored& b) { return a.d2 < b.d2 || (a.d2 == b.d2 && a.order < b.order); });
    for (std::size_t k = 0; k < inside.size() && out.size() < limit; ++k)
        out.push_back(inside[k].p);
    return out;
}

} // namespace coopatlas::render::detail
