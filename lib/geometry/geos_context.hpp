#pragma once
// Private RAII wrappers over the reentrant GEOS C API (GEOS_USE_ONLY_R_API).
// A geos_context is owned by one thread; geometries are freed by a deleter
// bound to the context that made them; every NULL/2 return becomes an exception.

#include <coopatlas/geometry/geometry.hpp>

#include <geos_c.h>

#include <memory>
#include <string>

namespace coopatlas::geometry::detail {

class geos_context {
public:
    geos_context();
    ~geos_context();
    geos_context(const geos_context&) = delete;
    geos_context& operator=(const geos_context&) = delete;

    [[nodiscard]] GEOSContextHandle_t handle() const noexcept { return handle_; }
    /// Throws coopatlas::error with GEOS's last message, prefixed by `what`.
    [[noreturn]] void fail(const char* what) const;

private:
    static void on_error(const char* message, void* userdata);
    GEOSContextHandle_t handle_;
    std::string last_error_;
};

struct geom_deleter {
    GEOSContextHandle_t ctx;
    void operator()(GEOSGeometry* g) const noexcept { GEOSGeom_destroy_r(ctx, g); }
};
using geom_ptr = std::unique_ptr<GEOSGeometry, geom_deleter>;

struct prepared_deleter {
    GEOSContextHandle_t ctx;
    void operator()(const GEOSPreparedGeometry* g) const noexcept { GEOSPreparedGeom_destroy_r(ctx, g); }
};
using prepared_ptr = std::unique_ptr<const GEOSPreparedGeometry, prepared_deleter>;

geom_ptr to_geos(const geos_context& ctx, const multi_polygon& mp);
geom_ptr to_geos(const geos_context& ctx, const point& p);
geom_ptr to_geos(const geos_context& ctx, const line_string& ls);
multi_polygon multi_polygon_from_geos(const geos_context& ctx, const GEOSGeometry* g);
geom_ptr wrap(const geos_context& ctx, GEOSGeometry* g, const char* what);

} // namespace coopatlas::geometry::detail
