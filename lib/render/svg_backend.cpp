#include "render/svg_backend.hpp"
#include "text/markup.hpp"

#include <coopatlas/render/color.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string_view>
#include <vector>

namespace coopatlas::render::detail {

namespace {

// Coordinates are written in hundredths of a page unit: finer than any screen or
// printer needs, and exact in decimal, so output never depends on float printing.
long long hundredths(double v) {
    if (!std::isfinite(v)) return 0;
    return std::llround(v * 100.0);
}

void put_hundredths(std::string& out, long long q) {
    if (q < 0) {
        out += '-';
        q = -q;
    }
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, q / 100);
    out.append(buf, end);
    const int frac = static_cast<int>(q % 100);
    if (frac != 0) {
        out += '.';
        out += static_cast<char>('0' + frac / 10);
        if (frac % 10 != 0) out += static_cast<char>('0' + frac % 10);
    }
}

void put_number(std::string& out, double v) {
    put_hundredths(out, hundredths(v));
}

void put_alpha(std::string& out, double a) {
    // Three decimals: 8-bit alpha round-trips.
    long long q = std::llround(std::clamp(a, 0.0, 1.0) * 1000.0);
    if (q >= 1000) {
        out += '1';
        return;
    }
    out += "0.";
    char d[3] = {static_cast<char>('0' + q / 100), static_cast<char>('0' + (q / 10) % 10),
                 static_cast<char>('0' + q % 10)};
    int n = 3;
    while (n > 1 && d[n - 1] == '0')
        --n;
    out.append(d, static_cast<std::size_t>(n));
}

void escape(std::string& out, std::string_view text) { coopatlas::text::detail::append_markup_escaped(out, text); }

void attr(std::string& out, const char* name, double v) {
    out += ' ';
    out += name;
    out += "=\"";
    put_number(out, v);
    out += '"';
}

void put_path_data(std::string& out, const path& p) {
    long long cx = 0, cy = 0;
    for (const auto& part : p.parts) {
        const geometry::point* pt = p.points.data() + part.first;
        long long x = hundredths(pt[0].x), y = hundredths(pt[0].y);
        out += 'M';
        put_hundredths(out, x);
        out += ' ';
        put_hundredths(out, y);
        cx = x;
        cy = y;
        if (part.cubic) {
            for (std::uint32_t i = 1; i + 2 < part.count; i += 3) {
                out += 'c';
                for (std::uint32_t k = 0; k < 3; ++k) {
                    if (k) out += ' ';
                    put_hundredths(out, hundredths(pt[i + k].x) - cx);
                    out += ' ';
                    put_hundredths(out, hundredths(pt[i + k].y) - cy);
                }
                cx = hundredths(pt[i + 2].x);
                cy = hundredths(pt[i + 2].y);
            }
        } else {
            bool first = true;
            for (std::uint32_t i = 1; i < part.count; ++i) {
                x = hundredths(pt[i].x);
                y = hundredths(pt[i].y);
                if (x == cx && y == cy) continue;
                out += first ? 'l' : ' ';
                first = false;
                put_hundredths(out, x - cx);
                out += ' ';
                put_hundredths(out, y - cy);
                cx = x;
                cy = y;
            }
        }
        if (part.closed) out += 'z';
    }
}

void put_fill(std::string& out, const std::optional<color>& fill) {
    if (!fill || fill->a <= 0) {
        out += " fill=\"none\"";
        return;
    }
    out += " fill=\"" + to_hex(*fill) + '"';
    if (fill->a < 1) {
        out += " fill-opacity=\"";
        put_alpha(out, fill->a);
        out += '"';
    }
}

void put_stroke(std::string& out, const std::optional<stroke_spec>& stroke) {
    if (!stroke || stroke->paint.a <= 0 || !(stroke->width > 0)) return;
    out += " stroke=\"" + to_hex(stroke->paint) + '"';
    if (stroke->paint.a < 1) {
        out += " stroke-opacity=\"";
        put_alpha(out, stroke->paint.a);
        out += '"';
    }
    attr(out, "stroke-width", stroke->width);
    if (!stroke->dash.empty()) {
        out += " stroke-dasharray=\"";
        for (std::size_t i = 0; i < stroke->dash.size(); ++i) {
            if (i) out += ' ';
            put_number(out, stroke->dash[i]);
        }
        out += '"';
    }
    if (stroke->cap == line_cap::round) out += " stroke-linecap=\"round\"";
    if (stroke->cap == line_cap::square) out += " stroke-linecap=\"square\"";
    if (stroke->join == line_join::round) out += " stroke-linejoin=\"round\"";
    if (stroke->join == line_join::bevel) out += " stroke-linejoin=\"bevel\"";
}

// One overload per primitive and no fallback, as in the Cairo backend.
class writer {
  public:
    writer(std::string& out, const svg_feature_metadata* metadata) : out_(out), metadata_(metadata) {}

    void operator()(const path_item& it) {
        if (it.shape.empty()) return;
        out_ += "<path d=\"";
        put_path_data(out_, it.shape);
        out_ += '"';
        put_fill(out_, it.fill);
        if (it.fill && it.even_odd) out_ += " fill-rule=\"evenodd\"";
        put_stroke(out_, it.stroke);
        out_ += "/>\n";
    }

    void operator()(const circle_item& it) {
        out_ += "<circle";
        attr(out_, "cx", it.centre.x);
        attr(out_, "cy", it.centre.y);
        attr(out_, "r", it.radius);
        put_fill(out_, it.fill);
        put_stroke(out_, it.stroke);
        out_ += "/>\n";
    }

    void operator()(const hatch_item& it) {
        const path lines = hatch_lines(it);
        if (lines.empty()) return;
        const std::string id = "hatch-" + std::to_string(++hatches_);
        out_ += "<clipPath id=\"" + id + "\"><path d=\"";
        put_path_data(out_, it.area);
        out_ += "\" clip-rule=\"evenodd\"/></clipPath>\n<path d=\"";
        put_path_data(out_, lines);
        out_ += "\" clip-path=\"url(#" + id + ")\" fill=\"none\"";
        put_stroke(out_, it.line);
        out_ += "/>\n";
    }

    void operator()(const text_item& it) {
        // The shaper's metrics place the lines: centred on a common axis, the first
        // baseline and the pitch between lines as Pango laid them out.
        std::vector<std::string_view> lines;
        std::string_view rest = it.text;
        while (true) {
            const auto nl = rest.find('\n');
            lines.push_back(rest.substr(0, nl));
            if (nl == std::string_view::npos) break;
            rest.remove_prefix(nl + 1);
        }
        const double halo = std::max(0.0, it.style.halo_width);
        const double pitch =
            it.line_pitch > 0 ? it.line_pitch : (it.extent.height - 2 * halo) / static_cast<double>(lines.size());
        const double cx = it.origin.x + (it.center_x > 0 ? it.center_x : it.extent.width / 2);
        const double first = it.origin.y + (it.baseline > 0 ? it.baseline : halo + 0.8 * pitch);
        out_ += "<text";
        attr(out_, "x", cx);
        attr(out_, "y", first);
        out_ += " font-family=\"";
        escape(out_,
               css_font_family(it.style.family + ", " + it.style.arabic_family + ", " + it.style.tifinagh_family));
        out_ += '"';
        attr(out_, "font-size", it.style.size);
        if (it.style.bold) out_ += " font-weight=\"bold\"";
        if (it.style.italic) out_ += " font-style=\"italic\"";
        out_ += " text-anchor=\"middle\"";
        // Web pages only: ties a label to its feature, whose names the page's script can swap in.
        if (metadata_ && !it.feature_id.empty()) {
            out_ += " data-label-of=\"";
            escape(out_, it.feature_id);
            out_ += '"';
        }
        put_fill(out_, it.style.fill);
        if (halo > 0 && it.style.halo.a > 0) {
            put_stroke(out_, stroke_spec{it.style.halo, 2 * halo, {}, line_cap::round, line_join::round});
            out_ += " paint-order=\"stroke\"";
        }
        out_ += '>';
        if (lines.size() == 1) {
            escape(out_, lines.front());
        } else {
            for (std::size_t i = 0; i < lines.size(); ++i) {
                out_ += "<tspan";
                attr(out_, "x", cx);
                attr(out_, "y", first + pitch * static_cast<double>(i));
                out_ += '>';
                escape(out_, lines[i]);
                out_ += "</tspan>";
            }
        }
        out_ += "</text>\n";
    }

    void operator()(const group_begin& g) {
        std::string clip;
        if (g.clip) {
            clip = "clip-" + std::to_string(++clips_);
            out_ += "<clipPath id=\"" + clip + "\"><rect";
            attr(out_, "x", g.clip->min_x);
            attr(out_, "y", g.clip->min_y);
            attr(out_, "width", g.clip->max_x - g.clip->min_x);
            attr(out_, "height", g.clip->max_y - g.clip->min_y);
            out_ += "/></clipPath>\n";
        }
        out_ += "<g";
        if (!g.id.empty()) {
            out_ += " id=\"";
            escape(out_, g.id);
            out_ += '"';
        }
        if (!clip.empty()) out_ += " clip-path=\"url(#" + clip + ")\"";
        out_ += ">\n";
    }

    void operator()(const group_end&) { out_ += "</g>\n"; }

    void operator()(const feature_begin& f) {
        const svg_attributes attrs = metadata_ ? (*metadata_)(f.layer_id, f.feature_id) : svg_attributes{};
        open_features_.push_back(!attrs.empty());
        if (attrs.empty()) return;
        out_ += "<g";
        for (const auto& [name, value] : attrs) {
            out_ += ' ';
            escape(out_, name);
            out_ += "=\"";
            escape(out_, value);
            out_ += '"';
        }
        out_ += ">\n";
    }

    void operator()(const feature_end&) {
        if (open_features_.empty()) return;
        if (open_features_.back()) out_ += "</g>\n";
        open_features_.pop_back();
    }

  private:
    std::string& out_;
    const svg_feature_metadata* metadata_;
    std::vector<bool> open_features_; // whether each open feature wrote a <g>
    int clips_ = 0;
    int hatches_ = 0;
};

} // namespace

std::string css_font_family(const std::string& families) {
    std::string out;
    std::string_view rest = families;
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        std::string_view name = rest.substr(0, comma);
        while (!name.empty() && name.front() == ' ')
            name.remove_prefix(1);
        while (!name.empty() && name.back() == ' ')
            name.remove_suffix(1);
        // Family names stay unquoted (CSS allows a run of identifiers), so that the
        // attribute needs no escaping; each family once.
        const std::string family(name);
        const bool seen = (", " + out + ",").find(", " + family + ",") != std::string::npos;
        if (!name.empty() && !seen) {
            if (!out.empty()) out += ", ";
            out += family;
        }
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
    }
    if (out.find("sans-serif") == std::string::npos) out += out.empty() ? "sans-serif" : ", sans-serif";
    return out;
}

std::string render_svg(const display_list& page, const svg_feature_metadata* metadata) {
    std::string out;
    out.reserve(1 << 20);
    out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\"";
    attr(out, "width", page.width);
    attr(out, "height", page.height);
    out += " viewBox=\"0 0 ";
    put_number(out, page.width);
    out += ' ';
    put_number(out, page.height);
    out += "\">\n";
    if (!page.title.empty()) {
        out += "<title>";
        escape(out, page.title);
        out += "</title>\n";
    }
    if (page.background.a > 0) {
        out += "<rect id=\"page\" width=\"100%\" height=\"100%\"";
        put_fill(out, page.background);
        out += "/>\n";
    }
    writer w(out, metadata);
    for (const auto& it : page.items)
        std::visit(w, it);
    out += "</svg>\n";
    return out;
}

} // namespace coopatlas::render::detail
