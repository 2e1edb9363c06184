#pragma once
// Cairo backend: replays a display list on a Cairo surface (PNG through an image
// surface, PDF through a PDF surface). Cairo handles are owned by unique_ptr with
// deleters; every Cairo status becomes a coopatlas::error at this boundary.

#include "render/display_list.hpp"

#include <cairo.h>

#include <memory>
#include <string>

namespace coopatlas::render::detail {

struct cairo_deleter {
    void operator()(cairo_t* cr) const noexcept { cairo_destroy(cr); }
};
struct cairo_surface_deleter {
    void operator()(cairo_surface_t* s) const noexcept { cairo_surface_destroy(s); }
};
using cairo_ptr = std::unique_ptr<cairo_t, cairo_deleter>;
using cairo_surface_ptr = std::unique_ptr<cairo_surface_t, cairo_surface_deleter>;

/// Throws coopatlas::error with Cairo's message when `status` is not success.
void check_cairo_status(cairo_status_t status, const char* what);

/// A 1×1 image surface and its context, for measuring text outside any output.
struct measuring_context {
    cairo_surface_ptr surface;
    cairo_ptr cr;
    measuring_context();
};

/// PNG bytes of the page at `scale` pixels per page unit, antialiased; `dpi` is recorded
/// in the file (pHYs).
std::string render_png(const display_list& page, double scale, double dpi);

/// Draws the page on `cr` in page units (the context's transform applies): what
/// render_pdf draws, for callers composing several pages on one surface.
void draw_page(cairo_t* cr, const display_list& page);

/// PDF bytes of the page (page units are 1/96 inch; PDF points are 1/72 inch).
std::string render_pdf(const display_list& page);

} // namespace coopatlas::render::detail
