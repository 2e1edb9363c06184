// Styles of map spec layers: one set of keys per kind; a polygon layer with values is
// classed into a choropleth.

#include <coopatlas/analysis/classify.hpp>
#include <coopatlas/error.hpp>
#include <coopatlas/render/palettes.hpp>

#include "render/spec_reader.hpp"

#include <cmath>

namespace coopatlas::render::detail {

void spec_reader::read_style(layer& l, const YAML::Node& n, const std::string& kind) {
    auto get = [&](const char* key) { return n[key]; };
    if (kind == "polygons") {
        l.style = read_polygon_style(l, n);
    } else if (kind == "lines") {
        line_style s;
        if (get("stroke")) s.stroke = colour(get("stroke"));
        if (get("width")) s.width = num(get("width"));
        if (get("dash")) s.dash = dash(get("dash"));
        if (get("opacity")) s.opacity = num(get("opacity"));
        if (get("disputed_dash")) s.disputed_dash = dash(get("disputed_dash"));
        if (get("disputed_casing")) s.disputed_casing = colour(get("disputed_casing"));
        if (get("line_label")) s.label = str(get("line_label"));
        if (get("disputed_label")) s.disputed_label = str(get("disputed_label"));
        l.style = s;
    } else if (kind == "circles") {
        circle_style s;
        if (get("fill")) s.fill = colour(get("fill"));
        if (get("outline")) s.outline = colour(get("outline"));
        if (get("outline_width")) s.outline_width = num(get("outline_width"));
        if (get("opacity")) s.opacity = num(get("opacity"));
        if (get("max_radius")) s.max_radius = num(get("max_radius"));
        if (get("min_radius")) s.min_radius = num(get("min_radius"));
        if (get("max_value")) s.max_value = num(get("max_value"));
        if (get("legend_values")) s.legend_values = nums(get("legend_values"));
        l.style = s;
    } else if (kind == "flows") {
        l.style = read_flow_style(l, n);
    } else if (kind == "points") {
        point_style s;
        if (get("shape")) {
            const std::string w = str(get("shape"));
            if (w == "circle")
                s.shape = marker_shape::circle;
            else if (w == "square")
                s.shape = marker_shape::square;
            else if (w == "triangle")
                s.shape = marker_shape::triangle;
            else if (w == "diamond")
                s.shape = marker_shape::diamond;
            else
                fail(get("shape"), "shape is circle, square, triangle or diamond");
        }
        if (get("size")) s.size = num(get("size"));
        if (get("fill")) s.fill = colour(get("fill"));
        if (get("outline")) s.outline = colour(get("outline"));
        if (get("outline_width")) s.outline_width = num(get("outline_width"));
        l.style = s;
    } else if (kind == "labels") {
        l.style = read_label_style(n);
        l.legend = false;
    } else if (kind == "graticule") {
        graticule_style s;
        if (get("step")) s.step = num(get("step"));
        if (get("stroke")) s.stroke = colour(get("stroke"));
        if (get("width")) s.width = num(get("width"));
        if (get("dash")) s.dash = dash(get("dash"));
        l.style = s;
        l.legend = false;
    } else if (kind == "background") {
        background_style s;
        if (get("land")) s.land = colour(get("land"));
        if (get("outline")) s.outline = colour(get("outline"));
        if (get("outline_width")) s.outline_width = num(get("outline_width"));
        l.style = s;
        l.legend = false;
    }
}

polygon_style spec_reader::read_polygon_style(layer& l, const YAML::Node& n) {
    auto get = [&](const char* key) { return n[key]; };
    polygon_style s;
    if (get("outline")) s.outline = colour(get("outline"));
    if (get("outline_width")) s.outline_width = num(get("outline_width"));
    if (get("opacity")) s.opacity = num(get("opacity"));
    if (get("no_data")) s.no_data = colour(get("no_data"));
    if (get("hatch")) s.hatch_no_data = flag(get("hatch"));
    if (get("hatch_color")) s.hatch = colour(get("hatch_color"));
    if (get("no_data_label")) s.no_data_label = str(get("no_data_label"));
    if (get("counts")) s.legend_counts = flag(get("counts"));
    if (get("zero_is_no_data") && flag(get("zero_is_no_data")))
        for (auto& f : l.features)
            if (f.value == 0) f.value = nan;
    const bool classed =
        get("palette") || get("classes") || get("method") || get("breaks") || (get("value") && !get("fill"));
    if (get("fill")) s.fill = colour(get("fill"));
    if (classed) {
        std::vector<double> values;
        for (const auto& f : l.features)
            if (std::isfinite(f.value)) values.push_back(f.value);
        class_fill c;
        c.palette = get("palette") ? str(get("palette")) : std::string(default_palette);
        std::size_t k = get("classes") ? static_cast<std::size_t>(whole(get("classes"), 1, 100)) : 5;
        analysis::classification_method method = analysis::classification_method::quantiles;
        std::vector<double> breaks;
        try {
            if (get("method")) method = analysis::parse_classification_method(str(get("method")));
            if (get("breaks")) {
                breaks = nums(get("breaks"));
                method = analysis::classification_method::user_defined;
                k = breaks.size() > 1 ? breaks.size() - 1 : 1;
            }
        } catch (const input_error&) {
            throw;
        } catch (const error& e) {
            fail(get("method") ? get("method") : get("breaks"), e.what());
        }
        if (!values.empty()) {
            try {
                c.classes = analysis::classify(values, method, k, breaks);
                c.colors = palette(c.palette, c.classes.classes());
            } catch (const input_error&) {
                throw;
            } catch (const error& e) {
                fail(get("palette") ? get("palette") : n, e.what());
            }
            palettes_used_.insert(c.palette);
            if (get("class_labels")) {
                const auto labels = words(get("class_labels"));
                if (labels.size() != c.classes.classes())
                    fail(get("class_labels"), "class_labels has " + std::to_string(labels.size()) + " labels for " +
                                                  std::to_string(c.classes.classes()) + " classes");
                c.classes.labels = labels;
            }
            s.choropleth = std::move(c);
        }
    }
    return s;
}

flow_style spec_reader::read_flow_style(layer& l, const YAML::Node& n) {
    auto get = [&](const char* key) { return n[key]; };
    flow_style s;
    if (get("stroke")) s.stroke = colour(get("stroke"));
    if (get("opacity")) s.opacity = num(get("opacity"));
    if (get("min_width")) s.min_width = num(get("min_width"));
    if (get("max_width")) s.max_width = num(get("max_width"));
    if (get("max_value")) s.max_value = num(get("max_value"));
    if (get("scaling")) {
        const std::string w = str(get("scaling"));
        if (w == "linear")
            s.scaling = width_scaling::linear;
        else if (w == "sqrt" || w == "square-root" || w == "square_root")
            s.scaling = width_scaling::square_root;
        else
            fail(get("scaling"), "scaling is linear or sqrt");
    }
    if (get("curvature")) s.curvature = num(get("curvature"));
    if (get("arrows")) s.arrows = flag(get("arrows"));
    if (get("pair_gap")) s.pair_gap = num(get("pair_gap"));
    if (get("end_gap")) s.end_gap = num(get("end_gap"));
    if (get("legend_values")) s.legend_values = nums(get("legend_values"));
    if (get("directed") && !n["features"] && !n["partnerships"])
        for (auto& f : l.features)
            f.directed = flag(get("directed"));
    return s;
}

label_style spec_reader::read_label_style(const YAML::Node& n) {
    auto get = [&](const char* key) { return n[key]; };
    label_style s;
    if (get("font")) s.font.family = font_of(get("font"), "font");
    if (get("size")) s.font.size = num(get("size"));
    if (get("bold")) s.font.bold = flag(get("bold"));
    if (get("italic")) s.font.italic = flag(get("italic"));
    if (get("color")) s.font.fill = colour(get("color"));
    if (get("halo")) s.font.halo = colour(get("halo"));
    if (get("halo_width")) s.font.halo_width = num(get("halo_width"));
    if (get("clearance")) s.clearance = num(get("clearance"));
    if (get("centred")) s.centred = flag(get("centred"));
    if (get("min_size")) {
        s.min_size = num(get("min_size"));
        if (!(s.min_size > 0) || s.min_size > s.font.size)
            fail(get("min_size"), "min_size must be positive and at most the label's size (0.7 × size when left out)");
    }
    if (get("priority")) {
        const std::string w = str(get("priority"));
        if (w == "value")
            s.priority_by_value = true;
        else if (w == "order")
            s.priority_by_value = false;
        else
            fail(get("priority"), "priority is value or order");
    }
    return s;
}

} // namespace coopatlas::render::detail
