#include <coopatlas/error.hpp>
#include <coopatlas/io/layer_style.hpp>

#include "text/markup.hpp"

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace coopatlas::io {

namespace {

std::string xml(std::string_view text) { return coopatlas::text::detail::markup_escaped(text); }

// Bounds with every digit of the double, so that QGIS reads back the same breaks.
std::string exact(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

// "#rrggbb" -> "r,g,b,255" (QGIS colour strings)
std::string qgis_color(const std::string& hex) {
    if (hex.size() != 7 || hex[0] != '#') throw error("style colour '" + hex + "' is not #rrggbb");
    const long v = std::strtol(hex.c_str() + 1, nullptr, 16);
    return std::to_string((v >> 16) & 0xff) + "," + std::to_string((v >> 8) & 0xff) + "," + std::to_string(v & 0xff) +
           ",255";
}

std::string option(const char* name, const std::string& value) {
    return std::string("            <Option type=\"QString\" name=\"") + name + "\" value=\"" + xml(value) + "\"/>\n";
}

std::string prop(const char* name, const std::string& value) {
    return std::string("          <prop k=\"") + name + "\" v=\"" + xml(value) + "\"/>\n";
}

// One QGIS symbol: a simple fill, line or marker of the class colour.
std::string qml_symbol(const layer_style& s, std::size_t index, const std::string& color) {
    std::vector<std::pair<const char*, std::string>> props;
    const char* type = "fill";
    const char* layer_class = "SimpleFill";
    char width[32];
    std::snprintf(width, sizeof width, "%g", s.outline_width_mm);
    switch (s.symbol_type) {
    case layer_style::symbol::fill:
        props = {{"color", qgis_color(color)}, {"outline_color", qgis_color(s.outline)},
                 {"outline_style", "solid"},   {"outline_width", width},
                 {"outline_width_unit", "MM"}, {"style", "solid"},
                 {"joinstyle", "bevel"}};
        break;
    case layer_style::symbol::line:
        type = "line";
        layer_class = "SimpleLine";
        props = {{"line_color", qgis_color(color)}, {"line_style", "solid"}, {"line_width", "0.6"},
                 {"line_width_unit", "MM"},         {"capstyle", "round"},   {"joinstyle", "round"}};
        break;
    case layer_style::symbol::marker:
        type = "marker";
        layer_class = "SimpleMarker";
        props = {{"color", qgis_color(color)},
                 {"outline_color", qgis_color(s.outline)},
                 {"outline_style", "solid"},
                 {"outline_width", width},
                 {"outline_width_unit", "MM"},
                 {"name", "circle"},
                 {"size", "2.4"},
                 {"size_unit", "MM"}};
        break;
    }
    std::string out = "      <symbol type=\"" + std::string(type) + "\" name=\"" + std::to_string(index) +
                      "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n"
                      "        <layer class=\"" +
                      layer_class +
                      "\" enabled=\"1\" locked=\"0\" pass=\"0\">\n"
                      "          <Option type=\"Map\">\n";
    for (const auto& [k, v] : props)
        out += option(k, v);
    out += "          </Option>\n";
    for (const auto& [k, v] : props)
        out += prop(k, v);
    out += "        </layer>\n      </symbol>\n";
    return out;
}

std::string sld_symbolizer(const layer_style& s, const std::string& color) {
    char width[32];
    std::snprintf(width, sizeof width, "%g", s.outline_width_mm * 96 / 25.4); // pixels, as SLD measures
    switch (s.symbol_type) {
    case layer_style::symbol::fill:
        return "          <se:PolygonSymbolizer>\n"
               "            <se:Fill><se:SvgParameter name=\"fill\">" +
               color +
               "</se:SvgParameter></se:Fill>\n"
               "            <se:Stroke><se:SvgParameter name=\"stroke\">" +
               s.outline + "</se:SvgParameter><se:SvgParameter name=\"stroke-width\">" + width +
               "</se:SvgParameter></se:Stroke>\n"
               "          </se:PolygonSymbolizer>\n";
    case layer_style::symbol::line:
        return "          <se:LineSymbolizer>\n"
               "            <se:Stroke><se:SvgParameter name=\"stroke\">" +
               color +
               "</se:SvgParameter><se:SvgParameter name=\"stroke-width\">2</se:SvgParameter></se:Stroke>\n"
               "          </se:LineSymbolizer>\n";
    case layer_style::symbol::marker:
        break;
    }
    return "          <se:PointSymbolizer>\n"
           "            <se:Graphic>\n"
           "              <se:Mark><se:WellKnownName>circle</se:WellKnownName>"
           "<se:Fill><se:SvgParameter name=\"fill\">" +
           color +
           "</se:SvgParameter></se:Fill>"
           "<se:Stroke><se:SvgParameter name=\"stroke\">" +
           s.outline +
           "</se:SvgParameter></se:Stroke></se:Mark>\n"
           "              <se:Size>9</se:Size>\n"
           "            </se:Graphic>\n"
           "          </se:PointSymbolizer>\n";
}

std::string comparison(const char* op, const std::string& field, const std::string& literal) {
    return std::string("              <ogc:") + op + "><ogc:PropertyName>" + xml(field) +
           "</ogc:PropertyName><ogc:Literal>" + xml(literal) + "</ogc:Literal></ogc:" + op + ">\n";
}

} // namespace

std::string to_qml(const layer_style& s) {
    if (s.field.empty()) throw error("a layer style needs the field it classifies");
    if (s.classes.empty()) throw error("a layer style needs at least one class");
    const bool graduated = s.kind == layer_style::renderer::graduated;
    std::string out = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
                      "<qgis version=\"3.22.0\" styleCategories=\"Symbology\">\n"
                      "  <renderer-v2 type=\"" +
                      std::string(graduated ? "graduatedSymbol" : "categorizedSymbol") + "\" attr=\"" + xml(s.field) +
                      "\"" + (graduated ? " graduatedMethod=\"GraduatedColor\"" : "") +
                      " symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\" referencescale=\"-1\">\n";
    out += graduated ? "    <ranges>\n" : "    <categories>\n";
    for (std::size_t i = 0; i < s.classes.size(); ++i) {
        const auto& c = s.classes[i];
        if (graduated)
            out += "      <range lower=\"" + exact(c.lower) + "\" upper=\"" + exact(c.upper) + "\" label=\"" +
                   xml(c.label) + "\" symbol=\"" + std::to_string(i) + "\" render=\"true\"/>\n";
        else
            out += "      <category value=\"" + xml(c.value) + "\" label=\"" + xml(c.label) + "\" symbol=\"" +
                   std::to_string(i) + "\" render=\"true\" type=\"string\"/>\n";
    }
    out += graduated ? "    </ranges>\n" : "    </categories>\n";
    out += "    <symbols>\n";
    for (std::size_t i = 0; i < s.classes.size(); ++i)
        out += qml_symbol(s, i, s.classes[i].color);
    out += "    </symbols>\n";
    if (graduated)
        out += "    <classificationMethod id=\"" + xml(s.method) +
               "\">\n      <symmetricMode enabled=\"0\" symmetrypoint=\"0\" astride=\"0\"/>\n"
               "      <labelFormat format=\"%1 - %2\" labelprecision=\"4\" trimtrailingzeroes=\"1\"/>\n"
               "    </classificationMethod>\n";
    out += "  </renderer-v2>\n  <layerOpacity>1</layerOpacity>\n</qgis>\n";
    return out;
}

std::string to_sld(const layer_style& s, const std::string& layer_name) {
    if (s.field.empty() || s.classes.empty()) throw error("a layer style needs a field and at least one class");
    const bool graduated = s.kind == layer_style::renderer::graduated;
    std::string out =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<StyledLayerDescriptor xmlns=\"http://www.opengis.net/sld\" xmlns:ogc=\"http://www.opengis.net/ogc\""
        " xmlns:se=\"http://www.opengis.net/se\" xmlns:xlink=\"http://www.w3.org/1999/xlink\""
        " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" version=\"1.1.0\""
        " xsi:schemaLocation=\"http://www.opengis.net/sld "
        "http://schemas.opengis.net/sld/1.1.0/StyledLayerDescriptor.xsd\">\n"
        "  <NamedLayer>\n    <se:Name>" +
        xml(layer_name) + "</se:Name>\n    <UserStyle>\n      <se:Name>" + xml(s.name.empty() ? layer_name : s.name) +
        "</se:Name>\n      <se:FeatureTypeStyle>\n";
    for (std::size_t i = 0; i < s.classes.size(); ++i) {
        const auto& c = s.classes[i];
        out += "        <se:Rule>\n          <se:Name>" + xml(c.label) +
               "</se:Name>\n"
               "          <se:Description><se:Title>" +
               xml(c.label) +
               "</se:Title></se:Description>\n"
               "          <ogc:Filter>\n";
        if (graduated) {
            out += "            <ogc:And>\n";
            out += comparison(i == 0 ? "PropertyIsGreaterThanOrEqualTo" : "PropertyIsGreaterThan", s.field,
                              exact(c.lower));
            out += comparison("PropertyIsLessThanOrEqualTo", s.field, exact(c.upper));
            out += "            </ogc:And>\n";
        } else {
            std::string eq = comparison("PropertyIsEqualTo", s.field, c.value);
            out += eq.substr(2);
        }
        out += "          </ogc:Filter>\n" + sld_symbolizer(s, c.color) + "        </se:Rule>\n";
    }
    out += "      </se:FeatureTypeStyle>\n    </UserStyle>\n  </NamedLayer>\n</StyledLayerDescriptor>\n";
    return out;
}

} // namespace coopatlas::io
