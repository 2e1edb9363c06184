#pragma once
/// \file
/// \brief Character encodings of the tables planners export, turned into UTF-8.
///
/// Spreadsheet programs on Windows save CSV in Windows-1252 (French "Enregistrer sous…
/// CSV (séparateur : point-virgule)"), some tools in UTF-16. Every table is read as UTF-8
/// after this step, so a wrong guess is an error naming the line and column, never
/// silently garbled names.

#include <coopatlas/config.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace coopatlas::io {

/// \brief The encodings a table may be read from.
enum class text_encoding {
    utf8,          ///< the default; a UTF-8 byte order mark is allowed
    windows_1252,  ///< Excel and LibreOffice CSV exports on Windows ("ANSI")
    latin1,        ///< ISO-8859-1
    utf16,         ///< with a byte order mark, else the byte order is guessed from the NUL bytes
};

/// \brief Reads an encoding name: utf-8, windows-1252 (cp1252), latin-1 (iso-8859-1),
/// utf-16, in any case, with or without hyphens; nullopt when unknown.
COOPATLAS_API std::optional<text_encoding> parse_text_encoding(std::string_view name);

/// \brief The canonical name ("windows-1252").
COOPATLAS_API std::string to_string(text_encoding encoding);

/// \brief The accepted names, for messages.
COOPATLAS_API std::string known_text_encodings();

/// \brief Turns the bytes of a text file into UTF-8.
///
/// Throws input_error naming `path`, line and column (characters) of the first problem,
/// with the fix: bytes that are not UTF-8 (read it as windows-1252), a UTF-16 file read
/// as anything else, a NUL byte, a byte the encoding does not define, or a file given
/// as windows-1252/latin-1 that is in fact UTF-8 (which would garble every accent).
COOPATLAS_API std::string decode_text(std::string_view bytes, text_encoding encoding, const std::string& path);

/// \brief Checks text said to be UTF-8 as decode_text does, without copying it.
COOPATLAS_API void check_utf8_text(std::string_view bytes, const std::string& path);

/// \brief The bytes of a file; throws input_error when it cannot be read.
COOPATLAS_API std::string read_file_bytes(const std::string& path);

/// \brief Reads a whole file and decodes it; throws input_error when it cannot be read.
COOPATLAS_API std::string read_text_file(const std::string& path, text_encoding encoding);

} // namespace coopatlas::io
