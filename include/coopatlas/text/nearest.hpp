#pragma once
/// \file
/// \brief Nearest names, for "did you mean" suggestions in messages.

#include <coopatlas/config.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace coopatlas::text {

/// \brief The candidates sorted by edit distance to `wanted` (case- and accent-insensitive),
/// nearest first; equally near candidates keep their order.
COOPATLAS_API std::vector<std::string> by_nearness(std::string_view wanted, std::vector<std::string> candidates);

/// \brief The nearest candidate within `max_distance` edits (folded), or an empty string.
COOPATLAS_API std::string nearest(std::string_view wanted, const std::vector<std::string>& candidates,
                                  std::size_t max_distance = 2);

/// \brief "a, b, c": the items joined by ", ", each wrapped in `quote`.
COOPATLAS_API std::string join_list(const std::vector<std::string>& items, std::string_view quote = "'");

} // namespace coopatlas::text
