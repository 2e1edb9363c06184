#include "render/layer_painter.hpp"

#include <coopatlas/error.hpp>

#include "render/symbols.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <type_traits>

namespace coopatlas::render::detail {

std::optional<geometry::point> locate(const geometry::point& p, const std::string& crs_of_point,
                                      const paint_target& target, crs_cache& crs) {
    auto through = [&](const frame_view& v) -> std::optional<geometry::point> {
        geometry::point q = p;
        if (const auto* proj = crs.get(crs_of_point, v.crs)) q = proj->forward(p);
        if (!std::isfinite(q.x) || !std::isfinite(q.y)) return std::nullopt;
        return v.to_page(q);
    };
    if (target.view) return through(*target.view);
    if (target.frames)
        for (const auto& v : *target.frames)
            if (auto q = through(v); q && v.page.contains(*q)) return q;
    return std::nullopt;
}

void symbol_radii(const layer& l, std::unordered_map<std::string, double>& radii) {
    if (const auto* c = std::get_if<circle_style>(&l.style)) {
        const double vmax = circle_reference(*c, l);
        for (const auto& f : l.features) {
            const double r = circle_radius(*c, f.value, vmax);
            if (r > 0 && !f.id.empty()) radii[f.id] = std::max(radii[f.id], r);
        }
    } else if (const auto* p = std::get_if<point_style>(&l.style)) {
        for (const auto& f : l.features)
            if (!f.id.empty()) radii[f.id] = std::max(radii[f.id], p->size / 2);
    }
}

namespace {

geometry::point operator+(geometry::point a, geometry::point b) {
    return {a.x + b.x, a.y + b.y};
}
geometry::point operator-(geometry::point a, geometry::point b) {
    return {a.x - b.x, a.y - b.y};
}
geometry::point operator*(geometry::point a, double k) {
    return {a.x * k, a.y * k};
}
double length(geometry::point a) {
    return std::hypot(a.x, a.y);
}
geometry::point lerp(geometry::point a, geometry::point b, double t) {
    return a + (b - a) * t;
}

// Joins of thin lines cannot be told apart: bevels cost the rasteriser least; thick
// lines get round joins.
stroke_spec stroke_of(const color& c, double width, const std::vector<double>& dash = {},
                      line_cap cap = line_cap::butt) {
    return {c, width, dash, cap, width < 2 ? line_join::bevel : line_join::round};
}

class painter {
  public:
    painter(const layer& l, const paint_target& t, crs_cache& crs, std::vector<item>& out)
        : l_(l), t_(t), crs_(crs), out_(out) {}

    paint_result result{};

    void operator()(const polygon_style& s) {
        require_frame("polygons");
        for (const auto& f : l_.features) {
            path p = page_path(f.shape());
            if (p.empty()) continue;
            open(f);
            bool no_data = false;
            const color fill = polygon_fill(s, f.value, &no_data);
            path_item it;
            it.fill = fill;
            if (s.outline_width > 0 && s.outline.a > 0) it.stroke = stroke_of(s.outline, s.outline_width);
            if (no_data && s.hatch_no_data) {
                // Fill, hatch, then the outline over the hatch.
                auto outline = it.stroke;
                it.stroke.reset();
                it.shape = p;
                out_.emplace_back(std::move(it));
                out_.emplace_back(hatch_item{p, s.hatch_spacing, 45, stroke_of(s.hatch, 0.6)});
                if (outline) out_.emplace_back(path_item{std::move(p), std::nullopt, outline, true});
            } else {
                it.shape = std::move(p);
                out_.emplace_back(std::move(it));
            }
            close();
            ++result.drawn;
        }
    }

    void operator()(const background_style& s) {
        require_frame("background");
        for (const auto& f : l_.features) {
            path p = page_path(f.shape());
            if (p.empty()) continue;
            path_item it{std::move(p), s.land, std::nullopt, true};
            if (s.outline_width > 0 && s.outline.a > 0) it.stroke = stroke_of(s.outline, s.outline_width);
            out_.emplace_back(std::move(it));
            ++result.drawn;
        }
    }

    void operator()(const line_style& s) {
        require_frame("lines");
        // Disputed lines last, so that their dashes are not hidden by a solid line on the same border.
        for (int pass = 0; pass < 2; ++pass) {
            for (const auto& f : l_.features) {
                if (f.disputed != (pass == 1)) continue;
                path p = page_path(f.shape(), /*as_lines=*/true);
                if (p.empty()) continue;
                if (f.disputed && s.disputed_casing.a > 0)
                    out_.emplace_back(path_item{p, std::nullopt, stroke_of(s.disputed_casing, s.width + 1.6), false});
                out_.emplace_back(path_item{
                    std::move(p), std::nullopt,
                    stroke_of(with_opacity(s.stroke, s.opacity), s.width, f.disputed ? s.disputed_dash : s.dash),
                    false});
                ++result.drawn;
            }
        }
    }

    void operator()(const graticule_style& s) {
        require_frame("graticule");
        if (!(s.step > 0)) throw error("graticule step must be positive");
        const frame_view& v = *t_.view;
        const auto* to_frame = crs_.get("EPSG:4326", v.crs);
        // The frame's lon/lat span, from its edges taken back to lon/lat.
        geometry::box ll;
        if (to_frame) {
            std::vector<geometry::point> edge;
            for (int i = 0; i <= 40; ++i) {
                const double t = i / 40.0;
                const double x = v.extent.min_x + t * (v.extent.max_x - v.extent.min_x);
                const double y = v.extent.min_y + t * (v.extent.max_y - v.extent.min_y);
                edge.insert(edge.end(),
                            {{x, v.extent.min_y}, {x, v.extent.max_y}, {v.extent.min_x, y}, {v.extent.max_x, y}});
            }
            edge.push_back(v.extent.center());
            to_frame->inverse(edge);
            for (const auto& q : edge)
                if (std::isfinite(q.x) && std::isfinite(q.y)) ll.expand(q);
        } else {
            ll = v.extent;
        }
        if (ll.empty()) return;
        const double lon0 = std::max(-180.0, std::floor(ll.min_x / s.step) * s.step);
        const double lon1 = std::min(180.0, std::ceil(ll.max_x / s.step) * s.step);
        const double lat0 = std::max(-90.0, std::floor(ll.min_y / s.step) * s.step);
        const double lat1 = std::min(90.0, std::ceil(ll.max_y / s.step) * s.step);
        // At most 1,000 lines in the frame (a finer graticule is a grey wash, and 0.001°
        // over the world would take gigabytes), each of at most 1,000 points.
        const double line_count = (lon1 - lon0) / s.step + (lat1 - lat0) / s.step + 2;
        if (line_count > 1000) {
            char msg[300];
            std::snprintf(msg, sizeof msg,
                          "graticule step %g° draws %.0f lines over this frame; the limit is 1000 \xE2\x80\x94 use a "
                          "step of at least %.2g°",
                          s.step, line_count, ((lon1 - lon0) + (lat1 - lat0)) / 998);
            throw error(msg);
        }
        const double fine = std::max(std::min(0.5, s.step / 4), std::max(lon1 - lon0, lat1 - lat0) / 1000);
        geometry::multi_line_string lines;
        for (double lon = lon0; lon <= lon1 + 1e-9; lon += s.step) {
            geometry::line_string ls;
            for (double lat = std::max(lat0, -85.0); lat <= std::min(lat1, 85.0) + 1e-9; lat += fine)
                ls.push_back({lon, lat});
            lines.push_back(std::move(ls));
        }
        for (double lat = lat0; lat <= lat1 + 1e-9; lat += s.step) {
            geometry::line_string ls;
            for (double lon = lon0; lon <= lon1 + 1e-9; lon += fine)
                ls.push_back({lon, lat});
            lines.push_back(std::move(ls));
        }
        path p;
        for (auto& ls : lines) {
            if (to_frame) to_frame->forward(ls);
            // Split where the projection fails.
            geometry::line_string run;
            auto flush = [&] {
                if (run.size() >= 2) append_geometry(p, run, v, t_.tolerance, t_.cull);
                run.clear();
            };
            for (const auto& q : ls) {
                if (std::isfinite(q.x) && std::isfinite(q.y))
                    run.push_back(q);
                else
                    flush();
            }
            flush();
        }
        if (p.empty()) return;
        out_.emplace_back(path_item{std::move(p), std::nullopt, stroke_of(s.stroke, s.width, s.dash), false});
        ++result.drawn;
    }

    void operator()(const circle_style& s) {
        const double vmax = circle_reference(s, l_);
        struct circle {
            geometry::point c;
            double r;
            std::size_t order;
        };
        std::vector<circle> circles;
        for (std::size_t i = 0; i < l_.features.size(); ++i) {
            const auto& f = l_.features[i];
            const double r = circle_radius(s, f.value, vmax);
            if (!(r > 0)) continue;
            auto a = anchor_of(f.shape());
            if (!a) continue;
            auto q = where(*a);
            if (!q) continue;
            circles.push_back({*q, r, i});
        }
        // Large circles first (below), small ones on top; ties keep input order.
        std::stable_sort(circles.begin(), circles.end(), [](const circle& a, const circle& b) { return a.r > b.r; });
        const color fill = with_opacity(s.fill, s.opacity);
        for (const auto& c : circles) {
            circle_item it{c.c, c.r, fill, std::nullopt};
            if (s.outline_width > 0 && s.outline.a > 0) it.stroke = stroke_of(s.outline, s.outline_width);
            open(l_.features[c.order]);
            out_.emplace_back(std::move(it));
            close();
        }
        result.drawn += circles.size();
    }

    void operator()(const point_style& s) {
        for (const auto& f : l_.features) {
            auto a = anchor_of(f.shape());
            if (!a) continue;
            auto q = where(*a);
            if (!q) continue;
            std::optional<stroke_spec> stroke;
            if (s.outline_width > 0 && s.outline.a > 0) stroke = stroke_of(s.outline, s.outline_width);
            open(f);
            if (s.shape == marker_shape::circle)
                out_.emplace_back(circle_item{*q, s.size / 2, s.fill, stroke});
            else
                out_.emplace_back(path_item{marker_path(s.shape, *q, s.size), s.fill, stroke, false});
            close();
            ++result.drawn;
        }
    }

    void operator()(const label_style&) {
        require_frame("labels");
        if (!t_.labels) return;
        for (const auto& t : *t_.labels)
            out_.emplace_back(t);
        result.drawn += t_.labels->size();
    }

    void operator()(const flow_style& s) {
        const double vmax = flow_reference(s, l_);
        struct flow {
            std::vector<geometry::point> pts; // page; two = an arc to build
            double width;
            bool directed;
            std::size_t order;
        };
        std::vector<flow> flows;
        for (std::size_t i = 0; i < l_.features.size(); ++i) {
            const auto& f = l_.features[i];
            const geometry::line_string* ls = std::get_if<geometry::line_string>(&f.shape());
            if (const auto* mls = std::get_if<geometry::multi_line_string>(&f.shape()); mls && !mls->empty())
                ls = &mls->front();
            if (!ls || ls->size() < 2) continue;
            std::vector<geometry::point> pts;
            if (ls->size() == 2 || !t_.view) {
                // Ends only: each may lie in a different frame.
                auto a = where(ls->front()), b = where(ls->back());
                if (!a || !b) {
                    ++result.without_frame;
                    continue;
                }
                pts = {*a, *b};
            } else {
                geometry::line_string copy = *ls;
                if (const auto* proj = crs_.get(l_.crs, t_.view->crs)) proj->forward(copy);
                for (const auto& q : copy)
                    if (std::isfinite(q.x) && std::isfinite(q.y)) pts.push_back(t_.view->to_page(q));
                if (pts.size() < 2) continue;
            }
            flows.push_back({std::move(pts), flow_width(s, f.value, vmax), f.directed, i});
        }
        // A directed flow whose reverse is also drawn is offset to its right.
        std::map<std::pair<std::pair<long long, long long>, std::pair<long long, long long>>, int> ends;
        auto key = [](const geometry::point& p) {
            return std::make_pair(std::llround(p.x * 10), std::llround(p.y * 10));
        };
        for (const auto& fl : flows)
            if (fl.directed && fl.pts.size() == 2) ++ends[{key(fl.pts.front()), key(fl.pts.back())}];
        std::stable_sort(flows.begin(), flows.end(), [](const flow& a, const flow& b) { return a.width > b.width; });
        const color paint = with_opacity(s.stroke, s.opacity);
        for (const auto& fl : flows) {
            const bool two_way =
                fl.directed && fl.pts.size() == 2 && ends.count({key(fl.pts.back()), key(fl.pts.front())}) > 0;
            open(l_.features[fl.order]);
            draw_flow(s, fl.pts, fl.width, fl.directed, two_way, paint);
            close();
        }
        result.drawn += flows.size();
    }

  private:
    // Each feature's primitives between markers: a writer may tie them to the feature.
    void open(const feature& f) { out_.emplace_back(feature_begin{l_.id, f.id}); }
    void close() { out_.emplace_back(feature_end{}); }

    void require_frame(const char* kind) const {
        if (!t_.view)
            throw error(std::string("layer '") + l_.id + "': " + kind +
                        " cannot be drawn across frames; only flows, circles and points can be page overlays");
    }

    std::optional<geometry::point> where(const geometry::point& p) { return locate(p, l_.crs, t_, crs_); }
    std::optional<geometry::point> anchor_of(const geometry::geometry& g) {
        return t_.anchors ? t_.anchors->anchor(g, false) : anchor_point(g);
    }

    path page_path(const geometry::geometry& g, bool as_lines = false) {
        path p;
        const auto* proj = crs_.get(l_.crs, t_.view->crs);
        if (!proj) {
            append_page(p, g, as_lines);
        } else {
            append_page(p, reproject_near(g, proj, *t_.view, t_.cull, crs_.rings(proj)), as_lines);
        }
        return p;
    }

    void append_page(path& p, const geometry::geometry& g, bool as_lines) {
        if (as_lines) {
            if (const auto* mp = std::get_if<geometry::multi_polygon>(&g)) {
                // Boundaries of areas drawn as lines: rings as open paths of a line layer.
                geometry::multi_line_string rings;
                for (const auto& poly : *mp) {
                    rings.emplace_back(poly.outer.begin(), poly.outer.end());
                    for (const auto& h : poly.inners)
                        rings.emplace_back(h.begin(), h.end());
                }
                append_geometry(p, rings, *t_.view, t_.tolerance, t_.cull);
                return;
            }
        }
        append_geometry(p, g, *t_.view, t_.tolerance, t_.cull);
    }

    void draw_flow(const flow_style& s, std::vector<geometry::point> pts, double w, bool directed, bool two_way,
                   const color& paint) {
        const bool arrow = s.arrows && directed;
        const double head = arrow ? std::max(6.0, 2.6 * w) : 0;
        const double head_half = arrow ? std::max(3.0, 1.5 * w) : 0;
        path p;
        geometry::point tip{}, tangent{};
        if (pts.size() == 2) {
            geometry::point o = pts[0], d = pts[1];
            geometry::point chord = d - o;
            double len = length(chord);
            if (len < 1e-6) return;
            geometry::point u = chord * (1 / len), right{-u.y, u.x};
            if (two_way) {
                const double off = s.pair_gap / 2 + w / 2;
                o = o + right * off;
                d = d + right * off;
            }
            // Keep the ends clear of the symbols they join.
            const double gap = std::min(s.end_gap, len / 4);
            o = o + u * gap;
            d = d - u * gap;
            len = length(d - o);
            // Undirected flows bow to the left of the canonical direction (the smaller end
            // first), so that A–B and B–A give the same arc; directed flows bow to their right.
            geometry::point bow = right;
            if (!directed) {
                const bool swap = std::make_pair(pts[0].x, pts[0].y) > std::make_pair(pts[1].x, pts[1].y);
                bow = swap ? right : right * -1;
            }
            const geometry::point mid = lerp(o, d, 0.5);
            const geometry::point ctrl = mid + bow * (2 * s.curvature * len); // apex at curvature × chord
            tip = d;
            tangent = s.curvature != 0 ? d - ctrl : d - o;
            tangent = tangent * (1 / std::max(1e-9, length(tangent)));
            geometry::point c = ctrl, e = d;
            if (arrow) {
                // Split the quadratic where the head starts (de Casteljau).
                const double curve_len = len * (1 + 8.0 / 3.0 * s.curvature * s.curvature);
                const double t = std::clamp(1 - head * 0.85 / curve_len, 0.05, 1.0);
                c = lerp(o, ctrl, t);
                e = lerp(c, lerp(ctrl, d, t), t);
            }
            p.begin(false, true);
            p.add(o);
            p.add(o + (c - o) * (2.0 / 3.0));
            p.add(e + (c - e) * (2.0 / 3.0));
            p.add(e);
            p.end();
        } else {
            tip = pts.back();
            tangent = pts.back() - pts[pts.size() - 2];
            tangent = tangent * (1 / std::max(1e-9, length(tangent)));
            if (arrow) pts.back() = tip - tangent * (head * 0.85);
            p.begin(false);
            for (const auto& q : pts)
                p.add(q);
            p.end();
        }
        if (p.empty()) return;
        out_.emplace_back(path_item{std::move(p), std::nullopt, stroke_of(paint, w, {}, line_cap::butt), false});
        if (arrow) {
            const geometry::point n{-tangent.y, tangent.x}, base = tip - tangent * head;
            path h;
            h.begin(true);
            h.add(tip);
            h.add(base + n * head_half);
            h.add(base - n * head_half);
            h.end();
            out_.emplace_back(path_item{std::move(h), paint, std::nullopt, false});
            ++result.arrowheads;
        }
    }

    const layer& l_;
    const paint_target& t_;
    crs_cache& crs_;
    std::vector<item>& out_;
};

// Every alternative of layer_style must have its overload (std::visit would not compile otherwise).
template <class Variant> struct every_kind_painted;
template <class... Kinds> struct every_kind_painted<std::variant<Kinds...>> {
    static constexpr bool value = (std::is_invocable_v<painter&, const Kinds&> && ...);
};
static_assert(every_kind_painted<layer_style>::value, "a layer kind has no drawing code");

} // namespace

paint_result paint_layer(const layer& l, const paint_target& target, crs_cache& crs, std::vector<item>& out) {
    const std::size_t first = out.size();
    painter p(l, target, crs, out);
    std::visit(p, l.style);
    // Count what was appended, whatever the kind that appended it.
    for (std::size_t i = first; i < out.size(); ++i) {
        if (std::holds_alternative<circle_item>(out[i])) {
            ++p.result.circles;
        } else if (const auto* it = std::get_if<path_item>(&out[i])) {
            if (it->stroke && !it->stroke->dash.empty() && it->stroke->paint.a > 0 && it->stroke->width > 0)
                ++p.result.dashed_paths;
        }
    }
    return p.result;
}

} // namespace coopatlas::render::detail
