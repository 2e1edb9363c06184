#pragma once
/// \file
/// \brief RFC 4180 CSV reading that keeps line and column numbers for diagnostics.
///
/// Tables that planners edit by hand are read here rather than through GDAL's CSV
/// driver so that every problem can be reported at its line and column.

#include <coopatlas/config.hpp>
#include <coopatlas/io/text_encoding.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace coopatlas::io {

/// \brief One field with where it starts in the file.
struct csv_field {
    std::string value;
    long line = 0;
    long column = 0;  ///< 1-based byte column of the field's first character
};

/// \brief One record (a logical row, possibly spanning lines inside quotes).
struct csv_record {
    std::vector<csv_field> fields;
    long line = 0;
};

/// \brief A parsed table: header and records. Spreadsheet sheets are read into the same
/// shape (io/spreadsheet.hpp), so that one parser serves CSV files and sheets.
struct COOPATLAS_API csv_table {
    std::string path;          ///< names the table in messages: "table.csv", "table.xlsx[Feuil1]"
    char separator = ',';      ///< the separator used (detected or given)
    bool spreadsheet = false;  ///< lines are rows and columns are cells (printed as letters)
    std::vector<csv_field> header;
    std::vector<csv_record> records;

    /// Index of a header column, if present (exact, after trimming).
    [[nodiscard]] std::optional<std::size_t> column(std::string_view name) const;
};

/// \brief How to read a CSV file.
struct csv_options {
    char separator = 0;                             ///< ',', ';' or '\t'; 0 = detected from the header line
    text_encoding encoding = text_encoding::utf8;  ///< converted to UTF-8 before parsing
};

/// \brief The separator of a header line: the most frequent of ',', ';' and tab outside
/// quotes (',' when there is none, or on a tie).
COOPATLAS_API char detect_separator(std::string_view text);

/// \brief Reads a separator as written in a manifest or on the command line: ",", ";",
/// "\t", or the words comma, semicolon, tab; "auto" or "" give 0 (detect). nullopt when unknown.
COOPATLAS_API std::optional<char> parse_separator(std::string_view text);

/// \brief The separator in words, for messages ("semicolon").
COOPATLAS_API std::string separator_name(char separator);

/// \brief Reads a CSV file (BOM allowed, LF or CRLF) in the given encoding.
/// Throws input_error naming the line and column of a byte the encoding does not allow
/// (with the option that reads it), a NUL byte, or an unterminated quote.
COOPATLAS_API csv_table read_csv(const std::string& path, const csv_options& options = {});

/// \brief Same, from UTF-8 text in memory; `path` only names it in messages.
COOPATLAS_API csv_table parse_csv(std::string_view text, const std::string& path, char separator = 0);

/// \brief Quotes a value for CSV output when it needs it.
COOPATLAS_API std::string csv_escape(std::string_view value, char separator = ',');

/// \brief Whether a spreadsheet opening the CSV would read a text cell as a formula: it
/// starts with `=`, `+`, `-`, `@`, a tab or a carriage return (the OWASP list of CSV
/// injection triggers) and is not a plain number such as `-3.5` or `+2`, nor a sign alone.
COOPATLAS_API bool csv_formula_risk(std::string_view value) noexcept;

/// \brief A text cell made harmless for spreadsheets as OWASP recommends: a cell at
/// csv_formula_risk() gets a leading single quote (`'=HYPERLINK(...)`), which
/// spreadsheets show as text; any other cell is returned unchanged.
COOPATLAS_API std::string csv_neutralise(std::string_view value);

} // namespace coopatlas::io
