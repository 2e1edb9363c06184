#pragma once
// Values of command-line options, read by the library's strict parser
// (text::parse_number and friends); every error names the option, e.g.
//   --bandwidth: '25 km' is not a number — leave out the unit: write a plain number such as 25

#include <string>
#include <vector>

namespace coopatlas::cli {

/// The finite number given to --option; throws coopatlas::error otherwise.
double number_option(const std::string& option, const std::string& value);

/// The whole number in [min, max] given to --option; throws coopatlas::error otherwise.
long long whole_option(const std::string& option, const std::string& value, long long min, long long max);

/// The comma-separated finite numbers given to --option ("10,25,50").
std::vector<double> number_list_option(const std::string& option, const std::string& value);

} // namespace coopatlas::cli
