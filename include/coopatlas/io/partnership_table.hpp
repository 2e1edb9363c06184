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
#include <coopatlas/io/table_source.hpp>
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
/// The path may name a sheet as messages print it: "partenariats.xlsx[Feuil1]".
COOPATLAS_API partnership_table read_partnership_table(const std::string& path, const model::atlas& atlas);

/// \brief Same, from a CSV file or spreadsheet sheet read as `source` says (separator,
/// encoding, sheet, column mapping).
COOPATLAS_API partnership_table read_partnership_table(const table_source& source, const model::atlas& atlas);

/// \brief Same, from a table already read; problems in a sheet name their cell as the
/// spreadsheet does (row number, column letter).
COOPATLAS_API partnership_table read_partnership_table(const csv_table& table, const model::atlas& atlas);

/// \brief Reads a table and throws input_error listing every problem, if any.
COOPATLAS_API std::vector<model::partnership> load_partnerships(const std::string& path, const model::atlas& atlas);
COOPATLAS_API std::vector<model::partnership> load_partnerships(const table_source& source, const model::atlas& atlas);

/// \brief Every column a partnership table may have, required ones first.
COOPATLAS_API std::vector<std::string> partnership_columns();

/// \brief Whether a table's header looks like a partnership table (has party_a and party_b).
COOPATLAS_API bool looks_like_partnership_table(const std::string& path);

} // namespace coopatlas::io
