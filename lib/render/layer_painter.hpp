#pragma once
// Turns a layer of any kind into drawing primitives in page units: the one place
// where layer kinds are told apart (std::visit over layer_style, one overload per
// kind and no fallback, so a kind without drawing code does not compile).

#include <coopatlas/render/map.hpp>

#include "render/anchor_store.hpp"
#include "render/display_list.hpp"
#include "render/view.hpp"

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

namespace coopatlas::render::detail {

/// Where a layer is drawn and what it needs from the frame.
struct paint_target {
    const frame_view* view = nullptr;                ///< the frame; null for a page overlay
    const std::vector<frame_view>* frames = nullptr; ///< overlays: each end goes to the frame holding it
    geometry::box cull{};                            ///< page area worth drawing
    double tolerance = 0.2;                          ///< vertex thinning, page units
    const std::vector<text_item>* labels = nullptr;  ///< placed labels of a label layer
    anchor_memo* anchors = nullptr;                  ///< where symbols stand on polygons; null: found each time
};

/// What painting a layer did.
struct paint_result {
    std::size_t drawn = 0;         ///< features that produced something
    std::size_t without_frame = 0; ///< overlay features with an end outside every frame
    std::size_t dashed_paths = 0;  ///< stroked paths with a dash pattern
    std::size_t circles = 0;       ///< circle items
    std::size_t arrowheads = 0;    ///< heads of directed flows
};

/// Appends the primitives of a layer to `out`. Throws coopatlas::error for a kind
/// that cannot be an overlay (polygons, lines, graticule, background, labels).
paint_result paint_layer(const layer& l, const paint_target& target, crs_cache& crs, std::vector<item>& out);

/// Page position of a point of the layer's CRS in a frame, or in whichever frame holds it
/// (overlays); empty when it falls outside every frame or cannot be projected.
std::optional<geometry::point> locate(const geometry::point& p, const std::string& crs_of_point,
                                      const paint_target& target, crs_cache& crs);

/// Radius of the symbol drawn for each feature id by circle and point layers (for label clearance).
void symbol_radii(const layer& l, std::unordered_map<std::string, double>& radii);

} // namespace coopatlas::render::detail
