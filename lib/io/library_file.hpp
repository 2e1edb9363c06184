#pragma once
// Where the library's code is on disk: the embedded atlas and the GDAL module are found
// from there. Private to the library.

#include <filesystem>

namespace coopatlas::io::detail {

// The file that holds this code: libcoopatlas.so, or the executable a static libcoopatlas
// is linked into. Empty when the platform cannot tell.
std::filesystem::path library_file();

} // namespace coopatlas::io::detail
