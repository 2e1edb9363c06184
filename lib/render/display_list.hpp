#pragma once
// Drawing primitives in page units: what every layer kind, legend block and piece of
// furniture is turned into once, and what each backend (Cairo, SVG) replays. Keeping
// this list backend-neutral is what makes PNG, SVG and PDF show the same picture.

#include <coopatlas/geometry/geometry.hpp>
#include <coopatlas/render/color.hpp>
#include <coopatlas/render/label_placement.hpp>

#include "render/text_shaper.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace coopatlas::render::detail {

/// A path of polylines, polygons rings and cubic Bézier runs, in page units (y down).
struct path {
    struct part {
        std::uint32_t first = 0; // index of the first point
        std::uint32_t count = 0; // points in the part; cubic parts hold 1 + 3n points
        bool closed = false;
        bool cubic = false;
    };
    std::vector<geometry::point> points{};
    std::vector<part> parts{};

    [[nodiscard]] bool empty() const noexcept { return parts.empty(); }
    void begin(bool closed, bool cubic = false) {
        parts.push_back({static_cast<std::uint32_t>(points.size()), 0, closed, cubic});
    }
    void add(const geometry::point& p) {
        points.push_back(p);
        ++parts.back().count;
    }
    /// Drops a part left with too few points to draw.
    void end() {
        auto& p = parts.back();
        if (p.count < (p.closed ? 3u : 2u)) {
            points.resize(p.first);
            parts.pop_back();
        }
    }
    void rectangle(const geometry::box& b) {
        begin(true);
        add({b.min_x, b.min_y});
        add({b.max_x, b.min_y});
        add({b.max_x, b.max_y});
        add({b.min_x, b.max_y});
        end();
    }
    [[nodiscard]] geometry::box bounds() const noexcept {
        geometry::box b;
        for (const auto& p : points)
            b.expand(p);
        return b;
    }
};

enum class line_cap { butt, round, square };
enum class line_join { miter, round, bevel };

struct stroke_spec {
    color paint{};
    double width = 1;
    std::vector<double> dash{};
    line_cap cap = line_cap::butt;
    line_join join = line_join::round;
};

/// Filled and/or stroked path; fill first, then stroke.
struct path_item {
    path shape{};
    std::optional<color> fill{};
    std::optional<stroke_spec> stroke{};
    bool even_odd = true;
};

struct circle_item {
    geometry::point centre{};
    double radius = 0;
    std::optional<color> fill{};
    std::optional<stroke_spec> stroke{};
};

/// Parallel lines at `angle_deg` (from the x axis), `spacing` apart, clipped to `area`.
struct hatch_item {
    path area{};
    double spacing = 4;
    double angle_deg = 45;
    stroke_spec line{};
};

/// Text with the top-left of its measured box (halo included) at `origin`; the
/// metrics place the lines for writers that set the text themselves (SVG).
struct text_item {
    std::string text{};
    text_style style{};
    geometry::point origin{};
    text_extent extent{};
    double baseline = 0;   // first baseline below the box top
    double line_pitch = 0; // between baselines
    double center_x = 0;   // common centre of the (centred) lines, from the box's left
    std::string feature_id{}; // the feature a map label names (web atlas: its names in other languages)
};

/// Opens a group: a layer or a piece of furniture (SVG <g id>), optionally clipped to a rectangle.
struct group_begin {
    std::string id{};
    std::optional<geometry::box> clip{};
};
struct group_end {};

/// Brackets the primitives of one feature of a layer, so that a writer can tie them to
/// what the feature stands for (the web atlas's SVG data attributes); drawing ignores them.
struct feature_begin {
    std::string layer_id{};
    std::string feature_id{};
};
struct feature_end {};

using item =
    std::variant<path_item, circle_item, hatch_item, text_item, group_begin, group_end, feature_begin, feature_end>;

/// The whole page, in drawing order.
struct display_list {
    double width = 0;
    double height = 0;
    color background{1, 1, 1, 1};
    std::vector<item> items{};
    std::string title{}; // document title (SVG <title>, PDF metadata)
};

} // namespace coopatlas::render::detail

namespace coopatlas::render::detail {

/// The hatch lines of a hatch item, covering its area's bounding box, anchored on the
/// page grid so that neighbouring areas line up (both backends clip them to the area).
path hatch_lines(const hatch_item& h);

} // namespace coopatlas::render::detail
