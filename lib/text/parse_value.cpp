#include <coopatlas/text/fold.hpp>
#include <coopatlas/text/parse_value.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <system_error>

namespace coopatlas::text {

namespace {

// Built piece by piece: "'" + std::string(s) trips a GCC 12 -Wrestrict false positive.
std::string quoted(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 2);
    out += '\'';
    out += s;
    out += '\'';
    return out;
}

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// from_chars refuses a leading '+'; one is accepted before a digit or a dot only,
// so that "+-3" and "++3" stay refused.
std::string_view without_plus(std::string_view s) noexcept {
    if (s.size() > 1 && s[0] == '+' && (is_digit(s[1]) || s[1] == '.')) s.remove_prefix(1);
    return s;
}

struct scan {
    double value = 0;
    std::errc ec{};
    std::size_t used = 0;  // characters of the number read
};

// Reads the longest number at the start of s (already trimmed, without '+').
scan scan_number(std::string_view s) noexcept {
    scan r;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), r.value);
    r.ec = ec;
    r.used = static_cast<std::size_t>(ptr - s.data());
    return r;
}

std::string with_comma_as_dot(std::string_view s) {
    std::string out(s);
    std::replace(out.begin(), out.end(), ',', '.');
    return out;
}

std::string without(std::string_view s, char drop) {
    std::string out;
    for (char c : s)
        if (c != drop) out += c;
    return out;
}

bool whole_number_text(std::string_view s) noexcept {
    s = without_plus(s);
    if (!s.empty() && s[0] == '-') s.remove_prefix(1);
    return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}

// The suggestion for a text that is not a number: why it is refused and what to write.
std::string suggestion_for(std::string_view t) {
    const auto commas = std::count(t.begin(), t.end(), ',');
    const bool has_dot = t.find('.') != std::string_view::npos;
    if (commas == 1 && !has_dot && finite_number(with_comma_as_dot(t)))
        return "write the decimal separator as a dot: " + with_comma_as_dot(t);
    if (commas > 1 && whole_number_text(without(t, ',')))
        return "write the number without thousands separators: " + without(t, ',');
    if (t.find(' ') != std::string_view::npos && whole_number_text(without(t, ' ')))
        return "write the number without spaces: " + without(t, ' ');
    // A number followed by a word or a symbol: "1.5 km", "12%", "30 €".
    const std::string_view body = without_plus(t);
    const scan head = scan_number(body);
    if (head.ec == std::errc() && head.used > 0 && head.used < body.size() && std::isfinite(head.value)) {
        const std::string_view number = t.substr(0, t.size() - body.size() + head.used);
        const std::string_view rest = trim(body.substr(head.used));
        const auto c = static_cast<unsigned char>(rest.empty() ? '\0' : rest[0]);
        const bool hex = number == "0" && (c == 'x' || c == 'X');
        if (!hex && (std::isalpha(c) || c == '%' || c >= 0x80))
            return "leave out the unit: write a plain number such as " + std::string(number);
    }
    return "write a number such as 12 or 1.5";
}

std::string range_text(long long min, long long max) {
    constexpr long long lowest = std::numeric_limits<long long>::min();
    constexpr long long highest = std::numeric_limits<long long>::max();
    if (min == lowest && max == highest) return {};
    if (max == highest) return " of at least " + std::to_string(min);
    if (min == lowest) return " of at most " + std::to_string(max);
    return " from " + std::to_string(min) + " to " + std::to_string(max);
}

} // namespace

std::optional<double> finite_number(std::string_view text) noexcept {
    const std::string_view t = without_plus(trim(text));
    if (t.empty()) return std::nullopt;
    const scan r = scan_number(t);
    if (r.ec != std::errc() || r.used != t.size() || !std::isfinite(r.value)) return std::nullopt;
    return r.value;
}

parsed<double> parse_number(std::string_view text, const number_format& format) {
    parsed<double> out;
    const std::string_view t = trim(text);
    if (t.empty()) {
        out.problem = "an empty value is not a number";
        out.suggestion = "write a number such as 12 or 1.5";
        return out;
    }
    const std::string_view body = without_plus(t);
    const scan r = scan_number(body);
    if (r.used == body.size() && r.ec == std::errc()) {
        if (std::isfinite(r.value) || format.allow_non_finite) {
            out.value = r.value;
        } else {
            out.problem = quoted(t) + " is not a finite number";
            out.suggestion = "write a finite number such as 12 or 1.5";
        }
        return out;
    }
    if (r.used == body.size() && r.ec == std::errc::result_out_of_range) {
        out.problem = quoted(t) + " is out of the range of numbers";
        out.suggestion = "numbers lie between about 1e-308 and 1e308 in size";
        return out;
    }
    if (format.decimal_comma && std::count(t.begin(), t.end(), ',') == 1 && t.find('.') == std::string_view::npos)
        if (const auto v = finite_number(with_comma_as_dot(t))) {
            out.value = *v;
            return out;
        }
    out.problem = quoted(t) + " is not a number";
    out.suggestion = suggestion_for(t);
    return out;
}

parsed<long long> parse_integer(std::string_view text, long long min, long long max) {
    parsed<long long> out;
    const std::string_view t = trim(text);
    const std::string range = range_text(min, max);
    if (t.empty()) {
        out.problem = "an empty value is not a whole number";
        out.suggestion = "write a whole number" + (range.empty() ? std::string(" such as 12") : range);
        return out;
    }
    const std::string_view body = without_plus(t);
    long long v = 0;
    const auto [ptr, ec] = std::from_chars(body.data(), body.data() + body.size(), v);
    const bool whole = ptr == body.data() + body.size();
    if (whole && (ec == std::errc::result_out_of_range || (ec == std::errc() && (v < min || v > max)))) {
        out.problem = quoted(t) + " is out of range";
        out.suggestion = "give a whole number" + (range.empty() ? std::string(" of at most 19 digits") : range);
        return out;
    }
    if (whole && ec == std::errc()) {
        out.value = v;
        return out;
    }
    out.problem = quoted(t) + " is not a whole number";
    if (finite_number(t))  // "2.5", "1e3": a number, but not written as a whole one
        out.suggestion = "write a whole number" + (range.empty() ? std::string(" such as 12") : range);
    else
        out.suggestion = suggestion_for(t);
    return out;
}

parsed<bool> parse_bool(std::string_view text) {
    parsed<bool> out;
    std::string t(trim(text));
    std::transform(t.begin(), t.end(), t.begin(),
                   [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c); });
    if (t == "true" || t == "yes" || t == "on" || t == "1") {
        out.value = true;
    } else if (t == "false" || t == "no" || t == "off" || t == "0") {
        out.value = false;
    } else {
        out.problem = t.empty() ? "an empty value is not true or false" : quoted(trim(text)) + " is not true or false";
        out.suggestion = "write true or false (or yes/no, on/off, 1/0)";
    }
    return out;
}

} // namespace coopatlas::text
