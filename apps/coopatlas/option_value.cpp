#include "option_value.hpp"

#include <coopatlas/error.hpp>
#include <coopatlas/text/fold.hpp>
#include <coopatlas/text/parse_value.hpp>

namespace coopatlas::cli {

namespace {
template <typename T> [[noreturn]] void refuse(const std::string& option, const text::parsed<T>& r) {
    throw error("--" + option + ": " + r.message());
}
} // namespace

double number_option(const std::string& option, const std::string& value) {
    const auto r = text::parse_number(value);
    if (!r) refuse(option, r);
    return *r;
}

long long whole_option(const std::string& option, const std::string& value, long long min, long long max) {
    const auto r = text::parse_integer(value, min, max);
    if (!r) refuse(option, r);
    return *r;
}

std::vector<double> number_list_option(const std::string& option, const std::string& value) {
    std::vector<double> out;
    for (const std::string& part : text::split(value, ','))
        out.push_back(number_option(option, part));
    return out;
}

} // namespace coopatlas::cli
