#pragma once
/// \file
/// \brief Reading and checking partnership tables (CSV a planner edits by hand).
///
/// Columns: id, kind, party_a, party_b, year, source (required); party_a_id,
/// party_b_id, party_a_level, party_a_country, party_b_level, party_b_country,
/// themes (`|`-separated), count, requesters, note (optional). A party given in
/// words is resolved against the atlas (see model/party_resolver.hpp: ids in the name
/// column, qualifiers, hint columns, the municipality rule); a party given by id is
/// checked to exist.

#include <coopatlas/config.hpp>
#include <coopatlas/error.hpp>
#include <coopatlas/io/table_source.hpp>
#include <coopatlas/model/atlas.hpp>
#include <coopatlas/model/partnership.hpp>
#include <coopatlas/model/party_resolver.hpp>

#include <optional>
#include <string>
#include <vector>

namespace coopatlas::io {

/// \brief How the parties of one data row were settled, whether the row has problems or not.
/// The entities it points to belong to the atlas the table was read with.
struct row_resolution {
    long line = 0;                     ///< line of the row in the file (row of a sheet)
    model::party_resolution a, b;      ///< party_a and party_b
    std::vector<diagnostic> problems;  ///< this row's problems (parties, year, count, …)
};

/// \brief Everything read from a table, and every problem found in it.
struct partnership_table {
    std::vector<model::partnership> partnerships;  ///< rows without problems
    std::vector<diagnostic> problems;              ///< one per problem, in file order
    std::vector<diagnostic> notes;                 ///< every choice a resolution rule made, at its cell
    std::vector<row_resolution> rows;              ///< one per data row, in file order
    bool columns_ok = false;                       ///< the header holds every required column
    [[nodiscard]] bool ok() const noexcept { return problems.empty(); }
};

/// \brief Reads a table and reports all problems instead of stopping at the first.
/// `prefer` overrides the atlas's rule for municipalities and larger units.
/// Throws input_error only when the file itself cannot be read (missing, not UTF-8).
/// The path may name a sheet as messages print it: "partenariats.xlsx[Feuil1]".
COOPATLAS_API partnership_table read_partnership_table(const std::string& path, const model::atlas& atlas,
                                                       std::optional<model::prefer_unit> prefer = std::nullopt);

/// \brief Same, from a CSV file or spreadsheet sheet read as `source` says (separator,
/// encoding, sheet, column mapping).
COOPATLAS_API partnership_table read_partnership_table(const table_source& source, const model::atlas& atlas,
                                                       std::optional<model::prefer_unit> prefer = std::nullopt);

/// \brief Same, from a table already read; problems in a sheet name their cell as the
/// spreadsheet does (row number, column letter).
COOPATLAS_API partnership_table read_partnership_table(const csv_table& table, const model::atlas& atlas,
                                                       std::optional<model::prefer_unit> prefer = std::nullopt);

/// \brief Same, reading the atlas's deferred layers (model::atlas::defer) when the table
/// needs them: when a party is unknown, names a country or an id the atlas does not hold
/// yet, the layers are read and the table is read again. Rows that the other layers
/// settle are settled as without the deferred layers (they are a second tier for names).
/// The entities of the result belong to the atlas as it is after the call.
COOPATLAS_API partnership_table read_partnership_table(const std::string& path, model::atlas& atlas,
                                                       std::optional<model::prefer_unit> prefer = std::nullopt);
COOPATLAS_API partnership_table read_partnership_table(const table_source& source, model::atlas& atlas,
                                                       std::optional<model::prefer_unit> prefer = std::nullopt);
COOPATLAS_API partnership_table read_partnership_table(const csv_table& table, model::atlas& atlas,
                                                       std::optional<model::prefer_unit> prefer = std::nullopt);

/// \brief Whether a table read without the atlas's deferred layers has a party that they
/// might settle: an unknown name, or a country or id that the atlas does not hold.
COOPATLAS_API bool needs_deferred_layers(const partnership_table& table);

/// \brief Reads a table and throws input_error listing every problem, if any.
COOPATLAS_API std::vector<model::partnership> load_partnerships(const std::string& path, const model::atlas& atlas);
COOPATLAS_API std::vector<model::partnership> load_partnerships(const table_source& source, const model::atlas& atlas);
/// \brief Same, reading the atlas's deferred layers when the table needs them.
COOPATLAS_API std::vector<model::partnership> load_partnerships(const table_source& source, model::atlas& atlas);

/// \brief Every column a partnership table may have, required ones first.
COOPATLAS_API std::vector<std::string> partnership_columns();

/// \brief Whether a table's header looks like a partnership table (has party_a and party_b).
COOPATLAS_API bool looks_like_partnership_table(const std::string& path);

} // namespace coopatlas::io
