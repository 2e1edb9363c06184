#pragma once
/// \file
/// \brief Strict reading of numbers and booleans written as text: map specs, file
/// attributes, CSV cells and command-line options all go through these functions.
///
/// The whole text must be the value; only ASCII white space around it is ignored
/// (" 2 " is 2; YAML and spreadsheets often pad cells). A leading '+' is accepted.
/// Anything else is refused with a reason and, when one is likely, a suggestion:
///
///     "1.5 km" -> '1.5 km' is not a number — leave out the unit: write a plain number such as 1.5
///     "1,5"    -> '1,5' is not a number — write the decimal separator as a dot: 1.5
///
/// Callers wrap the reason with their own context (file, feature, field, option).

#include <coopatlas/config.hpp>

#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace coopatlas::text {

/// \brief A value read from text, or why the text does not hold one.
template <typename T> struct parsed {
    std::optional<T> value{};  ///< the value; empty when the text is refused
    std::string problem{};     ///< what is wrong, quoting the text: "'abc' is not a number"
    std::string suggestion{};  ///< how to write it instead; may be empty

    [[nodiscard]] explicit operator bool() const noexcept { return value.has_value(); }
    [[nodiscard]] const T& operator*() const { return *value; }

    /// "problem — suggestion", for messages without a place of their own.
    [[nodiscard]] std::string message() const {
        return suggestion.empty() ? problem : problem + " \xE2\x80\x94 " + suggestion;  // em dash
    }
};

/// \brief What parse_number() accepts beyond plain finite decimal numbers.
struct number_format {
    bool allow_non_finite = false;  ///< accept nan, inf and infinity (any case, signed)
    bool decimal_comma = false;     ///< accept one comma as the decimal point ("12,5" as French spreadsheets write it)
};

/// \brief The number the whole text holds, e.g. "1.5", " -2 ", "+3", "1e3", ".5".
/// Refuses empty text, units ("1.5 km"), a decimal comma ("1,5", unless allowed),
/// thousands separators, words, and by default nan/inf; numbers beyond the range
/// of a double ("1e400") are refused too.
COOPATLAS_API parsed<double> parse_number(std::string_view text, const number_format& format = {});

/// \brief parse_number() without the explanation: the finite number the whole text
/// holds, or nothing. For loops over many values, where failures are counted, not told.
COOPATLAS_API std::optional<double> finite_number(std::string_view text) noexcept;

/// \brief A whole number in [min, max], written in decimal digits ("42", "+7", "-3");
/// "2.5", "1e3" and "0x10" are refused, and so is a number out of range (the reason
/// gives the range).
COOPATLAS_API parsed<long long> parse_integer(std::string_view text,
                                              long long min = std::numeric_limits<long long>::min(),
                                              long long max = std::numeric_limits<long long>::max());

/// \brief true, yes, on, 1 or false, no, off, 0 (any case); anything else is refused,
/// the empty text included.
COOPATLAS_API parsed<bool> parse_bool(std::string_view text);

} // namespace coopatlas::text
