#pragma once
/// \file
/// \brief How each kind of layer is drawn: one plain value type per kind, held in
/// the layer_style variant.
///
/// Lengths are page units: CSS pixels (1/96 inch) at scale 1; a PNG rendered at
/// 300 dpi multiplies them by 300/96. The renderer turns every kind into drawing
/// primitives through std::visit over an overload set with no fallback, so a kind
/// added here without its drawing code does not compile.

#include <coopatlas/analysis/classify.hpp>
#include <coopatlas/config.hpp>
#include <coopatlas/render/color.hpp>

#include <limits>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace coopatlas::render {

/// \brief Typeface and colours of a label.
struct font_style {
    std::string family{}; ///< fontconfig family list; empty = the map's font
    double size = 9;      ///< page units
    bool bold = false;
    bool italic = false;
    color fill{0.13, 0.13, 0.13, 1};
    color halo{1, 1, 1, 0.9};
    double halo_width = 1.5; ///< 0 = no halo
};

/// \brief A classified fill: the classification of the layer's values and one colour per class.
struct class_fill {
    analysis::classification classes{};
    std::vector<color> colors{}; ///< one per class, low values first
    std::string palette{};       ///< palette the colours come from, for the credits
};

/// \brief Areas: a single fill or a choropleth, outlines, hatching where there is no data.
struct polygon_style {
    color fill{0.80, 0.85, 0.90, 1};        ///< single fill (when `choropleth` is empty)
    std::optional<class_fill> choropleth{}; ///< fill by the class of the feature's value
    color outline{1, 1, 1, 1};
    double outline_width = 0.6;         ///< 0 = no outline
    double opacity = 1;                 ///< multiplies the fill's alpha
    color no_data{0.94, 0.94, 0.94, 1}; ///< fill of features without a value (choropleths)
    bool hatch_no_data = true;          ///< hatch those features too
    color hatch{0.62, 0.62, 0.62, 1};
    double hatch_spacing = 4;
    std::string no_data_label = "no data";
    bool legend_counts = true; ///< "(n)" after each class label
};

/// \brief Lines: boundaries, routes. Features flagged disputed take `disputed_dash`.
struct line_style {
    color stroke{0.35, 0.35, 0.35, 1};
    double width = 0.8;
    std::vector<double> dash{}; ///< on/off lengths; empty = solid
    double opacity = 1;
    std::vector<double> disputed_dash{4, 3}; ///< dash of disputed boundaries (dashed by default)
    color disputed_casing{0, 0, 0, 0};       ///< drawn under the dashes (hides a solid line below); alpha 0 = none
    std::string label{};                     ///< legend label of the normal lines (default: layer title)
    std::string disputed_label = "disputed boundary";
};

/// \brief Proportional circles: area proportional to the value, large drawn below small.
struct circle_style {
    color fill{0.84, 0.19, 0.12, 0.65};
    color outline{1, 1, 1, 1};
    double outline_width = 0.8;
    double opacity = 1;
    double max_radius = 20;                                      ///< radius of `max_value`
    double max_value = std::numeric_limits<double>::quiet_NaN(); ///< NaN = the layer's largest value
    double min_radius = 0;                                       ///< floor for tiny positive values
    std::vector<double> legend_values{};                         ///< empty = round values from the data
};

/// \brief How flow widths grow with the value.
enum class width_scaling { linear, square_root };

/// \brief Flows: arcs from origin to destination, width from the value, largest drawn below.
struct flow_style {
    color stroke{0.13, 0.35, 0.65, 1};
    double opacity = 0.7;
    double min_width = 0.8;
    double max_width = 8;                                        ///< width of `max_value`
    double max_value = std::numeric_limits<double>::quiet_NaN(); ///< NaN = the layer's largest value
    width_scaling scaling = width_scaling::square_root;
    double curvature = 0.18; ///< height of the bow over the chord length; 0 = straight
    bool arrows = false;     ///< arrowheads on directed flows
    double pair_gap = 1.5;   ///< space between the two lines of a two-way pair
    double end_gap = 2;      ///< lines stop this short of their end points
    std::vector<double> legend_values{};
};

/// \brief Marker shapes of point layers.
enum class marker_shape { circle, square, triangle, diamond };

/// \brief Points: one marker each.
struct point_style {
    marker_shape shape = marker_shape::circle;
    double size = 5; ///< diameter (or side) in page units
    color fill{0.2, 0.2, 0.2, 1};
    color outline{1, 1, 1, 1};
    double outline_width = 0.8;
};

/// \brief Labels, placed together with every other label layer of the frame
/// (no overlap; a label that finds no room is dropped, never drawn over another).
struct label_style {
    font_style font{};
    double clearance = 2;          ///< gap kept around the anchor, added to the radius of
                                   ///< the frame's circle or point symbol of the same feature id
    bool centred = false;          ///< polygon labels: centred on the anchor, small shifts only
    bool priority_by_value = true; ///< larger values are placed first
    /// Smallest size (points) an area label may shrink to when it does not fit its unit;
    /// 0 = 70 % of font.size (default_label_min_scale).
    double min_size = 0;
};

/// \brief An area label may shrink to this fraction of its size unless label_style::min_size says otherwise.
inline constexpr double default_label_min_scale = 0.7;

/// \brief Meridians and parallels every `step` degrees.
struct graticule_style {
    double step = 5;
    color stroke{0.55, 0.65, 0.75, 0.6};
    double width = 0.4;
    std::vector<double> dash{};
};

/// \brief Context countries under everything else.
struct background_style {
    color land{0.95, 0.94, 0.92, 1};
    color outline{0.72, 0.72, 0.72, 1};
    double outline_width = 0.5;
};

/// \brief The style of a layer; its alternative is the layer's kind.
using layer_style = std::variant<polygon_style, line_style, circle_style, flow_style, point_style, label_style,
                                 graticule_style, background_style>;

/// \brief "polygons", "lines", "circles", "flows", "points", "labels", "graticule", "background".
COOPATLAS_API const char* kind_name(const layer_style& style) noexcept;

} // namespace coopatlas::render
