#pragma once
// Sizes and colours shared by the layer painter and the legend, so that a legend
// entry is drawn exactly as the map draws the same value.

#include <coopatlas/render/layer_style.hpp>
#include <coopatlas/render/map.hpp>

#include "render/display_list.hpp"

#include <string>
#include <vector>

namespace coopatlas::render::detail {

/// Largest finite positive value of the layer's features (0 when none).
double largest_value(const layer& l);

/// Circle radius for a value: area ∝ value, `min_radius` floor; 0 for no value or ≤ 0.
double circle_radius(const circle_style& s, double value, double vmax);
/// The value the largest radius stands for (the style's max_value, else the layer's largest).
double circle_reference(const circle_style& s, const layer& l);

/// Flow width for a value (linear or square-root, `min_width` floor); min_width for no value.
double flow_width(const flow_style& s, double value, double vmax);
double flow_reference(const flow_style& s, const layer& l);

/// Fill of a polygon feature: the class colour, the no-data colour, or the single fill.
color polygon_fill(const polygon_style& s, double value, bool* no_data = nullptr);

/// Closed marker outline of a shape centred on `c`, `size` across.
path marker_path(marker_shape shape, const geometry::point& c, double size);

/// Text style of a font style, falling back to `family` when the style names none.
text_style to_text_style(const font_style& f, const std::string& family);

/// A few round values (1, 2, 5 × 10^n) for a legend of values up to `vmax`, largest
/// first; only integers when `integers`.
std::vector<double> legend_values(double vmax, double vmin_positive, bool integers);

/// Largest of 1, 2, 5 × 10^n not above v (v > 0).
double nice_floor(double v);

/// A value as a legend prints it: integers without decimals, others with up to two.
std::string format_value(double v);

color with_opacity(color c, double opacity);

} // namespace coopatlas::render::detail
