// Layers of a map spec: kind and keys, where the features come from, their labels,
// and features written inline (WKT, points, from-to lines).

#include <coopatlas/error.hpp>
#include <coopatlas/text/fold.hpp>
#include <coopatlas/text/nearest.hpp>
#include <coopatlas/text/parse_value.hpp>

#include "render/spec_reader.hpp"
#include "render/text_shaper.hpp"
#include "render/wkt.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <sstream>

namespace coopatlas::render::detail {

namespace {

const std::vector<std::string> common_layer_keys = {"id", "kind", "title", "note", "legend",
                                                    // data
                                                    "units", "level", "vintage", "country", "zone", "roll_down",
                                                    "parties", "partnerships", "countries", "entities", "file", "layer",
                                                    "where", "crs", "id_field", "disputed", "features", "filter",
                                                    "value", "label", "scripts", "scripts_join", "min_value"};

const std::map<std::string, std::vector<std::string>> style_keys = {
    {"polygons",
     {"fill", "palette", "classes", "method", "breaks", "outline", "outline_width", "opacity", "no_data", "hatch",
      "hatch_color", "no_data_label", "counts", "zero_is_no_data", "class_labels"}},
    {"lines",
     {"stroke", "width", "dash", "opacity", "disputed_dash", "disputed_casing", "line_label", "disputed_label"}},
    {"circles",
     {"fill", "outline", "outline_width", "opacity", "max_radius", "min_radius", "max_value", "legend_values"}},
    {"flows",
     {"stroke", "opacity", "min_width", "max_width", "max_value", "scaling", "curvature", "arrows", "pair_gap",
      "end_gap", "legend_values", "directed"}},
    {"points", {"shape", "size", "fill", "outline", "outline_width"}},
    {"labels", {"font", "size", "bold", "italic", "color", "halo", "halo_width", "clearance", "centred", "priority", "min_size"}},
    {"graticule", {"step", "stroke", "width", "dash"}},
    {"background", {"land", "outline", "outline_width"}},
};

} // namespace

layer spec_reader::read_layer(const YAML::Node& n, const std::string& frame_crs, std::size_t index, bool overlay) {
    if (!n.IsMap()) fail(n, "a layer is a map of keys (kind, data, value, style)");
    if (!n["kind"])
        fail(n, "the layer has no kind",
             "kind: polygons, lines, circles, flows, points, labels, graticule or background");
    const std::string kind = str(n["kind"]);
    auto sk = style_keys.find(kind);
    if (sk == style_keys.end()) {
        std::vector<std::string> kinds;
        for (const auto& [k, v] : style_keys)
            kinds.push_back(k);
        const std::string near = nearest(kind, kinds);
        fail(n["kind"], "unknown layer kind '" + kind + "'",
             near.empty() ? "use polygons, lines, circles, flows, points, labels, graticule or background"
                          : "did you mean '" + near + "'?");
    }
    std::vector<std::string> allowed = common_layer_keys;
    allowed.insert(allowed.end(), sk->second.begin(), sk->second.end());
    check_keys(n, allowed, kind + " layer " + std::to_string(index + 1));

    layer l;
    l.id = n["id"] ? str(n["id"]) : kind + "-" + std::to_string(index + 1);
    if (n["title"]) l.title = str(n["title"]);
    if (n["note"]) l.note = str(n["note"]);
    if (n["legend"]) l.legend = flag(n["legend"]);
    read_features(l, n, kind, frame_crs, overlay);
    read_style(l, n, kind);
    if (!n["title"] && n["value"] && n["value"].IsScalar()) {
        static const std::map<std::string, std::string> titles = {
            {"partnerships", "Partnerships"},
            {"requests", "Project requests"},
            {"demand", "Requests filed"},
            {"engaged", "Engaged"},
            {"area_km2", "Area (km\u00b2)"},
            {"population", "Population"},
            {"density", "Partnerships per 10,000 km\u00b2"},
            {"density_population", "Partnerships per 100,000 inhabitants"},
            {"first_year", "Year of the first partnership"},
            {"last_year", "Year of the last partnership"},
        };
        auto it = titles.find(n["value"].as<std::string>());
        if (it != titles.end())
            l.title = it->second;
        else if (n["parties"] || n["partnerships"])
            l.title = "Partnerships";
    } else if (!n["title"] && (n["parties"] || n["partnerships"])) {
        l.title = "Partnerships";
    }
    return l;
}

std::string spec_reader::apply_template(const std::string& tmpl, const std::string& name, const std::string& id,
                                        double value) {
    std::string out;
    for (std::size_t i = 0; i < tmpl.size(); ++i) {
        if (tmpl[i] == '{') {
            const auto close = tmpl.find('}', i);
            if (close != std::string::npos) {
                const std::string key = tmpl.substr(i + 1, close - i - 1);
                if (key == "name")
                    out += name;
                else if (key == "id")
                    out += id;
                else if (key == "value") {
                    if (std::isfinite(value)) {
                        std::ostringstream s;
                        s << value;
                        out += s.str();
                    }
                } else
                    out += tmpl.substr(i, close - i + 1);
                i = close;
                continue;
            }
        }
        out += tmpl[i];
    }
    return out;
}

// Every language of a `scripts` list must be one the atlas has names in: a label in a
// language nobody wrote would fall back to the official names without a word.
void spec_reader::check_label_languages(const YAML::Node& scripts) {
    const std::string list = str(scripts);
    if (!checked_label_languages_.insert(list).second) return;
    const auto& known = atlas().languages();
    for (const std::string& word : text::split(list, ',')) {
        const std::string language = word == "latin" || word == "name" ? "fr" : word == "zgh" ? "tfng" : word;
        if (known.count(language)) continue;
        const std::vector<std::string> options(known.begin(), known.end());
        const std::string near = nearest(language, options);
        fail(scripts, "no name of the atlas is in '" + word + "' (scripts: " + list + ")",
             (near.empty() ? "" : "did you mean '" + near + "'? ") + "the atlas has names in " + text::join_list(options) +
                 "; a manifest layer adds a language with fields: {names: {" + word + ": FIELD}}");
    }
}

std::string spec_reader::default_label(const model::entity& e, const YAML::Node& n) {
    if (n["scripts"]) {
        // one script per line by default: a label in three scripts on one line runs across
        // its neighbours; `scripts_join: inline` joins them with " · " instead
        std::string separator = "\n";
        if (n["scripts_join"]) {
            const std::string join = str(n["scripts_join"]);
            if (join == "inline")
                separator = " \xC2\xB7 ";
            else if (join != "lines")
                fail(n["scripts_join"], "scripts_join is 'lines' (one script per line) or 'inline' (joined by ' · ')");
        }
        check_label_languages(n["scripts"]);
        try {
            return detail::multilingual_label(e, str(n["scripts"]), separator);
        } catch (const input_error&) {
            throw;
        } catch (const error& ex) {
            fail(n["scripts"], ex.what());
        }
    }
    return e.display_name();
}

std::string spec_reader::label_of(const YAML::Node& n, const layer_values& values, const model::entity& e,
                                  double value) {
    if (values.label_word.empty() || values.label_word == "none") return {};
    if (values.label_word == "name") return default_label(e, n);
    return apply_template(values.label_word, default_label(e, n), e.id, value);
}

void spec_reader::read_features(layer& l, const YAML::Node& n, const std::string& kind, const std::string& target_crs,
                                bool overlay) {
    layer_values values;
    values.filter = n["filter"] ? read_filter(n["filter"]) : filter_;
    restrict_to_panel(values.filter);
    values.value_word = n["value"] && n["value"].IsScalar() ? n["value"].as<std::string>() : std::string{};
    if (n["value"] && n["value"].IsScalar())
        if (const auto c = text::finite_number(n["value"].Scalar())) {
            values.constant = *c;
            values.has_constant = true;
        }
    values.label_word = n["label"] ? str(n["label"]) : (kind == "labels" ? "name" : "");

    const int sources = (n["units"] || n["level"] ? 1 : 0) + (n["parties"] ? 1 : 0) + (n["partnerships"] ? 1 : 0) +
                        (n["countries"] ? 1 : 0) + (n["entities"] ? 1 : 0) + (n["file"] ? 1 : 0) +
                        (n["features"] ? 1 : 0);
    if (sources > 1)
        fail(n, "a layer takes its features from one source: units, parties, partnerships, countries, entities, file "
                "or features");

    // A filter value that no partnership has would draw an empty map without a word.
    if (n["units"] || n["level"] || n["parties"] || n["partnerships"])
        check_filter_values(n["filter"] ? n["filter"] : filter_node_);

    // Atlas data is lon/lat; a frame in another CRS projects it when drawing.
    if (n["units"] || n["level"])
        read_units(l, n, values);
    else if (n["parties"])
        read_parties(l, n, values);
    else if (n["partnerships"])
        read_partnerships(l, n, values);
    else if (n["countries"] || (kind == "background" && !n["file"] && !n["features"] && !n["entities"]))
        read_countries(l, n, values);
    else if (n["entities"])
        read_entities(l, n, kind, values);
    else if (n["file"])
        read_file_layer(l, n, values, overlay ? "EPSG:4326" : target_crs);
    else if (n["features"])
        read_inline_features(l, n, values);
    else if (kind != "graticule")
        fail(n, "the " + kind + " layer has no data",
             "give units, parties, partnerships, countries, entities, file or features");

    if (n["min_value"]) {
        const double mv = num(n["min_value"]);
        l.features.erase(
            std::remove_if(l.features.begin(), l.features.end(), [&](const feature& x) { return !(x.value >= mv); }),
            l.features.end());
    }
    // `{rank}` in a label: the feature's rank by value, largest first (ties share a rank: 1, 2, 2, 4)
    if (values.label_word.find("{rank}") != std::string::npos) {
        std::vector<double> sorted;
        for (const auto& f : l.features)
            if (std::isfinite(f.value)) sorted.push_back(f.value);
        std::sort(sorted.begin(), sorted.end(), std::greater<>());
        for (auto& f : l.features) {
            const auto at = f.label.find("{rank}");
            if (at == std::string::npos) continue;
            const std::string rank =
                std::isfinite(f.value)
                    ? std::to_string(std::lower_bound(sorted.begin(), sorted.end(), f.value, std::greater<>()) -
                                     sorted.begin() + 1)
                    : std::string{};
            f.label.replace(at, 6, rank);
        }
    }
    if (n["crs"] && !n["features"])
        fail(n["crs"], "crs gives the CRS of inline features; atlas data is lon/lat and files carry their own");
}

void spec_reader::read_inline_features(layer& l, const YAML::Node& n, const layer_values& values) {
    if (n["crs"]) l.crs = crs_preset(str(n["crs"]));
    if (!n["features"].IsSequence())
        fail(n["features"], "features is a list of {wkt|point|from,to, value, label, id}");
    std::size_t i = 0;
    for (const auto& fn : n["features"]) {
        check_keys(fn, {"id", "wkt", "point", "from", "to", "value", "label", "disputed", "directed"}, "feature");
        feature feat;
        feat.id = fn["id"] ? str(fn["id"]) : std::to_string(++i);
        if (fn["value"])
            feat.value = num(fn["value"]);
        else if (values.has_constant)
            feat.value = values.constant;
        if (fn["label"]) feat.label = str(fn["label"]);
        if (fn["disputed"]) feat.disputed = flag(fn["disputed"]);
        if (fn["directed"])
            feat.directed = flag(fn["directed"]);
        else if (n["directed"])
            feat.directed = flag(n["directed"]);
        if (fn["wkt"]) {
            try {
                feat.geometry = detail::parse_wkt(str(fn["wkt"]));
            } catch (const input_error&) {
                throw;
            } catch (const error& e) {
                fail(fn["wkt"], e.what());
            }
        } else if (fn["point"]) {
            const auto v = nums(fn["point"]);
            if (v.size() != 2) fail(fn["point"], "point is [x, y]");
            feat.geometry = geometry::point{v[0], v[1]};
        } else if (fn["from"] && fn["to"]) {
            const auto a = nums(fn["from"]), b = nums(fn["to"]);
            if (a.size() != 2 || b.size() != 2) fail(fn, "from and to are [x, y]");
            feat.geometry = geometry::line_string{{a[0], a[1]}, {b[0], b[1]}};
        } else {
            fail(fn, "a feature needs wkt, point, or from and to");
        }
        l.features.push_back(std::move(feat));
    }
}

} // namespace coopatlas::render::detail
