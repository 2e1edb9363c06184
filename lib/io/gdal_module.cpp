// The GDAL module, loaded on first use, and the public functions it serves.

#include "io/gdal_module.hpp"
#include "io/library_file.hpp"

#include <coopatlas/io/spreadsheet.hpp>
#include <coopatlas/version.hpp>

#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>

#ifndef COOPATLAS_GDAL_LINKED
#include <dlfcn.h>
#endif

namespace coopatlas::io {

namespace detail {

namespace {

#ifndef COOPATLAS_GDAL_LINKED
// Beside the file that holds this code (libcoopatlas.so), where the build and the install
// put it; else by its bare name, along the library search path.
std::string module_path() {
    const std::filesystem::path library = library_file();
    return library.empty() ? COOPATLAS_GDAL_MODULE_FILE : (library.parent_path() / COOPATLAS_GDAL_MODULE_FILE).string();
}

const gdal_functions* load_module() {
    const std::string path = module_path();
    const std::string fix = " \xE2\x80\x94 libcoopatlas needs its GDAL module beside it: reinstall coopatlas";
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    // a broken installation, not bad input: std::runtime_error rather than coopatlas::error
    if (!handle) throw std::runtime_error("cannot load coopatlas's GDAL module: " + std::string(dlerror()) + fix);
    using entry_point = const gdal_functions* (*)();
    const auto entry = reinterpret_cast<entry_point>(dlsym(handle, "coopatlas_gdal_functions"));
    const gdal_functions* functions = entry ? entry() : nullptr;
    if (!functions || functions->size != sizeof(gdal_functions) ||
        std::strcmp(functions->version, COOPATLAS_VERSION_STRING) != 0)
        throw std::runtime_error("the GDAL module '" + path + "' is not that of coopatlas " COOPATLAS_VERSION_STRING +
                                 fix);
    return functions; // the module stays loaded: GDAL keeps its drivers until the process ends
}
#endif

} // namespace

const gdal_functions& gdal() {
#ifdef COOPATLAS_GDAL_LINKED
    return *coopatlas_gdal_functions();
#else
    static const gdal_functions* const functions = load_module();
    return *functions;
#endif
}

} // namespace detail

std::vector<model::entity> read_entity_layer(const layer_spec& spec, std::vector<diagnostic>* geometry_problems) {
    return detail::gdal().read_entity_layer(spec, geometry_problems);
}

std::vector<std::string> list_layers(const std::string& path) {
    return detail::gdal().list_layers(path);
}

feature_table read_vector(const std::string& path, const vector_read_options& options) {
    return detail::gdal().read_vector(path, options);
}

write_result write_vector(const std::string& dataset, const feature_table& table, const vector_write_options& options) {
    return detail::gdal().write_vector(dataset, table, options);
}

void write_geotiff(const std::string& path, const raster& r, const raster_write_options& options,
                   const std::vector<std::string>& protected_inputs) {
    detail::gdal().write_geotiff(path, r, options, protected_inputs);
}

raster read_raster(const std::string& path) {
    return detail::gdal().read_raster(path);
}

std::vector<std::string> list_sheets(const std::string& path) {
    return detail::gdal().list_sheets(path);
}

csv_table read_sheet(const std::string& path, const std::string& sheet) {
    return detail::gdal().read_sheet(path, sheet);
}

} // namespace coopatlas::io
