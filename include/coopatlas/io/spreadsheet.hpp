#pragma once
/// \file
/// \brief Reading one sheet of an .xlsx or .ods file as a table.
///
/// Planners keep partnership lists in spreadsheets. A sheet is read through GDAL's XLSX
/// and ODS drivers into the same csv_table as a CSV file, so that one parser checks
/// both: the first row is the header, every cell is text (a code such as 01 keeps its
/// zero), a record's line is its row number and a field's column its column number.

#include <coopatlas/config.hpp>
#include <coopatlas/io/csv.hpp>

#include <string>
#include <vector>

namespace coopatlas::io {

/// \brief Whether the file is read as a spreadsheet: .xlsx, .xlsm or .ods (any case).
COOPATLAS_API bool is_spreadsheet(const std::string& path);

/// \brief Reads a sheet (by name; the first when `sheet` is empty). The table's path is
/// "file.xlsx[Sheet]", so that messages name the sheet; empty rows are skipped.
/// Throws input_error when the file cannot be read, or listing the sheets when there is
/// no sheet of that name.
COOPATLAS_API csv_table read_sheet(const std::string& path, const std::string& sheet = {});

/// \brief Names of the sheets, in order.
COOPATLAS_API std::vector<std::string> list_sheets(const std::string& path);

} // namespace coopatlas::io
