#include <coopatlas/error.hpp>

#include <sstream>

namespace coopatlas {

namespace {
// 1 -> A, 26 -> Z, 27 -> AA: bijective base 26, as spreadsheets name columns
std::string letters(long column) {
    std::string out;
    for (; column > 0; column = (column - 1) / 26) out.insert(out.begin(), static_cast<char>('A' + (column - 1) % 26));
    return out;
}
} // namespace

std::string diagnostic::to_string() const {
    std::ostringstream out;
    // a problem of the command line itself has no file to name
    if (!file.empty() || line > 0) {
        out << (file.empty() ? "<input>" : file);
        if (line > 0) {
            out << ':' << line;
            if (column > 0) out << ':' << (column_letters ? letters(column) : std::to_string(column));
        }
        out << ": ";
    }
    out << message;
    if (!suggestion.empty()) out << " \xE2\x80\x94 " << suggestion;  // em dash
    return out.str();
}

namespace {
std::string join_diagnostics(const std::vector<diagnostic>& ds) {
    std::string text;
    for (const auto& d : ds) {
        if (!text.empty()) text += '\n';
        text += d.to_string();
    }
    return text;
}
} // namespace

input_error::input_error(diagnostic d) : input_error(std::vector<diagnostic>{std::move(d)}) {}

input_error::input_error(std::vector<diagnostic> ds)
    : error(join_diagnostics(ds)), diagnostics_(std::move(ds)) {}

ambiguous_name_error::ambiguous_name_error(std::string name, std::vector<std::string> candidate_ids,
                                           const std::string& message)
    : error(message), name_(std::move(name)), candidates_(std::move(candidate_ids)) {}

unknown_name_error::unknown_name_error(std::string name, std::vector<std::string> suggestions,
                                       const std::string& message)
    : error(message), name_(std::move(name)), suggestions_(std::move(suggestions)) {}

} // namespace coopatlas
