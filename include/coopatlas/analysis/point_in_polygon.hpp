#pragma once
/// \file
/// \brief Point-in-polygon for many points against a fixed set of polygons:
/// an index built once per run, then exact answers in (nearly) constant time.
///
/// Definition: a point is *in* a polygon when it lies strictly inside it, planar
/// (the coordinates as they are, e.g. lon/lat degrees): points on an outer ring, on
/// a hole's ring or inside a hole are outside. This is OGC `ST_Contains` /
/// `within`, as GeoPandas, PostGIS and Boost.Geometry compute it.
///
/// Algorithm:
/// - every polygon part gets an edge index: its edges bucketed into horizontal bands,
///   so that the exact crossing-number test (with an exact on-edge check) reads only
///   the edges of one band;
/// - a bulk-loaded Boost.Geometry R-tree holds the part envelopes (candidate search);
/// - a uniform lookup grid over all parts classifies every cell once per part:
///   *inside* (no edge of the part touches the closed cell and its centre is inside,
///   so the whole cell is), *boundary* (an edge touches it: the exact test decides) or
///   absent (outside). Most points are answered by one cell lookup.
///
/// Thread safety: an index is immutable once built; every const function may be
/// called concurrently. Exception safety: construction is strong.

#include <coopatlas/config.hpp>
#include <coopatlas/geometry/geometry.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace coopatlas::analysis {

/// \brief Tuning of a polygon_index.
struct polygon_index_options {
    /// Build the lookup grid (else every query goes through the R-tree and the edge test).
    bool use_grid = true;
    /// Lookup-grid cells per polygon edge; more cells = fewer exact tests, more memory.
    double cells_per_edge = 16.0;
    /// Bounds on the number of lookup-grid cells.
    std::size_t min_cells = 1u << 12;
    std::size_t max_cells = 1u << 22;
};

/// \brief Points per polygon and how many points fell in none or in several.
struct point_counts {
    std::vector<std::uint64_t> counts{};  ///< one per polygon, in index order
    std::uint64_t unmatched = 0;          ///< points strictly inside no polygon
    std::uint64_t in_several = 0;         ///< points strictly inside two or more (overlapping polygons)
};

/// \brief An immutable index over polygons for strict point-in-polygon queries.
class COOPATLAS_API polygon_index {
public:
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    /// Indexes the polygons (any orientation; rings closed or not). Polygon i of the
    /// queries is polygons[i]; an empty multipolygon contains nothing.
    explicit polygon_index(const std::vector<geometry::multi_polygon>& polygons,
                           const polygon_index_options& options = {});
    ~polygon_index();
    polygon_index(polygon_index&&) noexcept;
    polygon_index& operator=(polygon_index&&) noexcept;
    polygon_index(const polygon_index&) = delete;
    polygon_index& operator=(const polygon_index&) = delete;

    /// Number of polygons indexed.
    [[nodiscard]] std::size_t size() const noexcept;
    /// Whether p lies strictly inside polygon i (the exact test, no grid).
    [[nodiscard]] bool contains(std::size_t i, const geometry::point& p) const noexcept;
    /// Polygons strictly containing p, ascending; `out` is cleared first.
    void containing(const geometry::point& p, std::vector<std::size_t>& out) const;
    [[nodiscard]] std::vector<std::size_t> containing(const geometry::point& p) const;
    /// Lowest-numbered polygon strictly containing p, or npos.
    [[nodiscard]] std::size_t first_containing(const geometry::point& p) const noexcept;
    /// Polygons whose envelope intersects the box (R-tree query), ascending.
    [[nodiscard]] std::vector<std::size_t> candidates(const geometry::box& b) const;

    /// Lookup-grid size (columns x rows; 0 x 0 without a grid), for tuning and reports.
    [[nodiscard]] std::size_t grid_columns() const noexcept;
    [[nodiscard]] std::size_t grid_rows() const noexcept;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
    friend COOPATLAS_API point_counts count_points(const polygon_index&, std::span<const geometry::point>, unsigned);
    friend COOPATLAS_API std::vector<std::size_t> locate(const polygon_index&, std::span<const geometry::point>,
                                                         unsigned);
};

/// \brief Counts the points strictly inside each polygon (a point inside two
/// overlapping polygons counts for both). `threads` = 0: hardware concurrency.
COOPATLAS_API point_counts count_points(const polygon_index& index, std::span<const geometry::point> points,
                                        unsigned threads = 0);

/// \brief For each point, the lowest-numbered polygon strictly containing it, or
/// polygon_index::npos.
COOPATLAS_API std::vector<std::size_t> locate(const polygon_index& index, std::span<const geometry::point> points,
                                              unsigned threads = 0);

} // namespace coopatlas::analysis
