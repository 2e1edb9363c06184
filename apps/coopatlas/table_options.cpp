#include "table_options.hpp"

#include <coopatlas/io/csv.hpp>
#include <coopatlas/io/text_encoding.hpp>

namespace coopatlas::cli {

std::optional<io::table_source> table_options(const arguments& args, const char* command, std::ostream& err) {
    io::table_source o;
    o.sheet = args.get("sheet");
    if (args.has("separator")) {
        const auto sep = io::parse_separator(args.get("separator"));
        if (!sep) {
            err << "coopatlas " << command << ": unknown separator '" << args.get("separator")
                << "' \xE2\x80\x94 use ',', ';', tab or auto\n";
            return std::nullopt;
        }
        o.csv.separator = *sep;
    }
    if (args.has("encoding")) {
        const auto enc = io::parse_text_encoding(args.get("encoding"));
        if (!enc) {
            err << "coopatlas " << command << ": unknown encoding '" << args.get("encoding")
                << "' \xE2\x80\x94 known encodings: " << io::known_text_encodings() << '\n';
            return std::nullopt;
        }
        o.csv.encoding = *enc;
    }
    for (const auto& c : args.all("column")) {
        const auto eq = c.find('=');
        if (eq == std::string::npos || eq == 0) {
            err << "coopatlas " << command
                << ": --column takes OURS=HEADER, e.g. --column 'party_a=Collectivité marocaine'\n";
            return std::nullopt;
        }
        o.columns.emplace_back(c.substr(0, eq), c.substr(eq + 1));
    }
    return o;
}

io::table_source table_named(const std::string& name, const io::table_source& options) {
    io::table_source source = io::parse_table_name(name);
    if (source.sheet.empty()) source.sheet = options.sheet;
    source.csv = options.csv;
    source.columns = options.columns;
    return source;
}

} // namespace coopatlas::cli
