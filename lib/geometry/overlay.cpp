#include <coopatlas/error.hpp>
#include <coopatlas/geometry/overlay.hpp>

#include "geometry/geos_context.hpp"

#include <cmath>

namespace coopatlas::geometry {

using detail::geos_context;
using detail::to_geos;
using detail::wrap;

multi_polygon union_all(const std::vector<multi_polygon>& parts) {
    geos_context ctx;
    std::vector<GEOSGeometry*> raw;
    for (const auto& mp : parts) {
        for (const auto& poly : mp) {
            raw.push_back(to_geos(ctx, multi_polygon{poly}).release());
        }
    }
    auto collection = wrap(ctx,
                           GEOSGeom_createCollection_r(ctx.handle(), GEOS_GEOMETRYCOLLECTION, raw.data(),
                                                       static_cast<unsigned>(raw.size())),
                           "cannot collect parts");
    auto merged = wrap(ctx, GEOSUnaryUnion_r(ctx.handle(), collection.get()), "union failed");
    return detail::multi_polygon_from_geos(ctx, merged.get());
}

multi_polygon intersection(const multi_polygon& a, const multi_polygon& b) {
    geos_context ctx;
    auto ga = to_geos(ctx, a);
    auto gb = to_geos(ctx, b);
    auto out = wrap(ctx, GEOSIntersection_r(ctx.handle(), ga.get(), gb.get()), "intersection failed");
    return detail::multi_polygon_from_geos(ctx, out.get());
}

double planar_area(const multi_polygon& mp) {
    double total = 0;
    for (const auto& poly : mp) {
        total += std::abs(signed_area(poly.outer));
        for (const auto& h : poly.inners) total -= std::abs(signed_area(h));
    }
    return total;
}

bool is_valid(const multi_polygon& mp, std::string* reason) {
    geos_context ctx;
    auto g = to_geos(ctx, mp);
    const char ok = GEOSisValid_r(ctx.handle(), g.get());
    if (ok == 2) ctx.fail("validity check failed");
    if (reason && ok == 0) {
        char* why = GEOSisValidReason_r(ctx.handle(), g.get());
        if (why) {
            *reason = why;
            GEOSFree_r(ctx.handle(), why);
        }
    }
    return ok == 1;
}

multi_polygon make_valid(const multi_polygon& mp) {
    geos_context ctx;
    auto g = to_geos(ctx, mp);
    auto fixed = wrap(ctx, GEOSMakeValid_r(ctx.handle(), g.get()), "make-valid failed");
    return detail::multi_polygon_from_geos(ctx, fixed.get());
}

point point_on_surface(const multi_polygon& mp) {
    geos_context ctx;
    auto g = to_geos(ctx, mp);
    auto p = wrap(ctx, GEOSPointOnSurface_r(ctx.handle(), g.get()), "point on surface failed");
    point out;
    if (GEOSGeomGetX_r(ctx.handle(), p.get(), &out.x) != 1 || GEOSGeomGetY_r(ctx.handle(), p.get(), &out.y) != 1)
        ctx.fail("point on surface of an empty geometry");
    return out;
}

point pole_of_inaccessibility(const multi_polygon& mp, double tolerance) {
    geos_context ctx;
    // the pole of the largest part: a label belongs to the main landmass, not to an islet
    const polygon* largest = nullptr;
    double best = -1;
    for (const auto& poly : mp) {
        const double a = std::abs(signed_area(poly.outer));
        if (a > best) {
            best = a;
            largest = &poly;
        }
    }
    if (!largest) throw error("pole of inaccessibility of an empty polygon");
    auto g = to_geos(ctx, multi_polygon{*largest});
    auto line = wrap(ctx, GEOSMaximumInscribedCircle_r(ctx.handle(), g.get(), tolerance), "inscribed circle failed");
    auto centre = wrap(ctx, GEOSGeomGetStartPoint_r(ctx.handle(), line.get()), "inscribed circle has no centre");
    point out;
    GEOSGeomGetX_r(ctx.handle(), centre.get(), &out.x);
    GEOSGeomGetY_r(ctx.handle(), centre.get(), &out.y);
    return out;
}

} // namespace coopatlas::geometry
