#pragma once
/// \file
/// \brief Writing feature layers with attributes through any GDAL vector driver, the
/// way ogr2ogr does: a layer is added to an existing dataset (the dataset is never
/// replaced), and a layer of the same name is replaced or appended to only when asked.
///
/// Where a layer goes:
/// - a local file: the driver follows the extension (.gpkg, .geojson, .shp, .csv, .fgb,
///   …) unless one is named. The file is written in a scratch folder beside it and
///   renamed into place: a layer added to an existing GeoPackage is added to a copy of
///   it, which then replaces it, so a failure leaves every layer as it was. A symbolic
///   link is written through to its target;
/// - `-` (standard output, CSV or GeoJSON), a FIFO or a device: written once complete;
/// - any other GDAL dataset name (`PG:dbname=atlas`, `/vsizip/…`): passed to GDAL
///   untouched; a database is written in one transaction, so a failure leaves it as it was.
///
/// Every file the driver writes (a shapefile's .shp .shx .dbf .prj .cpg, the styles) is
/// checked against the inputs before anything is written. Shapefiles are written in
/// UTF-8 (with a .cpg) and their field names cut to 10 characters by a fixed table
/// (shapefile_field_name()), listed in a `.fields.csv` beside them.
///
/// Thread safety: distinct outputs may be written concurrently.

#include <coopatlas/config.hpp>
#include <coopatlas/geometry/geometry.hpp>
#include <coopatlas/io/layer_style.hpp>

#include <optional>
#include <string>
#include <utility>
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
    std::string name;              ///< layer name
    std::string crs = "EPSG:4326"; ///< CRS of the coordinates
    std::vector<field_def> fields;
    std::vector<geometry::geometry> geometries;
    std::vector<std::vector<attribute>> rows;

    void add_field(std::string field_name, field_def::type t) { fields.push_back({std::move(field_name), t}); }
};

/// \brief What to do when the dataset already holds a layer of the same name.
enum class write_mode {
    create,    ///< an error naming --overwrite, --append and --layer-name
    overwrite, ///< replace that layer (the other layers are kept)
    append,    ///< add the features to it
};

/// \brief A layer a command reads: an output never replaces it nor appends to it.
struct source_layer {
    std::string dataset; ///< file or GDAL dataset name, as read
    std::string layer{}; ///< empty = the dataset's first layer
};

/// \brief How and where to write a layer (the options of ogr2ogr).
struct vector_write_options {
    std::string format{};                       ///< GDAL driver short name; empty = from the name
    std::string layer_name{};                   ///< empty = the table's name (-nln)
    write_mode mode = write_mode::create;       ///< -overwrite / -append
    std::vector<std::string> layer_options{};   ///< NAME=VALUE layer creation options (-lco)
    std::vector<std::string> dataset_options{}; ///< NAME=VALUE dataset creation options (-dsco)
    /// Files and datasets read: never written over. A file listed here is left alone as
    /// a whole, unless `input_layers` names the layers read from it: a layer may then be
    /// added to it (a GeoPackage), never written over one of those.
    std::vector<std::string> protected_inputs{};
    std::vector<source_layer> input_layers{};
    std::optional<layer_style> style{}; ///< stored with the layer (see layer_style.hpp)
    /// CSV output (plain or through GDAL's CSV driver) writes text cells as they are.
    /// By default a text cell that a spreadsheet would run as a formula (`=HYPERLINK(…)`,
    /// `@SUM(…)`, `-2+3`; see csv_formula_risk()) gets a leading single quote, as OWASP
    /// recommends against CSV injection; plain numbers such as `-3.5` are left alone.
    bool raw_csv = false;
};

/// \brief What a write did.
struct write_result {
    std::string driver;
    std::string layer; ///< name of the layer written
    std::size_t features = 0;
    bool appended = false;
    std::vector<std::string> files{};                               ///< local files written
    std::vector<std::pair<std::string, std::string>> field_names{}; ///< field -> name in the file, where they differ
    std::vector<std::string> notes{};                               ///< what the user should know (values cut, …)
};

/// \brief CSV text of a header and rows (text quoted when needed, integers as is,
/// reals with 10 significant digits); geometry is not written. Text cells and headers
/// that a spreadsheet would run as formulas are neutralised (csv_neutralise()) unless
/// `raw` is set.
COOPATLAS_API std::string to_csv_text(const std::vector<std::string>& header,
                                      const std::vector<std::vector<attribute>>& rows, bool raw = false);
/// \brief CSV text of a table's attributes, one column per field.
COOPATLAS_API std::string to_csv_text(const feature_table& table, bool raw = false);

/// \brief GDAL driver short name for an output name: "GPKG" for .gpkg, "PostgreSQL"
/// for `PG:…`; throws coopatlas::usage_error listing the known extensions when none matches.
COOPATLAS_API std::string driver_for(const std::string& path);

/// \brief The driver a write will use: `format` when given (checked against GDAL's
/// drivers), else driver_for(). Throws usage_error.
COOPATLAS_API std::string output_driver(const std::string& dataset, const std::string& format);

/// \brief True when write_table() writes `dataset` as plain CSV text (a `.csv` file or
/// `-` with no format named) rather than through a GDAL driver.
COOPATLAS_API bool writes_plain_csv(const std::string& dataset, const std::string& format);

/// \brief Every local file a write to `dataset` may create or replace (with sidecars).
COOPATLAS_API std::vector<std::string> output_files(const std::string& dataset, const vector_write_options& options,
                                                    bool plain_csv = false);

/// \brief Checks an output before any work: the driver, what it can be sent to, the
/// options, the files it writes against the inputs, and whether the layer already
/// exists (with neither overwrite nor append); `table_name` is the layer's name when
/// options.layer_name is empty. Throws usage_error for a request that cannot work
/// whatever the data, coopatlas::error otherwise.
COOPATLAS_API void check_vector_output(const std::string& dataset, const vector_write_options& options,
                                       const std::string& table_name, bool plain_csv = false);

/// \brief Writes one layer (see the file comment for where and how). Throws
/// coopatlas::error with GDAL's message; nothing is changed then.
COOPATLAS_API write_result write_vector(const std::string& dataset, const feature_table& table,
                                        const vector_write_options& options);

/// \brief Writes a table: plain CSV of the attributes when writes_plain_csv(), else a
/// layer through write_vector(). Appending to a CSV file requires the same columns.
COOPATLAS_API write_result write_table(const std::string& dataset, const feature_table& table,
                                       const vector_write_options& options);

/// \brief Earlier form: replaces the layer of that name (write_mode::overwrite), keeping
/// the other layers of the dataset.
COOPATLAS_API void write_table(const std::string& path, const feature_table& table, const std::string& format = {},
                               const std::vector<std::string>& protected_inputs = {});
/// \brief Earlier form of write_vector(), in write_mode::overwrite.
COOPATLAS_API void write_vector(const std::string& path, const feature_table& table, const std::string& format = {},
                                const std::vector<std::string>& protected_inputs = {});

/// \brief The name a field takes in a shapefile (10 characters at most): coopatlas's
/// long names by a fixed table (partnerships -> partnershp, class_label -> class_lbl,
/// …; README.md lists it), other names cut to 10 characters.
COOPATLAS_API std::string shapefile_field_name(const std::string& name);

/// \brief shapefile_field_name() of each field, made unique (case-insensitively, as
/// dBASE compares them) by a numbered suffix.
COOPATLAS_API std::vector<std::string> shapefile_field_names(const std::vector<std::string>& names);

} // namespace coopatlas::io
