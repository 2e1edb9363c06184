// WKT geometries (inline geometries of map specs), read by OGR.

#include <coopatlas/error.hpp>

#include "io/gdal/gdal_util.hpp"
#include "io/gdal/module_functions.hpp"

#include <ogr_geometry.h>

#include <memory>

namespace coopatlas::io::gdal {

geometry::geometry parse_wkt(const std::string& wkt) {
    detail::ensure_gdal();
    OGRGeometry* raw = nullptr;
    const OGRErr err = OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &raw);
    std::unique_ptr<OGRGeometry> g(raw);
    if (err != OGRERR_NONE || !g)
        throw error("cannot read WKT '" + wkt.substr(0, 60) + (wkt.size() > 60 ? "…" : "") +
                    "': expected POINT, LINESTRING, POLYGON or their MULTI forms");
    geometry::geometry out = detail::from_ogr(g.get());
    if (auto* mp = std::get_if<geometry::multi_polygon>(&out)) geometry::normalize(*mp);
    return out;
}

} // namespace coopatlas::io::gdal
