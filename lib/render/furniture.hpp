#pragma once
// Page furniture inside a frame: scale bar (true at the frame centre), north arrow
// (true north at the frame centre), locator inset and caption.

#include <coopatlas/render/map.hpp>
#include <coopatlas/render/map_renderer.hpp>

#include "render/display_list.hpp"
#include "render/legend.hpp"
#include "render/view.hpp"

#include <vector>

namespace coopatlas::render::detail {

/// Primitives of one piece of furniture and the page box it covers.
struct furniture_piece {
    std::vector<item> items{};
    geometry::box box{};
};

/// Metres of ground per page unit along page x at the frame centre, measured
/// geodesically between two points 1 % of the frame width either side of it; the
/// centre in lon/lat goes to `centre_lonlat`.
double true_scale_at_centre(const frame_view& v, crs_cache& crs, geometry::point* centre_lonlat = nullptr);

/// Direction of true north at the frame centre, degrees clockwise from page up.
double north_angle_at_centre(const frame_view& v, crs_cache& crs);

/// Scale bar in the bottom-left corner: a round length (1, 2, 5 × 10^n m) about a
/// quarter of the frame wide.
furniture_piece scale_bar(const frame_view& v, crs_cache& crs, text_shaper& shaper, const furniture_fonts& f,
                          scale_bar_report& report);

/// North arrow in the top-right corner, rotated to true north at the frame centre.
furniture_piece north_arrow(const frame_view& v, crs_cache& crs, text_shaper& shaper, const furniture_fonts& f,
                            double& angle_deg);

/// Locator inset in the bottom-right corner: context land and the frame's footprint.
furniture_piece locator(const frame& fr, const frame_view& v, crs_cache& crs, const furniture_fonts& f);

/// Frame caption in the top-left corner.
furniture_piece caption(const std::string& text, const frame_view& v, text_shaper& shaper, const furniture_fonts& f);

} // namespace coopatlas::render::detail
