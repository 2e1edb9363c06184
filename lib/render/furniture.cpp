#include "render/furniture.hpp"

#include <coopatlas/error.hpp>
#include <coopatlas/geometry/geodesic.hpp>

#include "render/symbols.hpp"

#include <algorithm>
#include <cmath>

namespace coopatlas::render::detail {

namespace {

constexpr const char* lonlat = "EPSG:4326";

geometry::point to_lonlat(const frame_view& v, crs_cache& crs, const geometry::point& page) {
    const geometry::point q = v.to_crs(page);
    const auto* proj = crs.get(lonlat, v.crs);
    return proj ? proj->inverse(q) : q;
}

geometry::point from_lonlat(const frame_view& v, crs_cache& crs, const geometry::point& ll) {
    const auto* proj = crs.get(lonlat, v.crs);
    return v.to_page(proj ? proj->forward(ll) : ll);
}

double pad_of(const furniture_fonts& f) {
    return f.base * 0.8;
}

stroke_spec line(const color& c, double w) {
    return {c, w, {}, line_cap::butt, line_join::miter};
}

} // namespace

double true_scale_at_centre(const frame_view& v, crs_cache& crs, geometry::point* centre_lonlat) {
    const geometry::point c = v.page.center();
    const double d = (v.page.max_x - v.page.min_x) * 0.01;
    const geometry::point a = to_lonlat(v, crs, {c.x - d, c.y}), b = to_lonlat(v, crs, {c.x + d, c.y});
    if (centre_lonlat) *centre_lonlat = to_lonlat(v, crs, c);
    if (!std::isfinite(a.x) || !std::isfinite(a.y) || !std::isfinite(b.x) || !std::isfinite(b.y))
        throw error("the centre of frame in " + v.crs +
                    " cannot be taken back to longitude/latitude for the scale bar");
    return geometry::geodesic_distance(a, b) / (2 * d);
}

double north_angle_at_centre(const frame_view& v, crs_cache& crs) {
    const geometry::point c = v.page.center();
    const geometry::point ll = to_lonlat(v, crs, c);
    // A short step north (south near the pole, with the direction reversed).
    const double step = ll.y < 89.9 ? 0.01 : -0.01;
    const geometry::point n = from_lonlat(v, crs, {ll.x, ll.y + step});
    double dx = n.x - c.x, dy = n.y - c.y;
    if (step < 0) {
        dx = -dx;
        dy = -dy;
    }
    return std::atan2(dx, -dy) * 180 / M_PI;
}

furniture_piece scale_bar(const frame_view& v, crs_cache& crs, text_shaper& shaper, const furniture_fonts& f,
                          scale_bar_report& report) {
    furniture_piece out;
    const double mpu = true_scale_at_centre(v, crs, &report.centre_lonlat);
    const double frame_w = v.page.max_x - v.page.min_x;
    const double ground = nice_floor(frame_w * 0.25 * mpu);
    if (!(ground > 0)) return out;
    const double len = ground / mpu;
    report.shown = true;
    report.length_m = ground;
    report.length_page = len;
    report.metres_per_unit = mpu;

    const bool km = ground >= 1000;
    const double unit = km ? 1000 : 1;
    const double pad = pad_of(f), h = std::max(3.0, f.base * 0.35);
    const text_style st = furniture_text(f, f.base * 0.8, false, false, f.ink, 1.5);
    const text_extent probe = shaper.measure("0", st);
    const double x0 = v.page.min_x + pad, y1 = v.page.max_y - pad, y0 = y1 - h;
    const double text_top = y0 - probe.height;

    // White backing under the bar and its numbers keeps it readable over any fill.
    path half1, half2;
    half1.rectangle({x0, y0, x0 + len / 2, y1});
    half2.rectangle({x0 + len / 2, y0, x0 + len, y1});
    out.items.emplace_back(path_item{half1, f.ink, line(f.ink, 0.8), false});
    out.items.emplace_back(path_item{half2, color{1, 1, 1, 1}, line(f.ink, 0.8), false});
    geometry::box box{x0, y0, x0 + len, y1};
    const double marks[3] = {0, ground / 2, ground};
    // On a short bar (small multiples) the middle number would run into its neighbours:
    // it is left out when it would not keep a gap of a third of the text size to each.
    auto number_width = [&](int i) { return shaper.measure(format_value(marks[i] / unit), st).width; };
    const double room = len / 2 - f.base * 0.8 / 3;
    const bool middle_fits = number_width(1) / 2 + number_width(0) / 2 <= room &&
                             number_width(1) / 2 + number_width(2) / 2 <= room;
    for (int i = 0; i < 3; ++i) {
        if (i == 1 && !middle_fits) continue;
        std::string label = format_value(marks[i] / unit);
        if (i == 2) label += km ? " km" : " m";
        text_item t = make_text(shaper, label, st, {});
        const double x = x0 + len * i / 2;
        // Numbers centred on their tick; the last one starts at its tick so the unit reads after it.
        t.origin = {i == 2 ? x - shaper.measure(format_value(marks[i] / unit), st).width / 2 : x - t.extent.width / 2,
                    text_top};
        if (i == 0) t.origin.x = std::max(t.origin.x, v.page.min_x + 1);
        box.expand(geometry::point{t.origin.x, t.origin.y});
        box.expand(geometry::point{t.origin.x + t.extent.width, t.origin.y + t.extent.height});
        out.items.emplace_back(std::move(t));
    }
    out.box = box;
    report.bounds = box;
    return out;
}

furniture_piece north_arrow(const frame_view& v, crs_cache& crs, text_shaper& shaper, const furniture_fonts& f,
                            double& angle_deg) {
    furniture_piece out;
    angle_deg = north_angle_at_centre(v, crs);
    const double a = angle_deg * M_PI / 180;
    const double size = f.base * 2.4, pad = pad_of(f);
    const text_style st = furniture_text(f, f.base * 0.9, true, false, f.ink, 1.5);
    text_item n = make_text(shaper, "N", st, {});
    const geometry::point c{v.page.max_x - pad - size / 2, v.page.min_y + pad + n.extent.height + size / 2};
    // Kite pointing up, then rotated: up = (sin a, -cos a) on the page.
    auto rot = [&](double x, double y) {
        return geometry::point{c.x + x * std::cos(a) - y * std::sin(a), c.y + x * std::sin(a) + y * std::cos(a)};
    };
    const double r = size / 2, w = size * 0.22;
    path left, right;
    left.begin(true);
    left.add(rot(0, -r));
    left.add(rot(-w, r));
    left.add(rot(0, r * 0.55));
    left.end();
    right.begin(true);
    right.add(rot(0, -r));
    right.add(rot(w, r));
    right.add(rot(0, r * 0.55));
    right.end();
    out.items.emplace_back(path_item{left, f.ink, line(f.ink, 0.8), false});
    out.items.emplace_back(path_item{right, color{1, 1, 1, 1}, line(f.ink, 0.8), false});
    const geometry::point tip = rot(0, -r);
    n.origin = {tip.x - n.extent.width / 2, tip.y - n.extent.height - 1};
    geometry::box box{c.x - r, c.y - r, c.x + r, c.y + r};
    box.expand(geometry::point{n.origin.x, n.origin.y});
    box.expand(geometry::point{n.origin.x + n.extent.width, n.origin.y + n.extent.height});
    out.items.emplace_back(std::move(n));
    out.box = box;
    return out;
}

furniture_piece locator(const frame& fr, const frame_view& v, crs_cache& crs, const furniture_fonts& f) {
    furniture_piece out;
    const auto& loc = fr.locator;
    if (!loc.show || loc.extent.empty()) return out;
    const std::string loc_crs = loc.crs.empty() ? v.crs : loc.crs;
    const auto* to_loc = crs.get(lonlat, loc_crs);
    const geometry::box ext = project_box(loc.extent, to_loc);
    if (ext.empty()) return out;
    const double pad = pad_of(f);
    const double w = (v.page.max_x - v.page.min_x) * std::clamp(loc.size, 0.05, 0.5);
    const double h = w * (ext.max_y - ext.min_y) / (ext.max_x - ext.min_x);
    const geometry::box page{v.page.max_x - pad - w, v.page.max_y - pad - h, v.page.max_x - pad, v.page.max_y - pad};
    const frame_view lv = make_view(loc_crs, ext, page);

    out.items.emplace_back(group_begin{{}, page});
    path bg;
    bg.rectangle(page);
    out.items.emplace_back(path_item{bg, fr.background, std::nullopt, false});
    path land;
    for (const auto& feat : loc.land) {
        const geometry::geometry g = reproject_near(feat.shape(), to_loc, lv, page);
        append_geometry(land, g, lv, 0.3, page);
    }
    if (!land.empty())
        out.items.emplace_back(
            path_item{std::move(land), color{0.93, 0.92, 0.89, 1}, line({0.6, 0.6, 0.6, 1}, 0.4), true});
    // The frame's footprint: its page border taken back to lon/lat, then into the inset.
    geometry::line_string foot;
    for (int side = 0; side < 4; ++side)
        for (int i = 0; i < 16; ++i) {
            const double t = i / 16.0;
            const auto& b = v.page;
            geometry::point q = side == 0   ? geometry::point{b.min_x + t * (b.max_x - b.min_x), b.min_y}
                                : side == 1 ? geometry::point{b.max_x, b.min_y + t * (b.max_y - b.min_y)}
                                : side == 2 ? geometry::point{b.max_x - t * (b.max_x - b.min_x), b.max_y}
                                            : geometry::point{b.min_x, b.max_y - t * (b.max_y - b.min_y)};
            foot.push_back(to_lonlat(v, crs, q));
        }
    if (to_loc) to_loc->forward(foot);
    path fp;
    fp.begin(true);
    for (const auto& q : foot)
        if (std::isfinite(q.x) && std::isfinite(q.y)) fp.add(lv.to_page(q));
    fp.end();
    if (!fp.empty())
        out.items.emplace_back(
            path_item{std::move(fp), color{0.85, 0.1, 0.1, 0.12}, line({0.8, 0.1, 0.1, 1}, 1.2), false});
    out.items.emplace_back(group_end{});
    path border;
    border.rectangle(page);
    out.items.emplace_back(path_item{border, std::nullopt, line({0.35, 0.35, 0.35, 1}, 0.8), false});
    out.box = page;
    return out;
}

furniture_piece caption(const std::string& text, const frame_view& v, text_shaper& shaper, const furniture_fonts& f) {
    furniture_piece out;
    if (text.empty()) return out;
    const double pad = pad_of(f);
    text_item t = make_text(shaper, text, furniture_text(f, f.base * 1.15, true, false, f.ink, 2), {});
    t.origin = {v.page.min_x + pad * 0.6, v.page.min_y + pad * 0.5};
    out.box = {t.origin.x, t.origin.y, t.origin.x + t.extent.width, t.origin.y + t.extent.height};
    out.items.emplace_back(std::move(t));
    return out;
}

} // namespace coopatlas::render::detail
