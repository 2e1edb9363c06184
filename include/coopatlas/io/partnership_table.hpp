#pragma once
/// \file
/// \brief Reading and checking partnership tables (CSV a planner edits by hand).
///
/// Columns: id, kind, party_a, party_b, year, source (required); party_a_id,
/// party_b_id, themes (`|`-separated), count, note (optional). A party given only
/// in words is resolved against the atlas (accent-, case- and article-insensitive);
/// a party given by id is checked to exist.

#include <coopatlas/config.hpp>
#include <coopatlas/error.hpp>
#include <coopatlas/model/atlas.hpp>
#include <coopatlas/model/partnership.hpp>

#include <string>
#include <vector>

namespace coopatlas::io {

/// \brief Everything read from a table, and every problem found in it.
struct partnership_table {
    std::vector<model::partnership> partnerships;  ///< rows without problems
    std::vector<diagnostic> problems;              ///< one per problem, in file order
    [[nodiscard]] bool ok() const noexcept { return problems.empty(); }
};

/// \brief Reads a table and reports all problems instead of stopping at the first.
/// Throws input_error only when the file itself cannot be read (missing, not UTF-8).
COOPATLAS_API partnership_table read_partnership_table(const std::string& path, const model::atlas& atlas);

/// \brief Reads a table and throws input_error listing every problem, if any.
COOPATLAS_API std::vector<model::partnership> load_partnerships(const std::string& path, const model::atlas& atlas);

/// \brief Whether a CSV header looks like a partnership table (has party_a and party_b).
COOPATLAS_API bool looks_like_partnership_table(const std::string& path);

} // namespace coopatlas::io
