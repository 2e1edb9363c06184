#pragma once
// Writing a vector output through GDAL, in three parts that share what is declared here:
// vector_output_check.cpp looks into an existing dataset before any work;
// vector_layer_writer.cpp writes a layer, its style and a shapefile's sidecars into an open
// dataset; vector_writer.cpp writes that dataset to a GDAL name, a stream or a local file.
// The rules that need no GDAL are in io/vector_output.hpp.

#include <coopatlas/io/layer_style.hpp>
#include <coopatlas/io/vector_writer.hpp>

#include "io/gdal/gdal_util.hpp"
#include "io/vector_output.hpp"

#include <cpl_error.h>
#include <cpl_string.h>

#include <filesystem>
#include <optional>
#include <string>

namespace coopatlas::io::detail {

// Keeps GDAL's warnings (laundered names, truncated values) off the terminal while a
// layer is written: what matters is reported by coopatlas itself or raised as an error.
struct quiet_gdal {
    quiet_gdal() { CPLPushErrorHandler(CPLQuietErrorHandler); }
    ~quiet_gdal() { CPLPopErrorHandler(); }
    quiet_gdal(const quiet_gdal&) = delete;
    quiet_gdal& operator=(const quiet_gdal&) = delete;
};

// --- An existing dataset (vector_output_check.cpp)

void check_input_layers(GDALDataset& ds, const std::string& dataset, const std::string& layer,
                        const vector_write_options& options);
GDALDatasetUniquePtr open_existing(const std::string& name, const std::string& driver, bool update);

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
