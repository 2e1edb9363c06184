#pragma once
// Aligned text tables for the terminal, measured in UTF-8 characters so that
// accented names keep the columns straight.

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

namespace coopatlas::cli {

/// A table printed with one space-padded column per header; numeric columns are right-aligned.
/// Prints "\nheading (n):" and one indented line per item; nothing when there is none.
void print_section(std::ostream& out, const std::string& heading, const std::vector<std::string>& lines);

class text_table {
public:
    /// `right[i]` aligns column i to the right (numbers).
    text_table(std::vector<std::string> headers, std::vector<bool> right);
    void add(std::vector<std::string> row);
    /// Cells wider than `max_width` characters are cut with an ellipsis (0 = no limit).
    void print(std::ostream& out, const std::string& indent = "  ", std::size_t max_width = 48) const;
    [[nodiscard]] std::size_t size() const noexcept { return rows_.size(); }

private:
    std::vector<std::string> headers_;
    std::vector<bool> right_;
    std::vector<std::vector<std::string>> rows_;
};

/// Number of characters (code points) of a UTF-8 string.
std::size_t display_width(const std::string& s);

/// A number with `decimals` decimals, or "-" when NaN.
std::string fixed(double v, int decimals);

/// A share (0-1) as a percentage with one decimal, or "n/a" when NaN.
std::string percent(double share);

} // namespace coopatlas::cli
