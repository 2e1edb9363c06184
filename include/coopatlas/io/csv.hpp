#pragma once
/// \file
/// \brief RFC 4180 CSV reading that keeps line and column numbers for diagnostics.
///
/// Tables that planners edit by hand are read here rather than through GDAL's CSV
/// driver so that every problem can be reported at its line and column.

#include <coopatlas/config.hpp>

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

/// \brief A parsed CSV table: header and records.
struct COOPATLAS_API csv_table {
    std::string path;
    std::vector<csv_field> header;
    std::vector<csv_record> records;

    /// Index of a header column, if present (exact, after trimming).
    [[nodiscard]] std::optional<std::size_t> column(std::string_view name) const;
};

/// \brief Reads a UTF-8 CSV file (BOM allowed, LF or CRLF).
/// Throws input_error naming the line and column of a non-UTF-8 byte (with the
/// iconv command that converts a Latin-1 file) or of an unterminated quote.
COOPATLAS_API csv_table read_csv(const std::string& path, char separator = ',');

/// \brief Same, from text in memory; `path` only names it in messages.
COOPATLAS_API csv_table parse_csv(std::string_view text, const std::string& path, char separator = ',');

/// \brief Quotes a value for CSV output when it needs it.
COOPATLAS_API std::string csv_escape(std::string_view value, char separator = ',');

} // namespace coopatlas::io
