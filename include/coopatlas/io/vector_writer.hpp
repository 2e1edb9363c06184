#pragma once
/// \file
/// \brief Writing feature layers with attributes through any GDAL vector driver.
///
/// The driver follows the extension (.gpkg, .geojson, .shp, .csv, .fgb, …) unless
/// one is named; files are written atomically and never over an input.

#include <coopatlas/config.hpp>
#include <coopatlas/geometry/geometry.hpp>

#include <string>
#include <variant>
#include <vector>

namespace coopatlas::io {

/// \brief An attribute value: text, integer or real; monostate is null.
using attribute = std::variant<std::monostate, std::string, long long, double>;

/// \brief Column of a layer to write.
struct field_def {
    enum class type { text, integer, real };
    std::string name;
    type kind = type::text;
};

/// \brief A layer in memory: schema, geometries (lon/lat WGS 84 unless `crs` says
/// otherwise) and one attribute per field for each feature.
struct COOPATLAS_API feature_table {
    std::string name;                       ///< layer name
    std::string crs = "EPSG:4326";          ///< CRS of the coordinates
    std::vector<field_def> fields;
    std::vector<geometry::geometry> geometries;
    std::vector<std::vector<attribute>> rows;

    void add_field(std::string field_name, field_def::type t) { fields.push_back({std::move(field_name), t}); }
};

/// \brief CSV text of a header and rows (text quoted when needed, integers as is,
/// reals with 10 significant digits); geometry is not written.
COOPATLAS_API std::string to_csv_text(const std::vector<std::string>& header,
                                      const std::vector<std::vector<attribute>>& rows);
/// \brief CSV text of a table's attributes, one column per field.
COOPATLAS_API std::string to_csv_text(const feature_table& table);

/// \brief GDAL driver short name for a path's extension ("GPKG" for .gpkg); throws
/// coopatlas::error listing the known extensions when none matches.
COOPATLAS_API std::string driver_for(const std::string& path);

/// \brief Writes a table: plain CSV of the attributes when the path ends in .csv and no
/// format is named, else a layer through write_vector().
COOPATLAS_API void write_table(const std::string& path, const feature_table& table, const std::string& format = {},
                               const std::vector<std::string>& protected_inputs = {});

/// \brief Writes one layer to a new file; `format` overrides the extension's driver.
COOPATLAS_API void write_vector(const std::string& path, const feature_table& table, const std::string& format = {},
                                const std::vector<std::string>& protected_inputs = {});

} // namespace coopatlas::io
