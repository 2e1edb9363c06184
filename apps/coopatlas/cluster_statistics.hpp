#pragma once
// What 'coopatlas clusters' computes once its input is read: the units analysed (a
// finite value and a location), their spatial weights, global Moran's I, local Moran,
// Getis-Ord Gi* and the spatial lag of the field. Shared with the Python module, so
// that both give the same statistics for the same features.

#include <coopatlas/analysis/autocorrelation.hpp>
#include <coopatlas/analysis/weights.hpp>
#include <coopatlas/geometry/geometry.hpp>

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace coopatlas::cli {

struct input_layer;

/// How the weights are built and the permutation tests run.
struct cluster_options {
    std::string weights = "queen"; // queen, rook or knn
    std::size_t k = 6;             // neighbours for knn
    double snap = 0;               // snapping tolerance in degrees (contiguity)
    bool binary = false;           // keep binary weights (else row-standardised)
    analysis::autocorrelation_options test{};
};

/// Throws input_error (field "weights") unless the kind is queen, rook or knn.
void check_weights(const std::string& kind);

/// The statistics of the units analysed, in input order of those units.
struct cluster_statistics {
    std::vector<std::size_t> kept; // input positions of the units analysed
    std::size_t without_value = 0;
    std::size_t without_geometry = 0;
    std::vector<double> values; // of the kept units
    analysis::spatial_weights weights;
    analysis::global_moran global;
    analysis::local_moran local;
    analysis::getis_ord gi;
    std::vector<double> lag; // spatial lag of the field itself (the neighbours' mean when row-standardised)
};

/// Where a feature sits in the input, for messages: its file, and its line or number.
struct feature_place {
    std::string path;
    std::function<long(std::size_t)> where;
};

/// Computes the statistics of the features with a finite value and a geometry. Throws
/// input_error naming the feature (by `labels` and `place`) when contiguity weights
/// meet a feature that is not a polygon, and coopatlas::error from the statistics.
cluster_statistics compute_clusters(const std::vector<double>& all_values,
                                    const std::vector<geometry::geometry>& geometries,
                                    const std::vector<std::string>& labels, const feature_place& place,
                                    const cluster_options& options);

/// Locations of the features from coordinate columns, for a CSV without geometry
/// (empty names: lon/longitude/lng/x and lat/latitude/y). False when the columns are absent.
bool points_from_columns(const input_layer& in, const std::string& x, const std::string& y,
                         std::vector<geometry::geometry>& out);

} // namespace coopatlas::cli
