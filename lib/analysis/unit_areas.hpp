#pragma once
// Private: the geodesic area of every unit of a coverage, spread over threads.
// A world partition's polygons (every country) cost more to validate and measure
// than the rest of coverage(): each polygon is independent, so they are shared out
// among workers and the results put back in unit order (figures identical to a
// single-threaded pass, whatever the number of threads).

#include <coopatlas/model/entity.hpp>

#include <limits>
#include <vector>

namespace coopatlas::analysis::detail {

/// \brief Area of one unit as coverage() reports it.
struct unit_area {
    double km2 = std::numeric_limits<double>::quiet_NaN();  ///< NaN without a polygon
    bool repaired = false;  ///< the polygon was invalid: km2 is the one of its GEOS MakeValid repair
};

/// \brief Geodesic WGS 84 area (PROJ) of each unit's polygon, in the units' order: the
/// polygon's own when GEOS finds it valid, else the one of its MakeValid repair (a
/// self-intersecting "bow-tie" has parts whose areas cancel). The first error, in
/// unit order, is thrown again.
std::vector<unit_area> unit_areas(const std::vector<const model::entity*>& units);

} // namespace coopatlas::analysis::detail
