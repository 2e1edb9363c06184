# Every dependency is found through its own CMake package or pkg-config file;
# nothing is vendored.
find_package(GDAL CONFIG REQUIRED)
find_package(GEOS 3.10 CONFIG REQUIRED)
find_package(PROJ CONFIG REQUIRED)
find_package(Boost 1.74 REQUIRED)
find_package(yaml-cpp CONFIG REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(CAIRO REQUIRED IMPORTED_TARGET cairo>=1.16)
pkg_check_modules(PANGOCAIRO REQUIRED IMPORTED_TARGET pangocairo>=1.44)
# the font configuration Pango matches against, loaded by the renderer itself
pkg_check_modules(FONTCONFIG REQUIRED IMPORTED_TARGET fontconfig>=2.13)
# Unicode normalisation and case folding of names (NFC/NFKC)
pkg_check_modules(UTF8PROC REQUIRED IMPORTED_TARGET libutf8proc>=2.5)
# the deflate stream of PNG images (the library GDAL's PNG driver uses)
pkg_check_modules(LIBDEFLATE REQUIRED IMPORTED_TARGET libdeflate>=1.7)
