#pragma once
/// \file
/// \brief The map model: a page holding one or more frames, each with a projection
/// and an ordered list of layers, plus the page furniture (title, legend, credits).
///
/// Everything here is a plain value: build a map in code or read one from a spec
/// file (map_spec.hpp), then draw it with map_renderer. Page lengths are CSS pixels
/// (1/96 inch) at scale 1.

#include <coopatlas/config.hpp>
#include <coopatlas/geometry/geometry.hpp>
#include <coopatlas/render/color.hpp>
#include <coopatlas/render/feature.hpp>
#include <coopatlas/render/layer_style.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace coopatlas::render {

/// \brief Features drawn with one style. Layers are drawn in order, first at the bottom.
struct layer {
    std::string id{};              ///< id of the layer's group in SVG output (made unique per map)
    std::string title{};           ///< legend heading; empty = the layer has no legend block
    std::string note{};            ///< smaller line under the heading (method, unit, year)
    std::string crs = "EPSG:4326"; ///< CRS of the feature coordinates
    std::vector<feature> features{};
    layer_style style{};
    bool legend = true;   ///< show the layer in the legend
    bool context = false; ///< drawn for orientation only: not in the default extent, legend last
};

/// \brief A small map of the surroundings in a corner of a frame, with the frame's extent outlined.
struct locator_inset {
    bool show = false;
    std::string crs{};           ///< empty = the frame's CRS
    geometry::box extent{};      ///< lon/lat area shown
    std::vector<feature> land{}; ///< lon/lat polygons drawn as context
    double size = 0.24;          ///< width as a fraction of the frame's width
};

/// \brief A map frame: an area of the page showing part of the world in one projection.
struct frame {
    std::string id{};
    std::string title{};                   ///< caption in the frame's top-left corner
    std::string crs = "EPSG:4326";         ///< projection of the frame (any PROJ definition)
    geometry::box extent{};                ///< area to show; lon/lat unless `extent_in_crs`; empty = the layers'
    bool extent_in_crs = false;            ///< `extent` is in the frame's CRS units
    geometry::box page_box{};              ///< place on the page; empty = laid out automatically
    color background{0.86, 0.91, 0.95, 1}; ///< sea
    color border{0.4, 0.4, 0.4, 1};        ///< frame outline; alpha 0 = none
    std::vector<layer> layers{};
    bool scale_bar = true;   ///< true to scale at the frame centre
    bool north_arrow = true; ///< points to true north at the frame centre
    locator_inset locator{};
    /// Index (in map::frames) of the frame this one is an inset of: it is drawn in that
    /// frame's top-left corner, over it, and its page_box is computed; -1 = a frame of its own.
    int inset_of = -1;
    double inset_size = 0.22;  ///< an inset's width as a fraction of its host frame's width
};

/// \brief Where the legend goes.
enum class legend_position {
    right,
    left,
    bottom, ///< a panel beside the frames
    inside_top_left,
    inside_top_right,
    inside_bottom_left,
    inside_bottom_right, ///< over the first frame
    /// Over the first frame, in the inside corner that hides least of it: the fewest vertices
    /// of its thematic layers, and not the corner of the scale bar, north arrow, locator or
    /// frame title when another is free.
    inside,
    none,
};

/// \brief "right", "inside-bottom-left", …; parse throws coopatlas::error listing the words.
COOPATLAS_API legend_position parse_legend_position(std::string_view word);
COOPATLAS_API const char* to_string(legend_position p) noexcept;

/// \brief The legend panel.
struct legend_options {
    legend_position position = legend_position::right;
    std::string title{};
};

/// \brief A page: frames, page-level layers and furniture.
struct map {
    double width = 1600; ///< page units (CSS px)
    double height = 1000;
    color background{1, 1, 1, 1};
    std::string title{};
    std::string subtitle{};
    std::vector<std::string> credits{}; ///< data sources and licences, one line each
    std::string font_family{};          ///< default font family list; empty = the renderer's
    double margin = -1;                 ///< page margin; negative = chosen from the page size
    double font_scale = 1;              ///< multiplies every furniture text size
    std::vector<frame> frames{};
    /// Frames laid out automatically go in rows of this many (small multiples);
    /// 0 = all in one row.
    std::size_t columns = 0;
    /// Layers drawn over the frames in page space, with lon/lat features: a flow whose
    /// ends lie in two frames is drawn from one to the other across the gap.
    std::vector<layer> overlays{};
    legend_options legend{};
};

/// \brief The projection a preset name stands for, or the text itself when it is
/// not a preset: "france" (RGF93 / Lambert-93, EPSG:2154), "morocco" (a Lambert
/// conformal conic on WGS 84 with standard parallels 24° and 34° N, Morocco and
/// Western Sahara), "euromed" (an Albers equal-area conic for Europe and North
/// Africa, parallels 30° and 50° N), "france-morocco" (an oblique Mercator whose
/// central line runs through Paris and Agadir, scale 0.995 on it), "laea-study" (the
/// Lambert azimuthal equal-area centred on 36° N 4° W), "lonlat" (EPSG:4326).
COOPATLAS_API std::string crs_preset(std::string_view name_or_definition);

} // namespace coopatlas::render
