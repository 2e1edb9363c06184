// Layer features from a GDAL vector file: geometry in the frame's CRS, and the value,
// label, id and disputed flag of each feature from its fields.

#include <coopatlas/error.hpp>
#include <coopatlas/io/vector_reader.hpp>

#include "render/spec_reader.hpp"

#include <sstream>

namespace coopatlas::render::detail {

void spec_reader::read_file_layer(layer& l, const YAML::Node& n, const layer_values& values,
                                  const std::string& target_crs) {
    const std::string path = path_of(n["file"]);
    io::vector_read_options ro;
    if (n["layer"]) ro.layer = str(n["layer"]);
    if (n["where"]) ro.where = str(n["where"]);
    ro.target_crs = target_crs;
    io::feature_table t;
    try {
        t = io::read_vector(path, ro);
    } catch (const input_error&) {
        throw;
    } catch (const error& e) {
        fail(n["file"], e.what());
    }
    spec_.inputs.push_back(path);
    l.crs = t.crs.empty() ? ro.target_crs : t.crs;
    auto field = [&](const YAML::Node& key, const std::string& word) -> int {
        for (std::size_t i = 0; i < t.fields.size(); ++i)
            if (t.fields[i].name == word) return static_cast<int>(i);
        std::vector<std::string> names;
        for (const auto& fd : t.fields)
            names.push_back(fd.name);
        const std::string near = nearest(word, names);
        std::string list;
        for (const auto& nm : names)
            list += (list.empty() ? "" : ", ") + nm;
        fail(key, "no field '" + word + "' in " + path,
             near.empty() ? "fields: " + list : "did you mean '" + near + "'?");
    };
    const int value_field = values.value_is_named() ? field(n["value"], values.value_word) : -1;
    const bool label_template = values.label_word.find('{') != std::string::npos;
    const int label_field = !values.label_word.empty() && values.label_word != "none" && !label_template
                                ? field(n["label"], values.label_word == "name" ? "name" : values.label_word)
                                : -1;
    const int id_field = n["id_field"] ? field(n["id_field"], str(n["id_field"])) : -1;
    bool disputed_all = false;
    int disputed_field = -1;
    if (n["disputed"]) {
        try {
            disputed_all = n["disputed"].as<bool>();
        } catch (const YAML::Exception&) {
            disputed_field = field(n["disputed"], str(n["disputed"]));
        }
    }
    auto as_text = [](const io::attribute& v) -> std::string {
        if (const auto* s = std::get_if<std::string>(&v)) return *s;
        if (const auto* i = std::get_if<long long>(&v)) return std::to_string(*i);
        if (const auto* d = std::get_if<double>(&v)) {
            std::ostringstream o;
            o << *d;
            return o.str();
        }
        return {};
    };
    auto as_number = [](const io::attribute& v) -> double {
        if (const auto* i = std::get_if<long long>(&v)) return static_cast<double>(*i);
        if (const auto* d = std::get_if<double>(&v)) return *d;
        if (const auto* s = std::get_if<std::string>(&v)) {
            try {
                return std::stod(*s);
            } catch (const std::exception&) {
                return nan;
            }
        }
        return nan;
    };
    l.features.reserve(t.geometries.size());
    for (std::size_t i = 0; i < t.geometries.size(); ++i) {
        feature feat;
        const auto& row = t.rows[i];
        feat.id = id_field >= 0 ? as_text(row[static_cast<std::size_t>(id_field)]) : std::to_string(i + 1);
        feat.value = value_field >= 0 ? as_number(row[static_cast<std::size_t>(value_field)])
                                      : values.constant_or_nan();
        if (label_field >= 0)
            feat.label = as_text(row[static_cast<std::size_t>(label_field)]);
        else if (label_template)
            feat.label = apply_template(values.label_word, {}, feat.id, feat.value);
        feat.disputed =
            disputed_all || (disputed_field >= 0 && as_number(row[static_cast<std::size_t>(disputed_field)]) != 0);
        feat.geometry = std::move(t.geometries[i]);
        l.features.push_back(std::move(feat));
    }
}

} // namespace coopatlas::render::detail
