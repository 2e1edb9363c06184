#pragma once
/// \file
/// \brief Spatial weights: who neighbours whom, for spatial autocorrelation.
///
/// Contiguity weights come from polygon topology computed by GEOS (queen: the
/// units share at least one boundary point; rook: they share a border of
/// positive length); k-nearest-neighbour weights from geodesic distances between
/// representative points. Coordinates are lon/lat degrees (WGS 84).
///
/// Thread-safety: the functions are pure (each call owns its GEOS context) and
/// may run concurrently; a spatial_weights object is a plain value.

#include <coopatlas/config.hpp>
#include <coopatlas/geometry/geometry.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace coopatlas::analysis {

/// \brief Sparse weights matrix W: row i lists the neighbours j of unit i with w_ij.
///
/// Neighbour lists are sorted by index and never contain i itself. Contiguity
/// weights are symmetric; k-nearest-neighbour weights in general are not.
struct COOPATLAS_API spatial_weights {
    std::vector<std::vector<std::size_t>> neighbours; ///< neighbours[i]: indices j, ascending
    std::vector<std::vector<double>> weights;         ///< weights[i][n]: w_ij for j = neighbours[i][n]
    std::string kind;                                 ///< "queen", "rook", "knn-6", … (for reports)
    bool row_standardised = false;

    /// Number of units.
    [[nodiscard]] std::size_t size() const noexcept { return neighbours.size(); }
    /// Units without any neighbour, ascending.
    [[nodiscard]] std::vector<std::size_t> islands() const;
    /// S0: the sum of all weights.
    [[nodiscard]] double sum() const noexcept;
    /// Mean number of neighbours per unit.
    [[nodiscard]] double mean_neighbours() const noexcept;
    /// Whether w_ij == w_ji for every pair.
    [[nodiscard]] bool symmetric() const;
    /// Divides each row by its sum, so that every non-island row sums to 1; islands keep an empty row.
    void row_standardise();

    /// Binary weights (w_ij = 1) from neighbour lists, which are sorted and
    /// cleared of self-references and duplicates. Throws coopatlas::error on an
    /// index out of range.
    static spatial_weights from_neighbours(std::vector<std::vector<std::size_t>> lists, std::string kind = "custom");
};

/// \brief Contiguity rule.
enum class contiguity {
    queen, ///< a shared boundary point is enough
    rook,  ///< a shared border of positive length is needed
};

/// \brief Options of contiguity_weights().
struct contiguity_options {
    contiguity rule = contiguity::queen;
    /// Snapping tolerance in degrees for borders that do not match exactly
    /// (gaps, slivers, different vertices): 0 means exact topology. With a
    /// tolerance, units closer than it are queen neighbours, and rook neighbours
    /// when the part of one boundary within the tolerance of the other unit is
    /// longer than 4 × tolerance (a corner contact gives about 2 × tolerance).
    double snap_tolerance = 0;
};

/// \brief Binary contiguity weights between areal units (lon/lat multipolygons).
///
/// Candidate pairs come from an R-tree of the units' envelopes (enlarged by the
/// tolerance); each candidate pair is decided by GEOS (DE-9IM relate, or distance
/// and boundary length within the tolerance). Invalid polygons are repaired with
/// GEOS MakeValid first; overlapping units count as rook neighbours. A unit with
/// no polygon is an island. Throws coopatlas::error on a GEOS failure.
COOPATLAS_API spatial_weights contiguity_weights(const std::vector<geometry::multi_polygon>& units,
                                                 const contiguity_options& options = {});

/// \brief Binary k-nearest-neighbour weights by geodesic (WGS 84) distance.
///
/// Exact: candidates from an R-tree are refined by geodesic distance within a
/// conservative lon/lat window. Ties are broken by index, so the result is
/// reproducible. With k >= n every other unit is a neighbour. Throws
/// coopatlas::error when k is 0.
COOPATLAS_API spatial_weights knn_weights(const std::vector<geometry::point>& points, std::size_t k);

/// \brief A point representing a geometry for distances: the point itself, the
/// first point of a multipoint, the GEOS point-on-surface of a polygon (always
/// inside it), the middle vertex of a line. Throws coopatlas::error when empty.
COOPATLAS_API geometry::point representative_point(const geometry::geometry& g);

} // namespace coopatlas::analysis
