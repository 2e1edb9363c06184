#include <coopatlas/error.hpp>
#include <coopatlas/geometry/projection.hpp>

#include "geometry/wgs84_pipeline.hpp"

#include <proj.h>

#include <cmath>
#include <limits>
#include <type_traits>
#include <utility>

namespace coopatlas::geometry {

namespace {
struct context_deleter {
    void operator()(PJ_CONTEXT* c) const noexcept { proj_context_destroy(c); }
};
struct pj_deleter {
    void operator()(PJ* p) const noexcept { proj_destroy(p); }
};
using context_ptr = std::unique_ptr<PJ_CONTEXT, context_deleter>;
using pj_ptr = std::unique_ptr<PJ, pj_deleter>;

std::string context_message(PJ_CONTEXT* ctx) {
    const int code = proj_context_errno(ctx);
    const char* text = code ? proj_context_errno_string(ctx, code) : nullptr;
    return text ? text : "unknown PROJ error";
}
} // namespace

projection_context::projection_context() : ctx_(proj_context_create(), context_deleter{}) {
    if (!ctx_) throw error("PROJ: cannot create a context");
    // Silence PROJ's own stderr logging; errors come back through the context.
    proj_log_level(ctx_.get(), PJ_LOG_NONE);
}

PJ_CONTEXT* projection_context::native() const noexcept { return ctx_.get(); }

// The PJ is destroyed before the context it was made in (members in reverse order).
struct projection::impl {
    std::shared_ptr<PJ_CONTEXT> ctx;
    pj_ptr pj;
};

projection::projection(const std::string& source_crs, const std::string& target_crs)
    : projection(source_crs, target_crs, projection_context{}) {}

projection::projection(const std::string& source_crs, const std::string& target_crs, const projection_context& context)
    : impl_(std::make_unique<impl>()), source_(source_crs), target_(target_crs) {
    impl_->ctx = context.ctx_;
    if (const auto pipeline = detail::wgs84_pipeline(source_crs, target_crs)) {
        impl_->pj.reset(proj_create(impl_->ctx.get(), pipeline->c_str()));
        if (impl_->pj) return;
    }
    pj_ptr raw(proj_create_crs_to_crs(impl_->ctx.get(), source_crs.c_str(), target_crs.c_str(), nullptr));
    if (!raw) {
        throw error("PROJ: cannot transform from '" + source_crs + "' to '" + target_crs +
                    "': " + context_message(impl_->ctx.get()));
    }
    impl_->pj.reset(proj_normalize_for_visualization(impl_->ctx.get(), raw.get()));
    if (!impl_->pj) throw error("PROJ: cannot normalise axis order: " + context_message(impl_->ctx.get()));
}

projection::projection(unsearched, std::string source_crs, std::string target_crs)
    : impl_(std::make_unique<impl>()), source_(std::move(source_crs)), target_(std::move(target_crs)) {}

projection projection::with_pipeline(const std::string& source_crs, const std::string& target_crs,
                                     const std::string& pipeline, const projection_context& context) {
    projection p(unsearched{}, source_crs, target_crs);
    p.impl_->ctx = context.ctx_;
    p.impl_->pj.reset(proj_create(p.impl_->ctx.get(), pipeline.c_str()));
    if (!p.impl_->pj)
        throw error("PROJ: cannot read the pipeline '" + pipeline + "': " + context_message(p.impl_->ctx.get()));
    return p;
}

std::string projection::pipeline() const {
    const char* text = proj_as_proj_string(impl_->ctx.get(), impl_->pj.get(), PJ_PROJ_5, nullptr);
    return text ? text : "";
}

projection::~projection() = default;
projection::projection(projection&&) noexcept = default;
projection& projection::operator=(projection&&) noexcept = default;

namespace {
point trans(PJ* pj, PJ_DIRECTION dir, const point& p) {
    PJ_COORD c = proj_coord(p.x, p.y, 0, 0);
    c = proj_trans(pj, dir, c);
    if (c.xy.x == HUGE_VAL || !std::isfinite(c.xy.x) || !std::isfinite(c.xy.y)) {
        constexpr double inf = std::numeric_limits<double>::infinity();
        return {inf, inf};
    }
    return {c.xy.x, c.xy.y};
}
} // namespace

point projection::forward(const point& p) const { return trans(impl_->pj.get(), PJ_FWD, p); }
point projection::inverse(const point& p) const { return trans(impl_->pj.get(), PJ_INV, p); }

void projection::forward(std::span<point> pts) const {
    for (auto& p : pts) p = forward(p);
}
void projection::inverse(std::span<point> pts) const {
    for (auto& p : pts) p = inverse(p);
}

void prepare_projections() noexcept {
    // Any first PROJ object of a process opens the database; a pipeline PROJ parses
    // without a search is the cheapest one that does.
    if (PJ_CONTEXT* ctx = proj_context_create()) {
        proj_log_level(ctx, PJ_LOG_NONE);
        proj_destroy(proj_create(ctx, "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad "
                                      "+step +proj=merc +ellps=WGS84"));
        proj_context_destroy(ctx);
    }
}

scale_factors distortion_at(const std::string& projected_crs, const point& lonlat) {
    context_ptr ctx(proj_context_create());
    if (!ctx) throw error("PROJ: cannot create a context");
    proj_log_level(ctx.get(), PJ_LOG_NONE);
    pj_ptr crs(proj_create(ctx.get(), projected_crs.c_str()));
    if (!crs) throw error("PROJ: cannot read '" + projected_crs + "': " + context_message(ctx.get()));
    // proj_factors takes a projected CRS (PROJ 8.2 and later) and radians, longitude first.
    const PJ_COORD lp = proj_coord(proj_torad(lonlat.x), proj_torad(lonlat.y), 0, 0);
    const PJ_FACTORS f = proj_factors(crs.get(), lp);
    if (proj_context_errno(ctx.get()) != 0 || !std::isfinite(f.areal_scale) || f.areal_scale == 0)
        throw error("PROJ: no scale factors for '" + projected_crs + "' at " + std::to_string(lonlat.x) + ", " +
                    std::to_string(lonlat.y) + ": " + context_message(ctx.get()));
    return {f.meridional_scale, f.parallel_scale, f.areal_scale, proj_todeg(f.angular_distortion),
            proj_todeg(f.meridian_convergence)};
}

multi_polygon transform(const multi_polygon& mp, const projection& p) {
    multi_polygon out = mp;
    for (auto& poly : out) {
        p.forward(poly.outer);
        for (auto& r : poly.inners) p.forward(r);
    }
    return out;
}

geometry transform(const geometry& g, const projection& p) {
    return std::visit(
        [&](const auto& v) -> geometry {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
                return v;
            } else if constexpr (std::is_same_v<T, point>) {
                return p.forward(v);
            } else if constexpr (std::is_same_v<T, multi_point> || std::is_same_v<T, line_string>) {
                T out = v;
                p.forward(out);
                return out;
            } else if constexpr (std::is_same_v<T, multi_line_string>) {
                T out = v;
                for (auto& ls : out) p.forward(ls);
                return out;
            } else {
                return transform(v, p);
            }
        },
        g);
}

} // namespace coopatlas::geometry
