#pragma once
// What the renderer hands to place_labels for an area label: its unit's outline on the
// page, and the forms of its text (one line, wrapped, smaller) tried in turn.

#include <coopatlas/geometry/geometry.hpp>
#include <coopatlas/geometry/projection.hpp>

#include "render/display_list.hpp"
#include "render/text_shaper.hpp"
#include "render/view.hpp"

#include <string>
#include <vector>

namespace coopatlas::render::detail {

/// One way to set a label: its text (with the line breaks added by wrapping), style and measure.
struct label_form {
    std::string text{};
    text_style style{};
    text_metrics metrics{};
};

/// The polygons of `g` on the page of `v` (`p`: the rings of the projection from the
/// layer CRS to the frame CRS, null = same CRS), vertices closer than `tolerance` to the
/// previous kept one dropped. Empty for a geometry that is not a multi_polygon.
geometry::multi_polygon page_area(const geometry::geometry& g, const frame_view& v, projected_rings* p,
                                  double tolerance);

/// Each line of `text` broken into `lines` balanced lines at spaces and after hyphens
/// ("Guelmim-Es Semara" → "Guelmim-\nEs Semara"); lines of the input (one per script of
/// a stacked label) are wrapped each on its own. Empty when no line can be broken.
COOPATLAS_API std::string wrap_text(text_shaper& shaper, const std::string& text, const text_style& style, int lines);

/// The forms tried for an area label, in order: the text on its lines at the style's
/// size, wrapped in two then three lines, then the same at 90 %, 80 %, … of the size
/// down to `min_size` (0 = default_label_min_scale × size). Forms that repeat an
/// earlier one are left out. The first form is the text as given.
COOPATLAS_API std::vector<label_form> label_forms(text_shaper& shaper, const std::string& text, const text_style& style,
                                                  double min_size);

/// Whether no form of label_forms(shaper, text, style, min_size) can lie inside an area
/// whose envelope is `room`, by the placer's rule (a box shrunk by `tolerance` on each side
/// whose centre is inside the area must not meet its outline). A box centred inside the
/// area and at least as tall as the area's envelope meets the outline where the outline
/// crosses the vertical through its centre; at least as wide, the horizontal. True when
/// each one-line form is too tall or too wide, and the wrapped forms too: they are at
/// least as tall as the shortest one-line form, and at least as wide as the widest word at
/// the least size. Measures the one-line forms and the words only (a few layouts rather
/// than dozens): a label far too large for its unit, as most labels of small countries on
/// a world map, goes straight to its leader line.
COOPATLAS_API bool no_form_fits_in(text_shaper& shaper, const std::string& text, const text_style& style,
                                   double min_size, const geometry::box& room, double tolerance);

/// The leader line of a label set apart from its unit: a hairline (0.7) in the text
/// colour at 80 % of its opacity, drawn before (under) the labels of its layer.
path_item leader_line(const geometry::point& from, const geometry::point& to, const text_style& style);

} // namespace coopatlas::render::detail
