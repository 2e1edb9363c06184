#pragma once
// Reading back the SVG the renderer writes (one <g id> per layer, one element per line):
// the elements of a group, what they draw, the text they hold. Plain string scanning, as
// the writer's output is regular; no XML library needed.

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace coopatlas::test {

// The content of the group `<g id="ID" …>` (nested groups included), or "" when absent.
inline std::string svg_group(const std::string& svg, const std::string& id) {
    const std::string open = "<g id=\"" + id + "\"";
    std::size_t at = svg.find(open);
    while (at != std::string::npos && svg[at + open.size()] != '>' && svg[at + open.size()] != ' ')
        at = svg.find(open, at + 1);
    if (at == std::string::npos) return {};
    const std::size_t body = svg.find('>', at) + 1;
    int depth = 1;
    for (std::size_t p = body; p < svg.size(); ++p) {
        if (svg.compare(p, 4, "</g>") == 0) {
            if (--depth == 0) return svg.substr(body, p - body);
        } else if (svg.compare(p, 2, "<g") == 0 && (svg[p + 2] == ' ' || svg[p + 2] == '>')) {
            ++depth;
        }
    }
    return {};
}

// Every element `<NAME …/>` or `<NAME …>` opening tag, attributes included.
inline std::vector<std::string> svg_elements(const std::string& svg, const std::string& name) {
    std::vector<std::string> out;
    const std::string open = "<" + name + " ";
    for (std::size_t p = svg.find(open); p != std::string::npos; p = svg.find(open, p + 1))
        out.push_back(svg.substr(p, svg.find('>', p) + 1 - p));
    return out;
}

inline std::size_t svg_circles(const std::string& svg) {
    return svg_elements(svg, "circle").size();
}

inline std::size_t svg_dashed_paths(const std::string& svg) {
    std::size_t n = 0;
    for (const auto& e : svg_elements(svg, "path"))
        n += e.find(" stroke-dasharray=\"") != std::string::npos;
    return n;
}

// Filled closed paths with no stroke: in a flow layer, its arrowheads (the flows are
// stroked lines without fill).
inline std::size_t svg_filled_unstroked_paths(const std::string& svg) {
    std::size_t n = 0;
    for (const auto& e : svg_elements(svg, "path"))
        n += e.find(" fill=\"#") != std::string::npos && e.find(" stroke=\"") == std::string::npos &&
             e.find("z\"") != std::string::npos;
    return n;
}

inline std::string xml_unescape(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '&') {
            static const std::pair<const char*, char> entities[] = {
                {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
            bool done = false;
            for (const auto& [ent, ch] : entities)
                if (s.compare(i, std::char_traits<char>::length(ent), ent) == 0) {
                    out += ch;
                    i += std::char_traits<char>::length(ent) - 1;
                    done = true;
                    break;
                }
            if (done) continue;
        }
        out += s[i];
    }
    return out;
}

// The text of every <text> element, unescaped; the lines of a multi-line text (one
// <tspan> each) joined by '\n'.
inline std::vector<std::string> svg_texts(const std::string& svg) {
    std::vector<std::string> out;
    for (std::size_t p = svg.find("<text "); p != std::string::npos; p = svg.find("<text ", p + 1)) {
        const std::size_t body = svg.find('>', p) + 1;
        const std::string inner = svg.substr(body, svg.find("</text>", body) - body);
        if (inner.find("<tspan") == std::string::npos) {
            out.push_back(xml_unescape(inner));
            continue;
        }
        std::string joined;
        bool first = true;
        for (std::size_t t = inner.find("<tspan"); t != std::string::npos; t = inner.find("<tspan", t + 1)) {
            const std::size_t b = inner.find('>', t) + 1;
            if (!first) joined += '\n';
            first = false;
            joined += xml_unescape(inner.substr(b, inner.find("</tspan>", b) - b));
        }
        out.push_back(joined);
    }
    return out;
}

} // namespace coopatlas::test
