#include "text_table.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace coopatlas::cli {

std::size_t display_width(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

namespace {
// Cuts a UTF-8 string to `width` characters, the last being an ellipsis.
std::string cut(const std::string& s, std::size_t width) {
    if (width == 0 || display_width(s) <= width) return s;
    std::string out;
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if ((c & 0xC0) != 0x80 && ++n == width) break;
        out += s[i];
    }
    return out + "\xE2\x80\xA6";
}
} // namespace

text_table::text_table(std::vector<std::string> headers, std::vector<bool> right)
    : headers_(std::move(headers)), right_(std::move(right)) {
    right_.resize(headers_.size(), false);
}

void text_table::add(std::vector<std::string> row) {
    row.resize(headers_.size());
    rows_.push_back(std::move(row));
}

void text_table::print(std::ostream& out, const std::string& indent, std::size_t max_width) const {
    std::vector<std::size_t> width(headers_.size());
    for (std::size_t c = 0; c < headers_.size(); ++c) width[c] = display_width(headers_[c]);
    for (const auto& row : rows_)
        for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], display_width(cut(row[c], max_width)));
    auto line = [&](const std::vector<std::string>& cells) {
        std::string text = indent;
        for (std::size_t c = 0; c < cells.size(); ++c) {
            const std::string cell = cut(cells[c], max_width);
            const std::string pad(width[c] - display_width(cell), ' ');
            text += right_[c] ? pad + cell : cell + (c + 1 < cells.size() ? pad : std::string());
            if (c + 1 < cells.size()) text += "  ";
        }
        out << text << '\n';
    };
    line(headers_);
    std::vector<std::string> rule;
    for (std::size_t w : width) rule.emplace_back(w, '-');
    line(rule);
    for (const auto& row : rows_) line(row);
}

std::string fixed(double v, int decimals) {
    if (std::isnan(v)) return "-";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string percent(double share) {
    if (std::isnan(share)) return "n/a";
    return fixed(100 * share, 1) + "%";
}

void print_section(std::ostream& out, const std::string& heading, const std::vector<std::string>& lines) {
    if (lines.empty()) return;
    out << '\n' << heading << ":\n";
    for (const auto& line : lines) out << "  " << line << '\n';
}

} // namespace coopatlas::cli
