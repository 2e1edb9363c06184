#pragma once
// A label's area made ready for many box and point tests: the same answers as
// box_inside_area, box_meets_area, area_candidates and geometry::strictly_inside, but each
// test visits only the parts, rings and runs of segments whose envelope can matter. A
// country of hundreds of parts and tens of thousands of vertices is tested once per
// candidate box, up to thousands of times per label.

#include <coopatlas/config.hpp>
#include <coopatlas/geometry/geometry.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace coopatlas::render::detail {

// Liang–Barsky: whether the segment a–b meets the closed box.
inline bool segment_meets_box(const geometry::point& a, const geometry::point& b, const geometry::box& bx) noexcept {
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

// `b` shrunk by `tolerance` on each side about its centre (to nothing at most).
inline geometry::box shrunk_box(const geometry::box& b, double tolerance) noexcept {
    const double t = std::isfinite(tolerance) ? std::max(0.0, tolerance) : 0.0;
    const geometry::point c = b.center();
    const double hx = std::max(0.0, (b.max_x - b.min_x) / 2 - t), hy = std::max(0.0, (b.max_y - b.min_y) / 2 - t);
    return {c.x - hx, c.y - hy, c.x + hx, c.y + hy};
}

/// The area of a label, indexed once (it refers to `area`, which must outlive it).
/// Each ring keeps the envelopes of runs of consecutive segments and of blocks of runs;
/// a test skips a block or run only when it provably cannot change the answer, with a
/// margin wider than the rounding of the plain tests, and runs the plain per-segment
/// arithmetic on the others, so the answers are the same to the last bit.
class COOPATLAS_API prepared_area {
public:
    explicit prepared_area(const geometry::multi_polygon& area);

    /// geometry::envelope of the area.
    [[nodiscard]] const geometry::box& envelope() const noexcept { return envelope_; }
    /// Same as box_inside_area(b, area, tolerance).
    [[nodiscard]] bool box_inside(const geometry::box& b, double tolerance) const noexcept;
    /// Same as box_meets_area(b, area).
    [[nodiscard]] bool box_meets(const geometry::box& b) const noexcept;
    /// Same as geometry::strictly_inside(p, area).
    [[nodiscard]] bool strictly_inside(const geometry::point& p) const noexcept;
    /// Same as area_candidates(area, anchor, step, limit).
    [[nodiscard]] std::vector<geometry::point> candidates(const geometry::point& anchor, double step,
                                                          std::size_t limit) const;

private:
    struct indexed_ring {
        const geometry::ring* ring = nullptr;
        geometry::box envelope{};           // all its vertices
        std::vector<geometry::box> runs{};  // run k: vertices k*run_length … (k+1)*run_length
        std::vector<geometry::box> blocks{}; // block k: runs k*block_length … (k+1)*block_length - 1
    };
    struct indexed_part {
        indexed_ring outer{};
        std::vector<indexed_ring> inners{};
    };
    enum class crossing { outside, inside, on_edge };

    indexed_ring index_ring(const geometry::ring& r) const;
    [[nodiscard]] bool near(const geometry::box& e, const geometry::box& b) const noexcept;
    [[nodiscard]] bool ring_meets_box(const indexed_ring& ir, const geometry::box& b) const noexcept;
    [[nodiscard]] bool outline_meets_box(const geometry::box& b) const noexcept;
    [[nodiscard]] crossing ring_crossing(const indexed_ring& ir, const geometry::point& p) const noexcept;

    const geometry::multi_polygon* area_;
    geometry::box envelope_{};
    double margin_ = 0;  // beyond every rounding error of the plain tests near this area
    std::vector<indexed_part> parts_{};
};

} // namespace coopatlas::render::detail
