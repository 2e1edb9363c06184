// Geometry of labels kept inside their own unit: the box-in-polygon tests of
// label_placement.hpp, segment by segment (place_labels uses their prepared form,
// prepared_area.hpp, which gives the same answers faster).
#include <coopatlas/render/label_placement.hpp>

#include "render/prepared_area.hpp"


namespace coopatlas::render {

namespace {

using detail::segment_meets_box;
using geometry::box;
using geometry::point;

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
    return geometry::strictly_inside(b.center(), area) && !outline_meets_box(area, detail::shrunk_box(b, tolerance));
}

bool box_meets_area(const box& b, const geometry::multi_polygon& area) noexcept {
    if (area.empty() || b.empty()) return false;
    if (!geometry::envelope(area).intersects(b)) return false;
    return outline_meets_box(area, b) || geometry::strictly_inside(b.center(), area);
}

// Many grid points are tested: the prepared area pays for its index.
std::vector<point> area_candidates(const geometry::multi_polygon& area, const point& anchor, double step,
                                   std::size_t limit) {
    return detail::prepared_area(area).candidates(anchor, step, limit);
}

} // namespace coopatlas::render
