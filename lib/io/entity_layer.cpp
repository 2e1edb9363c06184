#include <coopatlas/error.hpp>
#include <coopatlas/io/entity_layer.hpp>
#include <coopatlas/text/fold.hpp>
#include <coopatlas/text/parse_value.hpp>

#include "io/gdal_util.hpp"

#include <ogr_spatialref.h>

#include <memory>

namespace coopatlas::io {

namespace {

struct ct_deleter {
    void operator()(OGRCoordinateTransformation* ct) const noexcept { OGRCoordinateTransformation::DestroyCT(ct); }
};

// Resolved field indexes of a mapping for one layer.
struct bound_field {
    int index = -1;
    std::string constant;
    std::string name;
};

bound_field bind(OGRFeatureDefn* defn, const field_source& src) {
    bound_field b;
    b.constant = src.constant;
    b.name = src.field;
    if (!src.field.empty()) b.index = defn->GetFieldIndex(src.field.c_str());
    return b;
}

std::string value_of(const OGRFeature& f, const bound_field& b) {
    if (b.index >= 0 && f.IsFieldSetAndNotNull(b.index)) return std::string(text::trim(f.GetFieldAsString(b.index)));
    return b.constant;
}

std::string expand_template(std::string tpl, const model::entity& e) {
    auto replace = [&](const std::string& key, const std::string& value) {
        for (std::size_t at; (at = tpl.find(key)) != std::string::npos;) tpl.replace(at, key.size(), value);
    };
    replace("{country}", e.country);
    replace("{level}", e.level);
    replace("{vintage}", e.vintage);
    replace("{code}", e.code);
    return tpl;
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

} // namespace

std::vector<std::string> list_layers(const std::string& path) {
    auto ds = detail::open_vector(path);
    std::vector<std::string> out;
    for (int i = 0; i < ds->GetLayerCount(); ++i) out.emplace_back(ds->GetLayer(i)->GetName());
    return out;
}

std::vector<model::entity> read_entity_layer(const layer_spec& spec) {
    auto ds = detail::open_vector(spec.path);
    OGRLayer* layer = detail::pick_layer(*ds, spec.path, spec.layer);
    const std::string origin = spec.path + (spec.layer.empty() ? "" : " (layer " + spec.layer + ")");
    if (!spec.where.empty() && layer->SetAttributeFilter(spec.where.c_str()) != OGRERR_NONE) {
        throw input_error(diagnostic{spec.path, 0, 0, {}, "invalid attribute filter '" + spec.where + "': " + CPLGetLastErrorMsg(), {}});
    }

    // Transform to lon/lat WGS 84 when the layer says it is in another CRS.
    std::unique_ptr<OGRCoordinateTransformation, ct_deleter> to_wgs84;
    if (const OGRSpatialReference* srs = layer->GetSpatialRef()) {
        OGRSpatialReference wgs84;
        wgs84.importFromEPSG(4326);
        wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        OGRSpatialReference source(*srs);
        source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        if (!source.IsSame(&wgs84)) to_wgs84.reset(OGRCreateCoordinateTransformation(&source, &wgs84));
    }

    OGRFeatureDefn* defn = layer->GetLayerDefn();
    const bound_field f_id = bind(defn, spec.id), f_country = bind(defn, spec.country), f_level = bind(defn, spec.level),
                      f_vintage = bind(defn, spec.vintage), f_code = bind(defn, spec.code),
                      f_code_iso = bind(defn, spec.code_iso), f_name = bind(defn, spec.name),
                      f_name_ar = bind(defn, spec.name_ar), f_name_tfng = bind(defn, spec.name_tfng),
                      f_name_en = bind(defn, spec.name_en), f_alt = bind(defn, spec.alt_names),
                      f_parents = bind(defn, spec.parent_ids), f_anchor = bind(defn, spec.anchor_id),
                      f_disputed = bind(defn, spec.disputed), f_population = bind(defn, spec.population),
                      f_source = bind(defn, spec.source);
    const int x_index = spec.x_field.empty() ? -1 : defn->GetFieldIndex(spec.x_field.c_str());
    const int y_index = spec.y_field.empty() ? -1 : defn->GetFieldIndex(spec.y_field.c_str());
    if (!spec.x_field.empty() && (x_index < 0 || y_index < 0)) {
        throw input_error(diagnostic{spec.path, 1, 0, spec.x_field,
                                     "no coordinate columns '" + spec.x_field + "' and '" + spec.y_field + "'", {}});
    }
    if (f_id.index < 0 && spec.id_template.empty()) {
        throw input_error(diagnostic{spec.path, 0, 0, spec.id.field,
                                     "layer " + std::string(layer->GetName()) + " has no id field '" + spec.id.field + "'",
                                     "map the id to a field or give an id template such as {country}:{level}:{code}"});
    }

    std::vector<model::entity> out;
    layer->ResetReading();
    long feature_number = 0;
    // CSV sources: feature n sits on line n + 1, after the header
    const bool is_csv = EQUAL(ds->GetDriver()->GetDescription(), "CSV");
    for (auto& feature : *layer) {
        ++feature_number;
        const long where = is_csv ? feature_number + 1 : feature_number;
        model::entity e;
        e.country = value_of(*feature, f_country);
        e.level = value_of(*feature, f_level);
        e.vintage = value_of(*feature, f_vintage);
        e.code = value_of(*feature, f_code);
        e.code_iso = value_of(*feature, f_code_iso);
        e.id = f_id.index >= 0 ? value_of(*feature, f_id) : expand_template(spec.id_template, e);
        e.name = value_of(*feature, f_name);
        e.name_ar = value_of(*feature, f_name_ar);
        e.name_tfng = value_of(*feature, f_name_tfng);
        e.name_en = value_of(*feature, f_name_en);
        e.alt_names = text::split(value_of(*feature, f_alt), spec.list_separator);
        e.parent_ids = text::split(value_of(*feature, f_parents), spec.list_separator);
        e.anchor_id = value_of(*feature, f_anchor);
        if (const std::string disputed = value_of(*feature, f_disputed); !disputed.empty()) {
            const auto d = text::parse_bool(disputed);
            if (!d) bad_value(spec, where, e, field_name(f_disputed, "disputed"), d);
            e.disputed = *d;
        }
        if (const std::string population = value_of(*feature, f_population); !population.empty()) {
            const auto p = text::parse_number(population);
            if (!p) bad_value(spec, where, e, field_name(f_population, "population"), p);
            e.population = *p;
        }
        e.source = value_of(*feature, f_source);
        e.rank = spec.rank >= 0 ? spec.rank : model::default_rank(e.level);
        e.origin = origin;
        if (e.id.empty()) throw input_error(diagnostic{spec.path, where, 0, spec.id.field, "feature has no id", {}});
        if (e.name.empty() && e.name_ar.empty() && e.name_tfng.empty() && e.name_en.empty()) {
            throw input_error(diagnostic{spec.path, where, 0, spec.name.field, "feature '" + e.id + "' has no name", {}});
        }
        if (e.level.empty()) throw input_error(diagnostic{spec.path, where, 0, spec.level.field, "feature '" + e.id + "' has no level", "map the level to a field or give it as a constant"});

        if (x_index >= 0) {
            const std::string xs(text::trim(feature->GetFieldAsString(x_index)));
            const std::string ys(text::trim(feature->GetFieldAsString(y_index)));
            const auto x = text::parse_number(xs), y = text::parse_number(ys);
            if (x && y)
                e.geometry = geometry::point{*x, *y};
            else if (!xs.empty() || !ys.empty()) {  // both empty: a unit without a location
                if (!x) bad_value(spec, where, e, spec.x_field, x);
                bad_value(spec, where, e, spec.y_field, y);
            }
        } else if (OGRGeometry* g = feature->GetGeometryRef()) {
            if (to_wgs84 && g->transform(to_wgs84.get()) != OGRERR_NONE) {
                throw input_error(diagnostic{spec.path, where, 0, {}, "cannot transform the geometry of '" + e.id + "' to WGS 84", {}});
            }
            try {
                e.geometry = detail::from_ogr(g);
            } catch (const error& ex) {
                throw input_error(diagnostic{spec.path, where, 0, {}, "feature '" + e.id + "': " + ex.what(), {}});
            }
        }
        out.push_back(std::move(e));
    }
    return out;
}

} // namespace coopatlas::io
