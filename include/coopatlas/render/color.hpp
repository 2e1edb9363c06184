#pragma once
/// \file
/// \brief Colours for map styles.

#include <coopatlas/config.hpp>

#include <string>
#include <string_view>

namespace coopatlas::render {

/// \brief A straight (not premultiplied) RGBA colour, components in 0…1.
struct color {
    double r = 0, g = 0, b = 0, a = 1;
    friend bool operator==(const color&, const color&) = default;
    [[nodiscard]] color with_alpha(double alpha) const noexcept { return {r, g, b, alpha}; }
};

/// \brief Parses "#rgb", "#rrggbb", "#rrggbbaa", "rgb(r,g,b)", "rgba(r,g,b,a)" or a
/// CSS colour name (black, white, grey, …); throws coopatlas::error with the accepted forms.
COOPATLAS_API color parse_color(std::string_view text);

/// \brief "#rrggbb" (alpha dropped) for SVG and legends.
COOPATLAS_API std::string to_hex(const color& c);

} // namespace coopatlas::render
