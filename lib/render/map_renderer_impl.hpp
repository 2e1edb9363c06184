#pragma once
// The prepared page of a map_renderer, shared by its source files: map_page_layout.cpp
// lays the page out, map_preparation.cpp paints the map into it once, map_renderer.cpp
// draws that page to every output. Private to the library.

#include <coopatlas/render/map_renderer.hpp>

#include "render/display_list.hpp"
#include "render/legend.hpp"
#include "render/view.hpp"

#include <vector>

namespace coopatlas::render {

namespace detail {

// Vertices closer than this (page units) to the previous one are not drawn: a third of a
// pixel at scale 1, invisible at any scale up to 3, and half the work of the rasteriser on
// detailed boundaries. A map drawn only to smaller images keeps a third of their pixel.
constexpr double thinning = 0.35;

/// A map page laid out before anything is painted in it: header, credits and legend in
/// page units, and where each frame lands.
struct page_layout {
    std::vector<item> header{};      ///< title and subtitle
    std::vector<item> credits{};     ///< at the foot of the page
    std::vector<item> legend{};      ///< empty without a legend
    std::vector<frame_view> views{}; ///< one per frame of the map, in its order
    bool legend_inside = false;      ///< in a corner of the first frame, over a backdrop its labels avoid
};

/// Lays out the page of `m`: title, subtitle and credits wrapped to the page width, the
/// legend stacked, the frames placed in the space left and the legend put beside, under
/// or inside them. The legend's texts and box go to `report`.
page_layout lay_out_page(const map& m, crs_cache& crs, text_shaper& shaper, const furniture_fonts& fonts,
                         render_report& report);

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
