#pragma once
// The prepared page of a map_renderer, shared by its two source files: map_preparation.cpp
// lays the map out and paints it into the page once, map_renderer.cpp draws that page to
// every output. Private to the library.

#include <coopatlas/render/map_renderer.hpp>

#include "render/display_list.hpp"

namespace coopatlas::render {

namespace detail {

// Vertices closer than this (page units) to the previous one are not drawn: a third of a
// pixel at scale 1, invisible at any scale up to 3, and half the work of the rasteriser on
// detailed boundaries. A map drawn only to smaller images keeps a third of their pixel.
constexpr double thinning = 0.35;

} // namespace detail

struct map_renderer::impl {
    const map* source = nullptr;
    double draw_thinning = detail::thinning; // outlines; label areas keep `thinning`, so labels stand where they would
    detail::display_list page;
    render_report report;

    impl(const map& m, const layout_options& o);

    void prepare(const map& m);
};

} // namespace coopatlas::render
