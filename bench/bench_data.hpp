#pragma once
// Inputs shared by the benchmark programs: the peers' data files, loaded once.

#include <coopatlas/geometry/geometry.hpp>
#include <coopatlas/io/vector_writer.hpp>

#include <string>
#include <vector>

namespace coopatlas::bench {

/// The study LAEA of the peers (W3, W4).
inline const char* study_laea = "+proj=laea +lat_0=36 +lon_0=-4 +datum=WGS84 +units=m +no_defs";

/// Folder of the peers' data: $COOPATLAS_PEERS/data, else the configured default.
std::string data_dir();
/// data_dir() + "/" + name; throws coopatlas::error naming setup.sh when the file is missing.
std::string data_file(const std::string& name);

/// The 113 study polygons (layer study of study.gpkg), lon/lat, in layer order.
const io::feature_table& study_polygons();
/// Just their geometries (an empty multipolygon for a feature without one).
const std::vector<geometry::multi_polygon>& study_geometries();

} // namespace coopatlas::bench
