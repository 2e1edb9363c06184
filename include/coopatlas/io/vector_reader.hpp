#pragma once
/// \file
/// \brief Reading any GDAL vector layer (features, attributes, geometry) into a
/// feature_table, the same in-memory form io::write_vector() takes.
///
/// Unlike read_entity_layer(), no schema is expected: every attribute field is
/// kept with its type, so that a user's own polygons (a statistics grid, a study
/// area) can be used as they are.
///
/// Thread safety: may be called concurrently.

#include <coopatlas/config.hpp>
#include <coopatlas/io/vector_writer.hpp>

#include <string>

namespace coopatlas::io {

/// \brief Which features to read and in which CRS.
struct vector_read_options {
    std::string layer{};       ///< layer name; empty = the first layer
    std::string where{};       ///< OGR SQL attribute filter, e.g. "adm0_a3 IN ('FRA','MAR')"
    /// CRS to transform the geometries to ("EPSG:4326", a PROJ string); empty keeps the
    /// layer's own. Axis order is always longitude/easting first.
    std::string target_crs = "EPSG:4326";
};

/// \brief Reads the features of a layer in layer order. Integer fields become
/// integers, real fields reals, every other type text; nulls stay null. Polygons are
/// read as closed, oriented multipolygons. `crs` of the result is `target_crs`, or the
/// layer's CRS as WKT when kept. Throws input_error naming the file when it cannot
/// be opened, the layer is absent (listing the layers) or the filter is invalid.
COOPATLAS_API feature_table read_vector(const std::string& path, const vector_read_options& options = {});

} // namespace coopatlas::io
