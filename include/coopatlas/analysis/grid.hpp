#pragma once
/// \file
/// \brief Aggregation of points on a regular grid of squares or hexagons in a
/// projected (equal-area) CRS: how many points, and how much weight, per cell.
///
/// Grids are anchored at the CRS origin, so the same cell size always gives the
/// same cells whatever the points. Cell rule: squares are half-open,
/// [x0, x0 + s) × [y0, y0 + s) (a point on a shared edge goes east / north);
/// hexagons hold the points nearest their centre (cube rounding), ties broken
/// by that rounding.
///
/// Hexagons are pointy-topped; `cell_size` is the distance between the centres of
/// two neighbours in a row (= the width across flat sides), so a hexagon's area is
/// √3/2 · s² and its side s/√3. Odd rows are shifted east by s/2 ("odd-r" offset
/// coordinates).
///
/// Thread safety: pure functions.

#include <coopatlas/config.hpp>
#include <coopatlas/geometry/geometry.hpp>

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace coopatlas::analysis {

/// \brief Shape of the cells.
enum class grid_shape { square, hexagon };

/// \brief "square", "hex"/"hexagon"; throws coopatlas::error otherwise.
COOPATLAS_API grid_shape parse_grid_shape(std::string_view name);
COOPATLAS_API std::string to_string(grid_shape s);

/// \brief One cell with what fell in it.
struct grid_cell {
    long long column = 0;       ///< east-west index (offset coordinates for hexagons)
    long long row = 0;          ///< south-north index
    geometry::point centre{};   ///< in the projected CRS
    std::size_t count = 0;      ///< points in the cell
    double weight = 0;          ///< sum of their weights (= count without weights)
};

/// \brief Cells of a grid aggregation, sorted by row then column.
struct COOPATLAS_API grid_aggregation {
    grid_shape shape = grid_shape::square;
    double cell_size = 0;
    double cell_area = 0;            ///< planar area of one cell, CRS units²
    std::vector<grid_cell> cells{};
    std::size_t points = 0;          ///< points aggregated
};

/// \brief Planar area of one cell: s² (square) or √3/2 · s² (hexagon).
COOPATLAS_API double cell_area(grid_shape shape, double cell_size);

/// \brief Centre of the cell at (column, row).
COOPATLAS_API geometry::point cell_centre(grid_shape shape, double cell_size, long long column, long long row);

/// \brief The (column, row) of the cell holding a point.
COOPATLAS_API std::pair<long long, long long> cell_of(grid_shape shape, double cell_size, const geometry::point& p);

/// \brief Outline of a cell (closed counter-clockwise ring), in the projected CRS.
COOPATLAS_API geometry::multi_polygon cell_outline(grid_shape shape, double cell_size, long long column,
                                                   long long row);

/// \brief Counts points (projected) per cell, with optional weights (empty = 1 each).
/// Only cells holding a point are returned, unless `include_empty`: then every cell
/// of the rectangle of columns × rows the points span. Throws coopatlas::error on a
/// cell size that is not positive, weights of the wrong count, or a non-finite point.
COOPATLAS_API grid_aggregation aggregate_on_grid(std::span<const geometry::point> points,
                                                 std::span<const double> weights, grid_shape shape, double cell_size,
                                                 bool include_empty = false);

} // namespace coopatlas::analysis
