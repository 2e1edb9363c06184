#pragma once
// The --input layer of the statistics commands (classify, clusters): read once
// through GDAL, with a numeric field and a label per feature.

#include "command.hpp"

#include <coopatlas/error.hpp>
#include <coopatlas/io/vector_writer.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace coopatlas::cli {

/// A layer given by --input FILE [--layer L] [--where SQL].
struct input_layer {
    std::string path;
    io::feature_table table;
    bool csv = false; // features sit on line number + 1 (after the header) when unfiltered

    /// Reads the layer named by the options; throws input_error when --input is missing.
    static input_layer read(const arguments& args, const std::string& command_name);
    /// Reads a layer (empty `layer`: the first) with an optional OGR SQL filter.
    static input_layer open(const std::string& path, const std::string& layer, const std::string& where);

    /// Values of a numeric field: integers, reals, or text holding a number (a
    /// decimal comma is accepted); null, empty, "NA" and "NaN" give NaN. Throws
    /// input_error naming the feature and the field for any other text, or
    /// listing the fields (with the nearest name) when the field does not exist.
    [[nodiscard]] std::vector<double> numeric(const std::string& field) const;

    /// A label per feature: the --id field when given, else "id", else "name",
    /// else the feature number. Throws input_error when the named field is absent.
    [[nodiscard]] std::vector<std::string> labels(const std::string& id_field) const;

    /// Line (CSV) or feature number of feature i, for messages.
    [[nodiscard]] long where(std::size_t i) const noexcept { return static_cast<long>(i) + (csv ? 2 : 1); }

    [[nodiscard]] std::size_t field_index(const std::string& name) const;
};

// Defined here, inline, so that the Python module can share input_layer.cpp without the
// command-line parser.
inline input_layer input_layer::read(const arguments& args, const std::string& command_name) {
    if (!args.has("input"))
        throw usage_error("no input layer given \xE2\x80\x94 add --input FILE (any GDAL vector source or CSV); see coopatlas " +
                          command_name + " --help");
    return open(args.get("input"), args.get("layer"), args.get("where"));
}

} // namespace coopatlas::cli
