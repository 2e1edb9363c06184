#pragma once
/// \file
/// \brief Origin–destination flows of partnerships between two partitions
/// (Moroccan regions × French régions, provinces × départements), ranked
/// corridors and the geodesic length of each partnership.
///
/// Each two-sided partnership is oriented so that one party maps onto the
/// origin partition and the other onto the destination partition (party a →
/// origin first, else party b → origin). A party mapping onto several units (a
/// region split by a later map, a roll-down) puts the partnership in every cell
/// it covers; the cell says so in its notes. Lengths are measured between the
/// two parties themselves (not their units): a point, the anchor's point, or for
/// a polygon a point on its surface (GEOS PointOnSurface, always inside it),
/// on the WGS 84 ellipsoid (PROJ geodesic).
///
/// Thread safety: pure functions of their arguments.

#include <coopatlas/analysis/filter.hpp>
#include <coopatlas/analysis/units.hpp>
#include <coopatlas/config.hpp>
#include <coopatlas/geometry/geometry.hpp>
#include <coopatlas/model/atlas.hpp>

#include <cstddef>
#include <limits>
#include <string>
#include <vector>

namespace coopatlas::analysis {

/// \brief Options of flows().
struct flow_options {
    bool roll_down = false;          ///< see mapping_options::roll_down (applies to both partitions)
    double max_segment_km = 100;     ///< flow lines follow the geodesic with vertices at most this far apart
    /// Measure each partnership between its parties (flow_result::lengths and
    /// length_summaries); false leaves both empty, for a caller who needs the cells only.
    bool partnership_lengths = true;
};

/// \brief One cell of the origin–destination matrix (a corridor).
struct flow_cell {
    const model::entity* from = nullptr;  ///< non-owning, into the atlas
    const model::entity* to = nullptr;
    std::string from_id{}, from_name{};
    std::string to_id{}, to_name{};
    std::size_t count = 0;                     ///< distinct partnerships in the cell
    std::vector<std::string> partnership_ids{};
    std::size_t rank = 0;                      ///< 1 = busiest corridor; ties share a rank
    double length_km = std::numeric_limits<double>::quiet_NaN();  ///< geodesic length between the units' surface points
    geometry::line_string line{};              ///< from the origin unit's point to the destination's, along the geodesic
    std::vector<std::string> notes{};          ///< carried / rolled-down explanations
};

/// \brief Geodesic length of one partnership between its parties.
struct partnership_length {
    std::string partnership_id{};
    std::string from_party{}, to_party{};     ///< entity ids, oriented as in the matrix
    std::string level_pair{};                 ///< "commune → commune", "region → departement"
    double length_km = std::numeric_limits<double>::quiet_NaN();
    std::string measured{};                   ///< "point → point on surface", how each end was located
};

/// \brief Distribution of lengths for one level pair (or "all").
struct length_summary {
    std::string level_pair{};
    std::size_t count = 0;
    double min_km = std::numeric_limits<double>::quiet_NaN();
    double median_km = std::numeric_limits<double>::quiet_NaN();  ///< mean of the two middle values when even
    double max_km = std::numeric_limits<double>::quiet_NaN();
};

/// \brief Result of flows().
struct COOPATLAS_API flow_result {
    std::string method{};
    partition from{}, to{};
    std::string filter_description{};
    flow_options options{};
    std::vector<flow_cell> cells{};                  ///< ranked: count descending, then origin and destination names
    std::vector<partnership_length> lengths{};       ///< partnerships in the matrix with both parties located
    std::vector<length_summary> length_summaries{};  ///< "all" first, then per level pair
    std::size_t partnerships = 0;  ///< selected two-sided partnerships
    std::size_t mapped = 0;        ///< of which in the matrix
    std::vector<std::string> unmapped{};  ///< "P012: …why" for the others
};

/// \brief The origin–destination matrix of the selected two-sided partnerships
/// between two partitions. Throws coopatlas::error when a partition is invalid.
COOPATLAS_API flow_result flows(const model::atlas& atlas, const filter& f, const partition& from, const partition& to,
                                const flow_options& options = {});

/// \brief Points along the geodesic from a to b, both ends included, at most
/// `max_segment_km` apart (a straight pair when the distance is shorter).
COOPATLAS_API geometry::line_string geodesic_line_string(const geometry::point& a, const geometry::point& b,
                                                         double max_segment_km);

/// \brief min, median and max of values (NaN values ignored); `level_pair` is left empty.
COOPATLAS_API length_summary summarise_lengths(std::vector<double> values_km);

} // namespace coopatlas::analysis
