#include <coopatlas/error.hpp>
#include <coopatlas/io/atomic_file.hpp>
#include <coopatlas/io/csv.hpp>
#include <coopatlas/io/vector_writer.hpp>

#include "io/gdal_util.hpp"

#include <ogr_spatialref.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <sstream>
#include <filesystem>
#include <memory>

namespace coopatlas::io {

std::string to_csv_text(const std::vector<std::string>& header, const std::vector<std::vector<attribute>>& rows) {
    std::ostringstream out;
    for (std::size_t i = 0; i < header.size(); ++i) out << (i ? "," : "") << csv_escape(header[i]);
    out << '\n';
    for (const auto& row : rows) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            if (i) out << ',';
            std::visit(
                [&](const auto& v) {
                    using T = std::decay_t<decltype(v)>;
                    if constexpr (std::is_same_v<T, std::string>) {
                        out << csv_escape(v);
                    } else if constexpr (std::is_same_v<T, long long>) {
                        out << v;
                    } else if constexpr (std::is_same_v<T, double>) {
                        char buf[64];
                        std::snprintf(buf, sizeof buf, "%.10g", v);
                        out << buf;
                    }
                },
                row[i]);
        }
        out << '\n';
    }
    return out.str();
}

std::string to_csv_text(const feature_table& table) {
    std::vector<std::string> header;
    for (const auto& f : table.fields) header.push_back(f.name);
    return to_csv_text(header, table.rows);
}

namespace {
std::string lower_extension(const std::string& path) {
    std::string ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext;
}
} // namespace

void write_table(const std::string& path, const feature_table& table, const std::string& format,
                 const std::vector<std::string>& protected_inputs) {
    if (format.empty() && lower_extension(path) == ".csv") {
        write_text_file(path, to_csv_text(table), protected_inputs);  // a plain table, no geometry column
        return;
    }
    write_vector(path, table, format, protected_inputs);
}

std::string driver_for(const std::string& path) {
    const std::string ext = lower_extension(path);
    static const std::pair<const char*, const char*> table[] = {
        {".gpkg", "GPKG"}, {".geojson", "GeoJSON"}, {".json", "GeoJSON"}, {".shp", "ESRI Shapefile"},
        {".csv", "CSV"},   {".fgb", "FlatGeobuf"},  {".kml", "KML"},      {".gml", "GML"},
        {".sqlite", "SQLite"}, {".geojsonl", "GeoJSONSeq"},
    };
    for (const auto& [e, driver] : table)
        if (ext == e) return driver;
    throw error("cannot tell the output format of '" + path +
                "' from its extension; use .gpkg, .geojson, .shp, .csv, .fgb, .kml, .gml or give --format");
}

void write_vector(const std::string& path, const feature_table& table, const std::string& format,
                  const std::vector<std::string>& protected_inputs) {
    detail::ensure_gdal();
    const std::string driver_name = format.empty() ? driver_for(path) : format;
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name.c_str());
    if (!driver) throw error("GDAL has no driver named '" + driver_name + "'");
    if (table.rows.size() != table.geometries.size()) throw error("feature table: rows and geometries differ in count");

    atomic_output out(path, protected_inputs);
    // a shapefile is several files: write them in a scratch folder, then move each
    const bool multi_file = driver_name == "ESRI Shapefile";
    const std::filesystem::path scratch = multi_file ? std::filesystem::path(out.temp_path()).replace_extension("") : "";
    if (multi_file) std::filesystem::create_directories(scratch);
    const std::string where =
        multi_file ? (scratch / std::filesystem::path(path).filename()).string() : out.temp_path();

    GDALDatasetUniquePtr ds(driver->Create(where.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) throw error("GDAL cannot create '" + path + "': " + CPLGetLastErrorMsg());
    OGRSpatialReference srs;
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    if (srs.SetFromUserInput(table.crs.c_str()) != OGRERR_NONE) throw error("unknown CRS '" + table.crs + "'");
    OGRwkbGeometryType gtype = wkbUnknown;
    if (!table.geometries.empty()) {
        std::unique_ptr<OGRGeometry> first(detail::to_ogr(table.geometries.front()));
        if (first) gtype = first->getGeometryType();
    }
    char** options = nullptr;
    if (driver_name == "CSV") options = CSLSetNameValue(options, "GEOMETRY", "AS_WKT");
    OGRLayer* layer = ds->CreateLayer(table.name.empty() ? "layer" : table.name.c_str(), &srs, gtype, options);
    CSLDestroy(options);
    if (!layer) throw error("GDAL cannot create layer in '" + path + "': " + CPLGetLastErrorMsg());
    for (const auto& f : table.fields) {
        const OGRFieldType t = f.kind == field_def::type::integer ? OFTInteger64
                               : f.kind == field_def::type::real  ? OFTReal
                                                                  : OFTString;
        OGRFieldDefn defn(f.name.c_str(), t);
        if (layer->CreateField(&defn) != OGRERR_NONE) throw error("cannot create field '" + f.name + "' in '" + path + "'");
    }
    // drivers without transactions write directly; the result only matters for speed
    const bool in_transaction = layer->StartTransaction() == OGRERR_NONE;
    for (std::size_t i = 0; i < table.rows.size(); ++i) {
        OGRFeature feature(layer->GetLayerDefn());
        const auto& row = table.rows[i];
        for (std::size_t k = 0; k < row.size() && k < table.fields.size(); ++k) {
            const int idx = static_cast<int>(k);
            std::visit(
                [&](const auto& v) {
                    using T = std::decay_t<decltype(v)>;
                    if constexpr (std::is_same_v<T, std::monostate>) feature.SetFieldNull(idx);
                    else if constexpr (std::is_same_v<T, std::string>) feature.SetField(idx, v.c_str());
                    else if constexpr (std::is_same_v<T, long long>) feature.SetField(idx, static_cast<GIntBig>(v));
                    else feature.SetField(idx, v);
                },
                row[k]);
        }
        if (OGRGeometry* g = detail::to_ogr(table.geometries[i])) feature.SetGeometryDirectly(g);
        if (layer->CreateFeature(&feature) != OGRERR_NONE)
            throw error("cannot write feature " + std::to_string(i + 1) + " to '" + path + "': " + CPLGetLastErrorMsg());
    }
    if (in_transaction && layer->CommitTransaction() != OGRERR_NONE)
        throw error("cannot commit features to '" + path + "': " + CPLGetLastErrorMsg());
    ds.reset();  // flush and close before the rename

    if (multi_file) {
        // move every sidecar (.shp .shx .dbf .prj .cpg) beside the target
        const auto target_stem = std::filesystem::path(path).replace_extension("");
        for (const auto& entry : std::filesystem::directory_iterator(scratch)) {
            const auto dest = target_stem.string() + entry.path().extension().string();
            std::filesystem::rename(entry.path(), dest);
        }
        std::filesystem::remove_all(scratch);
        // nothing left for the atomic_output to move: leave an empty marker and commit it away
        std::filesystem::remove(out.temp_path());
        return;
    }
    out.commit();
}

} // namespace coopatlas::io
