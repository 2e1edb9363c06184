#include "render/symbols.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace coopatlas::render::detail {

double largest_value(const layer& l) {
    double m = 0;
    for (const auto& f : l.features)
        if (std::isfinite(f.value) && f.value > m) m = f.value;
    return m;
}

double circle_reference(const circle_style& s, const layer& l) {
    return std::isfinite(s.max_value) && s.max_value > 0 ? s.max_value : largest_value(l);
}

double circle_radius(const circle_style& s, double value, double vmax) {
    if (!std::isfinite(value) || value <= 0 || !(vmax > 0)) return 0;
    return std::max(s.min_radius, s.max_radius * std::sqrt(value / vmax));
}

double flow_reference(const flow_style& s, const layer& l) {
    return std::isfinite(s.max_value) && s.max_value > 0 ? s.max_value : largest_value(l);
}

double flow_width(const flow_style& s, double value, double vmax) {
    if (!std::isfinite(value) || value <= 0 || !(vmax > 0)) return s.min_width;
    const double r = value / vmax;
    const double w = s.max_width * (s.scaling == width_scaling::square_root ? std::sqrt(r) : r);
    return std::max(s.min_width, w);
}

color with_opacity(color c, double opacity) {
    c.a *= std::clamp(opacity, 0.0, 1.0);
    return c;
}

color polygon_fill(const polygon_style& s, double value, bool* no_data) {
    if (no_data) *no_data = false;
    if (!s.choropleth || s.choropleth->colors.empty()) return with_opacity(s.fill, s.opacity);
    if (!std::isfinite(value)) {
        if (no_data) *no_data = true;
        return with_opacity(s.no_data, s.opacity);
    }
    const std::size_t k = std::min(s.choropleth->classes.class_of(value), s.choropleth->colors.size() - 1);
    return with_opacity(s.choropleth->colors[k], s.opacity);
}

path marker_path(marker_shape shape, const geometry::point& c, double size) {
    path p;
    const double h = size / 2;
    p.begin(true);
    switch (shape) {
    case marker_shape::square:
        p.add({c.x - h, c.y - h});
        p.add({c.x + h, c.y - h});
        p.add({c.x + h, c.y + h});
        p.add({c.x - h, c.y + h});
        break;
    case marker_shape::triangle:
        p.add({c.x, c.y - h * 1.15});
        p.add({c.x + h, c.y + h * 0.85});
        p.add({c.x - h, c.y + h * 0.85});
        break;
    case marker_shape::diamond:
        p.add({c.x, c.y - h});
        p.add({c.x + h, c.y});
        p.add({c.x, c.y + h});
        p.add({c.x - h, c.y});
        break;
    case marker_shape::circle:
        for (int i = 0; i < 24; ++i) {
            const double a = i * M_PI / 12;
            p.add({c.x + h * std::cos(a), c.y + h * std::sin(a)});
        }
        break;
    }
    p.end();
    return p;
}

text_style to_text_style(const font_style& f, const std::string& family) {
    text_style t;
    if (!f.family.empty())
        t.family = f.family;
    else if (!family.empty())
        t.family = family;
    t.size = f.size;
    t.bold = f.bold;
    t.italic = f.italic;
    t.fill = f.fill;
    t.halo = f.halo;
    t.halo_width = f.halo_width;
    return t;
}

double nice_floor(double v) {
    if (!(v > 0) || !std::isfinite(v)) return 0;
    const double p = std::pow(10.0, std::floor(std::log10(v)));
    const double m = v / p;
    // Guard against 4.9999… from the division.
    if (m >= 5 - 1e-9) return 5 * p;
    if (m >= 2 - 1e-9) return 2 * p;
    return p;
}

std::vector<double> legend_values(double vmax, double vmin_positive, bool integers) {
    std::vector<double> out;
    if (!(vmax > 0) || !std::isfinite(vmax)) return out;
    // The largest value shown: vmax rounded down to a round number with a finer set of
    // mantissas than 1-2-5, so that the legend reaches close to the largest symbol.
    const double p = std::pow(10.0, std::floor(std::log10(vmax)));
    double top = p;
    for (double m : {1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 7.5, 8.0, 10.0})
        if (m * p <= vmax * (1 + 1e-9)) top = m * p;
    if (integers) top = std::max(1.0, std::floor(top));
    out.push_back(top);
    // Then round values about a quarter and a sixteenth of it, not below the smallest datum.
    const double floor_value = std::isfinite(vmin_positive) && vmin_positive > 0 ? vmin_positive : top / 16;
    for (double target : {top / 4, top / 16}) {
        double v = nice_floor(target);
        if (integers && v < 1) v = 1;
        if (v < floor_value * (1 - 1e-9)) {
            // Nothing that small exists: show the smallest round value that does, once.
            v = integers ? std::max(1.0, std::ceil(floor_value)) : nice_floor(floor_value);
            if (v < floor_value * (1 - 1e-9)) v = floor_value;
        }
        if (integers && std::abs(v - std::round(v)) > 1e-9) continue;
        // Nested symbols closer than 2.5 × in value crowd each other's labels.
        if (out.size() >= 2 && v > out.back() / 2.5) continue;
        if (v < out.back() * (1 - 1e-9)) out.push_back(v);
    }
    return out;
}

std::string format_value(double v) {
    if (!std::isfinite(v)) return "–";
    char buf[64];
    if (std::abs(v - std::round(v)) < 1e-9 && std::abs(v) < 1e15) {
        std::snprintf(buf, sizeof buf, "%.0f", v);
    } else {
        std::snprintf(buf, sizeof buf, std::abs(v) >= 10 ? "%.1f" : "%.2f", v);
        std::string s = buf;
        while (!s.empty() && s.back() == '0')
            s.pop_back();
        if (!s.empty() && s.back() == '.') s.pop_back();
        return s;
    }
    return buf;
}

} // namespace coopatlas::render::detail
