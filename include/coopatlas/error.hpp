#pragma once
/// \file
/// \brief The one exception hierarchy of coopatlas.
///
/// Every failure reported by GDAL, GEOS, PROJ, Cairo or bad input surfaces as a
/// coopatlas::error (or a subclass) carrying the library's own message.

#include <coopatlas/config.hpp>

#include <stdexcept>
#include <string>
#include <vector>

namespace coopatlas {

/// \brief Root of all coopatlas exceptions.
class COOPATLAS_API error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// \brief A request that cannot be carried out as given, whatever the data: options
/// that contradict each other, two outputs naming one file, a format that cannot go
/// where it is sent (a GeoPackage to standard output). The command line exits with
/// status 2 for it, and 1 for every other coopatlas::error.
class COOPATLAS_API usage_error : public error {
public:
    using error::error;
};

/// \brief Where a problem sits in an input and what could fix it.
struct COOPATLAS_API diagnostic {
    std::string file;        ///< input path as given by the user
    long line = 0;           ///< 1-based line (CSV) or feature number (vector layers); 0 when not known
    long column = 0;         ///< 1-based column; 0 when not known
    std::string field;       ///< column or field name, when known
    std::string message;     ///< what is wrong
    std::string suggestion;  ///< what the user may have meant; empty when none
    bool column_letters = false;  ///< a spreadsheet cell: column 3 prints as C, as spreadsheets name it

    /// "file:line:column: message — suggestion" ("table.xlsx[Feuil1]:5:C: …" for a cell);
    /// the message alone for a problem of the command line (no file, no line)
    [[nodiscard]] std::string to_string() const;
};

/// \brief Bad input: one or more diagnostics, each naming its place in a file.
class COOPATLAS_API input_error : public error {
public:
    explicit input_error(diagnostic d);
    explicit input_error(std::vector<diagnostic> ds);
    [[nodiscard]] const std::vector<diagnostic>& diagnostics() const noexcept { return diagnostics_; }

private:
    std::vector<diagnostic> diagnostics_;
};

/// \brief A name matched several entities; the message lists the candidates.
class COOPATLAS_API ambiguous_name_error : public error {
public:
    ambiguous_name_error(std::string name, std::vector<std::string> candidate_ids, const std::string& message);
    [[nodiscard]] const std::string& name() const noexcept { return name_; }
    [[nodiscard]] const std::vector<std::string>& candidate_ids() const noexcept { return candidates_; }

private:
    std::string name_;
    std::vector<std::string> candidates_;
};

/// \brief A name matched no entity; suggestions list the nearest names.
class COOPATLAS_API unknown_name_error : public error {
public:
    unknown_name_error(std::string name, std::vector<std::string> suggestions, const std::string& message);
    [[nodiscard]] const std::string& name() const noexcept { return name_; }
    [[nodiscard]] const std::vector<std::string>& suggestions() const noexcept { return suggestions_; }

private:
    std::string name_;
    std::vector<std::string> suggestions_;
};

} // namespace coopatlas
