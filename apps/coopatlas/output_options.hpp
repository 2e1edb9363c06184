#pragma once
// Options shared by the commands that write layers, named like ogr2ogr's: --format
// (-f), --layer-name (-nln), --overwrite, --append, --lco, --dsco; and the styles the
// classified layers carry.

#include "command.hpp"

#include <coopatlas/analysis/classify.hpp>
#include <coopatlas/io/atlas_manifest.hpp>
#include <coopatlas/io/vector_writer.hpp>

#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace coopatlas::cli {

/// Valued options: output format layer-name lco dsco; flags: overwrite append raw-csv.
const std::vector<std::string>& output_options();
const std::vector<std::string>& output_flags();
/// Help text lines describing them.
const char* output_help();

/// The write options given on the command line; throws usage_error for --overwrite
/// with --append.
io::vector_write_options write_options(const arguments& args);

/// The atlas's files and layers, never to be written over.
void protect(io::vector_write_options& options, const io::atlas_manifest& manifest);
/// A layer read from a file or dataset (`--input F --layer L`), never to be written over.
void protect(io::vector_write_options& options, const std::string& dataset, const std::string& layer = {});

/// Throws usage_error when two outputs of one command name the same file (or both
/// standard output); each entry is (option, output name).
void check_distinct_outputs(const std::vector<std::pair<std::string, std::string>>& outputs,
                            const io::vector_write_options& options);

/// Where the command's own messages go: standard error when an output is standard output.
std::ostream& messages(const std::vector<std::string>& outputs, std::ostream& out, std::ostream& err);

/// The style coopatlas maps give a choropleth of `field`: the classes of a
/// classification, coloured from a palette (YlGnBu by default), as a QGIS graduated style.
io::layer_style graduated_style(const std::string& field, const analysis::classification& c,
                                const std::string& palette = "YlGnBu");
/// graduated_style() of the finite values of a numeric field of a table, classified
/// as a map classifies them by default (5 quantile classes); nothing when no value is finite.
std::optional<io::layer_style> default_style(const io::feature_table& table, const std::string& field);
/// A categorized style of the LISA clusters (field `cluster`): HH, LL, HL, LH, ns, island.
io::layer_style lisa_style();

} // namespace coopatlas::cli
