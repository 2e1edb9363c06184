// Writing a layer into an open dataset: its fields and features, the style stored in the
// dataset (QGIS's layer_styles table) and the sidecar files of a shapefile.

#include <coopatlas/error.hpp>
#include <coopatlas/io/layer_style.hpp>
#include <coopatlas/io/vector_writer.hpp>

#include "io/gdal/gdal_util.hpp"
#include "io/gdal/vector_output_gdal.hpp"

#include <cpl_error.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace coopatlas::io {

namespace fs = std::filesystem;

using detail::gdal_message;

// ---------------------------------------------------------------------------------------------
// Writing a layer into an open dataset

namespace {

OGRwkbGeometryType geometry_type_of(const feature_table& table) {
    OGRwkbGeometryType type = wkbUnknown;
    bool first = true;
    for (const auto& g : table.geometries) {
        std::unique_ptr<OGRGeometry> o(detail::to_ogr(g));
        if (!o) continue;
        const OGRwkbGeometryType t = wkbFlatten(o->getGeometryType());
        if (first) {
            type = t;
            first = false;
        } else if (t != type) {
            return wkbUnknown;
        }
    }
    return table.geometries.empty() || first ? wkbNone : type;
}

layer_style::symbol symbol_for(OGRwkbGeometryType t) {
    switch (wkbFlatten(t)) {
    case wkbPoint:
    case wkbMultiPoint:
        return layer_style::symbol::marker;
    case wkbLineString:
    case wkbMultiLineString:
        return layer_style::symbol::line;
    default:
        return layer_style::symbol::fill;
    }
}

// UTF-8 text cut to at most `bytes` bytes, at a character boundary.
std::string cut_utf8(const std::string& s, std::size_t bytes) {
    if (s.size() <= bytes) return s;
    std::size_t end = bytes;
    while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80)
        --end;
    return s.substr(0, end);
}

std::string now_utc() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

// SQL string literal (standard_conforming_strings: only quotes are doubled).
std::string sql_text(const std::string& s) {
    std::string out = "'";
    for (const char c : s) {
        out += c;
        if (c == '\'') out += '\'';
    }
    return out + "'";
}

void run_sql(GDALDataset& ds, const std::string& sql, const std::string& what) {
    CPLErrorReset();
    OGRLayer* result = ds.ExecuteSQL(sql.c_str(), nullptr, nullptr);
    if (result) ds.ReleaseResultSet(result);
    if (CPLGetLastErrorType() >= CE_Failure) throw error("cannot " + what + ": " + gdal_message());
}

// QGIS's layer_styles table in a PostgreSQL database, as QGIS creates it. The type column
// stays NULL: QGIS compares it with the geometry type of the layer's URI, which is
// "Unknown geometry" when the URI does not give one, and NULL matches every URI.
void store_style_postgresql(GDALDataset& ds, OGRLayer& layer, const layer_style& style, const std::string& name) {
    run_sql(ds,
            "CREATE TABLE IF NOT EXISTS layer_styles (id SERIAL PRIMARY KEY, f_table_catalog varchar, "
            "f_table_schema varchar, f_table_name varchar, f_geometry_column varchar, styleName text, styleQML xml, "
            "styleSLD xml, useAsDefault boolean, description text, owner varchar(63) DEFAULT CURRENT_USER, ui xml, "
            "update_time timestamp DEFAULT CURRENT_TIMESTAMP, type varchar)",
            "create the layer_styles table");
    const std::string table = layer.GetName();
    const auto dot = table.find('.');
    const std::string schema =
        dot == std::string::npos ? std::string("current_schema()") : sql_text(table.substr(0, dot));
    const std::string bare = dot == std::string::npos ? table : table.substr(dot + 1);
    const std::string where =
        "f_table_catalog = current_database() AND f_table_schema = " + schema + " AND f_table_name = " + sql_text(bare);
    run_sql(ds, "DELETE FROM layer_styles WHERE " + where + " AND styleName = " + sql_text(style.name),
            "replace the style of '" + table + "'");
    // one default style per layer: ours
    run_sql(ds, "UPDATE layer_styles SET useAsDefault = false WHERE " + where, "update the styles of '" + table + "'");
    run_sql(ds,
            "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, styleName, "
            "styleQML, styleSLD, useAsDefault, description, owner, type) VALUES (current_database(), " +
                schema + ", " + sql_text(bare) + ", " + sql_text(layer.GetGeometryColumn()) + ", " +
                sql_text(style.name) + ", XMLPARSE(DOCUMENT " + sql_text(to_qml(style)) + "), XMLPARSE(DOCUMENT " +
                sql_text(to_sld(style, name)) + "), true, " + sql_text(style.description) + ", CURRENT_USER, NULL)",
            "store the style of '" + table + "'");
}

// QGIS's layer_styles table in a GeoPackage or SQLite file, through OGR as QGIS creates it.
void store_style_ogr(GDALDataset& ds, OGRLayer& layer, const layer_style& style, const std::string& name) {
    OGRLayer* styles = ds.GetLayerByName("layer_styles");
    if (!styles) {
        const char* options[] = {"FID=id", nullptr}; // QGIS's key column
        styles = ds.CreateLayer("layer_styles", nullptr, wkbNone, const_cast<char**>(options));
        if (!styles) throw error("cannot create the layer_styles table: " + gdal_message());
        const std::pair<const char*, int> text_fields[] = {
            {"f_table_catalog", 256}, {"f_table_schema", 256}, {"f_table_name", 256}, {"f_geometry_column", 256},
            {"styleName", 30},        {"styleQML", 0},         {"styleSLD", 0},
        };
        for (const auto& [field, width] : text_fields) {
            OGRFieldDefn f(field, OFTString);
            f.SetWidth(width);
            if (styles->CreateField(&f) != OGRERR_NONE)
                throw error("cannot create the layer_styles table: " + gdal_message());
        }
        OGRFieldDefn flag("useAsDefault", OFTInteger);
        flag.SetSubType(OFSTBoolean);
        OGRFieldDefn description("description", OFTString);
        OGRFieldDefn owner("owner", OFTString);
        owner.SetWidth(30);
        OGRFieldDefn ui("ui", OFTString);
        ui.SetWidth(30);
        OGRFieldDefn time("update_time", OFTDateTime);
        for (OGRFieldDefn* f : {&flag, &description, &owner, &ui, &time})
            if (styles->CreateField(f) != OGRERR_NONE)
                throw error("cannot create the layer_styles table: " + gdal_message());
    }
    // replace our earlier style of this layer; ours becomes the default
    const std::string filter = "f_table_name = " + sql_text(layer.GetName());
    styles->SetAttributeFilter(filter.c_str());
    std::vector<GIntBig> same_name;
    std::vector<GIntBig> others;
    for (auto& f : *styles) {
        const char* n = f->GetFieldAsString("styleName");
        (n && style.name == n ? same_name : others).push_back(f->GetFID());
    }
    styles->SetAttributeFilter(nullptr);
    for (GIntBig fid : same_name)
        if (styles->DeleteFeature(fid) != OGRERR_NONE) throw error("cannot replace a style: " + gdal_message());
    for (GIntBig fid : others) {
        std::unique_ptr<OGRFeature> f(styles->GetFeature(fid));
        if (!f) continue;
        f->SetField("useAsDefault", 0);
        if (styles->SetFeature(f.get()) != OGRERR_NONE) throw error("cannot update a style: " + gdal_message());
    }
    OGRFeature row(styles->GetLayerDefn());
    row.SetField("f_table_catalog", "");
    row.SetField("f_table_schema", "");
    row.SetField("f_table_name", layer.GetName());
    row.SetField("f_geometry_column", layer.GetGeometryColumn());
    row.SetField("styleName", style.name.c_str());
    row.SetField("styleQML", to_qml(style).c_str());
    row.SetField("styleSLD", to_sld(style, name).c_str());
    row.SetField("useAsDefault", 1);
    row.SetField("description", style.description.c_str());
    row.SetField("owner", "");
    row.SetField("ui", "");
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    if (std::sscanf(now_utc().c_str(), "%d-%d-%dT%d:%d:%dZ", &y, &mo, &d, &h, &mi, &s) == 6)
        row.SetField(row.GetFieldIndex("update_time"), y, mo, d, h, mi, static_cast<float>(s), 100);
    if (styles->CreateFeature(&row) != OGRERR_NONE) throw error("cannot store the style: " + gdal_message());
}

} // namespace

namespace detail {

namespace {

// Where each field of the table goes in the layer, and the bytes a dBASE text field keeps.
struct field_slots {
    std::vector<int> index;         // the layer's field of each table field (-1: none)
    std::vector<std::size_t> width; // text fields of a dBASE file: bytes kept
    explicit field_slots(std::size_t n) : index(n, -1), width(n, 0) {}
};

OGRFieldType ogr_field_type(const field_def& f) {
    return f.kind == field_def::type::integer ? OFTInteger64 : f.kind == field_def::type::real ? OFTReal : OFTString;
}

// The dataset's layer of the plan's name (the last one, names compared in lower case), or
// its one layer when a single-layer file is appended to; -1 when there is none.
int existing_layer_index(GDALDataset& ds, const layer_plan& plan) {
    if (plan.append_to_first && ds.GetLayerCount() > 0) return 0;
    int existing_index = -1;
    for (int i = 0; i < ds.GetLayerCount(); ++i)
        if (lower(ds.GetLayer(i)->GetName()) == lower(plan.layer)) existing_index = i;
    return existing_index;
}

// A layer already there, as the write mode says: an error, deleted, or the layer to append
// to (returned; `name` becomes its name in the dataset). nullptr: a layer is to be created.
OGRLayer* settle_existing_layer(GDALDataset& ds, const vector_write_options& options, const layer_plan& plan,
                                std::string& name, write_result& result) {
    const int existing_index = existing_layer_index(ds, plan);
    if (existing_index < 0) return nullptr;
    check_input_layers(ds, plan.dataset, ds.GetLayer(existing_index)->GetName(), options);
    OGRLayer* layer = nullptr;
    switch (options.mode) {
    case write_mode::create:
        throw error(exists_message(ds.GetLayer(existing_index)->GetName(), plan.dataset));
    case write_mode::overwrite:
        if (ds.DeleteLayer(existing_index) != OGRERR_NONE)
            throw error("cannot replace layer '" + name + "' in '" + plan.dataset + "': " + gdal_message());
        break;
    case write_mode::append:
        layer = ds.GetLayer(existing_index);
        name = layer->GetName();
        result.appended = true;
        break;
    }
    return layer;
}

// The field names in the file (shapefiles: 10 characters); the renamed ones go to the result.
std::vector<std::string> file_field_names(const feature_table& table, bool shapefile, write_result& result) {
    std::vector<std::string> names;
    for (const auto& f : table.fields)
        names.push_back(f.name);
    std::vector<std::string> file_names = shapefile ? shapefile_field_names(names) : names;
    for (std::size_t i = 0; i < names.size(); ++i)
        if (file_names[i] != names[i]) result.field_names.emplace_back(names[i], file_names[i]);
    return file_names;
}

// The options given with --lco, then the defaults of coopatlas for what they leave unset.
void set_creation_options(string_list& lco, const vector_write_options& options, const layer_plan& plan,
                          const OGRSpatialReference* srs, OGRwkbGeometryType gtype) {
    for (const auto& o : options.layer_options) {
        const auto [k, v] = name_value(o, "--lco");
        lco.set(k.c_str(), v);
    }
    if (plan.driver == "GeoJSON" || plan.driver == "GeoJSONSeq") {
        // 7 decimals of a degree are about a centimetre; real attributes keep the 15
        // significant digits a double holds without the noise of the 16th and 17th
        if (!lco.has("COORDINATE_PRECISION")) lco.set("COORDINATE_PRECISION", srs && srs->IsProjected() ? "3" : "7");
        if (!lco.has("SIGNIFICANT_FIGURES")) lco.set("SIGNIFICANT_FIGURES", "15");
    }
    if (is_shapefile(plan.driver) && !lco.has("ENCODING")) lco.set("ENCODING", "UTF-8");
    if (plan.driver == "CSV" && !lco.has("GEOMETRY") && gtype != wkbNone) lco.set("GEOMETRY", "AS_WKT");
}

// The layer, with the creation options; srs: the table's CRS, or nullptr when it has none.
OGRLayer* create_layer(GDALDataset& ds, const feature_table& table, const vector_write_options& options,
                       const layer_plan& plan, const std::string& name, OGRSpatialReference* srs) {
    const OGRwkbGeometryType gtype = geometry_type_of(table);
    string_list lco;
    set_creation_options(lco, options, plan, srs, gtype);
    CPLErrorReset();
    OGRLayer* layer = ds.CreateLayer(name.c_str(), srs && gtype != wkbNone ? srs : nullptr, gtype, lco.list);
    if (!layer) throw error("GDAL cannot create layer '" + name + "' in '" + plan.dataset + "': " + gdal_message());
    return layer;
}

// The longest text of field `i`, in bytes (1 at least).
std::size_t longest_text(const feature_table& table, std::size_t i) {
    std::size_t longest = 1;
    for (const auto& row : table.rows)
        if (i < row.size())
            if (const auto* s = std::get_if<std::string>(&row[i])) longest = std::max(longest, s->size());
    return longest;
}

void create_fields(OGRLayer& layer, const feature_table& table, const std::vector<std::string>& file_names,
                   const layer_plan& plan, field_slots& slots) {
    const bool shapefile = is_shapefile(plan.driver);
    for (std::size_t i = 0; i < table.fields.size(); ++i) {
        const auto& f = table.fields[i];
        const OGRFieldType t = ogr_field_type(f);
        OGRFieldDefn defn(file_names[i].c_str(), t);
        if (shapefile && t == OFTString) {
            // dBASE text is at most 254 bytes; GDAL's default of 80 would cut longer values
            slots.width[i] = std::min<std::size_t>(longest_text(table, i), 254);
            defn.SetWidth(static_cast<int>(slots.width[i]));
        }
        if (layer.CreateField(&defn) != OGRERR_NONE)
            throw error("cannot create field '" + f.name + "' in '" + plan.dataset + "': " + gdal_message());
    }
    OGRFeatureDefn* defn = layer.GetLayerDefn();
    for (std::size_t i = 0; i < table.fields.size(); ++i)
        slots.index[i] = defn->GetFieldIndex(file_names[i].c_str());
}

// Features appended to a layer in another CRS would land in the wrong places: an error.
void check_same_crs(OGRLayer& layer, const OGRSpatialReference& srs, const std::string& name, const layer_plan& plan,
                    const feature_table& table) {
    if (!layer.GetSpatialRef()) return;
    OGRSpatialReference there(*layer.GetSpatialRef());
    there.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    if (!there.IsSame(&srs))
        throw error("cannot append to layer '" + name + "' of '" + plan.dataset + "': it is in another CRS (" +
                    std::string(there.GetName() ? there.GetName() : "?") + ") than the features (" + table.crs + ")");
}

// The layer's field of each table field, added where it lacks one, and the width of its dBASE text fields.
void match_fields(OGRLayer& layer, const feature_table& table, const std::vector<std::string>& file_names,
                  const std::string& name, const layer_plan& plan, field_slots& slots) {
    const bool shapefile = is_shapefile(plan.driver);
    for (std::size_t i = 0; i < table.fields.size(); ++i) {
        OGRFeatureDefn* defn = layer.GetLayerDefn();
        int k = defn->GetFieldIndex(file_names[i].c_str());
        if (k < 0) {
            const auto& f = table.fields[i];
            OGRFieldDefn add(file_names[i].c_str(), ogr_field_type(f));
            if (shapefile && add.GetType() == OFTString) add.SetWidth(254);
            if (layer.CreateField(&add) != OGRERR_NONE)
                throw error("cannot append to layer '" + name + "' of '" + plan.dataset + "': it has no field '" +
                            f.name + "' and GDAL cannot add it: " + gdal_message());
            k = layer.GetLayerDefn()->GetFieldIndex(file_names[i].c_str());
        }
        slots.index[i] = k;
        const OGRFieldDefn* there = layer.GetLayerDefn()->GetFieldDefn(k);
        if (shapefile && there->GetType() == OFTString && there->GetWidth() > 0)
            slots.width[i] = static_cast<std::size_t>(there->GetWidth());
    }
}

// A row's values into the feature; returns how many texts were cut to their dBASE field.
std::size_t set_values(OGRFeature& feature, const std::vector<attribute>& row, std::size_t field_count,
                       const field_slots& slots) {
    std::size_t cut = 0;
    for (std::size_t k = 0; k < row.size() && k < field_count; ++k) {
        const int idx = slots.index[k];
        if (idx < 0) continue;
        std::visit(
            [&](const auto& v) {
                using T = std::decay_t<decltype(v)>;
                if constexpr (std::is_same_v<T, std::monostate>) {
                    feature.SetFieldNull(idx);
                } else if constexpr (std::is_same_v<T, std::string>) {
                    if (slots.width[k] > 0 && v.size() > slots.width[k]) {
                        ++cut;
                        feature.SetField(idx, cut_utf8(v, slots.width[k]).c_str());
                    } else {
                        feature.SetField(idx, v.c_str());
                    }
                } else if constexpr (std::is_same_v<T, long long>) {
                    feature.SetField(idx, static_cast<GIntBig>(v));
                } else {
                    feature.SetField(idx, v);
                }
            },
            row[k]);
    }
    return cut;
}

void write_features(OGRLayer& layer, const feature_table& table, const field_slots& slots, const layer_plan& plan,
                    write_result& result) {
    // features, in a transaction where the driver has one (faster; a failure throws anyway)
    const bool in_transaction =
        !plan.in_transaction && layer.TestCapability(OLCTransactions) && layer.StartTransaction() == OGRERR_NONE;
    std::size_t cut = 0;
    for (std::size_t i = 0; i < table.rows.size(); ++i) {
        OGRFeature feature(layer.GetLayerDefn());
        cut += set_values(feature, table.rows[i], table.fields.size(), slots);
        if (OGRGeometry* g = to_ogr(table.geometries[i])) feature.SetGeometryDirectly(g);
        CPLErrorReset();
        if (layer.CreateFeature(&feature) != OGRERR_NONE)
            throw error("cannot write feature " + std::to_string(i + 1) + " to '" + plan.dataset +
                        "': " + gdal_message() + write_hint);
    }
    if (in_transaction && layer.CommitTransaction() != OGRERR_NONE)
        throw error("cannot commit features to '" + plan.dataset + "': " + gdal_message() + write_hint);
    if (cut)
        result.notes.push_back(std::to_string(cut) + " text values longer than a dBASE field (254 bytes) were cut");
    result.features = table.rows.size();
}

} // namespace

// The layer's features, into an open dataset; returns the layer written.
OGRLayer* write_layer(GDALDataset& ds, const feature_table& table, const vector_write_options& options,
                      const layer_plan& plan, write_result& result) {
    std::string name = plan.layer;
    OGRLayer* layer = settle_existing_layer(ds, options, plan, name, result);

    OGRSpatialReference srs;
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    const bool has_crs = !table.crs.empty();
    if (has_crs && srs.SetFromUserInput(table.crs.c_str()) != OGRERR_NONE)
        throw error("unknown CRS '" + table.crs + "'");

    const std::vector<std::string> file_names = file_field_names(table, is_shapefile(plan.driver), result);
    field_slots slots(table.fields.size());
    if (!layer) {
        layer = create_layer(ds, table, options, plan, name, has_crs ? &srs : nullptr);
        create_fields(*layer, table, file_names, plan, slots);
    } else {
        // appending: fields by name; a field the layer lacks is added when the driver can
        if (has_crs) check_same_crs(*layer, srs, name, plan, table);
        match_fields(*layer, table, file_names, name, plan, slots);
    }
    result.layer = layer->GetName();
    write_features(*layer, table, slots, plan, result);
    return layer;
}

// The style with the field's name in the file and the symbol of the geometry written.
std::optional<layer_style> style_for(const vector_write_options& options, const feature_table& table,
                                     const write_result& result) {
    if (!options.style) return std::nullopt;
    const OGRwkbGeometryType gtype = geometry_type_of(table);
    if (gtype == wkbNone) return std::nullopt;
    layer_style style = *options.style;
    for (const auto& [from, to] : result.field_names)
        if (style.field == from) style.field = to;
    style.symbol_type = symbol_for(gtype);
    if (style.name.empty()) style.name = result.layer;
    style.name = cut_utf8(style.name, 30);
    return style;
}

void store_style(GDALDataset& ds, OGRLayer& layer, const std::optional<layer_style>& style, const std::string& driver,
                 const std::string& layer_name) {
    if (!style) return;
    if (driver == "PostgreSQL")
        store_style_postgresql(ds, layer, *style, layer_name);
    else if (multi_layer_file(driver))
        store_style_ogr(ds, layer, *style, layer_name);
}

// Sidecars of a shapefile: the styles and the field names.
void write_sidecars(const fs::path& shp, const std::optional<layer_style>& style, const feature_table& table,
                    const write_result& result) {
    auto write = [](const fs::path& p, const std::string& text) {
        std::ofstream f(p, std::ios::binary);
        f << text;
        if (!f) throw error("cannot write '" + p.string() + "'");
    };
    if (style) {
        write(fs::path(shp).replace_extension(".qml"), to_qml(*style));
        write(fs::path(shp).replace_extension(".sld"), to_sld(*style, result.layer));
    }
    std::vector<std::string> names;
    for (const auto& f : table.fields)
        names.push_back(f.name);
    const auto short_names = shapefile_field_names(names);
    std::vector<std::vector<attribute>> rows;
    for (std::size_t i = 0; i < names.size(); ++i)
        rows.push_back({names[i], short_names[i]});
    write(fs::path(shp).replace_extension(".fields.csv"), to_csv_text({"field", "shapefile_field"}, rows));
}

} // namespace detail

} // namespace coopatlas::io
