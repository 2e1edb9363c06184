#pragma once
/// \file
/// \brief Reading entities from any GDAL vector source (GeoPackage, Shapefile,
/// GeoJSON, TopoJSON, CSV with coordinate columns, …) through a field mapping.
///
/// The mapping says which field holds each attribute, or gives a constant; the
/// defaults are the field names of the embedded atlas (shapefiles/SCHEMA.md), so
/// a layer in that schema needs no mapping at all.

#include <coopatlas/config.hpp>
#include <coopatlas/error.hpp>
#include <coopatlas/io/text_encoding.hpp>
#include <coopatlas/model/entity.hpp>

#include <map>
#include <string>
#include <vector>

namespace coopatlas::io {

/// \brief Where one entity attribute comes from: a field, or a constant value.
struct field_source {
    std::string field;     ///< field name in the layer; empty when a constant is used
    std::string constant;  ///< value used when `field` is empty or missing from the layer
};

/// \brief Where a setting was written (a manifest's file, line and column), so that a
/// setting the data contradicts is reported where it can be fixed.
struct setting_origin {
    std::string file;
    long line = 0;
    long column = 0;
};

/// \brief How to read one layer as entities.
struct COOPATLAS_API layer_spec {
    std::string path;   ///< anything GDAL opens; .xlsx/.ods sheets with the first row as header
    std::string layer;  ///< layer (or sheet) name; empty = the first layer
    std::string where;  ///< OGR SQL attribute filter, e.g. "adm0_a3 IN ('BEL','NLD')"
    /// CSV files: their encoding, converted to UTF-8 before GDAL reads them
    text_encoding encoding = text_encoding::utf8;

    field_source id{"id", {}};
    field_source country{"country", {}};
    field_source level{"level", {}};
    field_source vintage{"vintage", {}};
    field_source code{"code", {}};
    field_source code_iso{"code_iso", {}};
    field_source feature_code{"feature_code", {}};
    field_source name{"name", {}};
    field_source name_ar{"name_ar", {}};
    field_source name_tfng{"name_tfng", {}};
    field_source name_en{"name_en", {}};
    field_source alt_names{"alt_names", {}};
    field_source parent_ids{"parent_ids", {}};
    field_source anchor_id{"anchor_id", {}};
    field_source disputed{"disputed", {}};
    field_source population{"population", {}};
    field_source source{"source", {}};
    /// Names in other languages, by language tag: the fields that hold them ("es" -> "name_es").
    std::map<std::string, field_source> names;

    /// Builds ids when the layer has no id field: "{country}", "{level}",
    /// "{vintage}" and "{code}" are replaced, e.g. "{country}:{level}:{code}". Any other
    /// placeholder, or a placeholder whose value is empty for a feature, is an error.
    std::string id_template;
    /// Rank in the hierarchy; -1 = from `level_ranks`, else model::default_rank(level).
    int rank = -1;
    /// Ranks of levels declared by the manifest (`levels:`), keyed "COUNTRY/level", or
    /// "*/level" for every country; they come before model::default_rank.
    std::map<std::string, int> level_ranks;
    /// For tables without geometry (CSV): the longitude and latitude columns.
    std::string x_field;
    std::string y_field;
    /// Separator of list fields (alt_names, parent_ids).
    char list_separator = '|';
    /// Read on demand (`lazy: true`): only when a name cannot be settled without it (see
    /// model::atlas::defer), so that work that never needs it does not pay for reading it.
    bool lazy = false;
    /// Where each setting was written, by key: "where", "id_template", "x", "y",
    /// "fields.<attribute>"; empty for a spec built in code (problems then name `path`).
    std::map<std::string, setting_origin> origins;
};

/// \brief Reads the features of a layer as entities, geometry in lon/lat (WGS 84):
/// a layer in another CRS is transformed. Throws input_error naming the file,
/// feature and field of a feature that has no id or no name, or unreadable geometry;
/// and naming the setting (at its origin) for a filter GDAL rejects, an unknown id
/// template placeholder, a template part empty for a feature, or a field mapped in
/// `origins` or under another name than the attribute's that the layer lacks (with
/// the layer's fields, nearest first). Features are numbered by their line in a CSV file,
/// their row in a spreadsheet, else by their FID as ogrinfo prints it.
///
/// A layer of polygon units (its declared type is a polygon type, or a feature is a
/// polygon) may hold nothing but polygons: a line or point there is an input_error naming
/// the layer, the FID and the entity id. When `geometry_problems` is given, that problem is
/// collected there instead, together with the features without geometry (null or empty)
/// and the invalid polygons (GEOS isValidReason, e.g. "self-intersection at 1,1"); without
/// it, those are read as they are (analyses repair invalid polygons, see coverage()).
COOPATLAS_API std::vector<model::entity> read_entity_layer(const layer_spec& spec,
                                                           std::vector<diagnostic>* geometry_problems = nullptr);

/// \brief Names of the layers of a GDAL vector source.
COOPATLAS_API std::vector<std::string> list_layers(const std::string& path);

} // namespace coopatlas::io
