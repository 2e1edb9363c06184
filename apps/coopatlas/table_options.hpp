#pragma once
// How the command line says to read a table: --sheet, --separator, --encoding and
// --column OURS=HEADER, shared by the commands that read partnership tables.

#include "command.hpp"

#include <coopatlas/io/table_source.hpp>

#include <optional>
#include <ostream>
#include <string>

namespace coopatlas::cli {

/// The reading options given on the command line (no path); a bad one is printed to
/// `err` as a usage error of `command` and gives nullopt.
std::optional<io::table_source> table_options(const arguments& args, const char* command, std::ostream& err);

/// The table a command-line word names ("file.csv", "book.xlsx[Feuil1]"), read with
/// the options (a sheet in the name wins over --sheet).
io::table_source table_named(const std::string& name, const io::table_source& options);

} // namespace coopatlas::cli
