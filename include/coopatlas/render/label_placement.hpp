#pragma once
/// \file
/// \brief Cartographic label placement: candidate positions around points (Imhof order),
/// priorities, collision avoidance and dropping; pure geometry, no text library.
///
/// Coordinates are page units with y pointing down (as in Cairo, SVG and PDF).
///
/// Rules, applied to requests in decreasing priority (ties: input order):
/// - a point label tries the eight Imhof positions in order (see imhof_origin) at the
///   request's clearance from its anchor; a polygon label tries its centred box first,
///   then shifts of it by label_options::polygon_shift of its size;
/// - a candidate is accepted when its box lies wholly inside the frame and its interior
///   meets neither an already placed label, nor an obstacle, nor the clearance disc of
///   another request (its symbol), whether that request's label is placed or dropped: a
///   label next to the wrong symbol is misread, so labels stay off every symbol. One
///   exception: a lower-priority symbol whose disc already covers the request's own
///   anchor is ignored, as no candidate could avoid it (Rabat inside Salé's circle); a
///   higher-priority one still bars it (Cergy-Pontoise inside Paris's circle is dropped).
///   anchor_avoidance relaxes this rule;
/// - a request whose every candidate fails is dropped, never drawn overlapping.
/// Boxes that only touch do not overlap (the halo is part of each box).
/// Collision tests use a uniform grid over the frame (cells the size of a typical label):
/// 1,000 requests, up to 8,000 candidates, are placed in about a millisecond.
///
/// Thread-safety: place_labels is a pure function; concurrent calls are safe.

#include <coopatlas/config.hpp>
#include <coopatlas/geometry/geometry.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace coopatlas::render {

/// \brief Size of a shaped text, halo included, in page units.
struct text_extent {
    double width = 0;
    double height = 0;
};

/// \brief One label to place.
struct label_request {
    std::string id{};            ///< feature id, for reports
    std::string text{};          ///< text as drawn
    text_extent extent{};        ///< measured by the text shaper
    geometry::point anchor{};    ///< page coordinates (y down)
    double clearance = 0;        ///< radius around the anchor kept clear (symbol radius + gap)
    double priority = 0;         ///< higher is placed first; ties broken by input order (deterministic)
    bool polygon = false;        ///< polygon label: centred on the anchor (pole of inaccessibility), small shifts only
};

/// \brief A label that found room. origin = top-left corner of the text box;
/// position = Imhof rank 0..7 of the candidate used, or -1 for a centred (polygon) label.
struct placed_label {
    std::size_t index = 0;       ///< index into the request vector
    geometry::box bounds{};      ///< the text box as placed
    geometry::point origin{};    ///< top-left of the text box
    int position = -1;
};

/// \brief Result of place_labels: placed labels in placement order (priority order),
/// dropped request indices in increasing index order. placed.size() + dropped.size()
/// equals the number of requests.
struct label_layout {
    std::vector<placed_label> placed{};
    std::vector<std::size_t> dropped{};
};

/// \brief Whose anchor clearances (symbols) a label must not cover.
enum class anchor_avoidance {
    all,              ///< every other request's, as described for place_labels (default)
    higher_priority,  ///< only those of requests ranked before it (higher priority, or tie and earlier)
    none              ///< none: symbols are not labelling obstacles (as Mapnik's ignore-placement markers)
};

/// \brief Tuning of place_labels; the defaults are the documented rules.
struct label_options {
    anchor_avoidance avoid_anchors = anchor_avoidance::all;
    /// Polygon labels: shift tried, as a fraction of the label's width (horizontal) and
    /// height (vertical), when the centred box does not fit; 0 = centred only.
    double polygon_shift = 0.5;
};

/// \brief Number of candidate positions tried around a point label.
inline constexpr int imhof_position_count = 8;

/// \brief Name of an Imhof rank ("upper right", …, "bottom"); "centre" for -1.
COOPATLAS_API const char* imhof_position_name(int position) noexcept;

/// \brief Top-left corner of the box of a point label of size `extent` at Imhof rank
/// `position` around `anchor`, outside the circle of radius `clearance`: 0 upper right,
/// 1 lower right, 2 upper left, 3 lower left (corner on the circle at 45°), 4 right,
/// 5 left, 6 top, 7 bottom (side touching the circle); any other rank gives the box
/// centred on the anchor. Sources of the order: see label_placement.cpp.
COOPATLAS_API geometry::point imhof_origin(const geometry::point& anchor, const text_extent& extent,
                                           double clearance, int position) noexcept;

/// \brief Places labels without overlap inside `frame`, avoiding `obstacles` (legend,
/// title, scale bar…). Deterministic: the same input gives the same layout. Requests
/// with a non-finite anchor or a negative or non-finite extent are dropped; with an empty
/// frame every request is dropped.
/// \par Exception-safety
/// Strong (only std::bad_alloc can be thrown).
COOPATLAS_API label_layout place_labels(const std::vector<label_request>& requests, const geometry::box& frame,
                                        const std::vector<geometry::box>& obstacles = {});

/// \brief place_labels with explicit options.
COOPATLAS_API label_layout place_labels(const std::vector<label_request>& requests, const geometry::box& frame,
                                        const std::vector<geometry::box>& obstacles, const label_options& options);

} // namespace coopatlas::render
