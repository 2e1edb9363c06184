#pragma once
/// \file
/// \brief The results of the analyses as the tables coopatlas writes: the coverage of a
/// partition (one row per unit plus a zone row) and the flows between two partitions
/// (one row per corridor, and the length of each partnership). `coopatlas coverage`,
/// `coopatlas flows` and the `tables:` of a book write these same tables, so that a CSV
/// is the same bytes whichever of them wrote it.
///
/// Thread safety: pure functions of their arguments.

#include <coopatlas/analysis/coverage.hpp>
#include <coopatlas/analysis/flows.hpp>
#include <coopatlas/config.hpp>
#include <coopatlas/io/vector_writer.hpp>
#include <coopatlas/model/atlas.hpp>

namespace coopatlas::io {

/// \brief Layer `coverage`: a row per unit (its polygon or point as geometry) then the
/// zone row (no geometry); every row names its level, vintage, zone, filter and denominators.
COOPATLAS_API feature_table coverage_table(const model::atlas& atlas, const analysis::coverage_result& result);

/// \brief Layer `flows`: a row per corridor (non-empty cell), ranked, with its geodesic
/// line as geometry and the two partitions and the filter on every row.
COOPATLAS_API feature_table flow_cells_table(const analysis::flow_result& result);

/// \brief Table `lengths`: the geodesic length of every partnership of the matrix.
COOPATLAS_API feature_table flow_lengths_table(const analysis::flow_result& result);

} // namespace coopatlas::io
