#pragma once
/// \file
/// \brief The style a written layer carries, so that a GIS opens it drawn as coopatlas
/// maps it: the classes of a field and their colours, as a QGIS style (QML) and an
/// OGC Symbology Encoding style (SLD 1.1).
///
/// write_vector() stores the style with the layer: a row of the `layer_styles` table in
/// a GeoPackage, SQLite or PostGIS database (QGIS's own table, loaded by QGIS as the
/// layer's default style), and `.qml` and `.sld` files beside a shapefile.
///
/// Thread safety: pure functions.

#include <coopatlas/config.hpp>

#include <string>
#include <vector>

namespace coopatlas::io {

/// \brief One class of a layer style: a range of values (graduated) or one value
/// (categorized), its legend label and its fill colour.
struct style_class {
    double lower = 0;    ///< graduated: lower bound (the first class includes it; others exclude it)
    double upper = 0;    ///< graduated: upper bound, included
    std::string value{}; ///< categorized: the field's value
    std::string label{};
    std::string color{}; ///< "#rrggbb"
};

/// \brief A graduated or categorized style of one field.
struct COOPATLAS_API layer_style {
    enum class renderer { graduated, categorized };
    enum class symbol { fill, line, marker };

    renderer kind = renderer::graduated;
    symbol symbol_type = symbol::fill; ///< write_vector() sets it from the geometry written
    std::string field{};               ///< the classified field (write_vector() maps it to the shapefile's name)
    std::vector<style_class> classes{};
    std::string name{};              ///< style name (QGIS styleName)
    std::string description{};       ///< how the classes were made (method, palette)
    std::string method = "Custom";   ///< QGIS classification method id (Quantile, Jenks, EqualInterval, StdDev, Custom)
    std::string outline = "#ffffff"; ///< outline of fills and markers, as on coopatlas maps
    double outline_width_mm = 0.16;  ///< 0.6 px at 96 dpi
};

/// \brief QGIS style document (QML) of a style: renderer, ranges or categories, symbols.
COOPATLAS_API std::string to_qml(const layer_style& style);

/// \brief OGC Styled Layer Descriptor 1.1 (Symbology Encoding) of a style for a layer:
/// one rule per class with its filter and symbolizer.
COOPATLAS_API std::string to_sld(const layer_style& style, const std::string& layer_name);

} // namespace coopatlas::io
