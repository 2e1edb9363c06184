#pragma once
// Options shared by the analysis commands: the partnership filter, the partition
// reported on, and the output file.

#include "command.hpp"

#include <coopatlas/analysis/coverage.hpp>
#include <coopatlas/analysis/filter.hpp>

#include <ostream>
#include <string>
#include <vector>

namespace coopatlas::cli {

/// Valued options understood by filter_from(): --kind --theme --source --country
/// --from --to --undated (keep|drop); flag: --two-sided.
const std::vector<std::string>& filter_options();
const std::vector<std::string>& filter_flags();
/// Help text lines describing the filter options.
const char* filter_help();

/// Builds the filter from the options (lists may repeat or be comma-separated).
analysis::filter filter_from(const arguments& args);

/// Notes on `err` the units whose invalid polygon coverage() repaired for its area.
void note_repaired(const analysis::coverage_result& r, std::ostream& err);

/// Appends b to a (for building a command's option lists).
std::vector<std::string> concat(std::vector<std::string> a, const std::vector<std::string>& b);

} // namespace coopatlas::cli
