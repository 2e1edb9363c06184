#pragma once
// Examples for a command's --help, written with the loaded atlas's own codes.

#include "command.hpp"

#include <ostream>
#include <string>

namespace coopatlas::cli {

/// Prints examples of `command` with the levels, vintages, countries and ids of the atlas
/// that --manifest or --data names; a note instead when it does not load.
void print_atlas_examples(const std::string& command, const arguments& args, std::ostream& out);

} // namespace coopatlas::cli
