#include "render/view.hpp"

#include "geometry/wgs84_pipeline.hpp"
#include "render/operation_store.hpp"

#include <coopatlas/error.hpp>
#include <coopatlas/geometry/overlay.hpp>

#include <proj.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>

namespace coopatlas::render::detail {

namespace {
struct pj_deleter {
    void operator()(PJ* p) const noexcept { proj_destroy(p); }
};
} // namespace

struct crs_cache::impl {
    geometry::projection_context context;  // shared by the cache's projections and CRS comparisons
    PJ_CONTEXT* ctx = context.native();
    std::map<std::pair<std::string, std::string>, std::unique_ptr<geometry::projection>> projections;
    std::map<std::pair<std::string, std::string>, bool> equivalent;
    std::map<const geometry::projection*, std::unique_ptr<projected_rings>> rings;
};

crs_cache::crs_cache() : impl_(std::make_unique<impl>()) {}
crs_cache::~crs_cache() = default;

bool crs_cache::same(const std::string& a, const std::string& b) {
    if (a == b) return true;
    auto key = std::make_pair(a, b);
    if (auto it = impl_->equivalent.find(key); it != impl_->equivalent.end()) return it->second;
    // WGS 84 longitude/latitude and a map projection on it: different, without the database
    if (geometry::detail::wgs84_pipeline(a, b)) return impl_->equivalent[key] = false;
    std::unique_ptr<PJ, pj_deleter> pa(proj_create(impl_->ctx, a.c_str()));
    std::unique_ptr<PJ, pj_deleter> pb(proj_create(impl_->ctx, b.c_str()));
    if (!pa || !pb) {
        const int code = proj_context_errno(impl_->ctx);
        throw error("unknown CRS '" + (pa ? b : a) + "': " + proj_context_errno_string(impl_->ctx, code));
    }
    const bool eq = proj_is_equivalent_to_with_ctx(impl_->ctx, pa.get(), pb.get(),
                                                   PJ_COMP_EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS) != 0;
    impl_->equivalent[key] = eq;
    return eq;
}

// A projection PROJ would search its database for is read back from the operations an
// earlier run kept (operation_store.hpp), else searched and kept for the next runs.
std::unique_ptr<geometry::projection> crs_cache::make_projection(const std::string& from, const std::string& to) {
    if (geometry::detail::wgs84_pipeline(from, to))
        return std::make_unique<geometry::projection>(from, to, impl_->context);  // no search to save
    if (const auto kept = kept_operation(from, to)) {
        try {
            return std::make_unique<geometry::projection>(
                geometry::projection::with_pipeline(from, to, *kept, impl_->context));
        } catch (const error&) {
            // a pipeline this PROJ cannot read: search again
        }
    }
    auto found = std::make_unique<geometry::projection>(from, to, impl_->context);
    keep_operation(*found, impl_->context);
    return found;
}

const geometry::projection* crs_cache::get(const std::string& from, const std::string& to) {
    auto key = std::make_pair(from, to);
    if (auto it = impl_->projections.find(key); it != impl_->projections.end()) return it->second.get();
    std::unique_ptr<geometry::projection> p;
    if (!same(from, to)) p = make_projection(from, to);
    return impl_->projections.emplace(key, std::move(p)).first->second.get();
}

projected_rings* crs_cache::rings(const geometry::projection* p) {
    if (!p) return nullptr;
    auto& r = impl_->rings[p];
    if (!r) r = std::make_unique<projected_rings>(*p);
    return r.get();
}

frame_view make_view(const std::string& crs, const geometry::box& extent, const geometry::box& page) {
    frame_view v;
    v.crs = crs;
    v.page = page;
    geometry::box e = extent;
    if (e.empty()) e = {-1, -1, 1, 1};
    double w = e.max_x - e.min_x, h = e.max_y - e.min_y;
    if (!(w > 0)) {
        e.min_x -= 0.5;
        e.max_x += 0.5;
        w = 1;
    }
    if (!(h > 0)) {
        e.min_y -= 0.5;
        e.max_y += 0.5;
        h = 1;
    }
    const double pw = page.max_x - page.min_x, ph = page.max_y - page.min_y;
    v.scale = std::min(pw / w, ph / h);
    const geometry::point c = e.center();
    const double half_w = pw / v.scale / 2, half_h = ph / v.scale / 2;
    v.extent = {c.x - half_w, c.y - half_h, c.x + half_w, c.y + half_h};
    return v;
}

geometry::box project_box(const geometry::box& b, const geometry::projection* p) {
    if (b.empty() || !p) return b;
    constexpr int steps = 32;
    std::vector<geometry::point> pts;
    pts.reserve(4 * steps + 1);
    for (int i = 0; i <= steps; ++i) {
        const double t = static_cast<double>(i) / steps;
        const double x = b.min_x + t * (b.max_x - b.min_x), y = b.min_y + t * (b.max_y - b.min_y);
        pts.push_back({x, b.min_y});
        pts.push_back({x, b.max_y});
        pts.push_back({b.min_x, y});
        pts.push_back({b.max_x, y});
    }
    p->forward(pts);
    geometry::box out;
    for (const auto& q : pts)
        if (std::isfinite(q.x) && std::isfinite(q.y)) out.expand(q);
    return out;
}


namespace {

// Below this many vertices a polygon is projected without a test.
constexpr std::size_t worth_testing = 48;

// Whether a box of the source CRS may reach `cull` once projected: false only when the
// box's projected edges, with a margin, stay clear of it. Any edge point PROJ cannot take
// says "may". Eight steps an edge: a parallel or meridian bends at most as a circle about
// the centre of a conic or azimuthal projection does, and an arc of 45° strays from its
// chord by 8 % of its radius, less than the margin of a tenth of the projected extent (a
// fifth of that radius when the box spans the whole circle; proportionally more for less).
bool may_reach(const geometry::box& b, const geometry::projection& p, const frame_view& v, const geometry::box& cull) {
    if (b.empty()) return false;
    // A box whose centre lands in `cull` reaches it: one point projected instead of 36 (on a
    // world map most boxes do, and in an ellipsoidal azimuthal projection a point costs a
    // geodesic inverse).
    if (const geometry::point centre = p.forward({(b.min_x + b.max_x) / 2, (b.min_y + b.max_y) / 2});
        std::isfinite(centre.x) && std::isfinite(centre.y) && cull.contains(v.to_page(centre)))
        return true;
    constexpr int steps = 8;
    std::array<geometry::point, 4 * (steps + 1)> pts;
    for (int i = 0; i <= steps; ++i) {
        const double t = static_cast<double>(i) / steps;
        const double x = b.min_x + t * (b.max_x - b.min_x), y = b.min_y + t * (b.max_y - b.min_y);
        const std::size_t k = 4 * static_cast<std::size_t>(i);
        pts[k] = {x, b.min_y};
        pts[k + 1] = {x, b.max_y};
        pts[k + 2] = {b.min_x, y};
        pts[k + 3] = {b.max_x, y};
    }
    p.forward(pts);
    geometry::box image;
    for (const auto& q : pts) {
        if (!std::isfinite(q.x) || !std::isfinite(q.y)) return true;
        image.expand(v.to_page(q));
    }
    const double margin = std::max(image.max_x - image.min_x, image.max_y - image.min_y) * 0.1 + 1;
    const geometry::box grown{image.min_x - margin, image.min_y - margin, image.max_x + margin, image.max_y + margin};
    return grown.intersects(cull);
}

} // namespace

namespace {

// The polygons of `mp` that reproject_near projects (the others cannot show in `cull`);
// none when the whole is below worth_testing (it is projected without a test then).
// may_reach, answered from `rings` when it tested the same box for the same frame.
bool may_reach(const geometry::box& b, const geometry::projection& p, const frame_view& v, const geometry::box& cull,
               projected_rings* rings) {
    if (!rings) return may_reach(b, p, v, cull);
    const projected_rings::reach_key key{b.min_x,        b.min_y,        b.max_x,        b.max_y,
                                         v.extent.min_x, v.extent.min_y, v.extent.max_x, v.extent.max_y,
                                         v.page.min_x,   v.page.min_y,   v.page.max_x,   v.page.max_y,
                                         cull.min_x,     cull.min_y,     cull.max_x,     cull.max_y};
    if (const auto known = rings->known_reach(key)) return *known;
    const bool reaches = may_reach(b, p, v, cull);
    rings->keep_reach(key, reaches);
    return reaches;
}

template <class Take>
void polygons_near(const geometry::multi_polygon& mp, const geometry::projection& p, const frame_view& v,
                   const geometry::box& cull, projected_rings* rings, Take&& take) {
    if (!may_reach(geometry::envelope(mp), p, v, cull, rings)) return;
    for (const auto& poly : mp) {
        if (geometry::vertex_count(poly) >= worth_testing) {
            geometry::box b;
            for (const auto& q : poly.outer)
                b.expand(q);
            for (const auto& r : poly.inners)
                for (const auto& q : r)
                    b.expand(q);
            if (!may_reach(b, p, v, cull, rings)) continue;
        }
        take(poly);
    }
}

} // namespace

void rings_near(const geometry::geometry& g, const geometry::projection& p, const frame_view& v,
                const geometry::box& cull, projected_rings& rings, std::vector<const geometry::ring*>& out) {
    const auto* mp = std::get_if<geometry::multi_polygon>(&g);
    if (!mp || geometry::vertex_count(*mp) < worth_testing) return;
    polygons_near(*mp, p, v, cull, &rings, [&](const geometry::polygon& poly) {
        out.push_back(&poly.outer);
        for (const auto& r : poly.inners)
            out.push_back(&r);
    });
}

geometry::geometry reproject_near(const geometry::geometry& g, const geometry::projection* p, const frame_view& v,
                                  const geometry::box& cull, projected_rings* rings) {
    if (!p) return g;
    const auto* mp = std::get_if<geometry::multi_polygon>(&g);
    if (!mp) return geometry::transform(g, *p);
    if (geometry::vertex_count(*mp) < worth_testing) return geometry::transform(*mp, *p);
    geometry::multi_polygon out;
    out.reserve(mp->size());
    polygons_near(*mp, *p, v, cull, rings, [&](const geometry::polygon& poly) {
        geometry::polygon& moved = out.emplace_back();
        if (rings) {
            moved.outer = rings->forward(poly.outer);
            for (const auto& r : poly.inners)
                moved.inners.push_back(rings->forward(r));
            return;
        }
        moved = poly;
        p->forward(moved.outer);
        for (auto& r : moved.inners)
            p->forward(r);
    });
    return out;
}

void project_ahead(const frame& f, const frame_view& v, crs_cache& crs) {
    std::map<projected_rings*, std::vector<const geometry::ring*>> by_projection;
    for (const auto& l : f.layers) {
        const geometry::projection* p = crs.get(l.crs, v.crs);
        if (!p) continue;
        projected_rings& memo = *crs.rings(p);
        auto& rings = by_projection[&memo];
        for (const auto& feat : l.features)
            rings_near(feat.shape(), *p, v, v.page, memo, rings);
    }
    for (const auto& [memo, rings] : by_projection)
        memo->project_all(rings);
}

namespace {

template <class Points>
void append_part(path& out, const Points& pts, bool closed, const frame_view& v, double tolerance,
                 const geometry::box& cull) {
    if (pts.size() < 2) return;
    // Cull on the CRS bounding box before converting anything.
    geometry::box b;
    for (const auto& p : pts)
        b.expand(p);
    const geometry::box pb{
        v.page.min_x + (b.min_x - v.extent.min_x) * v.scale, v.page.min_y + (v.extent.max_y - b.max_y) * v.scale,
        v.page.min_x + (b.max_x - v.extent.min_x) * v.scale, v.page.min_y + (v.extent.max_y - b.min_y) * v.scale};
    if (!pb.intersects(cull)) return;
    // A ring smaller than the tolerance is invisible.
    if (closed && pb.max_x - pb.min_x < tolerance && pb.max_y - pb.min_y < tolerance) return;
    out.begin(closed);
    const double tol2 = tolerance * tolerance;
    geometry::point last{std::numeric_limits<double>::infinity(), 0};
    const std::size_t n = pts.size();
    for (std::size_t i = 0; i < n; ++i) {
        const auto& p = pts[i];
        if (!std::isfinite(p.x) || !std::isfinite(p.y)) continue;
        const geometry::point q = v.to_page(p);
        const double dx = q.x - last.x, dy = q.y - last.y;
        if (i + 1 < n && dx * dx + dy * dy < tol2) continue;
        out.add(q);
        last = q;
    }
    out.end();
}

} // namespace

void append_geometry(path& out, const geometry::geometry& g, const frame_view& v, double tolerance,
                     const geometry::box& cull) {
    std::visit(
        [&](const auto& x) {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, geometry::multi_polygon>) {
                for (const auto& poly : x) {
                    append_part(out, poly.outer, true, v, tolerance, cull);
                    for (const auto& hole : poly.inners)
                        append_part(out, hole, true, v, tolerance, cull);
                }
            } else if constexpr (std::is_same_v<T, geometry::line_string>) {
                append_part(out, x, false, v, tolerance, cull);
            } else if constexpr (std::is_same_v<T, geometry::multi_line_string>) {
                for (const auto& ls : x)
                    append_part(out, ls, false, v, tolerance, cull);
            }
        },
        g);
}

std::optional<geometry::point> anchor_point(const geometry::geometry& g, bool pole) {
    return std::visit(
        [&](const auto& x) -> std::optional<geometry::point> {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, geometry::point>) {
                return x;
            } else if constexpr (std::is_same_v<T, geometry::multi_point>) {
                if (x.empty()) return std::nullopt;
                return x.front();
            } else if constexpr (std::is_same_v<T, geometry::line_string>) {
                if (x.empty()) return std::nullopt;
                return x[x.size() / 2];
            } else if constexpr (std::is_same_v<T, geometry::multi_line_string>) {
                if (x.empty() || x.front().empty()) return std::nullopt;
                return x.front()[x.front().size() / 2];
            } else if constexpr (std::is_same_v<T, geometry::multi_polygon>) {
                if (x.empty()) return std::nullopt;
                if (pole) {
                    // The largest part holds the label: islands and exclaves do not pull it away.
                    const geometry::polygon* best = &x.front();
                    double best_area = -1;
                    for (const auto& p : x) {
                        const double a = std::abs(geometry::signed_area(p.outer));
                        if (a > best_area) {
                            best_area = a;
                            best = &p;
                        }
                    }
                    const geometry::multi_polygon one{*best};
                    const geometry::box b = geometry::envelope(one);
                    const double tol = std::max(b.max_x - b.min_x, b.max_y - b.min_y) / 100;
                    return geometry::pole_of_inaccessibility(one, tol);
                }
                return geometry::point_on_surface(x);
            } else {
                return std::nullopt;
            }
        },
        g);
}

} // namespace coopatlas::render::detail
