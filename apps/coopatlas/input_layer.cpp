#include "input_layer.hpp"

#include <coopatlas/error.hpp>
#include <coopatlas/io/vector_reader.hpp>
#include <coopatlas/text/fold.hpp>
#include <coopatlas/text/parse_value.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <limits>

namespace coopatlas::cli {

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

} // namespace

input_layer input_layer::read(const arguments& args, const std::string& command_name) {
    if (!args.has("input"))
        throw usage_error("no input layer given \xE2\x80\x94 add --input FILE (any GDAL vector source or CSV); see coopatlas " +
                          command_name + " --help");
    input_layer in;
    in.path = args.get("input");
    io::vector_read_options options;
    options.layer = args.get("layer");
    options.where = args.get("where");
    in.table = io::read_vector(in.path, options);
    in.csv = lower(std::filesystem::path(in.path).extension().string()) == ".csv" && options.where.empty();
    return in;
}

std::size_t input_layer::field_index(const std::string& name) const {
    for (std::size_t i = 0; i < table.fields.size(); ++i)
        if (table.fields[i].name == name) return i;
    std::string listed, nearest;
    std::size_t best = 3;
    for (const auto& f : table.fields) {
        listed += (listed.empty() ? "" : ", ") + f.name;
        const std::size_t d = text::edit_distance(lower(name), lower(f.name));
        if (d < best) {
            best = d;
            nearest = f.name;
        }
    }
    throw input_error(diagnostic{path, 0, 0, name, "layer " + table.name + " has no field '" + name + "'",
                                 nearest.empty() ? "fields are: " + listed
                                                 : "did you mean '" + nearest + "'? (fields: " + listed + ")"});
}

std::vector<double> input_layer::numeric(const std::string& field) const {
    const std::size_t k = field_index(field);
    std::vector<double> out;
    out.reserve(table.rows.size());
    for (std::size_t i = 0; i < table.rows.size(); ++i) {
        const io::attribute& a = table.rows[i][k];
        if (const auto* d = std::get_if<double>(&a)) {
            out.push_back(*d);
        } else if (const auto* n = std::get_if<long long>(&a)) {
            out.push_back(static_cast<double>(*n));
        } else if (const auto* s = std::get_if<std::string>(&a)) {
            const std::string l = lower(std::string(text::trim(*s)));
            if (l.empty() || l == "na" || l == "nan" || l == "null") {
                out.push_back(std::numeric_limits<double>::quiet_NaN());
                continue;
            }
            // "12,5" as French spreadsheets write it is 12.5
            text::number_format format;
            format.decimal_comma = true;
            const auto v = text::parse_number(*s, format);
            if (!v) {
                // CSV: the line is given; other layers: the feature number is said in words
                const std::string feature = csv ? "" : "feature " + std::to_string(where(i)) + ", ";
                throw input_error(diagnostic{path, csv ? where(i) : 0, 0, field,
                                             feature + "field '" + field + "': " + v.problem,
                                             v.suggestion + "; leave the value empty (or NA) when it is not known"});
            }
            out.push_back(*v);
        } else {
            out.push_back(std::numeric_limits<double>::quiet_NaN());
        }
    }
    return out;
}

std::vector<std::string> input_layer::labels(const std::string& id_field) const {
    std::size_t k = table.fields.size();
    if (!id_field.empty()) {
        k = field_index(id_field);
    } else {
        for (const char* candidate : {"id", "name"}) {
            for (std::size_t i = 0; i < table.fields.size() && k == table.fields.size(); ++i)
                if (table.fields[i].name == candidate) k = i;
            if (k < table.fields.size()) break;
        }
    }
    std::vector<std::string> out;
    for (std::size_t i = 0; i < table.rows.size(); ++i) {
        std::string label;
        if (k < table.fields.size()) {
            const io::attribute& a = table.rows[i][k];
            if (const auto* s = std::get_if<std::string>(&a))
                label = *s;
            else if (const auto* n = std::get_if<long long>(&a))
                label = std::to_string(*n);
            else if (const auto* d = std::get_if<double>(&a))
                label = std::to_string(*d);
        }
        out.push_back(label.empty() ? "#" + std::to_string(i + 1) : label);
    }
    return out;
}

} // namespace coopatlas::cli
