#include "geometry/geos_context.hpp"

#include <coopatlas/error.hpp>

#include <vector>

namespace coopatlas::geometry::detail {

geos_context::geos_context() : handle_(GEOS_init_r()) {
    if (!handle_) throw error("GEOS: cannot create a context");
    GEOSContext_setErrorMessageHandler_r(handle_, &geos_context::on_error, this);
}

geos_context::~geos_context() { GEOS_finish_r(handle_); }

void geos_context::on_error(const char* message, void* userdata) {
    static_cast<geos_context*>(userdata)->last_error_ = message ? message : "";
}

void geos_context::fail(const char* what) const {
    throw error(std::string("GEOS: ") + what + (last_error_.empty() ? "" : ": " + last_error_));
}

geom_ptr wrap(const geos_context& ctx, GEOSGeometry* g, const char* what) {
    if (!g) ctx.fail(what);
    return geom_ptr(g, geom_deleter{ctx.handle()});
}

namespace {
GEOSCoordSequence* make_sequence(const geos_context& ctx, const std::vector<point>& pts, bool close) {
    const bool needs_closing = close && !pts.empty() && !(pts.front() == pts.back());
    const auto n = static_cast<unsigned>(pts.size() + (needs_closing ? 1 : 0));
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(ctx.handle(), n, 2);
    if (!seq) ctx.fail("cannot create a coordinate sequence");
    for (unsigned i = 0; i < pts.size(); ++i) GEOSCoordSeq_setXY_r(ctx.handle(), seq, i, pts[i].x, pts[i].y);
    if (needs_closing) GEOSCoordSeq_setXY_r(ctx.handle(), seq, n - 1, pts[0].x, pts[0].y);
    return seq;
}

GEOSGeometry* make_ring(const geos_context& ctx, const ring& r) {
    GEOSGeometry* g = GEOSGeom_createLinearRing_r(ctx.handle(), make_sequence(ctx, r, true));
    if (!g) ctx.fail("invalid ring");
    return g;
}

ring ring_from_geos(const geos_context& ctx, const GEOSGeometry* g) {
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx.handle(), g);
    unsigned n = 0;
    GEOSCoordSeq_getSize_r(ctx.handle(), seq, &n);
    ring r(n);
    for (unsigned i = 0; i < n; ++i) GEOSCoordSeq_getXY_r(ctx.handle(), seq, i, &r[i].x, &r[i].y);
    return r;
}

void append_polygons(const geos_context& ctx, const GEOSGeometry* g, multi_polygon& out) {
    const int type = GEOSGeomTypeId_r(ctx.handle(), g);
    if (type == GEOS_POLYGON) {
        if (GEOSisEmpty_r(ctx.handle(), g) == 1) return;
        polygon poly;
        poly.outer = ring_from_geos(ctx, GEOSGetExteriorRing_r(ctx.handle(), g));
        const int holes = GEOSGetNumInteriorRings_r(ctx.handle(), g);
        for (int i = 0; i < holes; ++i) poly.inners.push_back(ring_from_geos(ctx, GEOSGetInteriorRingN_r(ctx.handle(), g, i)));
        out.push_back(std::move(poly));
    } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        const int n = GEOSGetNumGeometries_r(ctx.handle(), g);
        for (int i = 0; i < n; ++i) append_polygons(ctx, GEOSGetGeometryN_r(ctx.handle(), g, i), out);
    }
    // lines and points left over by an overlay carry no area: dropped on purpose
}
} // namespace

geom_ptr to_geos(const geos_context& ctx, const multi_polygon& mp) {
    std::vector<GEOSGeometry*> polys;
    polys.reserve(mp.size());
    for (const auto& poly : mp) {
        GEOSGeometry* shell = make_ring(ctx, poly.outer);
        std::vector<GEOSGeometry*> holes;
        for (const auto& h : poly.inners) holes.push_back(make_ring(ctx, h));
        GEOSGeometry* p = GEOSGeom_createPolygon_r(ctx.handle(), shell, holes.data(), static_cast<unsigned>(holes.size()));
        if (!p) ctx.fail("cannot build polygon");
        polys.push_back(p);
    }
    return wrap(ctx,
                GEOSGeom_createCollection_r(ctx.handle(), GEOS_MULTIPOLYGON, polys.data(), static_cast<unsigned>(polys.size())),
                "cannot build multipolygon");
}

geom_ptr to_geos(const geos_context& ctx, const point& p) {
    return wrap(ctx, GEOSGeom_createPointFromXY_r(ctx.handle(), p.x, p.y), "cannot build point");
}

geom_ptr to_geos(const geos_context& ctx, const line_string& ls) {
    return wrap(ctx, GEOSGeom_createLineString_r(ctx.handle(), make_sequence(ctx, ls, false)), "cannot build line");
}

multi_polygon multi_polygon_from_geos(const geos_context& ctx, const GEOSGeometry* g) {
    multi_polygon out;
    append_polygons(ctx, g, out);
    normalize(out);
    return out;
}

} // namespace coopatlas::geometry::detail
