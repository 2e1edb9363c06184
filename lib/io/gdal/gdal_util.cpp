#include "io/gdal/gdal_util.hpp"

#include <coopatlas/error.hpp>
#include <coopatlas/io/spreadsheet.hpp>

#include <cpl_conv.h>
#include <cpl_error.h>

#include <mutex>
#include <type_traits>

namespace coopatlas::io::detail {

std::string gdal_message(const char* fallback) {
    const char* msg = CPLGetLastErrorMsg();
    return msg && *msg ? msg : fallback;
}

void ensure_gdal() {
    static std::once_flag once;
    std::call_once(once, [] { GDALAllRegister(); });
}

error_trap::error_trap() { CPLPushErrorHandlerEx(&error_trap::handle, this); }

error_trap::~error_trap() { CPLPopErrorHandler(); }

void error_trap::handle(CPLErr level, CPLErrorNum, const char* message) {
    if (level < CE_Failure) return;  // warnings and debug output are not ours to print
    auto* self = static_cast<error_trap*>(CPLGetErrorHandlerUserData());
    if (self) self->failures_.emplace_back(message ? message : "");
}

std::string error_trap::message() const {
    std::string out;
    for (const auto& f : failures_) out += (out.empty() ? "" : "; ") + f;
    return out;
}

namespace {
constexpr const char* spreadsheet_settings[][2] = {
    {"OGR_XLSX_HEADERS", "FORCE"},     {"OGR_ODS_HEADERS", "FORCE"},
    {"OGR_XLSX_FIELD_TYPES", "STRING"}, {"OGR_ODS_FIELD_TYPES", "STRING"},
};
} // namespace

spreadsheet_options::spreadsheet_options() {
    for (const auto& [key, value] : spreadsheet_settings) {
        const char* before = CPLGetThreadLocalConfigOption(key, nullptr);
        saved_.emplace_back(key, before ? std::optional<std::string>(before) : std::nullopt);
        CPLSetThreadLocalConfigOption(key, value);
    }
}

spreadsheet_options::~spreadsheet_options() {
    for (const auto& [key, before] : saved_) CPLSetThreadLocalConfigOption(key.c_str(), before ? before->c_str() : nullptr);
}

GDALDatasetUniquePtr open_vector(const std::string& path) {
    ensure_gdal();
    error_trap trap;
    std::optional<spreadsheet_options> sheets;
    if (is_spreadsheet(path)) sheets.emplace();
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    if (!ds) {
        const std::string msg = trap.message();
        throw input_error(diagnostic{path, 0, 0, {},
                                     "cannot open as a vector data source" + (msg.empty() ? std::string() : ": " + msg),
                                     "check the path and that GDAL has a driver for this format (ogrinfo --formats)"});
    }
    // the drivers read a sheet when it is first used: load them while the options hold
    if (sheets) {
        for (int i = 0; i < ds->GetLayerCount(); ++i) ds->GetLayer(i)->GetLayerDefn();
        if (trap.failed()) throw input_error(diagnostic{path, 0, 0, {}, "cannot read the spreadsheet: " + trap.message(), {}});
    }
    return ds;
}

std::vector<std::string> field_names(OGRLayer& layer) {
    std::vector<std::string> out;
    OGRFeatureDefn* defn = layer.GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i) out.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
    return out;
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
