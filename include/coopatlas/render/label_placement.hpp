#pragma once
/// \file
/// \brief Cartographic label placement: candidate positions around points (Imhof order),
/// priorities, collision avoidance and dropping; pure geometry, no text library.
///
/// Coordinates are page units with y pointing down (as in Cairo, SVG and PDF).
///
/// Rules, applied to requests in decreasing priority (ties: input order):
/// - a point label tries the eight Imhof positions in order (see imhof_origin) at the
///   request's clearance from its anchor; a polygon label without an `area` tries its
///   centred box first, then shifts of it by label_options::polygon_shift of its size;
/// - a label with an `area` (the polygon of its own unit, page coordinates) is kept inside
///   it: every candidate box, shrunk by label_options::area_tolerance on each side (the
///   halo may spill over the outline, the glyphs may not), must lie in the area, with no
///   outline crossing it. Its candidates are the centred box on the anchor (the pole of
///   inaccessibility; for a label beside its unit's symbol, the eight Imhof positions
///   around it instead), then boxes centred on points of a grid over the area, nearest
///   the anchor first (see area_candidates). So a symbol never pushes a label onto a
///   neighbouring unit;
/// - when no position fits, the request's `alternatives` (the same text wrapped at spaces
///   and hyphens, or set smaller, down to the style's minimum size) are tried in order,
///   each with all its candidates;
/// - when still nothing fits and label_options::leaders is on, the first form is put
///   outside every request's area (over the sea or a unit that is not labelled), on rings
///   around the anchor, nearest first, and a leader line joins it to the anchor
///   (placed_label::leader; the line itself is not kept clear of other labels);
/// - a candidate is accepted when its box lies wholly inside the frame and its interior
///   meets neither an already placed label, nor an obstacle, nor the clearance disc of
///   another request (its symbol), whether that request's label is placed or dropped: a
///   label next to the wrong symbol is misread, so labels stay off every symbol. One
///   exception: a lower-priority symbol whose disc already covers the request's own
///   anchor is ignored, as no candidate could avoid it (Rabat inside Salé's circle); a
///   higher-priority one still bars it (Cergy-Pontoise inside Paris's circle is dropped).
///   anchor_avoidance relaxes this rule;
/// - a request whose every candidate fails is dropped, never drawn overlapping, and never
///   drawn over another unit's area.
/// Boxes that only touch do not overlap (the halo is part of each box).
/// Collision tests use a uniform grid over the frame (cells the size of a typical label):
/// 1,000 requests, up to 8,000 candidates, are placed in about a millisecond; a label
/// with an area costs one outline test per candidate (at most area_candidate_limit), on
/// the area indexed once (envelopes of runs of segments), so that a test visits only the
/// runs near the box; the answers are those of box_inside_area and box_meets_area.
///
/// Thread-safety: place_labels is a pure function; concurrent calls are safe.

#include <coopatlas/config.hpp>
#include <coopatlas/geometry/geometry.hpp>

#include <cstddef>
#include <functional>
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
    /// The label's own unit in page coordinates; empty = no containment rule. With an
    /// area, `polygon` labels start centred on the anchor and point labels around it, and
    /// every box must lie in the area (see the rules above).
    geometry::multi_polygon area{};
    /// Other forms of the text (wrapped, smaller), tried in order after `extent`.
    std::vector<text_extent> alternatives{};
    /// When set, the alternatives instead of `alternatives`, asked for once and only when
    /// needed: a label with an area that fits in its first form at its anchor never asks.
    /// For forms that cost to measure; the placement is the same as with them given.
    std::function<std::vector<text_extent>()> alternatives_when_needed{};
};

/// \brief A label that found room. origin = top-left corner of the text box;
/// position = Imhof rank 0..7 of the candidate used, or -1 for a centred (polygon) label
/// or one away from its anchor (inside its area, or with a leader).
struct placed_label {
    std::size_t index = 0;       ///< index into the request vector
    geometry::box bounds{};      ///< the text box as placed
    geometry::point origin{};    ///< top-left of the text box
    int position = -1;
    int form = 0;                ///< 0 = the request's extent, k = its alternatives[k - 1]
    bool leader = false;         ///< outside every area, joined to the anchor by a leader line
    geometry::point leader_from{};  ///< leader line: on the box's outline, nearest the anchor
    geometry::point leader_to{};    ///< leader line: the anchor, or its clearance circle
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
    /// Labels with an area: how far (page units) the box may pass the area's outline on
    /// each side; the default is the default halo width, so the halo may cover the
    /// outline but the glyphs stay inside.
    double area_tolerance = 1.5;
    /// Labels with an area: a leader line as the last resort (see the rules above).
    bool leaders = true;
};

/// \brief At most this many interior points are tried per form of a label with an area.
inline constexpr std::size_t area_candidate_limit = 160;

/// \brief Interior candidates of a label with an area, best first: points of a square grid
/// of step `step` over the area's bounding box that lie strictly inside it, by
/// increasing distance to `anchor` (ties: row, then column), at most `limit` of them.
COOPATLAS_API std::vector<geometry::point> area_candidates(const geometry::multi_polygon& area,
                                                           const geometry::point& anchor, double step,
                                                           std::size_t limit = area_candidate_limit);

/// \brief Whether `b`, shrunk by `tolerance` on each side, lies inside `area`: its centre
/// strictly inside and no edge of any ring meeting the shrunk box (a hole inside the box
/// has edges in it). A box shrunk to nothing counts as inside when its centre is.
COOPATLAS_API bool box_inside_area(const geometry::box& b, const geometry::multi_polygon& area,
                                   double tolerance) noexcept;

/// \brief Whether the interior of `b` meets `area` (an edge crosses it, or it lies inside).
COOPATLAS_API bool box_meets_area(const geometry::box& b, const geometry::multi_polygon& area) noexcept;

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
