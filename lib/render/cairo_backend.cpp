#include "render/cairo_backend.hpp"
#include "render/png_encoder.hpp"
#include "render/render_threads.hpp"

#include <coopatlas/error.hpp>

#include <cairo-pdf.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <new>
#include <thread>

#ifdef __linux__
#include <sys/mman.h>
#endif
#include <vector>

namespace coopatlas::render::detail {

void check_cairo_status(cairo_status_t status, const char* what) {
    if (status != CAIRO_STATUS_SUCCESS)
        throw error(std::string("cairo: ") + what + ": " + cairo_status_to_string(status));
}

measuring_context::measuring_context()
    : surface(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1)), cr(cairo_create(surface.get())) {
    check_cairo_status(cairo_surface_status(surface.get()), "creating a measuring surface");
    check_cairo_status(cairo_status(cr.get()), "creating a measuring context");
}

namespace {

void set_color(cairo_t* cr, const color& c) {
    cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a);
}

void append(cairo_t* cr, const path& p) {
    for (const auto& part : p.parts) {
        const geometry::point* pt = p.points.data() + part.first;
        cairo_move_to(cr, pt[0].x, pt[0].y);
        if (part.cubic) {
            for (std::uint32_t i = 1; i + 2 < part.count; i += 3)
                cairo_curve_to(cr, pt[i].x, pt[i].y, pt[i + 1].x, pt[i + 1].y, pt[i + 2].x, pt[i + 2].y);
        } else {
            for (std::uint32_t i = 1; i < part.count; ++i)
                cairo_line_to(cr, pt[i].x, pt[i].y);
        }
        if (part.closed) cairo_close_path(cr);
    }
}

void set_stroke(cairo_t* cr, const stroke_spec& s) {
    set_color(cr, s.paint);
    cairo_set_line_width(cr, s.width);
    cairo_set_dash(cr, s.dash.empty() ? nullptr : s.dash.data(), static_cast<int>(s.dash.size()), 0);
    cairo_set_line_cap(cr, s.cap == line_cap::round    ? CAIRO_LINE_CAP_ROUND
                           : s.cap == line_cap::square ? CAIRO_LINE_CAP_SQUARE
                                                       : CAIRO_LINE_CAP_BUTT);
    cairo_set_line_join(cr, s.join == line_join::round   ? CAIRO_LINE_JOIN_ROUND
                            : s.join == line_join::bevel ? CAIRO_LINE_JOIN_BEVEL
                                                         : CAIRO_LINE_JOIN_MITER);
}

// Fills then strokes the current path, whichever of the two are given, and clears it.
void fill_and_stroke(cairo_t* cr, const std::optional<color>& fill, const std::optional<stroke_spec>& stroke) {
    if (fill) {
        set_color(cr, *fill);
        if (stroke)
            cairo_fill_preserve(cr);
        else
            cairo_fill(cr);
    }
    if (stroke) {
        set_stroke(cr, *stroke);
        cairo_stroke(cr);
    }
    cairo_new_path(cr);
}

// One overload per primitive and no fallback: a primitive added to display_list
// without its Cairo drawing does not compile.
class painter {
  public:
    painter(cairo_t* cr, text_shaper& shaper) : cr_(cr), shaper_(shaper) {}

    // A path cut to a band: the fill from the clipped rings, the stroke from the clipped
    // polylines (so no artificial edge is stroked).
    void draw_cut(const path_item& it, const path& fill_shape, const path& stroke_shape) {
        if (it.fill && !fill_shape.empty()) {
            append(cr_, fill_shape);
            cairo_set_fill_rule(cr_, it.even_odd ? CAIRO_FILL_RULE_EVEN_ODD : CAIRO_FILL_RULE_WINDING);
            set_color(cr_, *it.fill);
            cairo_fill(cr_);
        }
        if (it.stroke && !stroke_shape.empty()) {
            append(cr_, stroke_shape);
            set_stroke(cr_, *it.stroke);
            cairo_stroke(cr_);
        }
        cairo_new_path(cr_);
    }

    void operator()(const path_item& it) {
        if (it.shape.empty()) return;
        append(cr_, it.shape);
        cairo_set_fill_rule(cr_, it.even_odd ? CAIRO_FILL_RULE_EVEN_ODD : CAIRO_FILL_RULE_WINDING);
        fill_and_stroke(cr_, it.fill, it.stroke);
    }

    void operator()(const circle_item& it) {
        cairo_new_sub_path(cr_);
        cairo_arc(cr_, it.centre.x, it.centre.y, it.radius, 0, 2 * M_PI);
        cairo_close_path(cr_);
        fill_and_stroke(cr_, it.fill, it.stroke);
    }

    void operator()(const hatch_item& it) {
        if (it.area.empty() || !(it.spacing > 0)) return;
        cairo_save(cr_);
        append(cr_, it.area);
        cairo_set_fill_rule(cr_, CAIRO_FILL_RULE_EVEN_ODD);
        cairo_clip(cr_);
        append(cr_, hatch_lines(it));
        set_stroke(cr_, it.line);
        cairo_stroke(cr_);
        cairo_restore(cr_);
    }

    void operator()(const text_item& it) { shaper_.draw(it.text, it.style, it.origin); }

    void operator()(const group_begin& g) {
        cairo_save(cr_);
        if (g.clip) {
            cairo_rectangle(cr_, g.clip->min_x, g.clip->min_y, g.clip->max_x - g.clip->min_x,
                            g.clip->max_y - g.clip->min_y);
            cairo_clip(cr_);
        }
    }

    void operator()(const group_end&) { cairo_restore(cr_); }

    void operator()(const feature_begin&) {}
    void operator()(const feature_end&) {}

  private:
    cairo_t* cr_;
    text_shaper& shaper_;
};

// A large uninitialised buffer. On Linux it asks for transparent huge pages: a 2400 × 1600
// image then costs a handful of page faults instead of thousands.
class big_buffer {
  public:
    explicit big_buffer(std::size_t size) {
        constexpr std::size_t huge = std::size_t{2} << 20;
        const std::size_t rounded = (size + huge - 1) / huge * huge;
        data_ = static_cast<unsigned char*>(std::aligned_alloc(huge, rounded));
        if (!data_) throw std::bad_alloc();
#ifdef __linux__
        madvise(data_, rounded, MADV_HUGEPAGE); // a hint; failure leaves ordinary pages
#endif
    }
    ~big_buffer() {
        std::free(data_);
    }
    big_buffer(const big_buffer&) = delete;
    big_buffer& operator=(const big_buffer&) = delete;
    [[nodiscard]] unsigned char* get() const noexcept {
        return data_;
    }

  private:
    unsigned char* data_ = nullptr;
};

// Cutting long paths to a band of the image. Every band would otherwise run Cairo's
// stroker and tessellator over every vertex of every boundary crossing it; cut to the band
// (with a margin wider than any join), each vertex is processed about once over all bands.
// Rings are clipped to the band's rows (Sutherland–Hodgman against two horizontal lines,
// exact for filling); lines keep the runs of segments that reach the band. Cubic parts and
// dashed strokes (whose dash phase a cut would shift) are left whole.
void clip_ring(const geometry::point* pts, std::uint32_t n, double y0, double y1, path& out) {
    std::vector<geometry::point> a(pts, pts + n), b;
    auto against = [&](double y, bool keep_below) {
        b.clear();
        const auto inside = [&](const geometry::point& p) { return keep_below ? p.y <= y : p.y >= y; };
        for (std::size_t i = 0; i < a.size(); ++i) {
            const geometry::point& cur = a[i];
            const geometry::point& prev = a[(i + a.size() - 1) % a.size()];
            const bool ci = inside(cur), pi = inside(prev);
            if (ci != pi) {
                const double t = (y - prev.y) / (cur.y - prev.y);
                b.push_back({prev.x + t * (cur.x - prev.x), y});
            }
            if (ci) b.push_back(cur);
        }
        a.swap(b);
    };
    against(y0, false);
    if (a.size() >= 3) against(y1, true);
    if (a.size() < 3) return;
    out.begin(true);
    for (const auto& p : a)
        out.add(p);
    out.end();
}

void clip_line(const geometry::point* pts, std::uint32_t n, bool closed, double y0, double y1, path& out) {
    const std::uint32_t segments = closed ? n : n - 1;
    auto reaches = [&](std::uint32_t i) {
        const geometry::point& a = pts[i % n];
        const geometry::point& b = pts[(i + 1) % n];
        return std::max(a.y, b.y) >= y0 && std::min(a.y, b.y) <= y1;
    };
    // A ring wholly within reach stays a ring (its joins all drawn); a cut ring is walked
    // from a segment out of reach, so that no run wraps around its first vertex.
    std::uint32_t start = 0;
    if (closed) {
        while (start < segments && reaches(start))
            ++start;
        if (start == segments) {
            out.begin(true);
            for (std::uint32_t i = 0; i < n; ++i)
                out.add(pts[i]);
            out.end();
            return;
        }
    }
    bool open_run = false;
    for (std::uint32_t k = 0; k < segments; ++k) {
        const std::uint32_t i = (start + k) % segments;
        if (!reaches(i)) {
            if (open_run) out.end();
            open_run = false;
            continue;
        }
        if (!open_run) {
            out.begin(false);
            out.add(pts[i % n]);
            open_run = true;
        }
        out.add(pts[(i + 1) % n]);
    }
    if (open_run) out.end();
}

// The fill and stroke shapes of a path item cut to rows [y0, y1]; false when cutting
// does not apply (the item is drawn whole).
bool cut_to_band(const path_item& it, double y0, double y1, path& fill_shape, path& stroke_shape) {
    if (it.stroke && !it.stroke->dash.empty()) return false;
    for (const auto& part : it.shape.parts)
        if (part.cubic) return false;
    for (const auto& part : it.shape.parts) {
        const geometry::point* pts = it.shape.points.data() + part.first;
        if (it.fill && part.closed) clip_ring(pts, part.count, y0, y1, fill_shape);
        if (it.stroke) clip_line(pts, part.count, part.closed, y0, y1, stroke_shape);
    }
    return true;
}

// Whether the first thing drawn is an opaque rectangle over the whole page (a frame
// filling the page): then painting the page background first is wasted work.
bool page_covered(const display_list& page) {
    for (const auto& it : page.items) {
        if (std::holds_alternative<group_begin>(it) || std::holds_alternative<group_end>(it) ||
            std::holds_alternative<feature_begin>(it) || std::holds_alternative<feature_end>(it))
            continue;
        const auto* p = std::get_if<path_item>(&it);
        if (!p || !p->fill || p->fill->a < 1 || p->shape.parts.size() != 1 || p->shape.points.size() != 4) return false;
        const geometry::box b = p->shape.bounds();
        const auto& q = p->shape.points;
        const bool axis_aligned = q[0].y == q[1].y && q[1].x == q[2].x && q[2].y == q[3].y && q[3].x == q[0].x;
        return axis_aligned && b.min_x <= 0 && b.min_y <= 0 && b.max_x >= page.width && b.max_y >= page.height;
    }
    return false;
}

void replay_with(cairo_t* cr, painter& p, const display_list& page, const geometry::box& area,
                 const std::vector<geometry::box>& bounds, bool raster, bool cut = true) {
    if (raster && !page_covered(page)) {
        // SOURCE, not OVER: the image starts uninitialised, and a transparent background
        // must replace whatever is there.
        cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
        set_color(cr, page.background);
        cairo_paint(cr);
        cairo_set_operator(cr, CAIRO_OPERATOR_OVER);
    } else if (!raster) {
        // Vector pages start blank: OVER only, which PDF expresses without fallback images.
        set_color(cr, page.background);
        cairo_paint(cr);
    }
    const bool band = cut && (area.min_y > 0 || area.max_y < page.height);
    path fill_shape, stroke_shape;
    for (std::size_t i = 0; i < page.items.size(); ++i) {
        // Items wholly outside the area (a band of the image) are skipped; groups never are.
        if (!bounds[i].empty() && !bounds[i].intersects(area)) continue;
        const auto* pi = std::get_if<path_item>(&page.items[i]);
        if (band && pi && pi->shape.points.size() > 16 &&
            (bounds[i].min_y < area.min_y || bounds[i].max_y > area.max_y)) {
            const double margin = (pi->stroke ? pi->stroke->width * 5 : 0) + 2;
            fill_shape = {};
            stroke_shape = {};
            if (cut_to_band(*pi, area.min_y - margin, area.max_y + margin, fill_shape, stroke_shape)) {
                p.draw_cut(*pi, fill_shape, stroke_shape);
                continue;
            }
        }
        std::visit(p, page.items[i]);
    }
    check_cairo_status(cairo_status(cr), "drawing the map");
}

void replay(cairo_t* cr, const display_list& page, const geometry::box& area, const std::vector<geometry::box>& bounds,
            bool raster, bool cut = true) {
    text_shaper shaper(cr);
    painter p(cr, shaper);
    replay_with(cr, p, page, area, bounds, raster, cut);
}

// Page bounding box of each item (strokes and halos included); empty for groups.
std::vector<geometry::box> item_bounds(const display_list& page) {
    std::vector<geometry::box> out;
    out.reserve(page.items.size());
    for (const auto& it : page.items) {
        geometry::box b;
        std::visit(
            [&](const auto& x) {
                using T = std::decay_t<decltype(x)>;
                auto grow = [&](double d) {
                    if (b.empty()) return;
                    b = {b.min_x - d, b.min_y - d, b.max_x + d, b.max_y + d};
                };
                if constexpr (std::is_same_v<T, path_item>) {
                    b = x.shape.bounds();
                    // Miter joins may reach several widths out.
                    grow(x.stroke ? x.stroke->width * 5 + 1 : 1);
                } else if constexpr (std::is_same_v<T, circle_item>) {
                    const double r = x.radius + (x.stroke ? x.stroke->width : 0) + 1;
                    b = {x.centre.x - r, x.centre.y - r, x.centre.x + r, x.centre.y + r};
                } else if constexpr (std::is_same_v<T, hatch_item>) {
                    b = x.area.bounds();
                    grow(x.line.width + 1);
                } else if constexpr (std::is_same_v<T, text_item>) {
                    b = {x.origin.x, x.origin.y, x.origin.x + x.extent.width, x.origin.y + x.extent.height};
                    grow(x.style.size * 0.5 + 2); // glyph overshoot
                }
            },
            it);
        out.push_back(b);
    }
    return out;
}

// Row boundaries of `bands` bands of about equal drawing work. An item costs its vertices
// (stroker, tessellation) and its rows (scan conversion, compositing), spread evenly over
// the rows it spans; the page background costs one unit per row.
std::vector<int> band_rows(const display_list& page, const std::vector<geometry::box>& bounds, int h, double sy,
                           int bands) {
    std::vector<double> delta(static_cast<std::size_t>(h) + 1, 0.0);
    auto spread = [&](double y0, double y1, double cost) {
        const int r0 = std::clamp(static_cast<int>(std::floor(y0 * sy)), 0, h - 1);
        const int r1 = std::clamp(static_cast<int>(std::ceil(y1 * sy)), r0 + 1, h);
        const double per_row = cost / (r1 - r0);
        delta[static_cast<std::size_t>(r0)] += per_row;
        delta[static_cast<std::size_t>(r1)] -= per_row;
    };
    spread(0, page.height, h);
    for (std::size_t i = 0; i < page.items.size(); ++i) {
        if (bounds[i].empty()) continue;
        double points = 1;
        if (const auto* p = std::get_if<path_item>(&page.items[i]))
            points = static_cast<double>(p->shape.points.size());
        else if (const auto* t = std::get_if<text_item>(&page.items[i]))
            points = 40.0 * static_cast<double>(t->text.size());
        const double rows = (bounds[i].max_y - bounds[i].min_y) * sy;
        spread(bounds[i].min_y, bounds[i].max_y, points + rows);
    }
    std::vector<double> cumulative(static_cast<std::size_t>(h) + 1, 0.0);
    double density = 0;
    for (int r = 0; r < h; ++r) {
        density += delta[static_cast<std::size_t>(r)];
        cumulative[static_cast<std::size_t>(r) + 1] = cumulative[static_cast<std::size_t>(r)] + density;
    }
    std::vector<int> cuts{0};
    for (int b = 1; b < bands; ++b) {
        const double target = cumulative.back() * b / bands;
        const auto it = std::lower_bound(cumulative.begin(), cumulative.end(), target);
        cuts.push_back(std::max(cuts.back(), static_cast<int>(it - cumulative.begin())));
    }
    cuts.push_back(h);
    return cuts;
}

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

} // namespace

std::string render_png(const display_list& page, double scale, double dpi) {
    if (!(scale > 0) || !std::isfinite(scale)) throw error("PNG scale must be positive, got " + std::to_string(scale));
    const int w = std::max(1, static_cast<int>(std::lround(page.width * scale)));
    const int h = std::max(1, static_cast<int>(std::lround(page.height * scale)));
    // An opaque page needs no alpha channel: a smaller, faster PNG.
    const bool opaque = page.background.a >= 1;
    const cairo_format_t format = opaque ? CAIRO_FORMAT_RGB24 : CAIRO_FORMAT_ARGB32;
    const pixel_format pixels = opaque ? pixel_format::rgb24 : pixel_format::argb32;
    const int stride = cairo_format_stride_for_width(format, w);
    if (stride <= 0) throw error("PNG of " + std::to_string(w) + " x " + std::to_string(h) + " pixels is too large");
    // Left uninitialised: every pixel is painted, every filtered byte written (no memset
    // of tens of megabytes on top of the kernel's own zeroing).
    const std::size_t data_size = static_cast<std::size_t>(stride) * static_cast<std::size_t>(h);
    const big_buffer data(data_size);
    const std::size_t filtered_bytes = filtered_size(w, h, pixels);
    const big_buffer filtered(filtered_bytes);
    const std::vector<geometry::box> bounds = item_bounds(page);
    const double sx = static_cast<double>(w) / page.width, sy = static_cast<double>(h) / page.height;

    // Large images are drawn in horizontal bands by one thread per core (4 at most), the
    // threads taking bands from a queue. Each thread has its own Cairo surface over the
    // whole buffer and its own context and fonts (no shared Cairo state), and clips to the
    // band it draws: bands are disjoint rows. As many bands as threads, cut where the
    // estimated work is even (more bands would draw more paths twice: they cost more than
    // they balance). Bands start on whole pixels, so the picture does not depend on their
    // number (beyond the rounding of the points where long paths are cut, one level at
    // most).
    // COOPATLAS_RENDER_THREADS sets the number of threads (1 = one thread).
    int workers = 1;
    if (static_cast<long long>(w) * h >= 1'000'000)
        workers = static_cast<int>(render_threads());
    if (const char* env = std::getenv("COOPATLAS_RENDER_THREADS"); env && std::atoi(env) > 0)
        workers = std::min(std::atoi(env), 16);
    const int bands = workers;
    const std::vector<int> cuts = band_rows(page, bounds, h, sy, bands);
    std::vector<std::string> errors(static_cast<std::size_t>(workers));
    std::atomic<int> next{0};
    auto work = [&](int worker) {
        try {
            cairo_surface_ptr surface(cairo_image_surface_create_for_data(data.get(), format, w, h, stride));
            check_cairo_status(cairo_surface_status(surface.get()), "creating the image");
            {
                cairo_ptr cr(cairo_create(surface.get()));
                check_cairo_status(cairo_status(cr.get()), "creating the drawing context");
                text_shaper shaper(cr.get());
                painter p(cr.get(), shaper);
                for (int band = next++; band < bands; band = next++) {
                    const int y0 = cuts[static_cast<std::size_t>(band)], y1 = cuts[static_cast<std::size_t>(band) + 1];
                    if (y1 <= y0) continue;
                    cairo_save(cr.get());
                    cairo_rectangle(cr.get(), 0, y0, w, y1 - y0);
                    cairo_clip(cr.get());
                    cairo_scale(cr.get(), sx, sy);
                    replay_with(cr.get(), p, page, {0, y0 / sy, page.width, y1 / sy}, bounds, true);
                    cairo_restore(cr.get());
                    cairo_surface_flush(surface.get());
                    // A band's first row needs the last row of the band above: filtered after the join.
                    filter_rows(data.get(), w, stride, pixels, y0 + 1, y1, filtered.get());
                }
            }
        } catch (const std::exception& e) {
            errors[static_cast<std::size_t>(worker)] = e.what();
            next = bands; // the others stop at their next band
        }
    };
    std::vector<std::thread> threads;
    for (int t = 1; t < workers; ++t)
        threads.emplace_back(work, t);
    work(0);
    for (auto& t : threads)
        t.join();
    for (const auto& e : errors)
        if (!e.empty()) throw error(e);
    for (int b = 0; b < bands; ++b) {
        const int y0 = cuts[static_cast<std::size_t>(b)];
        if (y0 < cuts[static_cast<std::size_t>(b) + 1])
            filter_rows(data.get(), w, stride, pixels, y0, y0 + 1, filtered.get());
    }
    return encode_png(filtered.get(), filtered_bytes, w, h, pixels, dpi);
}

void draw_page(cairo_t* cr, const display_list& page) {
    // Only what can show through the context's clip is drawn: a band of a larger image (a
    // book's page image drawn by several threads) skips the items wholly outside it. Items
    // are skipped whole, never cut, so the pixels are those of the page drawn at once.
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    cairo_clip_extents(cr, &x0, &y0, &x1, &y1);
    const geometry::box area{std::max(x0, 0.0), std::max(y0, 0.0), std::min(x1, page.width), std::min(y1, page.height)};
    if (area.empty()) return;
    replay(cr, page, area, item_bounds(page), false, /*cut=*/false);
}

std::string render_pdf(const display_list& page) {
    constexpr double pt_per_unit = 72.0 / 96.0;
    std::string bytes;
    {
        cairo_surface_ptr surface(cairo_pdf_surface_create_for_stream(append_bytes, &bytes, page.width * pt_per_unit,
                                                                      page.height * pt_per_unit));
        check_cairo_status(cairo_surface_status(surface.get()), "creating the PDF");
        if (!page.title.empty())
            cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, page.title.c_str());
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "coopatlas");
        {
            cairo_ptr cr(cairo_create(surface.get()));
            check_cairo_status(cairo_status(cr.get()), "creating the drawing context");
            cairo_scale(cr.get(), pt_per_unit, pt_per_unit);
            replay(cr.get(), page, {0, 0, page.width, page.height}, item_bounds(page), false);
            cairo_show_page(cr.get());
        }
        cairo_surface_finish(surface.get());
        check_cairo_status(cairo_surface_status(surface.get()), "writing the PDF");
    }
    return bytes;
}

} // namespace coopatlas::render::detail
