#include <coopatlas/error.hpp>
#include <coopatlas/geometry/overlay.hpp>
#include <coopatlas/io/entity_layer.hpp>
#include <coopatlas/io/spreadsheet.hpp>
#include <coopatlas/io/text_encoding.hpp>
#include <coopatlas/text/fold.hpp>
#include <coopatlas/text/nearest.hpp>
#include <coopatlas/text/parse_value.hpp>

#include "io/gdal/gdal_util.hpp"
#include "io/gdal/module_functions.hpp"

#include <cpl_vsi.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <memory>
#include <optional>

namespace coopatlas::io {

namespace {

struct ct_deleter {
    void operator()(OGRCoordinateTransformation* ct) const noexcept { OGRCoordinateTransformation::DestroyCT(ct); }
};

bool has_extension(const std::string& path, std::initializer_list<const char*> extensions) {
    std::string ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return std::any_of(extensions.begin(), extensions.end(), [&](const char* e) { return ext == e; });
}

// A CSV file converted to UTF-8 in GDAL's memory file system, for as long as it is read.
class memory_file {
public:
    memory_file(const std::string& path, std::string utf8) : bytes_(std::move(utf8)) {
        static std::atomic<unsigned> counter{0};
        name_ = "/vsimem/coopatlas_" + std::to_string(counter++) + "/" + std::filesystem::path(path).filename().string();
        VSIFCloseL(VSIFileFromMemBuffer(name_.c_str(), reinterpret_cast<GByte*>(bytes_.data()),
                                        static_cast<vsi_l_offset>(bytes_.size()), FALSE));
    }
    ~memory_file() { VSIUnlink(name_.c_str()); }
    memory_file(const memory_file&) = delete;
    memory_file& operator=(const memory_file&) = delete;
    [[nodiscard]] const std::string& name() const noexcept { return name_; }

private:
    std::string bytes_;
    std::string name_;
};

// The dataset of a layer; a CSV file is checked (UTF-8, no NUL) or converted first.
struct opened_source {
    std::unique_ptr<memory_file> converted;  // declared first: outlives the dataset
    GDALDatasetUniquePtr dataset;
    bool csv = false;
    bool spreadsheet = false;
};

opened_source open_source(const layer_spec& spec) {
    opened_source out;
    out.csv = has_extension(spec.path, {".csv", ".tsv"});
    out.spreadsheet = is_spreadsheet(spec.path);
    if (!out.csv) {
        out.dataset = detail::open_vector(spec.path);
        return out;
    }
    const std::string bytes = read_file_bytes(spec.path);
    if (spec.encoding == text_encoding::utf8) {
        check_utf8_text(bytes, spec.path);
        out.dataset = detail::open_vector(spec.path);
    } else {
        out.converted = std::make_unique<memory_file>(spec.path, decode_text(bytes, spec.encoding, spec.path));
        out.dataset = detail::open_vector(out.converted->name());
    }
    return out;
}

// What a problem message needs about the layer being read.
struct layer_context {
    const layer_spec& spec;
    std::string label;                // "benelux.gpkg (layer states_provinces)"
    std::vector<std::string> fields;  // the layer's fields

    // A problem with a setting: reported where it was written when known, else at the data.
    [[nodiscard]] diagnostic at_setting(const std::string& key, std::string message, std::string suggestion) const {
        diagnostic d;
        if (const auto it = spec.origins.find(key); it != spec.origins.end()) {
            d.file = it->second.file;
            d.line = it->second.line;
            d.column = it->second.column;
        } else {
            d.file = spec.path;
        }
        d.field = key;
        d.message = std::move(message);
        d.suggestion = std::move(suggestion);
        return d;
    }
    [[nodiscard]] std::string fields_nearest(const std::string& wanted) const {
        return fields.empty() ? "the layer has no field" : "its fields, nearest first: " + text::join_list(text::by_nearness(wanted, fields));
    }
};

// Resolved field index of a mapping for one layer.
struct bound_field {
    int index = -1;
    std::string constant;
    std::string name;
};

bound_field bind(const layer_context& ctx, OGRFeatureDefn* defn, const field_source& src, const char* attribute) {
    bound_field b;
    b.constant = src.constant;
    b.name = src.field;
    if (src.field.empty()) return b;
    b.index = defn->GetFieldIndex(src.field.c_str());
    // a field named after the attribute is optional; one chosen by a mapping must exist
    const std::string key = std::string("fields.") + attribute;
    if (b.index < 0 && (src.field != attribute || ctx.spec.origins.count(key)))
        throw input_error(ctx.at_setting(key, ctx.label + " has no field '" + src.field + "' (mapped to " + attribute + ")",
                                         ctx.fields_nearest(src.field)));
    return b;
}

struct bound_fields {
    bound_field id, country, level, vintage, code, code_iso, feature_code, name, name_ar, name_tfng, name_en, alt_names,
        parent_ids, anchor_id, disputed, population, source;
    std::vector<std::pair<std::string, bound_field>> names;  // language tag, field
    int x = -1, y = -1;

    [[nodiscard]] const bound_field& of(std::string_view attribute) const {
        if (attribute == "country") return country;
        if (attribute == "level") return level;
        if (attribute == "vintage") return vintage;
        return code;
    }
};

int bind_coordinate(const layer_context& ctx, OGRFeatureDefn* defn, const std::string& field, const char* key) {
    const int index = defn->GetFieldIndex(field.c_str());
    if (index < 0)
        throw input_error(ctx.at_setting(key, ctx.label + " has no coordinate column '" + field + "' (" + key + ")",
                                         ctx.fields_nearest(field)));
    return index;
}

bound_fields bind_all(const layer_context& ctx, OGRFeatureDefn* defn) {
    const layer_spec& s = ctx.spec;
    bound_fields b{bind(ctx, defn, s.id, "id"),           bind(ctx, defn, s.country, "country"),
                   bind(ctx, defn, s.level, "level"),     bind(ctx, defn, s.vintage, "vintage"),
                   bind(ctx, defn, s.code, "code"),       bind(ctx, defn, s.code_iso, "code_iso"),
                   bind(ctx, defn, s.feature_code, "feature_code"),
                   bind(ctx, defn, s.name, "name"),       bind(ctx, defn, s.name_ar, "name_ar"),
                   bind(ctx, defn, s.name_tfng, "name_tfng"), bind(ctx, defn, s.name_en, "name_en"),
                   bind(ctx, defn, s.alt_names, "alt_names"), bind(ctx, defn, s.parent_ids, "parent_ids"),
                   bind(ctx, defn, s.anchor_id, "anchor_id"), bind(ctx, defn, s.disputed, "disputed"),
                   bind(ctx, defn, s.population, "population"), bind(ctx, defn, s.source, "source"), {}};
    for (const auto& [language, src] : s.names)
        b.names.emplace_back(language, bind(ctx, defn, src, ("names." + language).c_str()));
    if (!s.x_field.empty() || !s.y_field.empty()) {
        b.x = bind_coordinate(ctx, defn, s.x_field, "x");
        b.y = bind_coordinate(ctx, defn, s.y_field, "y");
    }
    return b;
}

// One piece of an id template: literal text, or a placeholder naming an attribute.
struct template_part {
    std::string text;
    bool placeholder = false;
};

constexpr std::array<std::string_view, 4> placeholders = {"country", "level", "vintage", "code"};

std::vector<template_part> parse_template(const layer_context& ctx) {
    const std::string& tpl = ctx.spec.id_template;
    std::vector<std::string> known;
    for (auto p : placeholders) known.push_back("{" + std::string(p) + "}");
    std::vector<template_part> parts;
    for (std::size_t at = 0; at < tpl.size();) {
        const std::size_t open = tpl.find('{', at);
        if (open == std::string::npos) {
            parts.push_back({tpl.substr(at), false});
            break;
        }
        if (open > at) parts.push_back({tpl.substr(at, open - at), false});
        const std::size_t close = tpl.find('}', open);
        if (close == std::string::npos)
            throw input_error(ctx.at_setting("id_template", "id template '" + tpl + "' has a '{' without '}'",
                                             "placeholders are " + text::join_list(known, "")));
        const std::string name = tpl.substr(open + 1, close - open - 1);
        if (std::find(placeholders.begin(), placeholders.end(), name) == placeholders.end()) {
            const std::string near = text::nearest("{" + name + "}", known);
            throw input_error(ctx.at_setting("id_template", "unknown placeholder {" + name + "} in id template '" + tpl + "'",
                                             (near.empty() ? "" : "did you mean " + near + "? ") + "known placeholders: " +
                                                 text::join_list(known, "")));
        }
        parts.push_back({name, true});
        at = close + 1;
    }
    return parts;
}

const std::string& attribute_value(const model::entity& e, std::string_view attribute) {
    if (attribute == "country") return e.country;
    if (attribute == "level") return e.level;
    if (attribute == "vintage") return e.vintage;
    return e.code;
}

std::string expand_template(const layer_context& ctx, const std::vector<template_part>& parts, const bound_fields& b,
                            const model::entity& e, long where) {
    std::string id;
    for (const auto& part : parts) {
        if (!part.placeholder) {
            id += part.text;
            continue;
        }
        const std::string& value = attribute_value(e, part.text);
        if (value.empty()) {
            const bound_field& f = b.of(part.text);
            const std::string why = f.index >= 0 ? "field '" + f.name + "' is empty"
                                  : f.name.empty() ? "no field or constant gives it"
                                                   : "the layer has no field '" + f.name + "' and no constant gives it";
            throw input_error(ctx.at_setting(
                "id_template",
                "id template '" + ctx.spec.id_template + "' gives an empty {" + part.text + "} for feature " +
                    std::to_string(where) + " of " + ctx.label + ": " + why,
                "filter such features out with 'where', map " + part.text + " to a field that is always filled, or give a " +
                    part.text + " constant"));
        }
        id += value;
    }
    return id;
}

std::string value_of(const OGRFeature& f, const bound_field& b) {
    if (b.index >= 0 && f.IsFieldSetAndNotNull(b.index)) return std::string(text::trim(f.GetFieldAsString(b.index)));
    return b.constant;
}

// A value of one feature that is not what its attribute needs: names the feature by
// its id and the field it comes from (the line is the CSV line or feature number).
template <typename T>
[[noreturn]] void bad_value(const layer_spec& spec, long where, const model::entity& e, const std::string& field,
                            const text::parsed<T>& r) {
    throw input_error(diagnostic{spec.path, where, 0, field,
                                 "feature '" + e.id + "', field '" + field + "': " + r.problem, r.suggestion});
}

std::string field_name(const bound_field& b, const char* attribute) { return b.name.empty() ? attribute : b.name; }

// Sets the filter and reads one feature: SQL drivers only reject a bad filter once reading starts.
void apply_filter(const layer_context& ctx, OGRLayer& layer, detail::error_trap& trap) {
    if (ctx.spec.where.empty()) return;
    trap.clear();
    const bool rejected = layer.SetAttributeFilter(ctx.spec.where.c_str()) != OGRERR_NONE;
    if (!rejected) {
        layer.ResetReading();
        OGRFeatureUniquePtr first(layer.GetNextFeature());
        layer.ResetReading();
    }
    if (!rejected && !trap.failed()) return;
    const std::string why = trap.failed() ? trap.message() : "GDAL rejects it";
    throw input_error(ctx.at_setting("where", "invalid where \"" + ctx.spec.where + "\" on " + ctx.label + ": " + why,
                                     "write an OGR SQL condition on the layer's fields: " + text::join_list(ctx.fields)));
}

std::unique_ptr<OGRCoordinateTransformation, ct_deleter> transform_to_wgs84(OGRLayer& layer) {
    std::unique_ptr<OGRCoordinateTransformation, ct_deleter> out;
    if (const OGRSpatialReference* srs = layer.GetSpatialRef()) {
        OGRSpatialReference wgs84;
        wgs84.importFromEPSG(4326);
        wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        OGRSpatialReference source(*srs);
        source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        if (!source.IsSame(&wgs84)) out.reset(OGRCreateCoordinateTransformation(&source, &wgs84));
    }
    return out;
}

// The attributes of one feature; `where` numbers it in messages.
model::entity read_attributes(const layer_context& ctx, const OGRFeature& feature, const bound_fields& b,
                              const std::vector<template_part>& tpl, long where) {
    const layer_spec& spec = ctx.spec;
    model::entity e;
    e.country = value_of(feature, b.country);
    e.level = value_of(feature, b.level);
    e.vintage = value_of(feature, b.vintage);
    e.code = value_of(feature, b.code);
    e.code_iso = value_of(feature, b.code_iso);
    e.feature_code = value_of(feature, b.feature_code);
    e.id = b.id.index >= 0 ? value_of(feature, b.id) : expand_template(ctx, tpl, b, e, where);
    e.name = value_of(feature, b.name);
    e.name_ar = value_of(feature, b.name_ar);
    e.name_tfng = value_of(feature, b.name_tfng);
    e.name_en = value_of(feature, b.name_en);
    for (const auto& [language, field] : b.names)
        if (std::string n = value_of(feature, field); !n.empty()) e.names.emplace(language, std::move(n));
    e.alt_names = text::split(value_of(feature, b.alt_names), spec.list_separator);
    e.parent_ids = text::split(value_of(feature, b.parent_ids), spec.list_separator);
    e.anchor_id = value_of(feature, b.anchor_id);
    if (const std::string disputed = value_of(feature, b.disputed); !disputed.empty()) {
        const auto d = text::parse_bool(disputed);
        if (!d) bad_value(spec, where, e, field_name(b.disputed, "disputed"), d);
        e.disputed = *d;
    }
    if (const std::string population = value_of(feature, b.population); !population.empty()) {
        const auto p = text::parse_number(population);
        if (!p) bad_value(spec, where, e, field_name(b.population, "population"), p);
        e.population = *p;
    }
    e.source = value_of(feature, b.source);
    e.rank = spec.rank;
    if (e.rank < 0 && !spec.level_ranks.empty()) {
        auto it = spec.level_ranks.find(e.country + "/" + e.level);
        if (it == spec.level_ranks.end()) it = spec.level_ranks.find("*/" + e.level);
        if (it != spec.level_ranks.end()) e.rank = it->second;
    }
    if (e.rank < 0) e.rank = model::default_rank(e.level);
    if (e.id.empty()) throw input_error(diagnostic{spec.path, where, 0, spec.id.field, "feature has no id", {}});
    if (e.name.empty() && e.name_ar.empty() && e.name_tfng.empty() && e.name_en.empty() && e.names.empty()) {
        throw input_error(diagnostic{spec.path, where, 0, spec.name.field, "feature '" + e.id + "' has no name", {}});
    }
    if (e.level.empty())
        throw input_error(diagnostic{spec.path, where, 0, spec.level.field, "feature '" + e.id + "' has no level",
                                     "map the level to a field or give it as a constant"});
    return e;
}

void read_geometry(const layer_spec& spec, OGRFeature& feature, const bound_fields& b,
                   OGRCoordinateTransformation* to_wgs84, long where, model::entity& e) {
    if (b.x >= 0) {
        const std::string xs(text::trim(feature.GetFieldAsString(b.x)));
        const std::string ys(text::trim(feature.GetFieldAsString(b.y)));
        const auto x = text::parse_number(xs), y = text::parse_number(ys);
        if (x && y) {
            e.geometry = geometry::point{*x, *y};
        } else if (!xs.empty() || !ys.empty()) {  // both empty: a unit without a location
            if (!x) bad_value(spec, where, e, spec.x_field, x);
            bad_value(spec, where, e, spec.y_field, y);
        }
    } else if (OGRGeometry* g = feature.GetGeometryRef()) {
        if (to_wgs84 && g->transform(to_wgs84) != OGRERR_NONE) {
            throw input_error(diagnostic{spec.path, where, 0, {}, "cannot transform the geometry of '" + e.id + "' to WGS 84", {}});
        }
        try {
            e.geometry = detail::from_ogr(g);
        } catch (const error& ex) {
            throw input_error(diagnostic{spec.path, where, 0, {}, "feature '" + e.id + "': " + ex.what(), {}});
        }
    }
}

// What the geometry of one feature is, for the checks of a layer of polygons.
struct feature_shape {
    long where = 0;
    std::string id;
    enum class kind { none, empty, polygon, other } what = kind::none;
    std::string type; // OGR's name of the type, for `other`
    const model::entity* entity = nullptr;
};

feature_shape shape_of(const OGRGeometry* g, const model::entity& e, long where) {
    feature_shape s;
    s.where = where;
    s.id = e.id;
    s.entity = &e;
    if (!g)
        s.what = feature_shape::kind::none;
    else if (std::holds_alternative<geometry::multi_polygon>(e.geometry))
        s.what = feature_shape::kind::polygon;
    else if (g->IsEmpty())
        s.what = feature_shape::kind::empty;
    else {
        s.what = feature_shape::kind::other;
        s.type = g->getGeometryName(); // "LINESTRING", as in WKT
        std::transform(s.type.begin(), s.type.end(), s.type.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    }
    return s;
}

bool polygon_type(OGRwkbGeometryType t) {
    switch (wkbFlatten(t)) {
    case wkbPolygon:
    case wkbMultiPolygon:
    case wkbCurvePolygon:
    case wkbMultiSurface:
    case wkbPolyhedralSurface:
    case wkbTIN:
        return true;
    default:
        return false;
    }
}

// GEOS's "Self-intersection[1 1]" as "self-intersection at 1,1".
std::string describe_invalidity(const std::string& reason) {
    std::string what = reason, where;
    if (const auto open = reason.find('['); open != std::string::npos) {
        what = reason.substr(0, open);
        const auto close = reason.find(']', open);
        where = reason.substr(open + 1, close == std::string::npos ? std::string::npos : close - open - 1);
        std::replace(where.begin(), where.end(), ' ', ',');
    }
    if (!what.empty()) what[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(what[0])));
    return where.empty() ? what : what + " at " + where;
}

// Checks the geometries of a layer of polygon units (declared so, or holding polygons):
// a line or point there is always an error (thrown unless `problems` collects it); a
// missing, empty or invalid polygon is reported only when `problems` collects.
void check_shapes(const layer_context& ctx, bool csv, bool declared_polygons, const std::vector<feature_shape>& shapes,
                  std::vector<diagnostic>* problems) {
    const bool polygons = declared_polygons || std::any_of(shapes.begin(), shapes.end(), [](const feature_shape& s) {
                              return s.what == feature_shape::kind::polygon;
                          });
    if (!polygons) return;
    for (const auto& s : shapes) {
        const std::string feature =
            ctx.label + ", " + (csv ? "line " : "FID ") + std::to_string(s.where) + " ('" + s.id + "')";
        diagnostic d{ctx.spec.path, 0, 0, {}, {}, {}};
        switch (s.what) {
        case feature_shape::kind::other:
            d.message = feature + ": a " + s.type + " in a layer of polygon units, which has no area";
            d.suggestion = "remove it, or read it from a layer of its own (places take points)";
            if (!problems) throw input_error(d);
            break;
        case feature_shape::kind::none:
        case feature_shape::kind::empty:
            if (!problems) continue;
            d.message = feature +
                        (s.what == feature_shape::kind::none ? ": no geometry (null)" : ": an empty geometry") +
                        " in a layer of polygon units";
            d.suggestion =
                "give it its polygon, or leave it out with 'where'; analyses count it as a unit without area";
            break;
        case feature_shape::kind::polygon: {
            if (!problems) continue;
            std::string reason;
            if (geometry::is_valid(std::get<geometry::multi_polygon>(s.entity->geometry), &reason)) continue;
            d.message = feature + ": invalid polygon: " + describe_invalidity(reason);
            d.suggestion = "repair with ogr2ogr -makevalid; analyses repair it with GEOS MakeValid meanwhile";
            break;
        }
        }
        problems->push_back(std::move(d));
    }
}

} // namespace

namespace gdal {

std::vector<std::string> list_layers(const std::string& path) {
    auto ds = detail::open_vector(path);
    std::vector<std::string> out;
    for (int i = 0; i < ds->GetLayerCount(); ++i) out.emplace_back(ds->GetLayer(i)->GetName());
    return out;
}

std::vector<model::entity> read_entity_layer(const layer_spec& spec, std::vector<diagnostic>* geometry_problems) {
    detail::error_trap trap;  // GDAL's messages become ours
    opened_source source = open_source(spec);
    OGRLayer* layer = detail::pick_layer(*source.dataset, spec.path, spec.layer);
    const layer_context ctx{spec, std::filesystem::path(spec.path).filename().string() + " (layer " + layer->GetName() + ")",
                            detail::field_names(*layer)};
    apply_filter(ctx, *layer, trap);
    const auto to_wgs84 = transform_to_wgs84(*layer);
    const bound_fields fields = bind_all(ctx, layer->GetLayerDefn());
    if (fields.id.index < 0 && spec.id_template.empty()) {
        throw input_error(diagnostic{spec.path, 0, 0, spec.id.field,
                                     "layer " + std::string(layer->GetName()) + " has no id field '" + spec.id.field + "'",
                                     "map the id to a field or give an id template such as {country}:{level}:{code}"});
    }
    const std::vector<template_part> tpl = fields.id.index < 0 ? parse_template(ctx) : std::vector<template_part>{};

    // interned once for the layer: each entity then takes a pointer to it
    const model::interned_string origin(spec.path + (spec.layer.empty() ? "" : " (layer " + spec.layer + ")"));
    std::vector<model::entity> out;
    std::vector<feature_shape> shapes;
    const bool check = fields.x < 0; // coordinate columns make points, never polygons
    long count = 0;
    for (auto& feature : *layer) {
        ++count;
        // CSV: feature n sits on line n + 1, after the header; spreadsheets number rows as FIDs
        const long where = source.csv || feature->GetFID() == OGRNullFID ? count + (source.csv ? 1 : 0)
                                                                           : static_cast<long>(feature->GetFID());
        model::entity e = read_attributes(ctx, *feature, fields, tpl, where);
        e.origin = origin;
        read_geometry(spec, *feature, fields, to_wgs84.get(), where, e);
        out.push_back(std::move(e));
        if (check) shapes.push_back(shape_of(feature->GetGeometryRef(), out.back(), where));
    }
    if (check) {
        for (std::size_t i = 0; i < shapes.size(); ++i)
            shapes[i].entity = &out[i]; // out has moved since
        check_shapes(ctx, source.csv, polygon_type(layer->GetGeomType()), shapes, geometry_problems);
    }
    if (trap.failed())
        throw input_error(diagnostic{spec.path, 0, 0, {}, "cannot read " + ctx.label + ": " + trap.message(), {}});
    return out;
}

} // namespace gdal

} // namespace coopatlas::io
