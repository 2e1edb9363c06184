#pragma once
// Private helpers at the GDAL boundary: registration, opening with a clear error,
// and conversion of OGR geometries to coopatlas geometry.

#include <coopatlas/geometry/geometry.hpp>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <string>

namespace coopatlas::io::detail {

/// Registers GDAL's drivers once per process.
void ensure_gdal();

/// Opens a vector source read-only; throws input_error with GDAL's message.
GDALDatasetUniquePtr open_vector(const std::string& path);

/// Picks a layer by name (or the first one); throws input_error listing the layers.
OGRLayer* pick_layer(GDALDataset& ds, const std::string& path, const std::string& name);

/// Converts any OGR geometry to the coopatlas variant (polygons become multipolygons).
geometry::geometry from_ogr(const OGRGeometry* g);

/// Builds an OGR geometry from a coopatlas one (caller owns the result).
OGRGeometry* to_ogr(const geometry::geometry& g);

} // namespace coopatlas::io::detail
