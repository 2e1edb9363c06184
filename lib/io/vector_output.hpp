#pragma once
// Writing a vector output, in three parts that share what is declared here:
// vector_output_plan.cpp chooses the driver and the files and checks the output before any
// work; vector_layer_writer.cpp writes a layer, its style and a shapefile's sidecars into an
// open dataset; vector_writer.cpp writes that dataset to a GDAL name, a stream or a local
// file. Private to the library.

#include <coopatlas/io/layer_style.hpp>
#include <coopatlas/io/vector_writer.hpp>

#include "io/gdal_util.hpp"

#include <cpl_error.h>
#include <cpl_string.h>

#include <filesystem>
#include <optional>
#include <string>
#include <utility>

namespace coopatlas::io::detail {

// --- Names and drivers (vector_output_plan.cpp)

std::string lower(std::string s);
bool is_shapefile(const std::string& driver);
bool multi_layer_file(const std::string& driver);
bool named_by_file(const std::string& driver);
extern const std::string write_hint;
// A --lco or --dsco option split at its '=' (what: the option's name, for the message).
std::pair<std::string, std::string> name_value(const std::string& option, const char* what);

// Keeps GDAL's warnings (laundered names, truncated values) off the terminal while a
// layer is written: what matters is reported by coopatlas itself or raised as an error.
struct quiet_gdal {
    quiet_gdal() { CPLPushErrorHandler(CPLQuietErrorHandler); }
    ~quiet_gdal() { CPLPopErrorHandler(); }
    quiet_gdal(const quiet_gdal&) = delete;
    quiet_gdal& operator=(const quiet_gdal&) = delete;
};


// --- Checks made before any work (vector_output_plan.cpp)

void check_files(const std::string& dataset, const vector_write_options& options, const std::string& driver,
                 bool plain_csv);
void check_input_layers(GDALDataset& ds, const std::string& dataset, const std::string& layer,
                        const vector_write_options& options);
std::string exists_message(const std::string& layer, const std::string& dataset);
GDALDatasetUniquePtr open_existing(const std::string& name, const std::string& driver, bool update);
void check_options(const std::string& dataset, const vector_write_options& options, const std::string& driver);

// --- Writing a layer into an open dataset (vector_layer_writer.cpp)

struct layer_plan {
    std::string dataset; // as the user named it (for messages)
    std::string driver;
    std::string layer;
    bool append_to_first = false; // a single-layer file being appended to: its one layer
    bool in_transaction = false;  // the dataset's transaction is open (no layer transaction then)
};

OGRLayer* write_layer(GDALDataset& ds, const feature_table& table, const vector_write_options& options,
                      const layer_plan& plan, write_result& result);
std::optional<layer_style> style_for(const vector_write_options& options, const feature_table& table,
                                     const write_result& result);
// Into QGIS's layer_styles table of a PostgreSQL database, a GeoPackage or an SQLite file.
void store_style(GDALDataset& ds, OGRLayer& layer, const std::optional<layer_style>& style, const std::string& driver,
                 const std::string& layer_name);
void write_sidecars(const std::filesystem::path& shp, const std::optional<layer_style>& style,
                    const feature_table& table, const write_result& result);

} // namespace coopatlas::io::detail
