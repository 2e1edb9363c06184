#pragma once
/// \file
/// \brief Writing single-band Float32 rasters (density surfaces) as GeoTIFF through GDAL.
///
/// The file is written beside the target and renamed into place (never over an
/// input); the CRS and the geotransform are stored so that any GIS places the
/// grid correctly.
///
/// Thread safety: may be called concurrently for different targets.

#include <coopatlas/config.hpp>

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace coopatlas::io {

/// \brief One band of Float32 cells, row 0 north, with its georeferencing.
struct COOPATLAS_API raster {
    std::size_t columns = 0;
    std::size_t rows = 0;
    double west = 0;         ///< x of the western edge of column 0
    double north = 0;        ///< y of the northern edge of row 0
    double cell_width = 0;   ///< > 0
    double cell_height = 0;  ///< > 0 (rows go south)
    std::string crs{};       ///< anything GDAL/PROJ accepts; empty = none
    std::vector<float> values{};         ///< rows × columns
    std::optional<double> nodata{};
    std::string description{};           ///< band description (what the values are)
    std::map<std::string, std::string> metadata{};  ///< dataset metadata items (method, units, …)
};

/// \brief Compression and threading of the GeoTIFF.
struct raster_write_options {
    std::string compression = "DEFLATE";  ///< GTiff COMPRESS value; "NONE" for none
    bool float_predictor = true;          ///< PREDICTOR=3 (floating-point), smaller files
    unsigned threads = 0;                 ///< compression threads; 0 = all CPUs
};

/// \brief Writes a raster as a GeoTIFF. Throws coopatlas::error with GDAL's message,
/// or when the values do not match columns × rows or the CRS is unknown.
COOPATLAS_API void write_geotiff(const std::string& path, const raster& r, const raster_write_options& options = {},
                                 const std::vector<std::string>& protected_inputs = {});

/// \brief Reads band 1 of any GDAL raster as Float32 with its georeferencing (a
/// north-up geotransform is required); `crs` is returned as WKT. Throws input_error.
COOPATLAS_API raster read_raster(const std::string& path);

} // namespace coopatlas::io
