#pragma once
// SVG backend: writes a display list as SVG text directly rather than through
// Cairo's SVG surface, which (Cairo 1.16) turns text into glyph outlines and cannot
// name groups. Here every layer is a <g id="…">, text is <text> (selectable,
// editable), numbers are printed with fixed precision and ids are counters, so the
// same display list always gives the same bytes.

#include "render/display_list.hpp"

#include <coopatlas/render/map_renderer.hpp>

#include <string>

namespace coopatlas::render::detail {

/// SVG document of the page (1 user unit = 1 page unit = 1 CSS px). With `metadata`,
/// a feature it gives attributes to is a `<g>` with them; without, features leave no trace.
std::string render_svg(const display_list& page, const svg_feature_metadata* metadata = nullptr);

/// "DejaVu Sans, Noto Sans Arabic, sans-serif" from a fontconfig family list.
std::string css_font_family(const std::string& families);

} // namespace coopatlas::render::detail
