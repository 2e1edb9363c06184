#pragma once
// The geometries of one layer of a local vector file, kept in the atlas cache
// (io::atlas_cache_dir) and read back while the file does not change: a map's context
// layer (the disputed boundaries beside the countries) then costs no GDAL open. Private to
// the library.

#include <coopatlas/geometry/geometry.hpp>

#include <string>
#include <vector>

namespace coopatlas::io::detail {

// io::read_vector(source, {layer}).geometries, from the cache when it holds them; throws as
// read_vector does.
std::vector<geometry::geometry> layer_geometries(const std::string& source, const std::string& layer);

} // namespace coopatlas::io::detail
