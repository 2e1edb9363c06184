#pragma once
/// \file
/// \brief Fast reading of large point tables (CSV with coordinate columns).
///
/// Built for millions of rows: the file is read in one block and split at line
/// boundaries between threads; numbers are parsed with std::from_chars. Quoted
/// fields (a place name holding a comma) are read correctly, at a slower pace for
/// the lines that have them.
///
/// Thread safety: read_point_table() may be called concurrently on different files.

#include <coopatlas/config.hpp>
#include <coopatlas/geometry/geometry.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace coopatlas::io {

/// \brief Which columns hold the coordinates and the optional weight.
struct point_table_options {
    /// Longitude / easting column; empty = the first of lon, longitude, lng, x (any case).
    std::string x_column{};
    /// Latitude / northing column; empty = the first of lat, latitude, y (any case).
    std::string y_column{};
    /// Weight column; empty = no weights.
    std::string weight_column{};
    char separator = 0;  ///< ',', ';' or '\t'; 0 = detected from the header line
    /// Worker threads; 0 = std::thread::hardware_concurrency().
    unsigned threads = 0;
};

/// \brief Points read from a table, in file order.
struct COOPATLAS_API point_table {
    std::string path;
    std::string x_column;              ///< column actually used
    std::string y_column;
    std::string weight_column;         ///< empty when no weights were read
    std::vector<geometry::point> points;
    std::vector<double> weights;       ///< one per point when weight_column is set, else empty
};

/// \brief Reads every row of a CSV file (UTF-8, optional BOM, LF or CRLF; blank
/// lines skipped). Throws input_error naming the line and column of a missing
/// column, a field that is not a finite number, or a row with too few fields.
COOPATLAS_API point_table read_point_table(const std::string& path, const point_table_options& options = {});

} // namespace coopatlas::io
