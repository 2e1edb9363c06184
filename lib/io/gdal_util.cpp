#include "io/gdal_util.hpp"

#include <coopatlas/error.hpp>

#include <cpl_error.h>

#include <mutex>
#include <type_traits>

namespace coopatlas::io::detail {

void ensure_gdal() {
    static std::once_flag once;
    std::call_once(once, [] { GDALAllRegister(); });
}

GDALDatasetUniquePtr open_vector(const std::string& path) {
    ensure_gdal();
    CPLErrorReset();
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    if (!ds) {
        const char* msg = CPLGetLastErrorMsg();
        throw input_error(diagnostic{path, 0, 0, {},
                                     std::string("cannot open as a vector data source") +
                                         (msg && *msg ? ": " + std::string(msg) : std::string()),
                                     "check the path and that GDAL has a driver for this format (ogrinfo --formats)"});
    }
    return ds;
}

OGRLayer* pick_layer(GDALDataset& ds, const std::string& path, const std::string& name) {
    if (name.empty()) {
        if (ds.GetLayerCount() == 0) throw input_error(diagnostic{path, 0, 0, {}, "data source has no layer", {}});
        return ds.GetLayer(0);
    }
    if (OGRLayer* layer = ds.GetLayerByName(name.c_str())) return layer;
    std::string names;
    for (int i = 0; i < ds.GetLayerCount(); ++i) names += (i ? ", " : "") + std::string(ds.GetLayer(i)->GetName());
    throw input_error(diagnostic{path, 0, 0, {}, "no layer named '" + name + "'", "layers are: " + names});
}

namespace {
geometry::ring ring_from(const OGRLinearRing* r) {
    geometry::ring out;
    if (!r) return out;
    out.reserve(static_cast<std::size_t>(r->getNumPoints()));
    for (int i = 0; i < r->getNumPoints(); ++i) out.push_back({r->getX(i), r->getY(i)});
    return out;
}

geometry::polygon polygon_from(const OGRPolygon* p) {
    geometry::polygon out;
    out.outer = ring_from(p->getExteriorRing());
    for (int i = 0; i < p->getNumInteriorRings(); ++i) out.inners.push_back(ring_from(p->getInteriorRing(i)));
    return out;
}

geometry::line_string line_from(const OGRLineString* l) {
    geometry::line_string out;
    for (int i = 0; i < l->getNumPoints(); ++i) out.push_back({l->getX(i), l->getY(i)});
    return out;
}

void collect_polygons(const OGRGeometry* g, geometry::multi_polygon& out) {
    switch (wkbFlatten(g->getGeometryType())) {
    case wkbPolygon:
        if (!g->IsEmpty()) out.push_back(polygon_from(g->toPolygon()));
        break;
    case wkbMultiPolygon:
    case wkbGeometryCollection:
        for (const OGRGeometry* part : *g->toGeometryCollection()) collect_polygons(part, out);
        break;
    default:
        break;
    }
}
} // namespace

geometry::geometry from_ogr(const OGRGeometry* g) {
    if (!g || g->IsEmpty()) return std::monostate{};
    switch (wkbFlatten(g->getGeometryType())) {
    case wkbPoint:
        return geometry::point{g->toPoint()->getX(), g->toPoint()->getY()};
    case wkbMultiPoint: {
        geometry::multi_point out;
        for (const OGRPoint* p : *g->toMultiPoint()) out.push_back({p->getX(), p->getY()});
        return out;
    }
    case wkbLineString:
        return line_from(g->toLineString());
    case wkbMultiLineString: {
        geometry::multi_line_string out;
        for (const OGRLineString* l : *g->toMultiLineString()) out.push_back(line_from(l));
        return out;
    }
    case wkbPolygon:
    case wkbMultiPolygon:
    case wkbGeometryCollection: {
        geometry::multi_polygon out;
        collect_polygons(g, out);
        geometry::normalize(out);
        if (out.empty()) return std::monostate{};
        return out;
    }
    default: {
        // curves and other exotic types: linearise first
        std::unique_ptr<OGRGeometry> linear(g->getLinearGeometry());
        if (linear && wkbFlatten(linear->getGeometryType()) != wkbFlatten(g->getGeometryType())) return from_ogr(linear.get());
        throw error(std::string("unsupported geometry type ") + OGRGeometryTypeToName(g->getGeometryType()));
    }
    }
}

namespace {
OGRLinearRing* ring_to(const geometry::ring& r) {
    auto* out = new OGRLinearRing();
    out->setNumPoints(static_cast<int>(r.size()));
    for (std::size_t i = 0; i < r.size(); ++i) out->setPoint(static_cast<int>(i), r[i].x, r[i].y);
    return out;
}
OGRLineString* line_to(const geometry::line_string& l) {
    auto* out = new OGRLineString();
    out->setNumPoints(static_cast<int>(l.size()));
    for (std::size_t i = 0; i < l.size(); ++i) out->setPoint(static_cast<int>(i), l[i].x, l[i].y);
    return out;
}
} // namespace

OGRGeometry* to_ogr(const geometry::geometry& g) {
    return std::visit(
        [](const auto& v) -> OGRGeometry* {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
                return nullptr;
            } else if constexpr (std::is_same_v<T, geometry::point>) {
                return new OGRPoint(v.x, v.y);
            } else if constexpr (std::is_same_v<T, geometry::multi_point>) {
                auto* out = new OGRMultiPoint();
                for (const auto& p : v) out->addGeometryDirectly(new OGRPoint(p.x, p.y));
                return out;
            } else if constexpr (std::is_same_v<T, geometry::line_string>) {
                return line_to(v);
            } else if constexpr (std::is_same_v<T, geometry::multi_line_string>) {
                auto* out = new OGRMultiLineString();
                for (const auto& l : v) out->addGeometryDirectly(line_to(l));
                return out;
            } else {
                auto* out = new OGRMultiPolygon();
                for (const auto& poly : v) {
                    auto* p = new OGRPolygon();
                    p->addRingDirectly(ring_to(poly.outer));
                    for (const auto& h : poly.inners) p->addRingDirectly(ring_to(h));
                    out->addGeometryDirectly(p);
                }
                return out;
            }
        },
        g);
}

} // namespace coopatlas::io::detail
