#pragma once
// The legend, built from the layers: classes with interval labels and counts, nested
// proportional circles, flow widths, line styles and point markers, each drawn with
// the same sizes and colours as the map.

#include <coopatlas/render/map.hpp>

#include "render/display_list.hpp"
#include "render/view.hpp"

#include <string>
#include <vector>

namespace coopatlas::render::detail {

/// Text sizes and family of the page furniture.
struct furniture_fonts {
    double base = 12; // body size of legend items
    std::string family{};
    color ink{0.15, 0.15, 0.15, 1};
    color muted{0.4, 0.4, 0.4, 1};
};

/// One layer's block, drawn with its top-left corner at (0, 0).
struct legend_block {
    std::string layer_id{};
    std::vector<item> items{};
    double width = 0;
    double height = 0;
    std::vector<std::string> labels{}; // every text of the block, for reports
};

/// A text item measured and placed with its top-left at `origin`.
text_item make_text(text_shaper& shaper, std::string text, const text_style& style, geometry::point origin);

/// Plain text style of the furniture (no halo unless asked).
text_style furniture_text(const furniture_fonts& f, double size, bool bold = false, bool italic = false,
                          color fill = {0.15, 0.15, 0.15, 1}, double halo = 0);

/// Blocks of every layer that has a legend, in drawing order (frames, then overlays);
/// a layer repeated in several frames (same title and kind) appears once.
std::vector<legend_block> build_legend(const map& m, text_shaper& shaper, const furniture_fonts& fonts);

/// The inside corner of a frame where a legend of w × h, `margin` from the frame's edges,
/// hides the least: the fewest vertices of the frame's thematic (non-context) layers fall in
/// it; a corner holding the scale bar (bottom left), north arrow (top right), locator
/// (bottom right) or frame title (top left) only when all are taken. Ties go in the order
/// bottom left, top left, top right, bottom right.
legend_position quietest_corner(const frame& f, const frame_view& v, crs_cache& crs, double w, double h, double margin);

/// Moves an item by (dx, dy).
void translate(item& it, double dx, double dy);

} // namespace coopatlas::render::detail
