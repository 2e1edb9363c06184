#include "output_options.hpp"

#include <coopatlas/error.hpp>
#include <coopatlas/io/dataset_name.hpp>
#include <coopatlas/render/palettes.hpp>

#include <cmath>
#include <cstdio>

namespace coopatlas::cli {

const std::vector<std::string>& output_options() {
    static const std::vector<std::string> names = {"output", "format", "layer-name", "lco", "dsco"};
    return names;
}

const std::vector<std::string>& output_flags() {
    static const std::vector<std::string> names = {"overwrite", "append", "raw-csv"};
    return names;
}

const char* output_help() {
    return "output (as ogr2ogr writes layers; an input is never written over):\n"
           "  --output DATASET   a file (.csv table, .gpkg, .geojson, .shp, .fgb, ...), '-' for standard\n"
           "                     output (CSV, or GeoJSON with --format GeoJSON), or any GDAL dataset name\n"
           "                     (\"PG:dbname=atlas host=/run/postgresql\", /vsizip/out.zip/x.shp) given as is.\n"
           "                     A layer is added to an existing GeoPackage or database; the other\n"
           "                     layers are kept\n"
           "  --format DRIVER    GDAL driver instead of the name's (GPKG, GeoJSON, \"ESRI Shapefile\", ...)\n"
           "  --layer-name NAME  name of the layer written (ogr2ogr -nln)\n"
           "  --overwrite        replace an existing layer (or file) of that name\n"
           "  --append           add the features to an existing layer of that name\n"
           "                     (with neither, an existing layer is an error)\n"
           "  --lco NAME=VALUE   layer creation option passed to GDAL, repeatable (ogr2ogr -lco), e.g.\n"
           "                     COORDINATE_PRECISION=5 (GeoJSON; default 7 decimals in degrees)\n"
           "  --dsco NAME=VALUE  dataset creation option passed to GDAL, repeatable (ogr2ogr -dsco)\n"
           "  --raw-csv          write CSV text cells as they are; by default a cell starting with\n"
           "                     =, +, -, @, a tab or a carriage return (a name such as\n"
           "                     =HYPERLINK(...), which a spreadsheet would run as a formula) gets\n"
           "                     a leading ' (plain numbers such as -3.5 are left alone)\n";
}

io::vector_write_options write_options(const arguments& args) {
    io::vector_write_options o;
    if (args.has("overwrite") && args.has("append"))
        throw usage_error("--overwrite and --append exclude each other: replace the layer or add to it");
    o.mode = args.has("overwrite") ? io::write_mode::overwrite
             : args.has("append")  ? io::write_mode::append
                                   : io::write_mode::create;
    o.format = args.get("format");
    o.layer_name = args.get("layer-name");
    if (args.has("layer-name") && o.layer_name.empty()) throw usage_error("--layer-name needs a name");
    o.layer_options = args.all("lco");
    o.dataset_options = args.all("dsco");
    o.raw_csv = args.has("raw-csv");
    return o;
}

void protect(io::vector_write_options& options, const io::atlas_manifest& manifest) {
    const auto files = manifest.input_files();
    options.protected_inputs.insert(options.protected_inputs.end(), files.begin(), files.end());
    for (const auto& l : manifest.layers)
        options.input_layers.push_back({l.path, l.layer});
}

void protect(io::vector_write_options& options, const std::string& dataset, const std::string& layer) {
    options.protected_inputs.push_back(dataset);
    options.input_layers.push_back({dataset, layer});
}

void check_distinct_outputs(const std::vector<std::pair<std::string, std::string>>& outputs,
                            const io::vector_write_options& options) {
    for (std::size_t i = 0; i < outputs.size(); ++i) {
        for (std::size_t j = i + 1; j < outputs.size(); ++j) {
            const auto& [a_option, a] = outputs[i];
            const auto& [b_option, b] = outputs[j];
            bool clash = a == b;
            const int fa = io::descriptor_name(a), fb = io::descriptor_name(b);
            if (fa >= 0 || fb >= 0) clash = clash || fa == fb;
            std::string shared = a;
            if (!clash && !io::is_gdal_name(a) && !io::is_gdal_name(b)) {
                const bool a_csv = io::writes_plain_csv(a, options.format), b_csv = io::writes_plain_csv(b, {});
                for (const auto& fa_file : io::output_files(a, options, a_csv))
                    for (const auto& fb_file : io::output_files(b, {}, b_csv))
                        if (!clash && io::same_file(fa_file, fb_file)) {
                            clash = true;
                            shared = fa_file;
                        }
            }
            if (clash)
                throw usage_error(a_option + " and " + b_option + " both write '" + shared +
                                  "'; give each output its own name");
        }
    }
}

std::ostream& messages(const std::vector<std::string>& outputs, std::ostream& out, std::ostream& err) {
    for (const auto& o : outputs)
        if (io::descriptor_name(o) == 1 || o == "/vsistdout/") return err;
    return out;
}

namespace {
std::string qgis_method(analysis::classification_method m) {
    switch (m) {
    case analysis::classification_method::quantiles:
        return "Quantile";
    case analysis::classification_method::equal_interval:
        return "EqualInterval";
    case analysis::classification_method::fisher_jenks:
        return "Jenks";
    case analysis::classification_method::std_deviation:
        return "StdDev";
    default:
        return "Custom";
    }
}
} // namespace

io::layer_style graduated_style(const std::string& field, const analysis::classification& c,
                                const std::string& palette) {
    io::layer_style s;
    s.kind = io::layer_style::renderer::graduated;
    s.field = field;
    s.method = qgis_method(c.method);
    const auto colours = render::palette(palette, c.classes());
    for (std::size_t i = 0; i < c.classes(); ++i)
        s.classes.push_back({c.breaks[i], c.breaks[i + 1], {}, c.labels[i], render::to_hex(colours[i])});
    s.description = "coopatlas: " + std::to_string(c.classes()) + " " + analysis::to_string(c.method) + " classes of " +
                    field + ", palette " + palette;
    return s;
}

std::optional<io::layer_style> default_style(const io::feature_table& table, const std::string& field) {
    std::size_t k = table.fields.size();
    for (std::size_t i = 0; i < table.fields.size(); ++i)
        if (table.fields[i].name == field) k = i;
    if (k == table.fields.size()) return std::nullopt;
    std::vector<double> values;
    for (const auto& row : table.rows) {
        if (k >= row.size()) continue;
        if (const auto* d = std::get_if<double>(&row[k]); d && std::isfinite(*d)) values.push_back(*d);
        if (const auto* n = std::get_if<long long>(&row[k])) values.push_back(static_cast<double>(*n));
    }
    if (values.empty()) return std::nullopt;
    return graduated_style(field, analysis::classify(values, analysis::classification_method::quantiles, 5));
}

io::layer_style lisa_style() {
    // GeoDa's LISA cluster map colours
    io::layer_style s;
    s.kind = io::layer_style::renderer::categorized;
    s.field = "cluster";
    s.classes = {{0, 0, "HH", "High-High", "#ff0000"},       {0, 0, "LL", "Low-Low", "#0000ff"},
                 {0, 0, "LH", "Low-High", "#a7adf9"},        {0, 0, "HL", "High-Low", "#f4ada8"},
                 {0, 0, "ns", "Not significant", "#eeeeee"}, {0, 0, "island", "No neighbour", "#999999"}};
    s.description = "coopatlas: LISA clusters (local Moran's I), GeoDa colours";
    return s;
}

} // namespace coopatlas::cli
