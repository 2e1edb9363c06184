#pragma once
// What coopatlas reads and writes through GDAL is served by a module of its own: GDAL and
// the hundred-odd libraries it links are loaded the first time one of these functions is
// called, so that a command that never touches GDAL (an atlas loaded from its snapshot,
// maps and tables written by coopatlas itself, --version) starts without them.
//
// A shared libcoopatlas finds the module beside itself (libcoopatlas_gdal.so); a static
// libcoopatlas holds the module's code and calls it directly. The public functions that
// GDAL serves (read_entity_layer, read_vector, write_vector, ...) call through gdal().

#include <coopatlas/error.hpp>
#include <coopatlas/geometry/geometry.hpp>
#include <coopatlas/io/csv.hpp>
#include <coopatlas/io/entity_layer.hpp>
#include <coopatlas/io/raster_writer.hpp>
#include <coopatlas/io/vector_reader.hpp>
#include <coopatlas/io/vector_writer.hpp>
#include <coopatlas/model/entity.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace coopatlas::io::detail {

/// The module's functions, by address. A module is used only when `version` and `size`
/// are those this library was built with.
struct gdal_functions {
    const char* version;
    std::size_t size;

    std::vector<model::entity> (*read_entity_layer)(const layer_spec& spec, std::vector<diagnostic>* problems);
    std::vector<std::string> (*list_layers)(const std::string& path);
    feature_table (*read_vector)(const std::string& path, const vector_read_options& options);
    write_result (*write_vector)(const std::string& dataset, const feature_table& table,
                                 const vector_write_options& options);
    // GDAL's name of the vector driver `format` names; throws usage_error when there is none.
    std::string (*vector_driver)(const std::string& format);
    // The checks of an output into an existing multi-layer file or database (`local`: a
    // file, which must open): the layer is not read and, unless replaced or appended to,
    // does not exist yet. An empty `driver` lets GDAL tell.
    void (*check_existing_output)(const std::string& dataset, const vector_write_options& options,
                                  const std::string& driver, const std::string& layer, bool local);
    void (*write_geotiff)(const std::string& path, const raster& r, const raster_write_options& options,
                          const std::vector<std::string>& protected_inputs);
    raster (*read_raster)(const std::string& path);
    std::vector<std::string> (*list_sheets)(const std::string& path);
    csv_table (*read_sheet)(const std::string& path, const std::string& sheet);
    geometry::geometry (*parse_wkt)(const std::string& wkt);
};

/// The module, loaded on the first call (thread-safe). Throws std::runtime_error (a broken
/// installation, not bad input) when it cannot be loaded or is from another version.
const gdal_functions& gdal();

} // namespace coopatlas::io::detail

/// The module's one entry point (the name looked up in libcoopatlas_gdal.so).
extern "C" const coopatlas::io::detail::gdal_functions* coopatlas_gdal_functions();
