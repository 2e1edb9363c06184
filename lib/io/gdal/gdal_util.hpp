#pragma once
// Private helpers at the GDAL boundary: registration, opening with a clear error,
// and conversion of OGR geometries to coopatlas geometry.

#include <coopatlas/geometry/geometry.hpp>

#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <optional>
#include <string>
#include <vector>

namespace coopatlas::io::detail {

/// Registers GDAL's drivers once per process.
void ensure_gdal();

/// GDAL's last error message on this thread, or `fallback` when it has none.
std::string gdal_message(const char* fallback = "unknown GDAL error");

/// A GDAL list of KEY=VALUE options (creation options), freed with it.
struct string_list {
    char** list = nullptr;
    string_list() = default;
    string_list(const string_list&) = delete;
    string_list& operator=(const string_list&) = delete;
    ~string_list() { CSLDestroy(list); }
    [[nodiscard]] bool has(const char* key) const { return CSLFetchNameValue(list, key) != nullptr; }
    void set(const char* key, const std::string& value) { list = CSLSetNameValue(list, key, value.c_str()); }
};

/// While alive, GDAL's messages on this thread are collected here instead of printed, so
/// that a failure becomes the text of our exception and no raw "ERROR 1:" line precedes it.
/// Not copyable; create it on the thread that calls GDAL.
class error_trap {
public:
    error_trap();
    ~error_trap();
    error_trap(const error_trap&) = delete;
    error_trap& operator=(const error_trap&) = delete;

    /// Whether GDAL reported a failure since construction or the last clear().
    [[nodiscard]] bool failed() const noexcept { return !failures_.empty(); }
    /// The failures, joined by "; " (warnings are kept out).
    [[nodiscard]] std::string message() const;
    /// The first failure (later ones are most often its consequences); empty when none.
    [[nodiscard]] std::string first() const { return failures_.empty() ? std::string() : failures_.front(); }
    void clear() noexcept { failures_.clear(); }

private:
    static void handle(CPLErr level, CPLErrorNum number, const char* message);
    std::vector<std::string> failures_;
};

/// While alive, GDAL's spreadsheet drivers (XLSX, ODS) on this thread take the first row
/// as the header and every cell as text, so that a code such as 01 keeps its zero. GDAL
/// 3.6 reads these as configuration options (later versions also as open options).
class spreadsheet_options {
public:
    spreadsheet_options();
    ~spreadsheet_options();
    spreadsheet_options(const spreadsheet_options&) = delete;
    spreadsheet_options& operator=(const spreadsheet_options&) = delete;

private:
    std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

/// Opens a vector source read-only; throws input_error with GDAL's message. Spreadsheets
/// are read with spreadsheet_options (every sheet is loaded at once).
GDALDatasetUniquePtr open_vector(const std::string& path);

/// Names of the fields of a layer, in order.
std::vector<std::string> field_names(OGRLayer& layer);

/// Picks a layer by name (or the first one); throws input_error listing the layers.
OGRLayer* pick_layer(GDALDataset& ds, const std::string& path, const std::string& name);

/// Converts any OGR geometry to the coopatlas variant (polygons become multipolygons).
geometry::geometry from_ogr(const OGRGeometry* g);

/// Builds an OGR geometry from a coopatlas one (caller owns the result).
OGRGeometry* to_ogr(const geometry::geometry& g);

} // namespace coopatlas::io::detail
