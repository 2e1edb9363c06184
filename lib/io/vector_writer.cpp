#include <coopatlas/error.hpp>
#include <coopatlas/io/atomic_file.hpp>
#include <coopatlas/io/csv.hpp>
#include <coopatlas/io/dataset_name.hpp>
#include <coopatlas/io/vector_writer.hpp>

#include "io/file_identity.hpp"
#include "io/gdal_util.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include <unistd.h>

namespace coopatlas::io {

namespace fs = std::filesystem;

std::string to_csv_text(const std::vector<std::string>& header, const std::vector<std::vector<attribute>>& rows,
                        bool raw) {
    const auto cell = [raw](const std::string& v) { return csv_escape(raw ? v : csv_neutralise(v)); };
    std::ostringstream out;
    for (std::size_t i = 0; i < header.size(); ++i)
        out << (i ? "," : "") << cell(header[i]);
    out << '\n';
    for (const auto& row : rows) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            if (i) out << ',';
            std::visit(
                [&](const auto& v) {
                    using T = std::decay_t<decltype(v)>;
                    if constexpr (std::is_same_v<T, std::string>) {
                        out << cell(v);
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

std::string to_csv_text(const feature_table& table, bool raw) {
    std::vector<std::string> header;
    for (const auto& f : table.fields)
        header.push_back(f.name);
    return to_csv_text(header, table.rows, raw);
}

// ---------------------------------------------------------------------------------------------
// Names, drivers and the files they write

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string lower_extension(const std::string& path) {
    return lower(fs::path(path).extension().string());
}

bool starts_with(const std::string& s, const char* prefix) {
    return s.rfind(prefix, 0) == 0;
}

bool is_shapefile(const std::string& driver) {
    return driver == "ESRI Shapefile";
}

// Drivers holding several layers in one file: a layer is added to the file.
bool multi_layer_file(const std::string& driver) {
    return driver == "GPKG" || driver == "SQLite";
}

// Drivers that can go to standard output as a stream.
bool streamable(const std::string& driver) {
    return driver == "GeoJSON" || driver == "GeoJSONSeq" || driver == "CSV";
}

// Drivers whose layer is named after the file.
bool named_by_file(const std::string& driver) {
    return is_shapefile(driver) || driver == "CSV";
}

// The local file behind an output name ("" for databases and streams).
bool local(const std::string& dataset) {
    return !is_gdal_name(dataset) && !is_stream_output(dataset);
}

std::string gdal_message(const char* fallback = "unknown GDAL error") {
    const char* msg = CPLGetLastErrorMsg();
    return msg && *msg ? msg : fallback;
}

// What to check when GDAL cannot write or close an output it could create.
const std::string write_hint =
    " \xE2\x80\x94 is the disk full? check the free space and the file size limit of the folder";

// Keeps GDAL's warnings (laundered names, truncated values) off the terminal while a
// layer is written: what matters is reported by coopatlas itself or raised as an error.
struct quiet_gdal {
    quiet_gdal() { CPLPushErrorHandler(CPLQuietErrorHandler); }
    ~quiet_gdal() { CPLPopErrorHandler(); }
    quiet_gdal(const quiet_gdal&) = delete;
    quiet_gdal& operator=(const quiet_gdal&) = delete;
};

struct string_list {
    char** list = nullptr;
    string_list() = default;
    string_list(const string_list&) = delete;
    string_list& operator=(const string_list&) = delete;
    ~string_list() { CSLDestroy(list); }
    [[nodiscard]] bool has(const char* key) const { return CSLFetchNameValue(list, key) != nullptr; }
    void set(const char* key, const std::string& value) { list = CSLSetNameValue(list, key, value.c_str()); }
};

std::pair<std::string, std::string> name_value(const std::string& option, const char* what) {
    const auto eq = option.find('=');
    if (eq == std::string::npos || eq == 0)
        throw usage_error(std::string(what) + " '" + option + "' is not NAME=VALUE (e.g. " +
                          (std::string(what) == "--lco" ? "COORDINATE_PRECISION=5" : "VERSION=1.4") + ")");
    return {option.substr(0, eq), option.substr(eq + 1)};
}

const std::map<std::string, std::string>& long_names() {
    // coopatlas's field names longer than dBASE's 10 characters, and their short form
    static const std::map<std::string, std::string> table = {
        {"area_method", "area_meth"},    {"class_label", "class_lbl"},      {"engaged_units", "engaged_n"},
        {"from_vintage", "from_vint"},   {"length_method", "len_method"},   {"moran_p_sim", "moran_psim"},
        {"partnership_id", "partnr_id"}, {"partnership_ids", "partnr_ids"}, {"partnerships", "partnershp"},
        {"per_1000_km2", "per1k_km2"},   {"per_100k_inh", "per100kinh"},    {"per_100k_inhabitants", "per100kinh"},
        {"per_10k_km2", "per10k_km2"},   {"population_from", "pop_from"},   {"population_method", "pop_method"},
        {"share_count", "shr_count"},    {"share_population", "shr_pop"},
    };
    return table;
}

} // namespace

std::string shapefile_field_name(const std::string& name) {
    const auto& table = long_names();
    if (const auto it = table.find(name); it != table.end()) return it->second;
    if (name.size() <= 10) return name;
    // cut at a character boundary (UTF-8 continuation bytes are 10xxxxxx)
    std::size_t end = 10;
    while (end > 0 && (static_cast<unsigned char>(name[end]) & 0xC0) == 0x80)
        --end;
    return name.substr(0, end);
}

std::vector<std::string> shapefile_field_names(const std::vector<std::string>& names) {
    std::vector<std::string> out;
    std::set<std::string> taken;
    for (const auto& n : names) {
        std::string s = shapefile_field_name(n);
        for (int k = 1; taken.count(lower(s)); ++k) {
            const std::string suffix = "_" + std::to_string(k);
            std::string base = shapefile_field_name(n);
            std::size_t end = std::min(base.size(), 10 - suffix.size());
            while (end > 0 && (static_cast<unsigned char>(base[end]) & 0xC0) == 0x80)
                --end;
            s = base.substr(0, end) + suffix;
        }
        taken.insert(lower(s));
        out.push_back(s);
    }
    return out;
}

namespace {
// Standard output, a FIFO or a device named without an extension: a CSV table.
bool extensionless_stream(const std::string& path) {
    return path == "-" || (is_stream_output(path) && fs::path(path).extension().empty());
}
} // namespace

std::string driver_for(const std::string& path) {
    if (extensionless_stream(path)) return "CSV";
    static const std::pair<const char*, const char*> prefixes[] = {
        {"PG:", "PostgreSQL"},      {"MySQL:", "MySQL"}, {"OCI:", "OCI"},
        {"MSSQL:", "MSSQLSpatial"}, {"ODBC:", "ODBC"},   {"GPKG:", "GPKG"},
    };
    for (const auto& [prefix, driver] : prefixes)
        if (starts_with(path, prefix)) return driver;
    const std::string ext = lower_extension(path);
    static const std::pair<const char*, const char*> table[] = {
        {".gpkg", "GPKG"},
        {".geojson", "GeoJSON"},
        {".json", "GeoJSON"},
        {".shp", "ESRI Shapefile"},
        {".dbf", "ESRI Shapefile"},
        {".csv", "CSV"},
        {".fgb", "FlatGeobuf"},
        {".kml", "KML"},
        {".gml", "GML"},
        {".sqlite", "SQLite"},
        {".geojsonl", "GeoJSONSeq"},
        {".geojsons", "GeoJSONSeq"},
    };
    for (const auto& [e, driver] : table)
        if (ext == e) return driver;
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw error("output '" + path + "' is a folder, not a file: give a file name in it, e.g. '" +
                    (std::filesystem::path(path) / "out.gpkg").string() + "'");
    throw usage_error("cannot tell the output format of '" + path +
                      "' from its extension; use .gpkg, .geojson, .shp, .csv, .fgb, .kml, .gml, a PG: connection "
                      "string, or give --format");
}

std::string output_driver(const std::string& dataset, const std::string& format) {
    if (format.empty()) {
        if (dataset == "/vsistdout/" || (starts_with(dataset, "/vsistdout") && fs::path(dataset).extension().empty()))
            throw usage_error("give the format of '" + dataset + "' with --format (GeoJSON, GeoJSONSeq or CSV)");
        return driver_for(dataset);
    }
    detail::ensure_gdal();
    GDALDriver* d = GetGDALDriverManager()->GetDriverByName(format.c_str());
    if (!d || !d->GetMetadataItem(GDAL_DCAP_VECTOR))
        throw usage_error(
            "GDAL has no vector driver named '" + format +
            "' (e.g. GPKG, GeoJSON, \"ESRI Shapefile\", CSV, FlatGeobuf, PostgreSQL; see ogrinfo --formats)");
    return d->GetDescription();
}

bool writes_plain_csv(const std::string& dataset, const std::string& format) {
    if (!format.empty()) return false;
    return extensionless_stream(dataset) || (!is_gdal_name(dataset) && lower_extension(dataset) == ".csv");
}

std::vector<std::string> output_files(const std::string& dataset, const vector_write_options& options, bool plain_csv) {
    if (!local(dataset)) return is_gdal_name(dataset) ? dataset_files(dataset) : std::vector<std::string>{};
    const std::string driver = plain_csv ? std::string("CSV") : output_driver(dataset, options.format);
    const std::string target = link_target(dataset);
    std::vector<std::string> files;
    if (is_shapefile(driver)) {
        files = dataset_files(fs::path(target).replace_extension(".shp").string());
    } else {
        files = dataset_files(target);
        if (files.empty()) files.push_back(target);
    }
    if (target != dataset) files.insert(files.begin(), dataset);
    return files;
}

// ---------------------------------------------------------------------------------------------
// Checks made before any work

namespace {

bool same_dataset(const std::string& a, const std::string& b) {
    if (is_gdal_name(a) || is_gdal_name(b)) return a == b;
    return same_file(a, b);
}

std::string layer_name_of(const feature_table& table, const vector_write_options& options) {
    if (!options.layer_name.empty()) return options.layer_name;
    return table.name.empty() ? std::string("layer") : table.name;
}

// The file-level rules: no written file may be an input, except a multi-layer file
// whose input layers are known (a layer may be added to it).
void check_files(const std::string& dataset, const vector_write_options& options, const std::string& driver,
                 bool plain_csv) {
    const std::vector<std::string> files = output_files(dataset, options, plain_csv);
    const std::string main = local(dataset) ? link_target(dataset) : std::string();
    std::vector<detail::file_identity> written_files;
    for (const auto& written : files) written_files.emplace_back(written);
    detail::real_folders folders;
    for (const auto& input : options.protected_inputs) {
        const bool layers_known = std::any_of(options.input_layers.begin(), options.input_layers.end(),
                                              [&](const source_layer& l) { return same_dataset(l.dataset, input); });
        // a layer added to a GeoPackage that is read: the layers read are checked one by one
        if (multi_layer_file(driver) && layers_known && !main.empty() && same_file(main, input)) continue;
        for (const auto& read : dataset_files(input)) {
            detail::file_identity read_file(read);
            for (auto& written : written_files) {
                if (!written.same_as(read_file, folders)) continue;
                throw error("refusing to write over input file '" + read + "'" +
                            (read == input ? std::string() : " (part of input '" + input + "')") +
                            "; choose another output name");
            }
        }
    }
}

// The layer-level rule: never replace or append to a layer that is read.
void check_input_layers(GDALDataset& ds, const std::string& dataset, const std::string& layer,
                        const vector_write_options& options) {
    for (const auto& in : options.input_layers) {
        if (!same_dataset(in.dataset, dataset)) continue;
        std::string read = in.layer;
        if (read.empty() && ds.GetLayerCount() > 0) read = ds.GetLayer(0)->GetName();
        if (lower(read) == lower(layer))
            throw error("refusing to write over input layer '" + read + "' of '" + in.dataset +
                        "'; choose another --layer-name");
    }
}

std::string exists_message(const std::string& layer, const std::string& dataset) {
    return "layer '" + layer + "' already exists in '" + dataset +
           "'; add --overwrite to replace it, --append to add the features to it, or --layer-name NAME to write "
           "another layer";
}

GDALDatasetUniquePtr open_existing(const std::string& name, const std::string& driver, bool update) {
    detail::ensure_gdal();
    const char* drivers[] = {driver.c_str(), nullptr};
    CPLErrorReset();
    return GDALDatasetUniquePtr(GDALDataset::Open(name.c_str(),
                                                  GDAL_OF_VECTOR | (update ? GDAL_OF_UPDATE : GDAL_OF_READONLY),
                                                  driver.empty() ? nullptr : drivers, nullptr, nullptr));
}

void check_options(const std::string& dataset, const vector_write_options& options, const std::string& driver) {
    for (const auto& o : options.layer_options)
        (void)name_value(o, "--lco");
    for (const auto& o : options.dataset_options)
        (void)name_value(o, "--dsco");
    if (is_stream_output(dataset)) {
        if (dataset == "-" && !streamable(driver))
            throw usage_error("only CSV and GeoJSON go to standard output ('-'), not " + driver +
                              "; write a file, or give --format GeoJSON");
        if (is_shapefile(driver))
            throw usage_error("a shapefile is several files: it cannot be written to '" + dataset + "'");
        if (options.mode == write_mode::append)
            throw usage_error("--append needs a dataset to add to; '" + dataset + "' is a stream");
    }
    if (!options.layer_name.empty() && named_by_file(driver) && local(dataset))
        throw usage_error("a " + driver +
                          " layer is named after its file: name the file instead of giving --layer-name");
    if (is_shapefile(driver) && local(dataset)) {
        const std::string ext = lower_extension(dataset);
        if (ext != ".shp" && ext != ".dbf")
            throw usage_error("name the shapefile with its .shp file ('" + dataset + "')");
    }
}

} // namespace

void check_vector_output(const std::string& dataset, const vector_write_options& options, const std::string& table_name,
                         bool plain_csv) {
    if (dataset.empty()) throw usage_error("empty output name");
    const std::string driver = plain_csv ? std::string("CSV") : output_driver(dataset, options.format);
    if (!plain_csv)
        check_options(dataset, options, driver);
    else if (!options.layer_name.empty() && dataset != "-")
        throw usage_error("a CSV table is named after its file: name the file instead of giving --layer-name");
    else if (dataset == "-" && options.mode == write_mode::append)
        throw usage_error("--append needs a dataset to add to; '-' is standard output");
    check_files(dataset, options, driver, plain_csv);
    if (is_stream_output(dataset)) return;
    if (local(dataset)) {
        const std::string target = link_target(dataset);
        const std::string main = is_shapefile(driver) ? fs::path(target).replace_extension(".shp").string() : target;
        std::error_code ec;
        if (!fs::exists(main, ec)) {
            const fs::path dir = fs::path(target).has_parent_path() ? fs::path(target).parent_path() : fs::path(".");
            if (!fs::is_directory(dir, ec)) throw error("output folder '" + dir.string() + "' does not exist");
            return;
        }
        if (!multi_layer_file(driver)) {
            if (options.mode == write_mode::create)
                throw error("'" + dataset +
                            "' already exists (its layer would be replaced); add --overwrite to replace "
                            "it, --append to add the features to it, or choose another output name");
            return;
        }
    }
    // a multi-layer file or a database: does the layer exist, is it read?
    quiet_gdal quiet;
    auto ds = open_existing(local(dataset) ? link_target(dataset) : dataset, plain_csv ? "" : driver, false);
    if (!ds) {
        if (local(dataset)) throw error("cannot open '" + dataset + "' to add a layer: " + gdal_message());
        return; // a database or virtual file that does not exist yet: created at write time
    }
    const std::string layer = options.layer_name.empty() ? table_name : options.layer_name;
    if (layer.empty()) return;
    check_input_layers(*ds, dataset, layer, options);
    if (options.mode == write_mode::create && ds->GetLayerByName(layer.c_str()))
        throw error(exists_message(layer, dataset));
}

// ---------------------------------------------------------------------------------------------
// Writing a layer into an open dataset

namespace {

OGRwkbGeometryType geometry_type_of(const feature_table& table) {
    OGRwkbGeometryType type = wkbUnknown;
    bool first = true;
    for (const auto& g : table.geometries) {
        std::unique_ptr<OGRGeometry> o(detail::to_ogr(g));
        if (!o) continue;
        const OGRwkbGeometryType t = wkbFlatten(o->getGeometryType());
        if (first) {
            type = t;
            first = false;
        } else if (t != type) {
            return wkbUnknown;
        }
    }
    return table.geometries.empty() || first ? wkbNone : type;
}

layer_style::symbol symbol_for(OGRwkbGeometryType t) {
    switch (wkbFlatten(t)) {
    case wkbPoint:
    case wkbMultiPoint:
        return layer_style::symbol::marker;
    case wkbLineString:
    case wkbMultiLineString:
        return layer_style::symbol::line;
    default:
        return layer_style::symbol::fill;
    }
}

// UTF-8 text cut to at most `bytes` bytes, at a character boundary.
std::string cut_utf8(const std::string& s, std::size_t bytes) {
    if (s.size() <= bytes) return s;
    std::size_t end = bytes;
    while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80)
        --end;
    return s.substr(0, end);
}

std::string now_utc() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

// SQL string literal (standard_conforming_strings: only quotes are doubled).
std::string sql_text(const std::string& s) {
    std::string out = "'";
    for (const char c : s) {
        out += c;
        if (c == '\'') out += '\'';
    }
    return out + "'";
}

struct layer_plan {
    std::string dataset; // as the user named it (for messages)
    std::string driver;
    std::string layer;
    bool append_to_first = false; // a single-layer file being appended to: its one layer
    bool in_transaction = false;  // the dataset's transaction is open (no layer transaction then)
};

void run_sql(GDALDataset& ds, const std::string& sql, const std::string& what) {
    CPLErrorReset();
    OGRLayer* result = ds.ExecuteSQL(sql.c_str(), nullptr, nullptr);
    if (result) ds.ReleaseResultSet(result);
    if (CPLGetLastErrorType() >= CE_Failure) throw error("cannot " + what + ": " + gdal_message());
}

// QGIS's layer_styles table in a PostgreSQL database, as QGIS creates it. The type column
// stays NULL: QGIS compares it with the geometry type of the layer's URI, which is
// "Unknown geometry" when the URI does not give one, and NULL matches every URI.
void store_style_postgresql(GDALDataset& ds, OGRLayer& layer, const layer_style& style, const std::string& name) {
    run_sql(ds,
            "CREATE TABLE IF NOT EXISTS layer_styles (id SERIAL PRIMARY KEY, f_table_catalog varchar, "
            "f_table_schema varchar, f_table_name varchar, f_geometry_column varchar, styleName text, styleQML xml, "
            "styleSLD xml, useAsDefault boolean, description text, owner varchar(63) DEFAULT CURRENT_USER, ui xml, "
            "update_time timestamp DEFAULT CURRENT_TIMESTAMP, type varchar)",
            "create the layer_styles table");
    const std::string table = layer.GetName();
    const auto dot = table.find('.');
    const std::string schema =
        dot == std::string::npos ? std::string("current_schema()") : sql_text(table.substr(0, dot));
    const std::string bare = dot == std::string::npos ? table : table.substr(dot + 1);
    const std::string where =
        "f_table_catalog = current_database() AND f_table_schema = " + schema + " AND f_table_name = " + sql_text(bare);
    run_sql(ds, "DELETE FROM layer_styles WHERE " + where + " AND styleName = " + sql_text(style.name),
            "replace the style of '" + table + "'");
    // one default style per layer: ours
    run_sql(ds, "UPDATE layer_styles SET useAsDefault = false WHERE " + where, "update the styles of '" + table + "'");
    run_sql(ds,
            "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, styleName, "
            "styleQML, styleSLD, useAsDefault, description, owner, type) VALUES (current_database(), " +
                schema + ", " + sql_text(bare) + ", " + sql_text(layer.GetGeometryColumn()) + ", " +
                sql_text(style.name) + ", XMLPARSE(DOCUMENT " + sql_text(to_qml(style)) + "), XMLPARSE(DOCUMENT " +
                sql_text(to_sld(style, name)) + "), true, " + sql_text(style.description) + ", CURRENT_USER, NULL)",
            "store the style of '" + table + "'");
}

// QGIS's layer_styles table in a GeoPackage or SQLite file, through OGR as QGIS creates it.
void store_style_ogr(GDALDataset& ds, OGRLayer& layer, const layer_style& style, const std::string& name) {
    OGRLayer* styles = ds.GetLayerByName("layer_styles");
    if (!styles) {
        const char* options[] = {"FID=id", nullptr}; // QGIS's key column
        styles = ds.CreateLayer("layer_styles", nullptr, wkbNone, const_cast<char**>(options));
        if (!styles) throw error("cannot create the layer_styles table: " + gdal_message());
        const std::pair<const char*, int> text_fields[] = {
            {"f_table_catalog", 256}, {"f_table_schema", 256}, {"f_table_name", 256}, {"f_geometry_column", 256},
            {"styleName", 30},        {"styleQML", 0},         {"styleSLD", 0},
        };
        for (const auto& [field, width] : text_fields) {
            OGRFieldDefn f(field, OFTString);
            f.SetWidth(width);
            if (styles->CreateField(&f) != OGRERR_NONE)
                throw error("cannot create the layer_styles table: " + gdal_message());
        }
        OGRFieldDefn flag("useAsDefault", OFTInteger);
        flag.SetSubType(OFSTBoolean);
        OGRFieldDefn description("description", OFTString);
        OGRFieldDefn owner("owner", OFTString);
        owner.SetWidth(30);
        OGRFieldDefn ui("ui", OFTString);
        ui.SetWidth(30);
        OGRFieldDefn time("update_time", OFTDateTime);
        for (OGRFieldDefn* f : {&flag, &description, &owner, &ui, &time})
            if (styles->CreateField(f) != OGRERR_NONE)
                throw error("cannot create the layer_styles table: " + gdal_message());
    }
    // replace our earlier style of this layer; ours becomes the default
    const std::string filter = "f_table_name = " + sql_text(layer.GetName());
    styles->SetAttributeFilter(filter.c_str());
    std::vector<GIntBig> same_name;
    std::vector<GIntBig> others;
    for (auto& f : *styles) {
        const char* n = f->GetFieldAsString("styleName");
        (n && style.name == n ? same_name : others).push_back(f->GetFID());
    }
    styles->SetAttributeFilter(nullptr);
    for (GIntBig fid : same_name)
        if (styles->DeleteFeature(fid) != OGRERR_NONE) throw error("cannot replace a style: " + gdal_message());
    for (GIntBig fid : others) {
        std::unique_ptr<OGRFeature> f(styles->GetFeature(fid));
        if (!f) continue;
        f->SetField("useAsDefault", 0);
        if (styles->SetFeature(f.get()) != OGRERR_NONE) throw error("cannot update a style: " + gdal_message());
    }
    OGRFeature row(styles->GetLayerDefn());
    row.SetField("f_table_catalog", "");
    row.SetField("f_table_schema", "");
    row.SetField("f_table_name", layer.GetName());
    row.SetField("f_geometry_column", layer.GetGeometryColumn());
    row.SetField("styleName", style.name.c_str());
    row.SetField("styleQML", to_qml(style).c_str());
    row.SetField("styleSLD", to_sld(style, name).c_str());
    row.SetField("useAsDefault", 1);
    row.SetField("description", style.description.c_str());
    row.SetField("owner", "");
    row.SetField("ui", "");
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    if (std::sscanf(now_utc().c_str(), "%d-%d-%dT%d:%d:%dZ", &y, &mo, &d, &h, &mi, &s) == 6)
        row.SetField(row.GetFieldIndex("update_time"), y, mo, d, h, mi, static_cast<float>(s), 100);
    if (styles->CreateFeature(&row) != OGRERR_NONE) throw error("cannot store the style: " + gdal_message());
}

// The layer's features, into an open dataset; returns the layer written.
OGRLayer* write_layer(GDALDataset& ds, const feature_table& table, const vector_write_options& options,
                      const layer_plan& plan, write_result& result) {
    const bool shapefile = is_shapefile(plan.driver);
    std::string name = plan.layer;
    OGRLayer* layer = nullptr;
    int existing_index = -1;
    if (plan.append_to_first && ds.GetLayerCount() > 0) {
        existing_index = 0;
    } else {
        for (int i = 0; i < ds.GetLayerCount(); ++i)
            if (lower(ds.GetLayer(i)->GetName()) == lower(name)) existing_index = i;
    }
    if (existing_index >= 0) {
        check_input_layers(ds, plan.dataset, ds.GetLayer(existing_index)->GetName(), options);
        switch (options.mode) {
        case write_mode::create:
            throw error(exists_message(ds.GetLayer(existing_index)->GetName(), plan.dataset));
        case write_mode::overwrite:
            if (ds.DeleteLayer(existing_index) != OGRERR_NONE)
                throw error("cannot replace layer '" + name + "' in '" + plan.dataset + "': " + gdal_message());
            break;
        case write_mode::append:
            layer = ds.GetLayer(existing_index);
            name = layer->GetName();
            result.appended = true;
            break;
        }
    }

    OGRSpatialReference srs;
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    const bool has_crs = !table.crs.empty();
    if (has_crs && srs.SetFromUserInput(table.crs.c_str()) != OGRERR_NONE)
        throw error("unknown CRS '" + table.crs + "'");

    // field names in the file (shapefiles: 10 characters)
    std::vector<std::string> names;
    for (const auto& f : table.fields)
        names.push_back(f.name);
    const std::vector<std::string> file_names = shapefile ? shapefile_field_names(names) : names;
    for (std::size_t i = 0; i < names.size(); ++i)
        if (file_names[i] != names[i]) result.field_names.emplace_back(names[i], file_names[i]);

    std::vector<int> index(table.fields.size(), -1);
    std::vector<std::size_t> width(table.fields.size(), 0); // text fields of a dBASE file: bytes kept
    if (!layer) {
        const OGRwkbGeometryType gtype = geometry_type_of(table);
        string_list lco;
        for (const auto& o : options.layer_options) {
            const auto [k, v] = name_value(o, "--lco");
            lco.set(k.c_str(), v);
        }
        if (plan.driver == "GeoJSON" || plan.driver == "GeoJSONSeq") {
            // 7 decimals of a degree are about a centimetre; real attributes keep the 15
            // significant digits a double holds without the noise of the 16th and 17th
            if (!lco.has("COORDINATE_PRECISION"))
                lco.set("COORDINATE_PRECISION", has_crs && srs.IsProjected() ? "3" : "7");
            if (!lco.has("SIGNIFICANT_FIGURES")) lco.set("SIGNIFICANT_FIGURES", "15");
        }
        if (shapefile && !lco.has("ENCODING")) lco.set("ENCODING", "UTF-8");
        if (plan.driver == "CSV" && !lco.has("GEOMETRY") && gtype != wkbNone) lco.set("GEOMETRY", "AS_WKT");
        CPLErrorReset();
        layer = ds.CreateLayer(name.c_str(), has_crs && gtype != wkbNone ? &srs : nullptr, gtype, lco.list);
        if (!layer) throw error("GDAL cannot create layer '" + name + "' in '" + plan.dataset + "': " + gdal_message());
        for (std::size_t i = 0; i < table.fields.size(); ++i) {
            const auto& f = table.fields[i];
            const OGRFieldType t = f.kind == field_def::type::integer ? OFTInteger64
                                   : f.kind == field_def::type::real  ? OFTReal
                                                                      : OFTString;
            OGRFieldDefn defn(file_names[i].c_str(), t);
            if (shapefile && t == OFTString) {
                // dBASE text is at most 254 bytes; GDAL's default of 80 would cut longer values
                std::size_t longest = 1;
                for (const auto& row : table.rows)
                    if (i < row.size())
                        if (const auto* s = std::get_if<std::string>(&row[i])) longest = std::max(longest, s->size());
                width[i] = std::min<std::size_t>(longest, 254);
                defn.SetWidth(static_cast<int>(width[i]));
            }
            if (layer->CreateField(&defn) != OGRERR_NONE)
                throw error("cannot create field '" + f.name + "' in '" + plan.dataset + "': " + gdal_message());
        }
        OGRFeatureDefn* defn = layer->GetLayerDefn();
        for (std::size_t i = 0; i < table.fields.size(); ++i)
            index[i] = defn->GetFieldIndex(file_names[i].c_str());
        result.layer = layer->GetName();
    } else {
        // appending: fields by name; a field the layer lacks is added when the driver can
        if (has_crs && layer->GetSpatialRef()) {
            OGRSpatialReference there(*layer->GetSpatialRef());
            there.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
            if (!there.IsSame(&srs))
                throw error("cannot append to layer '" + name + "' of '" + plan.dataset + "': it is in another CRS (" +
                            std::string(there.GetName() ? there.GetName() : "?") + ") than the features (" + table.crs +
                            ")");
        }
        for (std::size_t i = 0; i < table.fields.size(); ++i) {
            OGRFeatureDefn* defn = layer->GetLayerDefn();
            int k = defn->GetFieldIndex(file_names[i].c_str());
            if (k < 0) {
                const auto& f = table.fields[i];
                OGRFieldDefn add(file_names[i].c_str(), f.kind == field_def::type::integer ? OFTInteger64
                                                        : f.kind == field_def::type::real  ? OFTReal
                                                                                           : OFTString);
                if (shapefile && add.GetType() == OFTString) add.SetWidth(254);
                if (layer->CreateField(&add) != OGRERR_NONE)
                    throw error("cannot append to layer '" + name + "' of '" + plan.dataset + "': it has no field '" +
                                f.name + "' and GDAL cannot add it: " + gdal_message());
                k = layer->GetLayerDefn()->GetFieldIndex(file_names[i].c_str());
            }
            index[i] = k;
            const OGRFieldDefn* there = layer->GetLayerDefn()->GetFieldDefn(k);
            if (shapefile && there->GetType() == OFTString && there->GetWidth() > 0)
                width[i] = static_cast<std::size_t>(there->GetWidth());
        }
        result.layer = layer->GetName();
    }

    // features, in a transaction where the driver has one (faster; a failure throws anyway)
    const bool in_transaction =
        !plan.in_transaction && layer->TestCapability(OLCTransactions) && layer->StartTransaction() == OGRERR_NONE;
    std::size_t cut = 0;
    for (std::size_t i = 0; i < table.rows.size(); ++i) {
        OGRFeature feature(layer->GetLayerDefn());
        const auto& row = table.rows[i];
        for (std::size_t k = 0; k < row.size() && k < table.fields.size(); ++k) {
            const int idx = index[k];
            if (idx < 0) continue;
            std::visit(
                [&](const auto& v) {
                    using T = std::decay_t<decltype(v)>;
                    if constexpr (std::is_same_v<T, std::monostate>) {
                        feature.SetFieldNull(idx);
                    } else if constexpr (std::is_same_v<T, std::string>) {
                        if (width[k] > 0 && v.size() > width[k]) {
                            ++cut;
                            feature.SetField(idx, cut_utf8(v, width[k]).c_str());
                        } else {
                            feature.SetField(idx, v.c_str());
                        }
                    } else if constexpr (std::is_same_v<T, long long>) {
                        feature.SetField(idx, static_cast<GIntBig>(v));
                    } else {
                        feature.SetField(idx, v);
                    }
                },
                row[k]);
        }
        if (OGRGeometry* g = detail::to_ogr(table.geometries[i])) feature.SetGeometryDirectly(g);
        CPLErrorReset();
        if (layer->CreateFeature(&feature) != OGRERR_NONE)
            throw error("cannot write feature " + std::to_string(i + 1) + " to '" + plan.dataset +
                        "': " + gdal_message() + write_hint);
    }
    if (in_transaction && layer->CommitTransaction() != OGRERR_NONE)
        throw error("cannot commit features to '" + plan.dataset + "': " + gdal_message() + write_hint);
    if (cut)
        result.notes.push_back(std::to_string(cut) + " text values longer than a dBASE field (254 bytes) were cut");
    result.features = table.rows.size();
    return layer;
}

// The style with the field's name in the file and the symbol of the geometry written.
std::optional<layer_style> style_for(const vector_write_options& options, const feature_table& table,
                                     const write_result& result) {
    if (!options.style) return std::nullopt;
    const OGRwkbGeometryType gtype = geometry_type_of(table);
    if (gtype == wkbNone) return std::nullopt;
    layer_style style = *options.style;
    for (const auto& [from, to] : result.field_names)
        if (style.field == from) style.field = to;
    style.symbol_type = symbol_for(gtype);
    if (style.name.empty()) style.name = result.layer;
    style.name = cut_utf8(style.name, 30);
    return style;
}

void store_style(GDALDataset& ds, OGRLayer& layer, const std::optional<layer_style>& style, const std::string& driver,
                 const std::string& layer_name) {
    if (!style) return;
    if (driver == "PostgreSQL")
        store_style_postgresql(ds, layer, *style, layer_name);
    else if (multi_layer_file(driver))
        store_style_ogr(ds, layer, *style, layer_name);
}

// Sidecars of a shapefile: the styles and the field names.
void write_sidecars(const fs::path& shp, const std::optional<layer_style>& style, const feature_table& table,
                    const write_result& result) {
    auto write = [](const fs::path& p, const std::string& text) {
        std::ofstream f(p, std::ios::binary);
        f << text;
        if (!f) throw error("cannot write '" + p.string() + "'");
    };
    if (style) {
        write(fs::path(shp).replace_extension(".qml"), to_qml(*style));
        write(fs::path(shp).replace_extension(".sld"), to_sld(*style, result.layer));
    }
    std::vector<std::string> names;
    for (const auto& f : table.fields)
        names.push_back(f.name);
    const auto short_names = shapefile_field_names(names);
    std::vector<std::vector<attribute>> rows;
    for (std::size_t i = 0; i < names.size(); ++i)
        rows.push_back({names[i], short_names[i]});
    write(fs::path(shp).replace_extension(".fields.csv"), to_csv_text({"field", "shapefile_field"}, rows));
}

// A folder beside the target where the dataset is written before its files are renamed into place.
class scratch_folder {
  public:
    explicit scratch_folder(const fs::path& beside) {
        static std::atomic<unsigned> counter{0};
        const fs::path dir = beside.has_parent_path() ? beside.parent_path() : fs::path(".");
        path_ = dir / ("." + beside.stem().string() + ".tmp" + std::to_string(::getpid()) + "_" +
                       std::to_string(counter++) + ".d");
        std::error_code ec;
        if (!fs::create_directory(path_, ec))
            throw error("cannot create a scratch folder in '" + dir.string() + "': " + ec.message());
    }
    ~scratch_folder() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    scratch_folder(const scratch_folder&) = delete;
    scratch_folder& operator=(const scratch_folder&) = delete;
    [[nodiscard]] const fs::path& path() const noexcept { return path_; }

  private:
    fs::path path_;
};

GDALDriver* gdal_driver(const std::string& name) {
    detail::ensure_gdal();
    GDALDriver* d = GetGDALDriverManager()->GetDriverByName(name.c_str());
    if (!d) throw error("GDAL has no driver named '" + name + "'");
    return d;
}

GDALDatasetUniquePtr create_dataset(const std::string& driver_name, const std::string& where,
                                    const vector_write_options& options, const std::string& shown) {
    GDALDriver* driver = gdal_driver(driver_name);
    string_list dsco;
    for (const auto& o : options.dataset_options) {
        const auto [k, v] = name_value(o, "--dsco");
        dsco.set(k.c_str(), v);
    }
    CPLErrorReset();
    GDALDatasetUniquePtr ds(driver->Create(where.c_str(), 0, 0, 0, GDT_Unknown, dsco.list));
    if (!ds) throw error("GDAL cannot create '" + shown + "': " + gdal_message());
    return ds;
}

std::string driver_extension(const std::string& driver) {
    const char* ext = gdal_driver(driver)->GetMetadataItem(GDAL_DMD_EXTENSION);
    return ext && *ext ? std::string(".") + ext : std::string();
}

// A layer into a database or other GDAL dataset name, in one transaction when it has them.
write_result write_to_gdal_name(const std::string& dataset, const feature_table& table,
                                const vector_write_options& options, const std::string& driver) {
    write_result result;
    result.driver = driver;
    auto ds = open_existing(dataset, driver, true);
    if (!ds) {
        GDALDriver* d = gdal_driver(driver);
        if (!d->GetMetadataItem(GDAL_DCAP_CREATE))
            throw error("cannot open '" + dataset + "' for writing: " + gdal_message());
        ds = create_dataset(driver, dataset, options, dataset);
    }
    const bool transaction = ds->StartTransaction(FALSE) == OGRERR_NONE;
    try {
        const layer_plan plan{dataset, driver, layer_name_of(table, options), false, transaction};
        OGRLayer* layer = write_layer(*ds, table, options, plan, result);
        store_style(*ds, *layer, style_for(options, table, result), driver, result.layer);
        if (transaction && ds->CommitTransaction() != OGRERR_NONE)
            throw error("cannot commit to '" + dataset + "': " + gdal_message() + write_hint);
    } catch (...) {
        if (transaction) ds->RollbackTransaction();
        throw;
    }
    CPLErrorReset();
    ds.reset();
    if (CPLGetLastErrorType() >= CE_Failure)
        throw error("cannot finish '" + dataset + "': " + gdal_message() + write_hint);
    return result;
}

// GDAL's text drivers (GeoJSON, GeoJSONSeq, CSV) do not check their writes: on a full
// disk they close without error on a cut file. Such a file is read back before it is put
// in place: it must open and hold at least the features written.
void check_complete(const fs::path& where, const std::string& driver, const std::string& layer_name,
                    std::size_t written, const std::string& dataset) {
    if (driver != "GeoJSON" && driver != "GeoJSONSeq" && driver != "CSV") return;
    CPLErrorReset();
    const char* const drivers[] = {driver.c_str(), nullptr};
    GDALDatasetUniquePtr ds(
        GDALDataset::Open(where.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, nullptr, nullptr));
    OGRLayer* layer = !ds                                      ? nullptr
                      : ds->GetLayerByName(layer_name.c_str()) ? ds->GetLayerByName(layer_name.c_str())
                                                               : ds->GetLayer(0);
    const GIntBig found = layer ? layer->GetFeatureCount(TRUE) : -1;
    if (found >= 0 && static_cast<std::size_t>(found) >= written && CPLGetLastErrorType() < CE_Failure) return;
    const std::string why =
        !ds      ? "GDAL cannot read it back: " + gdal_message()
        : !layer ? std::string("it has no layer")
                 : std::to_string(found) + " of the " + std::to_string(written) + " features written can be read back";
    throw error("cannot write '" + dataset + "': the file was cut short (" + why + ")" + write_hint);
}

// A layer to standard output, a FIFO or a device: written in full to a temporary file first.
write_result write_to_stream(const std::string& dataset, const feature_table& table,
                             const vector_write_options& options, const std::string& driver) {
    write_result result;
    result.driver = driver;
    atomic_output out(dataset);
    const fs::path folder = fs::path(out.temp_path()).parent_path();
    const std::string where = (folder / ("output" + driver_extension(driver))).string();
    {
        auto ds = create_dataset(driver, where, options, dataset);
        const layer_plan plan{dataset, driver, layer_name_of(table, options), false, false};
        (void)write_layer(*ds, table, options, plan, result);
        CPLErrorReset();
        ds.reset();
        if (CPLGetLastErrorType() >= CE_Failure)
            throw error("cannot finish '" + dataset + "': " + gdal_message() + write_hint);
    }
    check_complete(where, driver, result.layer, table.rows.size(), dataset);
    copy_to_stream(where, dataset);
    return result;
}

// Copies the files of a dataset into the scratch folder (to add to them there).
void copy_into(const std::vector<std::string>& files, const fs::path& folder) {
    for (const auto& f : files) {
        std::error_code ec;
        if (!fs::is_regular_file(f, ec)) continue;
        fs::copy_file(f, folder / fs::path(f).filename(), fs::copy_options::overwrite_existing, ec);
        if (ec) throw error("cannot copy '" + f + "': " + ec.message());
    }
}

// A layer into a local file: written in a scratch folder beside it, then renamed into place.
write_result write_to_file(const std::string& dataset, const feature_table& table, const vector_write_options& options,
                           const std::string& driver) {
    write_result result;
    result.driver = driver;
    const bool shapefile = is_shapefile(driver);
    const fs::path target = link_target(dataset);
    const fs::path main = shapefile ? fs::path(target).replace_extension(".shp") : target;
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) throw error("output folder '" + dir.string() + "' does not exist");
    const bool exists = fs::exists(main, ec);
    const std::vector<std::string> set =
        shapefile ? dataset_files(main.string()) : std::vector<std::string>{main.string()};

    if (exists && !multi_layer_file(driver) && options.mode == write_mode::create)
        throw error("'" + dataset +
                    "' already exists (its layer would be replaced); add --overwrite to replace it, "
                    "--append to add the features to it, or choose another output name");
    if (exists && multi_layer_file(driver) && fs::exists(main.string() + "-wal", ec) &&
        fs::file_size(main.string() + "-wal", ec) > 0)
        throw error("'" + dataset + "' is open in another program (its -wal journal is not empty); close it first");

    scratch_folder scratch(target);
    const fs::path where = scratch.path() / main.filename();
    GDALDatasetUniquePtr ds;
    bool add_to_existing = exists && (multi_layer_file(driver) || options.mode == write_mode::append);
    if (add_to_existing) {
        copy_into(exists && multi_layer_file(driver) ? std::vector<std::string>{main.string()} : set, scratch.path());
        ds = open_existing(where.string(), driver, true);
        if (!ds) throw error("cannot open '" + dataset + "' to add to it: " + gdal_message());
    } else {
        ds = create_dataset(driver, where.string(), options, dataset);
    }
    const bool transaction = multi_layer_file(driver) && ds->StartTransaction(FALSE) == OGRERR_NONE;
    layer_plan plan{dataset, driver, layer_name_of(table, options), add_to_existing && !multi_layer_file(driver),
                    transaction};
    if (named_by_file(driver)) plan.layer = main.stem().string();
    std::optional<layer_style> style;
    try {
        OGRLayer* layer = write_layer(*ds, table, options, plan, result);
        style = style_for(options, table, result);
        store_style(*ds, *layer, style, driver, result.layer);
        if (transaction && ds->CommitTransaction() != OGRERR_NONE)
            throw error("cannot commit to '" + dataset + "': " + gdal_message() + write_hint);
    } catch (...) {
        if (transaction) ds->RollbackTransaction();
        throw;
    }
    CPLErrorReset();
    ds.reset(); // flush and close before the rename
    if (CPLGetLastErrorType() >= CE_Failure)
        throw error("cannot finish '" + dataset + "': " + gdal_message() + write_hint);
    check_complete(where, driver, result.layer, table.rows.size(), dataset);
    if (shapefile) write_sidecars(where, style, table, result);

    // into place: every file written, then the stale parts of a replaced shapefile
    std::set<std::string> produced;
    for (const auto& entry : fs::directory_iterator(scratch.path())) {
        const fs::path dest = dir / entry.path().filename();
        fs::rename(entry.path(), dest, ec);
        if (ec) throw error("cannot move '" + entry.path().string() + "' to '" + dest.string() + "': " + ec.message());
        produced.insert(dest.filename().string());
        result.files.push_back(dest.string());
    }
    if (shapefile && !add_to_existing)
        for (const auto& f : set)
            if (!produced.count(fs::path(f).filename().string()) && fs::is_regular_file(fs::symlink_status(f, ec)))
                fs::remove(f, ec);
    return result;
}

} // namespace

write_result write_vector(const std::string& dataset, const feature_table& table, const vector_write_options& options) {
    detail::ensure_gdal();
    if (table.rows.size() != table.geometries.size()) throw error("feature table: rows and geometries differ in count");
    const std::string driver = output_driver(dataset, options.format);
    check_options(dataset, options, driver);
    check_files(dataset, options, driver, false);
    if (driver == "CSV" && !options.raw_csv) {
        // GDAL's CSV driver writes text as it is: neutralise what a spreadsheet would run
        feature_table safe = table;
        for (auto& f : safe.fields)
            f.name = csv_neutralise(f.name);
        for (auto& row : safe.rows)
            for (auto& v : row)
                if (auto* s = std::get_if<std::string>(&v)) *s = csv_neutralise(*s);
        vector_write_options raw = options;
        raw.raw_csv = true;
        return write_vector(dataset, safe, raw);
    }
    quiet_gdal quiet;
    if (is_stream_output(dataset)) return write_to_stream(dataset, table, options, driver);
    if (is_gdal_name(dataset)) return write_to_gdal_name(dataset, table, options, driver);
    return write_to_file(dataset, table, options, driver);
}

write_result write_table(const std::string& dataset, const feature_table& table, const vector_write_options& options) {
    if (!writes_plain_csv(dataset, options.format)) return write_vector(dataset, table, options);
    check_vector_output(dataset, options, table.name, true);
    write_result result;
    result.driver = "CSV";
    result.layer = fs::path(dataset).stem().string();
    result.features = table.rows.size();
    std::string text = to_csv_text(table, options.raw_csv);
    const std::string target = is_stream_output(dataset) ? dataset : link_target(dataset);
    std::error_code ec;
    if (!is_stream_output(dataset) && fs::exists(target, ec) && options.mode == write_mode::append) {
        // the same columns, then the rows after those already there
        std::ifstream in(target, std::ios::binary);
        std::string existing((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const std::string header = text.substr(0, text.find('\n') + 1);
        const std::string first = existing.substr(0, existing.find('\n') + 1);
        auto trimmed = [](std::string s) {
            while (!s.empty() && (s.back() == '\n' || s.back() == '\r'))
                s.pop_back();
            return s;
        };
        if (trimmed(first) != trimmed(header))
            throw error("cannot append to '" + dataset + "': its columns (" + trimmed(first) +
                        ") are not those written (" + trimmed(header) + ")");
        if (!existing.empty() && existing.back() != '\n') existing += '\n';
        text = existing + text.substr(header.size());
        result.appended = true;
    }
    write_text_file(dataset, text, options.protected_inputs);
    if (!is_stream_output(dataset)) result.files.push_back(target);
    return result;
}

void write_table(const std::string& path, const feature_table& table, const std::string& format,
                 const std::vector<std::string>& protected_inputs) {
    vector_write_options o;
    o.format = format;
    o.mode = write_mode::overwrite;
    o.protected_inputs = protected_inputs;
    (void)write_table(path, table, o);
}

void write_vector(const std::string& path, const feature_table& table, const std::string& format,
                  const std::vector<std::string>& protected_inputs) {
    vector_write_options o;
    o.format = format;
    o.mode = write_mode::overwrite;
    o.protected_inputs = protected_inputs;
    (void)write_vector(path, table, o);
}

} // namespace coopatlas::io
