#pragma once
/// \file
/// \brief Kernel density estimation of points on a raster grid (a density surface).
///
/// Points are in a projected (equal-area) CRS; the result at every cell centre is
/// the sum over points of weight × kernel(distance), in weight per `unit_area`
/// (per km² when the CRS is in metres and unit_area is 1e6).
///
/// Kernels (h = bandwidth, d = distance):
/// - gaussian: K(d) = exp(-d² / 2h²) / (2π h²); h is the standard deviation.
/// - quartic (biweight, as in QGIS's heatmap): K(d) = 3 / (π h²) · (1 - d²/h²)² for
///   d < h, else 0; h is the radius of the support.
/// Both integrate to 1 over the plane.
///
/// Gaussian evaluation: the kernel is separable, so each point contributes an outer
/// product of a column profile and a row profile, both computed with an exact
/// multiplicative recurrence (three exp() per point and axis). The profiles are cut
/// at a radius r = c·h chosen so that the dropped mass cannot exceed `tolerance` ×
/// the peak: at any cell the omitted terms sum to at most
/// `unit_area/(2πh²) · Σw · exp(-c²/2)` (one factor of every dropped term is at most
/// exp(-c²/2), the other at most 1), and c is the smallest value making this at most
/// tolerance × a lower bound of the peak (the largest weight of a point inside the
/// grid times the kernel at half a cell's diagonal). The bound is returned with the
/// surface. With tolerance 0 the profiles run to 37h, where exp() leaves the normal
/// double range. Quartic is exact (finite support).
///
/// Thread safety: pure function; uses up to `threads` threads internally.

#include <coopatlas/config.hpp>
#include <coopatlas/geometry/geometry.hpp>

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace coopatlas::analysis {

/// \brief Shape of the kernel.
enum class kernel_shape { gaussian, quartic };

/// \brief "gaussian", "quartic" (also "biweight"); throws coopatlas::error otherwise.
COOPATLAS_API kernel_shape parse_kernel_shape(std::string_view name);
COOPATLAS_API std::string to_string(kernel_shape k);

/// \brief A raster of `columns` × `rows` cells covering [min_x, max_x] × [min_y, max_y];
/// row 0 is the northern one (GeoTIFF order), cell values stand for cell centres.
struct COOPATLAS_API raster_grid {
    double min_x = 0, min_y = 0, max_x = 0, max_y = 0;
    std::size_t columns = 0, rows = 0;

    [[nodiscard]] double cell_width() const noexcept { return (max_x - min_x) / static_cast<double>(columns); }
    [[nodiscard]] double cell_height() const noexcept { return (max_y - min_y) / static_cast<double>(rows); }
    /// Centre of a column (west to east) and of a row (north to south).
    [[nodiscard]] double x(std::size_t column) const noexcept;
    [[nodiscard]] double y(std::size_t row) const noexcept;

    /// Square cells of side `cell` from the box's south-west corner; the box is
    /// extended east and north to a whole number of cells. Throws on a bad size.
    static raster_grid with_cell_size(const geometry::box& extent, double cell);
    /// Exactly `columns` × `rows` cells over the box. Throws on an empty box or size.
    static raster_grid with_size(const geometry::box& extent, std::size_t columns, std::size_t rows);
};

/// \brief Options of kernel_density().
struct kde_options {
    kernel_shape kernel = kernel_shape::gaussian;
    double bandwidth = 0;       ///< h, in CRS units (metres)
    double tolerance = 1e-7;    ///< bound on the truncation error relative to the peak (gaussian); 0 = none
    double unit_area = 1e6;     ///< output per this many CRS units² (1e6 m² = per km²)
    unsigned threads = 0;       ///< 0 = hardware concurrency
};

/// \brief A density surface and how it was computed.
struct COOPATLAS_API kde_result {
    raster_grid grid{};
    std::vector<double> values{};   ///< rows × columns, row 0 north
    double peak = 0;                ///< largest value
    double total_weight = 0;        ///< Σw over all points (inside the grid or not)
    double cutoff = 0;              ///< radius beyond which contributions were dropped (CRS units)
    double error_bound = 0;         ///< bound on the absolute truncation error at any cell (output units)

    [[nodiscard]] double at(std::size_t row, std::size_t column) const noexcept {
        return values[row * grid.columns + column];
    }
};

/// \brief Kernel density of points (projected coordinates) with optional
/// non-negative weights (empty = 1 each). Throws coopatlas::error on a bandwidth
/// that is not positive, an empty grid, weights of the wrong count, or a negative
/// or non-finite weight.
COOPATLAS_API kde_result kernel_density(std::span<const geometry::point> points, std::span<const double> weights,
                                        const raster_grid& grid, const kde_options& options);

} // namespace coopatlas::analysis
