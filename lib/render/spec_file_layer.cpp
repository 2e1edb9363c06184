// Layer features from a GDAL vector file: geometry in the frame's CRS, and the value,
// label, id and disputed flag of each feature from its fields.

#include <coopatlas/error.hpp>
#include <coopatlas/io/vector_reader.hpp>
#include <coopatlas/text/fold.hpp>
#include <coopatlas/text/parse_value.hpp>

#include "render/spec_reader.hpp"

#include <sstream>
#include <variant>

namespace coopatlas::render::detail {

namespace {

std::string as_text(const io::attribute& v) {
    if (const auto* s = std::get_if<std::string>(&v)) return *s;
    if (const auto* i = std::get_if<long long>(&v)) return std::to_string(*i);
    if (const auto* d = std::get_if<double>(&v)) {
        std::ostringstream o;
        o << *d;
        return o.str();
    }
    return {};
}

// A field's number. Null and empty text are no data; any other text must be a
// plain number, so that "1.5 km" or "abc" is reported instead of drawn as no data.
text::parsed<double> number_of(const io::attribute& v) {
    if (const auto* i = std::get_if<long long>(&v)) return {static_cast<double>(*i)};
    if (const auto* d = std::get_if<double>(&v)) return {*d};
    if (const auto* s = std::get_if<std::string>(&v); s && !text::trim(*s).empty()) return text::parse_number(*s);
    return {nan};
}

// A field's flag: null and empty text are false, integers 0 and 1, and text one of
// the words of text::parse_bool ("no" is false, not a number that is not zero).
text::parsed<bool> flag_of(const io::attribute& v) {
    if (const auto* d = std::get_if<double>(&v); d && (*d == 0 || *d == 1)) return {*d == 1};
    if (const auto* s = std::get_if<std::string>(&v); s && text::trim(*s).empty()) return {false};
    if (std::holds_alternative<std::monostate>(v)) return {false};
    return text::parse_bool(as_text(v));
}

// "regions.gpkg: feature 7 (id MA-05), field 'value': '1.5 km' is not a number — …".
// Features are numbered from 1 in the order read (after `where`).
template <typename T>
[[noreturn]] void bad_value(const std::string& path, std::size_t index, const std::string& id,
                            const std::string& field, const text::parsed<T>& r) {
    std::string where = "feature " + std::to_string(index + 1);
    if (!id.empty()) where += " (id " + id + ")";
    throw input_error(diagnostic{path, 0, 0, field, where + ", field '" + field + "': " + r.problem, r.suggestion});
}

} // namespace

void spec_reader::read_file_layer(layer& l, const YAML::Node& n, const layer_values& values,
                                  const std::string& target_crs) {
    const std::string path = source_of(n["file"]);
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
        // `disputed: true` marks every feature; any other word names the field that says so.
        if (const auto all = text::parse_bool(str(n["disputed"])))
            disputed_all = *all;
        else
            disputed_field = field(n["disputed"], str(n["disputed"]));
    }
    auto at = [](const std::vector<io::attribute>& row, int k) -> const io::attribute& {
        return row[static_cast<std::size_t>(k)];
    };
    l.features.reserve(t.geometries.size());
    for (std::size_t i = 0; i < t.geometries.size(); ++i) {
        feature feat;
        const auto& row = t.rows[i];
        feat.id = id_field >= 0 ? as_text(at(row, id_field)) : std::to_string(i + 1);
        const std::string shown_id = id_field >= 0 ? feat.id : std::string{};
        if (value_field >= 0) {
            const auto v = number_of(at(row, value_field));
            if (!v) bad_value(path, i, shown_id, values.value_word, v);
            feat.value = *v;
        } else {
            feat.value = values.constant_or_nan();
        }
        if (label_field >= 0)
            feat.label = as_text(at(row, label_field));
        else if (label_template)
            feat.label = apply_template(values.label_word, {}, feat.id, feat.value);
        if (disputed_field >= 0) {
            const auto d = flag_of(at(row, disputed_field));
            if (!d) bad_value(path, i, shown_id, t.fields[static_cast<std::size_t>(disputed_field)].name, d);
            feat.disputed = *d;
        } else {
            feat.disputed = disputed_all;
        }
        feat.geometry = std::move(t.geometries[i]);
        l.features.push_back(std::move(feat));
    }
}

} // namespace coopatlas::render::detail
