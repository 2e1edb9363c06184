#include <coopatlas/error.hpp>
#include <coopatlas/io/vector_reader.hpp>

#include "io/gdal/gdal_util.hpp"
#include "io/gdal/module_functions.hpp"

#include <ogr_spatialref.h>

#include <memory>

namespace coopatlas::io {

namespace {
struct ct_deleter {
    void operator()(OGRCoordinateTransformation* ct) const noexcept { OGRCoordinateTransformation::DestroyCT(ct); }
};
} // namespace

namespace gdal {

feature_table read_vector(const std::string& path, const vector_read_options& options) {
    detail::error_trap trap;  // GDAL's messages become ours
    auto ds = detail::open_vector(path);
    OGRLayer* layer = detail::pick_layer(*ds, path, options.layer);
    if (!options.where.empty() && layer->SetAttributeFilter(options.where.c_str()) != OGRERR_NONE)
        throw input_error(diagnostic{path, 0, 0, {}, "invalid attribute filter '" + options.where + "': " + trap.message(),
                                     {}});

    feature_table out;
    out.name = layer->GetName();
    std::unique_ptr<OGRCoordinateTransformation, ct_deleter> transform;
    const OGRSpatialReference* layer_srs = layer->GetSpatialRef();
    if (!options.target_crs.empty()) {
        out.crs = options.target_crs;
        if (layer_srs) {
            OGRSpatialReference target;
            if (target.SetFromUserInput(options.target_crs.c_str()) != OGRERR_NONE)
                throw error("unknown CRS '" + options.target_crs + "'");
            target.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
            OGRSpatialReference source(*layer_srs);
            source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
            if (!source.IsSame(&target)) {
                transform.reset(OGRCreateCoordinateTransformation(&source, &target));
                if (!transform)
                    throw error("cannot transform '" + path + "' to " + options.target_crs + ": " + trap.message());
            }
        }
    } else if (layer_srs) {
        char* wkt = nullptr;
        layer_srs->exportToWkt(&wkt);
        out.crs = wkt ? wkt : "";
        CPLFree(wkt);
    } else {
        out.crs.clear();
    }

    OGRFeatureDefn* defn = layer->GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
        const OGRFieldDefn* f = defn->GetFieldDefn(i);
        const OGRFieldType t = f->GetType();
        out.add_field(f->GetNameRef(), t == OFTInteger || t == OFTInteger64 ? field_def::type::integer
                                       : t == OFTReal                       ? field_def::type::real
                                                                            : field_def::type::text);
    }

    layer->ResetReading();
    trap.clear();  // some drivers only report a bad filter once reading starts
    long number = 0;
    for (auto& feature : *layer) {
        ++number;
        std::vector<attribute> row(out.fields.size());
        for (std::size_t i = 0; i < out.fields.size(); ++i) {
            const int k = static_cast<int>(i);
            if (!feature->IsFieldSetAndNotNull(k)) continue;
            switch (out.fields[i].kind) {
            case field_def::type::integer: row[i] = static_cast<long long>(feature->GetFieldAsInteger64(k)); break;
            case field_def::type::real: row[i] = feature->GetFieldAsDouble(k); break;
            case field_def::type::text: row[i] = std::string(feature->GetFieldAsString(k)); break;
            }
        }
        OGRGeometry* g = feature->GetGeometryRef();
        if (g && transform && g->transform(transform.get()) != OGRERR_NONE)
            throw input_error(diagnostic{path, number, 0, {}, "geometry cannot be transformed to " + options.target_crs, {}});
        out.geometries.push_back(detail::from_ogr(g));
        out.rows.push_back(std::move(row));
    }
    if (trap.failed())
        throw input_error(diagnostic{path, 0, 0, {},
                                     std::string("cannot read layer ") + layer->GetName() +
                                         (options.where.empty() ? "" : " with filter '" + options.where + "'") + ": " +
                                         trap.message(),
                                     {}});
    return out;
}

} // namespace gdal

} // namespace coopatlas::io
