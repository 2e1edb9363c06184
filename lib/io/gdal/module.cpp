// The GDAL module's entry point: the addresses of its functions, with the version and
// layout libcoopatlas checks before using them.

#include <coopatlas/version.hpp>

#include "io/gdal/module_functions.hpp"

extern "C" __attribute__((visibility("default"))) const coopatlas::io::detail::gdal_functions*
coopatlas_gdal_functions() {
    namespace g = coopatlas::io::gdal;
    static const coopatlas::io::detail::gdal_functions functions{
        COOPATLAS_VERSION_STRING,
        sizeof(coopatlas::io::detail::gdal_functions),
        &g::read_entity_layer,
        &g::list_layers,
        &g::read_vector,
        &g::write_vector,
        &g::vector_driver,
        &g::check_existing_output,
        &g::write_geotiff,
        &g::read_raster,
        &g::list_sheets,
        &g::read_sheet,
        &g::parse_wkt,
    };
    return &functions;
}
