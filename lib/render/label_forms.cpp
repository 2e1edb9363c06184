#include "render/label_forms.hpp"

#include <coopatlas/render/layer_style.hpp>

#include <algorithm>
#include <cmath>

namespace coopatlas::render::detail {

namespace {

void thin_ring(const geometry::ring& source, const frame_view& v, projected_rings* rings, double tolerance,
               geometry::ring& out) {
    out.clear();
    const geometry::ring& in = rings ? rings->forward(source) : source;
    for (std::size_t i = 0; i < in.size(); ++i) {
        geometry::point q = in[i];
        if (!std::isfinite(q.x) || !std::isfinite(q.y)) continue;
        q = v.to_page(q);
        const bool last = i + 1 == in.size();
        if (!out.empty() && !last && std::hypot(q.x - out.back().x, q.y - out.back().y) < tolerance) continue;
        out.push_back(q);
    }
}

// Pieces of a line between which it may break: after a space (dropped) or after a hyphen (kept).
std::vector<std::string> pieces(const std::string& line) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : line) {
        if (c == ' ') {
            if (!cur.empty()) out.push_back(cur);
            cur.clear();
            continue;
        }
        cur += c;
        if (c == '-') {
            out.push_back(cur);
            cur.clear();
        }
    }
    if (!cur.empty()) out.push_back(cur);
    return out;
}

// The lines of a text, as its '\n' separate them (an empty text is one empty line).
std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    for (std::size_t at = 0;;) {
        const auto nl = text.find('\n', at);
        out.push_back(text.substr(at, nl == std::string::npos ? std::string::npos : nl - at));
        if (nl == std::string::npos) return out;
        at = nl + 1;
    }
}

// Joins pieces: a space between them unless the left one ends in a hyphen.
std::string joined(const std::vector<std::string>& p, std::size_t from, std::size_t to) {
    std::string s;
    for (std::size_t k = from; k < to; ++k) {
        if (!s.empty() && s.back() != '-') s += ' ';
        s += p[k];
    }
    return s;
}

// Best split of a line into `n` lines: the one whose widest line is narrowest (the pieces
// are few, so every split is tried for 2 lines, and 2 then 2 again for 3).
std::vector<std::string> balanced(text_shaper& shaper, const std::vector<std::string>& p, const text_style& st, int n) {
    if (static_cast<int>(p.size()) < n) return {};
    std::vector<std::string> best;
    double best_w = INFINITY;
    // A split is kept only when its widest line is narrower than the best so far: once one
    // of its lines is as wide, the others need no measuring.
    auto consider = [&](std::vector<std::string> lines) {
        double w = 0;
        for (const auto& l : lines) {
            w = std::max(w, shaper.measure(l, st).width);
            if (!(w < best_w)) return;
        }
        best_w = w;
        best = std::move(lines);
    };
    if (n == 2) {
        for (std::size_t k = 1; k < p.size(); ++k)
            consider({joined(p, 0, k), joined(p, k, p.size())});
    } else {
        for (std::size_t a = 1; a + 1 < p.size(); ++a)
            for (std::size_t b = a + 1; b < p.size(); ++b)
                consider({joined(p, 0, a), joined(p, a, b), joined(p, b, p.size())});
    }
    return best;
}

} // namespace

geometry::multi_polygon page_area(const geometry::geometry& g, const frame_view& v, projected_rings* p,
                                  double tolerance) {
    geometry::multi_polygon out;
    const auto* mp = std::get_if<geometry::multi_polygon>(&g);
    if (!mp) return out;
    for (const auto& poly : *mp) {
        geometry::polygon q;
        thin_ring(poly.outer, v, p, tolerance, q.outer);
        if (q.outer.size() < 4) continue;
        for (const auto& hole : poly.inners) {
            geometry::ring h;
            thin_ring(hole, v, p, tolerance, h);
            if (h.size() >= 4) q.inners.push_back(std::move(h));
        }
        out.push_back(std::move(q));
    }
    return out;
}

std::string wrap_text(text_shaper& shaper, const std::string& text, const text_style& style, int lines) {
    std::string out;
    bool changed = false;
    bool first = true;
    for (const std::string& line : lines_of(text)) {
        const auto split = balanced(shaper, pieces(line), style, lines);
        if (!first) out += '\n';
        first = false;
        if (split.empty()) {
            out += line;
        } else {
            changed = true;
            for (std::size_t k = 0; k < split.size(); ++k)
                out += (k ? "\n" : "") + split[k];
        }
    }
    return changed ? out : std::string{};
}

namespace {

// The sizes of a label's forms: 100 %, 90 %, … of the style's while at least the least
// size, and the least size itself last.
std::vector<double> form_sizes(const text_style& style, double min_size) {
    const double least = min_size > 0 ? std::min(min_size, style.size) : style.size * default_label_min_scale;
    std::vector<double> sizes;
    for (int k = 0; k < 10; ++k) {
        const double s = style.size * (1 - 0.1 * k);
        if (s < least - 1e-9) break;
        sizes.push_back(s);
    }
    if (sizes.empty() || sizes.back() > least + 1e-9) sizes.push_back(least);
    return sizes;
}

// How much taller or wider than the room a shrunk box must be to be refused for sure:
// rounding in the placer's own tests is far below it.
constexpr double room_margin = 0.5;
// A word inside a line may be set a little tighter than alone (kerning with the space or
// hyphen beside it): a fraction of a point at label sizes.
constexpr double word_margin = 1.5;

} // namespace

bool no_form_fits_in(text_shaper& shaper, const std::string& text, const text_style& style, double min_size,
                     const geometry::box& room, double tolerance) {
    if (room.empty() || !std::isfinite(room.min_x) || !std::isfinite(room.max_x) || !std::isfinite(room.min_y) ||
        !std::isfinite(room.max_y))
        return false;
    const double t = std::isfinite(tolerance) ? std::max(0.0, tolerance) : 0.0;
    const double room_w = room.max_x - room.min_x, room_h = room.max_y - room.min_y;
    const auto too_tall = [&](double h) { return h - 2 * t >= room_h + room_margin; };
    const auto too_wide = [&](double w, double margin) { return w - 2 * t >= room_w + margin; };
    // the one-line forms, measured
    const std::vector<double> sizes = form_sizes(style, min_size);
    double shortest = INFINITY;
    for (const double s : sizes) {
        text_style st = style;
        st.size = s;
        const text_extent e = shaper.metrics(text, st).extent;
        if (!std::isfinite(e.width) || !std::isfinite(e.height)) return false;
        if (!too_tall(e.height) && !too_wide(e.width, room_margin)) return false;
        shortest = std::min(shortest, e.height);
    }
    // the wrapped forms have more lines than the one-line form of their size, so are at
    // least as tall as the shortest; and a line holds whole words, so each is at least as
    // wide as the widest word at the least size
    if (too_tall(shortest)) return true;
    text_style least = style;
    least.size = sizes.back();
    double widest = 0;
    for (const std::string& line : lines_of(text))
        for (const auto& word : pieces(line))
            widest = std::max(widest, shaper.measure(word, least).width);
    return too_wide(widest, word_margin);
}

std::vector<label_form> label_forms(text_shaper& shaper, const std::string& text, const text_style& style,
                                    double min_size) {
    std::vector<label_form> forms;
    auto add = [&](const std::string& t, const text_style& st) {
        if (t.empty()) return;
        for (const auto& f : forms)
            if (f.text == t && f.style.size == st.size) return;
        forms.push_back({t, st, shaper.metrics(t, st)});
    };
    for (const double s : form_sizes(style, min_size)) {
        text_style st = style;
        st.size = s;
        add(text, st);
        add(wrap_text(shaper, text, st, 2), st);
        add(wrap_text(shaper, text, st, 3), st);
    }
    return forms;
}

path_item leader_line(const geometry::point& from, const geometry::point& to, const text_style& style) {
    path line;
    line.begin(false);
    line.add(from);
    line.add(to);
    line.end();
    color c = style.fill;
    c.a *= 0.8;
    return path_item{line, std::nullopt, stroke_spec{c, 0.7, {}, line_cap::round, line_join::round}, false};
}

} // namespace coopatlas::render::detail
