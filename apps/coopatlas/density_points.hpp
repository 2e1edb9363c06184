#pragma once
// The points that 'coopatlas density --kde|--grid' analyses (partnership ends or a CSV
// table), the equal-area CRS it projects them to and the extent of the grid. Shared
// with the Python module, so that both compute the same surface from the same input.

#include <coopatlas/analysis/filter.hpp>
#include <coopatlas/geometry/geometry.hpp>
#include <coopatlas/geometry/projection.hpp>
#include <coopatlas/model/atlas.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace coopatlas::cli {

/// The points to analyse, lon/lat, with weights (empty when unweighted) and where they come from.
struct point_input {
    std::vector<geometry::point> lonlat;
    std::vector<double> weights;
    std::string what;                 // "partnership ends (…)" or the file
    std::vector<std::string> inputs;  // files never to overwrite
    std::size_t ends = 0;             // partnership ends looked at (atlas points only)
    std::size_t without_location = 0; // of which left out: no location
};

/// The rows of a CSV table (lon/lat columns; empty names = the usual column names), with
/// an optional weight column.
point_input points_from_file(const std::string& path, const std::string& x_column, const std::string& y_column,
                             const std::string& weight_column);

/// Both parties of each selected partnership, at their representative point; `weight` is
/// empty (unweighted) or "count" (each end weighs the record's count). Throws
/// coopatlas::error for any other weight.
point_input partnership_ends(const model::atlas& atlas, const analysis::filter& f, const std::string& weight);

/// Lambert azimuthal equal-area centred on the median longitude and latitude of the points.
std::string default_crs(const std::vector<geometry::point>& lonlat);

/// Bounds of every vertex of a vector layer, projected (a GIS "reproject, then total
/// bounds"); throws coopatlas::error when the layer has no geometry.
geometry::box layer_extent(const std::string& path, const std::string& layer, const geometry::projection& proj);

/// The default extent of a surface: the bounds of the finite projected points, grown by
/// `pad` on every side, leaving out remote points (a partnership end in Madagascar would
/// stretch a map of France and Morocco over half the globe). A point is remote when it lies
/// farther from the median centre (the coordinate-wise median of the points) than
/// `outlier_factor` times the median distance of the points to that centre; 0 keeps every
/// point. Throws coopatlas::error when there is no point.
struct points_extent_result {
    geometry::box box{};
    geometry::box all{};         // the bounds of every point, grown by the same pad
    std::size_t left_out = 0;    // remote points outside `box`
    double median_distance = 0;  // CRS units
};
constexpr double default_outlier_factor = 6;
points_extent_result points_extent(const std::vector<geometry::point>& projected, double pad,
                                   double outlier_factor = default_outlier_factor);

/// The points (and their weights, when any) whose projection is finite.
void finite_points(const std::vector<geometry::point>& projected, const std::vector<double>& weights,
                   std::vector<geometry::point>& usable, std::vector<double>& usable_weights);

} // namespace coopatlas::cli
