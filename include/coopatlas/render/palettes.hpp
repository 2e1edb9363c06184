#pragma once
/// \file
/// \brief Named colour palettes for classified maps: the ColorBrewer sequential and
/// diverging schemes (Cynthia Brewer, Mark Harrower and The Pennsylvania State
/// University, Apache License 2.0) and the viridis and cividis colour maps (CC0).
///
/// Every palette listed here is colour-blind safe (ColorBrewer's own rating for its
/// schemes; viridis and cividis were designed for it), so any default is.
///
/// Thread safety: pure functions over constant tables.

#include <coopatlas/config.hpp>
#include <coopatlas/render/color.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace coopatlas::render {

/// \brief How a palette orders its colours.
enum class palette_kind {
    sequential, ///< light (low values) to dark (high values)
    diverging,  ///< two hues meeting at a light middle
    continuous, ///< sampled from a perceptually uniform colour map (viridis, cividis)
};

/// \brief What is known about a palette.
struct palette_info {
    std::string_view name;
    palette_kind kind = palette_kind::sequential;
    std::size_t max_classes = 9; ///< largest k with a designed table (continuous maps: 256)
    bool colorblind_safe = true;
};

/// \brief The default palette of choropleths: ColorBrewer YlGnBu.
inline constexpr std::string_view default_palette = "YlGnBu";

/// \brief Every palette known, in a stable order.
COOPATLAS_API const std::vector<palette_info>& palettes();

/// \brief k colours of a palette, low values first. Names are matched without regard
/// to case; a "-r" suffix reverses the order ("Blues-r"). ColorBrewer schemes use the
/// designed table for k in 3…max (k = 1 and 2 take the ends of the 3-class table);
/// continuous maps are sampled evenly. Throws coopatlas::error for an unknown name
/// (listing the known ones) or a k above the palette's maximum.
COOPATLAS_API std::vector<color> palette(std::string_view name, std::size_t k);

} // namespace coopatlas::render
