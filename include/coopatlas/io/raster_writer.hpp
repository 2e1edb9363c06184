#pragma once
/// \file
/// \brief Writing single-band Float32 rasters (density surfaces) as GeoTIFF through GDAL.
///
/// The file is written beside the target and renamed into place (never over an
/// input, nor over a sidecar of one); the CRS and the geotransform are stored so that
/// any GIS places the grid correctly.
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

/// \brief Layout, compression and threading of the GeoTIFF.
struct raster_write_options {
    std::string format = "GTiff";         ///< "GTiff", or "COG" (Cloud Optimized GeoTIFF, GDAL's COG driver)
    std::string compression = "DEFLATE";  ///< COMPRESS value; "NONE" for none
    bool float_predictor = true;          ///< PREDICTOR=3 (floating-point), smaller files
    unsigned threads = 0;                 ///< compression threads; 0 = all CPUs
    unsigned tile = 256;                  ///< tiles of tile × tile cells; 0 = strips
    bool overviews = true;                ///< reduced-resolution copies (averages), halving until a tile holds the whole raster
    std::vector<std::string> creation_options{};  ///< NAME=VALUE passed to the driver, over the above
};

/// \brief Writes a raster as a GeoTIFF (tiled, compressed, with overviews and the
/// band's nodata value) or a Cloud Optimized GeoTIFF. The file is written beside the
/// target and renamed into place (a symbolic link is written through; standard output,
/// a FIFO or a device receive the finished file); an existing file is replaced. Throws
/// coopatlas::error with GDAL's message, or when the values do not match columns × rows
/// or the CRS is unknown, and usage_error for an unknown format or creation option form.
COOPATLAS_API void write_geotiff(const std::string& path, const raster& r, const raster_write_options& options = {},
                                 const std::vector<std::string>& protected_inputs = {});

/// \brief Reads band 1 of any GDAL raster as Float32 with its georeferencing (a
/// north-up geotransform is required); `crs` is returned as WKT. Throws input_error.
COOPATLAS_API raster read_raster(const std::string& path);

} // namespace coopatlas::io
