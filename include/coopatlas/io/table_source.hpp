#pragma once
/// \file
/// \brief Where a table comes from and how to read it: a CSV file or one sheet of a
/// spreadsheet, its separator and encoding, and a mapping from our column names to the
/// headers the file has.
///
/// \code{.yaml}
/// partnerships:
///   - file: partenariats.csv
///     separator: ";"
///     encoding: windows-1252
///     columns: {party_a: "Collectivité marocaine", party_b: "Collectivité française", year: "Année"}
///   - {file: partenariats.xlsx, sheet: Feuil1}
/// \endcode

#include <coopatlas/config.hpp>
#include <coopatlas/io/csv.hpp>

#include <string>
#include <utility>
#include <vector>

namespace coopatlas::io {

/// \brief How to find and read one table.
struct COOPATLAS_API table_source {
    std::string path;   ///< a CSV file, or an .xlsx/.ods spreadsheet
    std::string sheet;  ///< spreadsheets: the sheet's name; empty = the first sheet
    csv_options csv;    ///< CSV: separator (detected when 0) and encoding
    /// our column name -> the file's header for it ("party_a" -> "Collectivité marocaine")
    std::vector<std::pair<std::string, std::string>> columns;
};

/// \brief Reads a table name as messages print it: "table.xlsx[Feuil1]" names the sheet
/// Feuil1 of table.xlsx (when no file has the whole name); anything else is a path.
COOPATLAS_API table_source parse_table_name(const std::string& name);

/// \brief Reads the table and renames each mapped column to our name.
///
/// Throws input_error when the file cannot be read (see read_csv, read_sheet), when a
/// sheet is named for a CSV file, or listing every mapped column the header lacks, with
/// the file's headers nearest first.
COOPATLAS_API csv_table read_table(const table_source& source);

/// \brief Renames the mapped columns of a table's header (see read_table).
COOPATLAS_API void map_columns(csv_table& table, const std::vector<std::pair<std::string, std::string>>& columns);

} // namespace coopatlas::io
