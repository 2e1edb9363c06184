#pragma once
// The functions the GDAL module serves (io/gdal_module.hpp), one per file of this folder;
// module.cpp hands their addresses to libcoopatlas.

#include "io/gdal_module.hpp"

namespace coopatlas::io::gdal {

// entity_layer.cpp
std::vector<model::entity> read_entity_layer(const layer_spec& spec, std::vector<diagnostic>* problems);
std::vector<std::string> list_layers(const std::string& path);
// vector_reader.cpp
feature_table read_vector(const std::string& path, const vector_read_options& options);
// vector_writer.cpp
write_result write_vector(const std::string& dataset, const feature_table& table, const vector_write_options& options);
// vector_output_check.cpp
std::string vector_driver(const std::string& format);
void check_existing_output(const std::string& dataset, const vector_write_options& options, const std::string& driver,
                           const std::string& layer, bool local);
// raster_writer.cpp
void write_geotiff(const std::string& path, const raster& r, const raster_write_options& options,
                   const std::vector<std::string>& protected_inputs);
raster read_raster(const std::string& path);
// spreadsheet.cpp
std::vector<std::string> list_sheets(const std::string& path);
csv_table read_sheet(const std::string& path, const std::string& sheet);
// wkt.cpp
geometry::geometry parse_wkt(const std::string& wkt);

} // namespace coopatlas::io::gdal
