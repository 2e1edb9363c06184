// The YAML helpers of the book reader (book_yaml.hpp).

#include "render/book_yaml.hpp"

#include "render/spec_reader.hpp"

#include <coopatlas/error.hpp>

#include <algorithm>

namespace coopatlas::render::detail {

void book_fail(const std::string& file, const YAML::Node& n, const std::string& message, const std::string& suggestion) {
    diagnostic d;
    d.file = file;
    if (n.Mark().line >= 0) {
        d.line = n.Mark().line + 1;
        d.column = n.Mark().column + 1;
    }
    d.message = message;
    d.suggestion = suggestion;
    throw input_error(d);
}

void book_check_keys(const std::string& file, const YAML::Node& n, const std::vector<std::string>& allowed,
                const std::string& where) {
    if (!n.IsMap()) book_fail(file, n, where + " is a YAML map");
    for (const auto& kv : n) {
        const auto key = kv.first.as<std::string>();
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
            std::string list;
            for (const auto& a : allowed)
                list += (list.empty() ? "" : ", ") + a;
            const std::string near = nearest(key, allowed);
            book_fail(file, kv.first, "unknown key '" + key + "' in " + where + " (known: " + list + ")",
                      near.empty() ? std::string() : "did you mean '" + near + "'?");
        }
    }
}

std::string book_text(const std::string& file, const YAML::Node& n) {
    if (!n.IsScalar()) book_fail(file, n, "expected a text");
    return n.as<std::string>();
}

std::vector<std::string> book_words(const std::string& file, const YAML::Node& n) {
    std::vector<std::string> out;
    if (n.IsScalar()) {
        out.push_back(n.as<std::string>());
    } else if (n.IsSequence()) {
        for (const auto& w : n)
            out.push_back(book_text(file, w));
    } else {
        book_fail(file, n, "expected a word or a list of words");
    }
    return out;
}

analysis::filter book_filter(const std::string& file, const YAML::Node& n) {
    book_check_keys(file, n, {"kinds", "themes", "sources", "countries", "from", "to"}, "filter");
    analysis::filter f;
    if (n["kinds"]) f.kinds = book_words(file, n["kinds"]);
    if (n["themes"]) f.themes = book_words(file, n["themes"]);
    if (n["sources"]) f.sources = book_words(file, n["sources"]);
    if (n["countries"]) f.countries = book_words(file, n["countries"]);
    try {
        if (n["from"]) f.year_from = n["from"].as<int>();
        if (n["to"]) f.year_to = n["to"].as<int>();
    } catch (const YAML::Exception&) {
        book_fail(file, n, "from and to are years");
    }
    return f;
}

} // namespace coopatlas::render::detail
