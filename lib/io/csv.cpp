#include <coopatlas/error.hpp>
#include <coopatlas/io/csv.hpp>
#include <coopatlas/text/fold.hpp>
#include <coopatlas/text/parse_value.hpp>

#include <cctype>

namespace coopatlas::io {

std::optional<std::size_t> csv_table::column(std::string_view name) const {
    for (std::size_t i = 0; i < header.size(); ++i)
        if (text::trim(header[i].value) == name) return i;
    return std::nullopt;
}

char detect_separator(std::string_view text) {
    std::size_t commas = 0, semicolons = 0, tabs = 0;
    bool in_quotes = false;
    for (const char c : text) {
        if (c == '"') in_quotes = !in_quotes;  // a doubled quote toggles twice
        if (in_quotes) continue;
        if (c == '\n') break;
        commas += c == ',';
        semicolons += c == ';';
        tabs += c == '\t';
    }
    if (semicolons > commas && semicolons >= tabs) return ';';
    if (tabs > commas && tabs > semicolons) return '\t';
    return ',';
}

std::optional<char> parse_separator(std::string_view text) {
    if (text.empty() || text == "auto") return '\0';
    if (text == "," || text == "comma") return ',';
    if (text == ";" || text == "semicolon") return ';';
    if (text == "\t" || text == "\\t" || text == "tab") return '\t';
    return std::nullopt;
}

std::string separator_name(char separator) {
    switch (separator) {
    case ',': return "comma";
    case ';': return "semicolon";
    case '\t': return "tab";
    default: return std::string("'") + separator + "'";
    }
}


csv_table parse_csv(std::string_view text, const std::string& path, char separator) {
    check_utf8_text(text, path);  // UTF-8, no NUL, not UTF-16
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    if (separator == '\0') separator = detect_separator(text);
    csv_table table;
    table.path = path;
    table.separator = separator;
    std::vector<csv_record> rows;
    csv_record current;
    csv_field field;
    long line = 1, column = 1;
    bool in_quotes = false, field_started = false, row_has_content = false;
    long quote_line = 0, quote_column = 0;

    auto end_field = [&] {
        current.fields.push_back(std::move(field));
        field = csv_field{};
        field_started = false;
    };
    auto end_row = [&] {
        end_field();
        if (row_has_content) rows.push_back(std::move(current));
        current = csv_record{};
        row_has_content = false;
    };

    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (!field_started) {
            field.line = line;
            field.column = column;
            field_started = true;
            if (current.fields.empty()) current.line = line;
        }
        if (in_quotes) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    field.value += '"';
                    ++i;
                    ++column;
                } else {
                    in_quotes = false;
                }
            } else {
                field.value += c;
                if (c == '\n') {
                    ++line;
                    column = 0;
                }
            }
        } else if (c == '"' && field.value.empty()) {
            in_quotes = true;
            row_has_content = true;
            quote_line = line;
            quote_column = column;
        } else if (c == separator) {
            row_has_content = true;
            end_field();
        } else if (c == '\n' || (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) {
            if (c == '\r') ++i;
            end_row();
            ++line;
            column = 0;
        } else {
            field.value += c;
            if (c != ' ' && c != '\t' && c != '\r') row_has_content = true;
        }
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++column;  // characters, not bytes
    }
    if (in_quotes) {
        throw input_error(diagnostic{path, quote_line, quote_column, {}, "unterminated quoted field",
                                     "close the quote with \" or double it (\"\") inside the field"});
    }
    if (field_started || !current.fields.empty()) end_row();
    if (rows.empty()) throw input_error(diagnostic{path, 1, 1, {}, "empty file: no header row", {}});
    table.header = std::move(rows.front().fields);
    rows.erase(rows.begin());
    table.records = std::move(rows);
    return table;
}

csv_table read_csv(const std::string& path, const csv_options& options) {
    const std::string bytes = read_file_bytes(path);
    if (options.encoding == text_encoding::utf8) return parse_csv(bytes, path, options.separator);
    return parse_csv(decode_text(bytes, options.encoding, path), path, options.separator);
}

std::string csv_escape(std::string_view value, char separator) {
    if (value.find_first_of(std::string("\"\r\n") + separator) == std::string_view::npos) return std::string(value);
    std::string out = "\"";
    for (char c : value) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + '"';
}

bool csv_formula_risk(std::string_view value) noexcept {
    if (value.empty()) return false;
    switch (value.front()) {
    case '=':
    case '@':
    case '\t':
    case '\r':
        return true;
    case '+':
    case '-': {
        // a sign alone ("-" for no value) has nothing to compute; a plain number ("-3.5",
        // "+2", "-1e3") stays a number, but not with white space after it, which a
        // spreadsheet would not read as one
        if (value.size() == 1) return false;
        const unsigned char last = static_cast<unsigned char>(value.back());
        return std::isspace(last) || !text::finite_number(value);
    }
    default:
        return false;
    }
}

std::string csv_neutralise(std::string_view value) {
    if (!csv_formula_risk(value)) return std::string(value);
    return "'" + std::string(value);
}

} // namespace coopatlas::io
