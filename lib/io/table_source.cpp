#include <coopatlas/error.hpp>
#include <coopatlas/io/spreadsheet.hpp>
#include <coopatlas/io/table_source.hpp>
#include <coopatlas/text/fold.hpp>
#include <coopatlas/text/nearest.hpp>

#include <filesystem>
#include <system_error>

namespace coopatlas::io {

namespace {

// The header cell a mapping names: the same text, else the only one equal once case,
// accents and spacing are folded ("Annee" for "Année").
std::optional<std::size_t> find_header(const csv_table& table, const std::string& wanted) {
    if (auto exact = table.column(text::trim(wanted))) return exact;
    std::optional<std::size_t> found;
    const std::string key = text::fold(wanted);
    for (std::size_t i = 0; i < table.header.size(); ++i) {
        if (key.empty() || text::fold(table.header[i].value) != key) continue;
        if (found) return std::nullopt;
        found = i;
    }
    return found;
}

} // namespace

table_source parse_table_name(const std::string& name) {
    table_source source;
    source.path = name;
    const auto open = name.rfind('[');
    // a name the system cannot look up (too long, a folder that cannot be searched) is no
    // file: reading it then says what is wrong
    std::error_code ec;
    if (name.empty() || name.back() != ']' || open == std::string::npos || std::filesystem::exists(name, ec))
        return source;
    const std::string file = name.substr(0, open);
    if (!is_spreadsheet(file)) return source;
    source.path = file;
    source.sheet = name.substr(open + 1, name.size() - open - 2);
    return source;
}

void map_columns(csv_table& table, const std::vector<std::pair<std::string, std::string>>& columns) {
    std::vector<diagnostic> problems;
    std::vector<std::pair<std::size_t, std::string>> renames;
    for (const auto& [ours, theirs] : columns) {
        if (const auto at = find_header(table, theirs)) {
            renames.emplace_back(*at, ours);
            continue;
        }
        std::vector<std::string> headers;
        for (const auto& h : table.header) headers.emplace_back(text::trim(h.value));
        const std::string near = text::nearest(theirs, headers, 3);
        diagnostic d;
        d.file = table.path;
        d.line = 1;
        d.field = ours;
        d.message = "no column '" + theirs + "' (mapped to " + ours + ") in the header";
        d.suggestion = (near.empty() ? std::string() : "did you mean '" + near + "'? ") + "the header has " +
                       text::join_list(text::by_nearness(theirs, headers));
        problems.push_back(std::move(d));
    }
    if (!problems.empty()) throw input_error(std::move(problems));
    // a column of the file that already bears one of our names gives way to the mapped one
    for (auto& h : table.header)
        for (const auto& [at, ours] : renames)
            if (text::trim(h.value) == ours && &h != &table.header[at]) h.value += " (not mapped)";
    for (const auto& [at, ours] : renames) table.header[at].value = ours;
}

csv_table read_table(const table_source& source) {
    csv_table table;
    if (is_spreadsheet(source.path)) {
        table = read_sheet(source.path, source.sheet);
    } else if (!source.sheet.empty()) {
        throw input_error(diagnostic{source.path, 0, 0, {}, "a CSV file has no sheet '" + source.sheet + "'",
                                     "sheets are read from .xlsx and .ods files"});
    } else {
        table = read_csv(source.path, source.csv);
    }
    map_columns(table, source.columns);
    return table;
}

} // namespace coopatlas::io
