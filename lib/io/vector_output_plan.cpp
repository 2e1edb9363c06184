// Where a vector output goes: its GDAL driver, the files it takes, and the checks made
// before any work (no output may write over an input). GDAL itself (a driver named by
// --format, an existing dataset's layers) is asked through the GDAL module.

#include <coopatlas/error.hpp>
#include <coopatlas/io/dataset_name.hpp>
#include <coopatlas/io/vector_writer.hpp>

#include "io/file_identity.hpp"
#include "io/gdal_module.hpp"
#include "io/vector_output.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace coopatlas::io {

namespace fs = std::filesystem;

using detail::check_files;
using detail::check_options;
using detail::is_shapefile;
using detail::lower;
using detail::multi_layer_file;
using detail::name_value;
using detail::named_by_file;

// ---------------------------------------------------------------------------------------------
// Names, drivers and the files they write

namespace detail {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool is_shapefile(const std::string& driver) {
    return driver == "ESRI Shapefile";
}

// Drivers holding several layers in one file: a layer is added to the file.
bool multi_layer_file(const std::string& driver) {
    return driver == "GPKG" || driver == "SQLite";
}

// Drivers whose layer is named after the file.
bool named_by_file(const std::string& driver) {
    return is_shapefile(driver) || driver == "CSV";
}

// What to check when GDAL cannot write or close an output it could create.
const std::string write_hint =
    " \xE2\x80\x94 is the disk full? check the free space and the file size limit of the folder";

std::pair<std::string, std::string> name_value(const std::string& option, const char* what) {
    const auto eq = option.find('=');
    if (eq == std::string::npos || eq == 0)
        throw usage_error(std::string(what) + " '" + option + "' is not NAME=VALUE (e.g. " +
                          (std::string(what) == "--lco" ? "COORDINATE_PRECISION=5" : "VERSION=1.4") + ")");
    return {option.substr(0, eq), option.substr(eq + 1)};
}

} // namespace detail

namespace {

std::string lower_extension(const std::string& path) {
    return lower(fs::path(path).extension().string());
}

bool starts_with(const std::string& s, const char* prefix) {
    return s.rfind(prefix, 0) == 0;
}

// Drivers that can go to standard output as a stream.
bool streamable(const std::string& driver) {
    return driver == "GeoJSON" || driver == "GeoJSONSeq" || driver == "CSV";
}

// The local file behind an output name ("" for databases and streams).
bool local(const std::string& dataset) {
    return !is_gdal_name(dataset) && !is_stream_output(dataset);
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
    return detail::gdal().vector_driver(format);
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

namespace detail {

bool same_dataset(const std::string& a, const std::string& b) {
    if (is_gdal_name(a) || is_gdal_name(b)) return a == b;
    return same_file(a, b);
}

// The file-level rules: no written file may be an input, except a multi-layer file
// whose input layers are known (a layer may be added to it).
void check_files(const std::string& dataset, const vector_write_options& options, const std::string& driver,
                 bool plain_csv) {
    const std::vector<std::string> files = output_files(dataset, options, plain_csv);
    const std::string main = local(dataset) ? link_target(dataset) : std::string();
    std::vector<detail::file_identity> written_files;
    for (const auto& written : files)
        written_files.emplace_back(written);
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

std::string exists_message(const std::string& layer, const std::string& dataset) {
    return "layer '" + layer + "' already exists in '" + dataset +
           "'; add --overwrite to replace it, --append to add the features to it, or --layer-name NAME to write "
           "another layer";
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

} // namespace detail

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
    const std::string layer = options.layer_name.empty() ? table_name : options.layer_name;
    detail::gdal().check_existing_output(dataset, options, plain_csv ? std::string() : driver, layer, local(dataset));
}

} // namespace coopatlas::io
