#include <coopatlas/error.hpp>
#include <coopatlas/render/color.hpp>
#include <coopatlas/text/parse_value.hpp>

#include <array>
#include <cstdio>
#include <string>
#include <utility>

namespace coopatlas::render {

namespace {
int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

[[noreturn]] void bad(std::string_view text) {
    throw error("cannot read colour '" + std::string(text) +
                "': use #rgb, #rrggbb, #rrggbbaa, rgb(r,g,b), rgba(r,g,b,a) or a name such as black, white, grey");
}

double component(std::string_view s, std::string_view whole) {
    const auto v = text::finite_number(s);
    if (!v) bad(whole);
    return *v;
}
} // namespace

color parse_color(std::string_view text) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 12> names = {{
        {"black", "#000000"}, {"white", "#ffffff"}, {"grey", "#808080"}, {"gray", "#808080"},
        {"red", "#ff0000"},   {"green", "#008000"}, {"blue", "#0000ff"}, {"yellow", "#ffff00"},
        {"orange", "#ffa500"}, {"navy", "#000080"}, {"lightgrey", "#d3d3d3"}, {"transparent", "#00000000"},
    }};
    for (const auto& [name, hex] : names)
        if (text == name) return parse_color(hex);
    if (!text.empty() && text.front() == '#') {
        const std::string_view h = text.substr(1);
        std::array<int, 8> d{};
        for (std::size_t i = 0; i < h.size() && i < d.size(); ++i)
            if ((d[i] = hex_digit(h[i])) < 0) bad(text);
        if (h.size() == 3) return {d[0] / 15.0, d[1] / 15.0, d[2] / 15.0, 1};
        if (h.size() == 6 || h.size() == 8) {
            const double a = h.size() == 8 ? (d[6] * 16 + d[7]) / 255.0 : 1.0;
            return {(d[0] * 16 + d[1]) / 255.0, (d[2] * 16 + d[3]) / 255.0, (d[4] * 16 + d[5]) / 255.0, a};
        }
        bad(text);
    }
    const bool rgba = text.rfind("rgba(", 0) == 0;
    if ((rgba || text.rfind("rgb(", 0) == 0) && text.back() == ')') {
        std::string_view inner = text.substr(rgba ? 5 : 4);
        inner.remove_suffix(1);
        std::array<double, 4> v{0, 0, 0, 1};
        std::size_t n = 0;
        while (!inner.empty()) {
            const auto comma = inner.find(',');
            if (n >= (rgba ? 4u : 3u)) bad(text);
            v[n++] = component(inner.substr(0, comma), text);
            if (comma == std::string_view::npos) break;
            inner.remove_prefix(comma + 1);
        }
        if (n != (rgba ? 4u : 3u)) bad(text);
        return {v[0] / 255.0, v[1] / 255.0, v[2] / 255.0, v[3]};
    }
    bad(text);
}

std::string to_hex(const color& c) {
    auto byte = [](double v) { return static_cast<unsigned>(v <= 0 ? 0 : v >= 1 ? 255 : v * 255.0 + 0.5); };
    char buf[8];
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", byte(c.r), byte(c.g), byte(c.b));
    return buf;
}

} // namespace coopatlas::render
