#include <coopatlas/render/label_placement.hpp>

#include "render/prepared_area.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <utility>

namespace coopatlas::render {

namespace {

using geometry::box;
using geometry::point;

constexpr double sqrt_half = 0.70710678118654752440;

// Interiors overlap (touching edges do not count: the halo is already inside each box).
bool overlaps(const box& a, const box& b) noexcept {
    return a.min_x < b.max_x && b.min_x < a.max_x && a.min_y < b.max_y && b.min_y < a.max_y;
}

bool inside(const box& inner, const box& outer) noexcept {
    return inner.min_x >= outer.min_x && inner.max_x <= outer.max_x && inner.min_y >= outer.min_y &&
           inner.max_y <= outer.max_y;
}

// Open disc of radius r around c meets the box.
bool disc_overlaps(const point& c, double r, const box& b) noexcept {
    const double dx = std::max({b.min_x - c.x, 0.0, c.x - b.max_x});
    const double dy = std::max({b.min_y - c.y, 0.0, c.y - b.max_y});
    return dx * dx + dy * dy < r * r;
}

box box_at(const point& origin, const text_extent& e) noexcept {
    return {origin.x, origin.y, origin.x + e.width, origin.y + e.height};
}

bool finite(double v) noexcept { return std::isfinite(v); }

// Uniform grid over the frame holding placed labels, obstacles and anchor discs; a query
// visits only the cells its box covers, so each test costs O(items nearby).
class collision_grid {
public:
    enum class kind : std::uint8_t { label, obstacle, disc };

    collision_grid(const box& frame, double cell) : frame_(frame), cell_(cell) {
        nx_ = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil((frame.max_x - frame.min_x) / cell)));
        ny_ = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil((frame.max_y - frame.min_y) / cell)));
        cells_.resize(nx_ * ny_);
    }

    void insert(kind k, const box& b, std::size_t owner, point centre = {}, double radius = 0) {
        std::size_t x0 = 0, x1 = 0, y0 = 0, y1 = 0;
        if (!cell_range(b, x0, x1, y0, y1)) return;  // wholly outside the frame: cannot meet a label
        const auto id = static_cast<std::uint32_t>(items_.size());
        items_.push_back({b, centre, radius, owner, k});
        stamps_.push_back(0);
        for (std::size_t y = y0; y <= y1; ++y)
            for (std::size_t x = x0; x <= x1; ++x) cells_[y * nx_ + x].push_back(id);
    }

    // True when `b` meets an item; `ignore_disc(owner)` filters anchor discs.
    template <class DiscFilter>
    bool collides(const box& b, DiscFilter&& ignore_disc) {
        std::size_t x0 = 0, x1 = 0, y0 = 0, y1 = 0;
        if (!cell_range(b, x0, x1, y0, y1)) return false;
        ++query_;
        for (std::size_t y = y0; y <= y1; ++y) {
            for (std::size_t x = x0; x <= x1; ++x) {
                for (const std::uint32_t id : cells_[y * nx_ + x]) {
                    if (stamps_[id] == query_) continue;  // already tested through another cell
                    stamps_[id] = query_;
                    const item& it = items_[id];
                    if (it.what == kind::disc) {
                        if (!ignore_disc(it.owner) && disc_overlaps(it.centre, it.radius, b)) return true;
                    } else if (overlaps(it.bounds, b)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

private:
    struct item {
        box bounds;
        point centre;
        double radius;
        std::size_t owner;
        kind what;
    };

    bool cell_range(const box& b, std::size_t& x0, std::size_t& x1, std::size_t& y0, std::size_t& y1) const {
        if (b.empty() || !overlaps_or_touches(b)) return false;
        x0 = index(b.min_x - frame_.min_x, nx_);
        x1 = index(b.max_x - frame_.min_x, nx_);
        y0 = index(b.min_y - frame_.min_y, ny_);
        y1 = index(b.max_y - frame_.min_y, ny_);
        return true;
    }
    bool overlaps_or_touches(const box& b) const noexcept { return frame_.intersects(b); }
    std::size_t index(double offset, std::size_t n) const noexcept {
        const double i = std::floor(offset / cell_);
        if (!(i > 0)) return 0;
        return std::min(n - 1, static_cast<std::size_t>(i));
    }

    box frame_;
    double cell_;
    std::size_t nx_ = 1, ny_ = 1;
    std::vector<std::vector<std::uint32_t>> cells_;
    std::vector<item> items_;
    std::vector<std::uint32_t> stamps_;
    std::uint32_t query_ = 0;
};

// A cell about the size of a typical label keeps both the lists per cell and the cells per
// query short; the cell count is capped so a huge frame with tiny labels stays cheap.
double cell_size(const std::vector<label_request>& requests, const box& frame) {
    double sum = 0;
    std::size_t n = 0;
    for (const auto& r : requests) {
        const double s = std::max(r.extent.width, r.extent.height);
        if (finite(s) && s > 0) {
            sum += s;
            ++n;
        }
    }
    const double w = frame.max_x - frame.min_x, h = frame.max_y - frame.min_y;
    double cell = n ? sum / static_cast<double>(n) : std::max(w, h) / 16;
    constexpr double max_cells = 1 << 18;
    cell = std::max(cell, std::sqrt(w * h / max_cells));
    return cell > 0 ? cell : 1;
}

bool valid(const label_request& r) noexcept {
    return finite(r.anchor.x) && finite(r.anchor.y) && finite(r.extent.width) && finite(r.extent.height) &&
           r.extent.width >= 0 && r.extent.height >= 0;
}

// Forms of a label with an area, each with all its candidates: the anchor's own
// positions (centred for a polygon label, Imhof around its symbol otherwise), then the
// interior grid. `try_at(origin, position, form)` places and returns true, or refuses;
// `alternatives()` gives the forms after the first, asked for once the first has failed
// at its anchor.
template <class Alternatives, class Try>
bool place_in_area(const label_request& r, const detail::prepared_area& area, Alternatives&& alternatives,
                   Try&& try_at) {
    const std::vector<text_extent>* others = nullptr;
    std::vector<point> interior;
    bool interior_done = false;
    for (std::size_t k = 0;; ++k) {
        if (k > 0 && !others) others = &alternatives();
        if (k > 0 && k > others->size()) break;
        const text_extent& e = k == 0 ? r.extent : (*others)[k - 1];
        if (!finite(e.width) || !finite(e.height) || e.width < 0 || e.height < 0) continue;
        const int form = static_cast<int>(k);
        if (r.polygon) {
            if (try_at(imhof_origin(r.anchor, e, 0, -1), -1, form)) return true;
        } else {
            for (int p = 0; p < imhof_position_count; ++p)
                if (try_at(imhof_origin(r.anchor, e, r.clearance, p), p, form)) return true;
        }
        if (!interior_done) {
            // one grid for all forms: half the height of the smallest form, and no more
            // than 40 steps across the area
            if (!others) others = &alternatives();
            double least = e.height;
            for (const auto& a : *others)
                if (finite(a.height) && a.height > 0) least = std::min(least, a.height);
            const box& env = area.envelope();
            const double step = std::max(least / 2, std::max(env.max_x - env.min_x, env.max_y - env.min_y) / 40);
            interior = area.candidates(r.anchor, step, area_candidate_limit);
            interior_done = true;
        }
        for (const point& c : interior)
            if (try_at(imhof_origin(c, e, 0, -1), -1, form)) return true;
    }
    return false;
}

// Leader positions: rings around the anchor (gaps of 1 to 8 label heights beyond the
// clearance), 16 directions each starting east and alternating above and below, the
// box's side or corner facing the anchor at that distance.
template <class Free, class Try>
bool place_with_leader(const label_request& r, const box& frame, Free&& free_of_areas, Try&& try_at) {
    const double w = r.extent.width, h = r.extent.height;
    if (!(w > 0) || !(h > 0)) return false;
    static constexpr int turns[16] = {0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6, 7, -7, 8};
    constexpr double pi = 3.14159265358979323846;
    for (int ring = 1; ring <= 8; ++ring) {
        for (const int t : turns) {
            const double a = t * pi / 8;
            const double ux = std::cos(a), uy = -std::sin(a);
            const double d = std::max(0.0, r.clearance) + ring * h + std::abs(ux) * w / 2 + std::abs(uy) * h / 2;
            const point origin{r.anchor.x + ux * d - w / 2, r.anchor.y + uy * d - h / 2};
            const box b = box_at(origin, r.extent);
            if (!inside(b, frame) || !free_of_areas(b)) continue;
            if (try_at(origin)) return true;
        }
    }
    return false;
}

// The leader runs from the box's nearest point to the anchor's clearance circle (or the
// anchor itself when it has none).
void leader_ends(const label_request& r, const box& b, placed_label& p) {
    const point from{std::clamp(r.anchor.x, b.min_x, b.max_x), std::clamp(r.anchor.y, b.min_y, b.max_y)};
    const double dx = from.x - r.anchor.x, dy = from.y - r.anchor.y, len = std::hypot(dx, dy);
    const double c = finite(r.clearance) ? std::max(0.0, r.clearance) : 0.0;
    p.leader_from = from;
    p.leader_to = len > c && c > 0 ? point{r.anchor.x + dx / len * c, r.anchor.y + dy / len * c} : r.anchor;
}

// The requests' indices by priority, highest first; NaN counts as the lowest priority so
// the order stays a strict weak one.
std::vector<std::size_t> priority_order(const std::vector<label_request>& requests) {
    std::vector<std::size_t> order(requests.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    auto key = [&](std::size_t i) {
        const double p = requests[i].priority;
        return std::isnan(p) ? -std::numeric_limits<double>::infinity() : p;
    };
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return key(a) > key(b); });
    return order;
}

// What placing the labels of a frame shares: the requests by priority, the grid of what is
// already there and the labels placed, every unit's area.
class label_placer {
  public:
    label_placer(const std::vector<label_request>& requests, const box& frame, const std::vector<box>& obstacles,
                 const label_options& options, label_layout& layout);

    // Each label in priority order, then the indices of those left out.
    void place_all() {
        for (const std::size_t i : order_)
            place(i);
        for (std::size_t i = 0; i < requests_.size(); ++i)
            if (!placed_[i]) layout_.dropped.push_back(i);
    }

  private:
    void add_obstacles(const std::vector<box>& obstacles);
    void place(std::size_t i);
    void place_area_label(std::size_t i);
    void place_polygon_label(std::size_t i);
    void place_point_label(std::size_t i);
    bool ignores_disc(std::size_t i, std::size_t owner) const;
    bool try_box(std::size_t i, const point& origin, const text_extent& e, int position, int form);
    bool try_leader_box(std::size_t i, const point& origin);
    bool free_of_areas(const box& b) const {
        for (const auto& a : areas_)
            if (a.box_meets(b)) return false;
        return true;
    }

    const std::vector<label_request>& requests_;
    const box& frame_;
    const label_options& options_;
    label_layout& layout_;
    std::vector<std::size_t> order_;
    std::vector<std::size_t> rank_;
    collision_grid grid_;
    const bool only_higher_;
    const double shift_;
    const double tolerance_;
    std::vector<detail::prepared_area> areas_;
    std::vector<const detail::prepared_area*> area_of_;
    std::vector<char> placed_;
};

label_placer::label_placer(const std::vector<label_request>& requests, const box& frame,
                           const std::vector<box>& obstacles, const label_options& options, label_layout& layout)
    : requests_(requests), frame_(frame), options_(options), layout_(layout), order_(priority_order(requests)),
      rank_(requests.size()), grid_(frame, cell_size(requests, frame)),
      only_higher_(options.avoid_anchors == anchor_avoidance::higher_priority),
      shift_(finite(options.polygon_shift) ? std::max(0.0, options.polygon_shift) : 0.0),
      tolerance_(finite(options.area_tolerance) ? std::max(0.0, options.area_tolerance) : 0.0),
      area_of_(requests.size(), nullptr), placed_(requests.size(), 0) {
    const std::size_t n = requests.size();
    for (std::size_t k = 0; k < n; ++k)
        rank_[order_[k]] = k;
    add_obstacles(obstacles);
    // Every unit's area, indexed once for the many boxes tested against it: a label stays
    // inside its own, a leader label off all of them.
    areas_.reserve(n);
    for (std::size_t i = 0; i < n; ++i)
        if (!requests[i].area.empty()) area_of_[i] = &areas_.emplace_back(requests[i].area);
    layout.placed.reserve(n);
}

// The obstacles, and the anchors' discs unless no symbol is avoided.
void label_placer::add_obstacles(const std::vector<box>& obstacles) {
    const std::size_t n = requests_.size();
    for (const auto& o : obstacles)
        if (!o.empty()) grid_.insert(collision_grid::kind::obstacle, o, n);
    if (options_.avoid_anchors != anchor_avoidance::none) {
        for (std::size_t i = 0; i < n; ++i) {
            const auto& r = requests_[i];
            if (!(r.clearance > 0) || !finite(r.clearance) || !finite(r.anchor.x) || !finite(r.anchor.y)) continue;
            const box b{r.anchor.x - r.clearance, r.anchor.y - r.clearance, r.anchor.x + r.clearance,
                        r.anchor.y + r.clearance};
            grid_.insert(collision_grid::kind::disc, b, i, r.anchor, r.clearance);
        }
    }
}

void label_placer::place(std::size_t i) {
    const auto& r = requests_[i];
    if (!valid(r)) return;
    if (!r.area.empty())
        place_area_label(i);
    else if (r.polygon)
        place_polygon_label(i);
    else
        place_point_label(i);
}

// Within the unit's area, in any of the label's forms; else, with leaders, off all areas.
void label_placer::place_area_label(std::size_t i) {
    const auto& r = requests_[i];
    // the forms after the first: as given, or measured when first asked for
    std::vector<text_extent> measured;
    bool asked = false;
    auto alternatives = [&]() -> const std::vector<text_extent>& {
        if (!r.alternatives_when_needed) return r.alternatives;
        if (!asked) measured = r.alternatives_when_needed();
        asked = true;
        return measured;
    };
    auto try_at = [&](const point& origin, int position, int form) {
        const text_extent& e = form == 0 ? r.extent : alternatives()[static_cast<std::size_t>(form - 1)];
        return try_box(i, origin, e, position, form);
    };
    if (place_in_area(r, *area_of_[i], alternatives, try_at)) return;
    if (!options_.leaders) return;
    place_with_leader(
        r, frame_, [&](const box& b) { return free_of_areas(b); },
        [&](const point& origin) { return try_leader_box(i, origin); });
}

// Centred on the pole, else shifted by polygon_shift of the label's size.
void label_placer::place_polygon_label(std::size_t i) {
    const auto& r = requests_[i];
    const point centre = imhof_origin(r.anchor, r.extent, 0, -1);
    if (try_box(i, centre, r.extent, -1, 0) || shift_ == 0) return;
    const double sx = r.extent.width * shift_, sy = r.extent.height * shift_;
    // up, down, right, left, then the diagonals: vertical moves first, since the
    // pole sits in the widest part and a label is wider than tall
    static constexpr int dirs[8][2] = {{0, -1}, {0, 1}, {1, 0}, {-1, 0}, {1, -1}, {1, 1}, {-1, -1}, {-1, 1}};
    for (const auto& d : dirs)
        if (try_box(i, {centre.x + d[0] * sx, centre.y + d[1] * sy}, r.extent, -1, 0)) break;
}

void label_placer::place_point_label(std::size_t i) {
    const auto& r = requests_[i];
    for (int p = 0; p < imhof_position_count; ++p)
        if (try_box(i, imhof_origin(r.anchor, r.extent, r.clearance, p), r.extent, p, 0)) break;
}

// Whether label i may cover the anchor disc of request `owner`.
bool label_placer::ignores_disc(std::size_t i, std::size_t owner) const {
    if (owner == i) return true;
    if (rank_[owner] < rank_[i]) return false; // a more important symbol is never covered
    if (only_higher_) return true;
    // `all`: a less important symbol that already covers this anchor overlaps this
    // feature's own symbol; no candidate could avoid it, so it does not bar the
    // label (Rabat inside Salé's circle)
    const auto& r = requests_[i];
    const auto& o = requests_[owner];
    const double dx = o.anchor.x - r.anchor.x, dy = o.anchor.y - r.anchor.y;
    return dx * dx + dy * dy < o.clearance * o.clearance;
}

// Places label i in form `form` (extent e) at `origin` when the box is free; returns whether it did.
bool label_placer::try_box(std::size_t i, const point& origin, const text_extent& e, int position, int form) {
    const auto& r = requests_[i];
    const box b = box_at(origin, e);
    if (!inside(b, frame_) || grid_.collides(b, [&](std::size_t owner) { return ignores_disc(i, owner); }))
        return false;
    if (area_of_[i] && !area_of_[i]->box_inside(b, tolerance_)) return false;
    // a label beside its unit's symbol, moved into the unit, must not cover that symbol
    if (!r.area.empty() && !r.polygon && r.clearance > 0 && disc_overlaps(r.anchor, r.clearance, b)) return false;
    grid_.insert(collision_grid::kind::label, b, i);
    layout_.placed.push_back({i, b, origin, position, form});
    placed_[i] = 1;
    return true;
}

bool label_placer::try_leader_box(std::size_t i, const point& origin) {
    const auto& r = requests_[i];
    const box b = box_at(origin, r.extent);
    if (!inside(b, frame_) || grid_.collides(b, [&](std::size_t owner) { return ignores_disc(i, owner); }))
        return false;
    grid_.insert(collision_grid::kind::label, b, i);
    placed_label p{i, b, origin, -1, 0, true};
    leader_ends(r, b, p);
    layout_.placed.push_back(p);
    placed_[i] = 1;
    return true;
}

} // namespace

const char* imhof_position_name(int position) noexcept {
    static constexpr const char* names[imhof_position_count] = {
        "upper right", "lower right", "upper left", "lower left", "right", "left", "top", "bottom"};
    return position >= 0 && position < imhof_position_count ? names[position] : "centre";
}

// Candidate order. The four corner positions come first, in the order given by Slocum et
// al., "Thematic Cartography and Geographic Visualization" (2nd ed., 2005), after Yoeli,
// "The logic of automated map lettering", Cartographic Journal 9(2), 1972, who follows
// Imhof's rules ("Positioning names on maps", The American Cartographer 2(2), 1975):
// upper right, lower right, upper left, lower left. Then the four centred positions:
// right and left (the name keeps the point on its baseline side, Imhof's preference for
// names beside their point) before top and bottom; Slocum lists top and bottom before
// right and left, we follow Imhof here.
// Corner positions put the box corner on the clearance circle (at 45°), so the whole box
// stays outside the circle; side positions touch it at one point.
point imhof_origin(const point& anchor, const text_extent& e, double clearance, int position) noexcept {
    const double c = std::max(0.0, clearance);
    const double d = c * sqrt_half;
    const double w = e.width, h = e.height;
    switch (position) {
    case 0: return {anchor.x + d, anchor.y - d - h};          // upper right
    case 1: return {anchor.x + d, anchor.y + d};              // lower right
    case 2: return {anchor.x - d - w, anchor.y - d - h};      // upper left
    case 3: return {anchor.x - d - w, anchor.y + d};          // lower left
    case 4: return {anchor.x + c, anchor.y - h / 2};          // right
    case 5: return {anchor.x - c - w, anchor.y - h / 2};      // left
    case 6: return {anchor.x - w / 2, anchor.y - c - h};      // top
    case 7: return {anchor.x - w / 2, anchor.y + c};          // bottom
    default: return {anchor.x - w / 2, anchor.y - h / 2};     // centred
    }
}

label_layout place_labels(const std::vector<label_request>& requests, const box& frame,
                          const std::vector<box>& obstacles) {
    return place_labels(requests, frame, obstacles, label_options{});
}

label_layout place_labels(const std::vector<label_request>& requests, const box& frame,
                          const std::vector<box>& obstacles, const label_options& options) {
    label_layout layout;
    const std::size_t n = requests.size();
    if (frame.empty() || !finite(frame.min_x) || !finite(frame.max_x) || !finite(frame.min_y) ||
        !finite(frame.max_y)) {
        layout.dropped.resize(n);
        std::iota(layout.dropped.begin(), layout.dropped.end(), std::size_t{0});
        return layout;
    }
    label_placer(requests, frame, obstacles, options, layout).place_all();
    return layout;
}

} // namespace coopatlas::render
