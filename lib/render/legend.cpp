#include "render/legend.hpp"

#include "render/symbols.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace coopatlas::render::detail {

text_item make_text(text_shaper& shaper, std::string text, const text_style& style, geometry::point origin) {
    text_item t;
    const text_metrics m = shaper.metrics(text, style);
    t.extent = m.extent;
    t.baseline = m.baseline;
    t.line_pitch = m.line_pitch;
    t.center_x = m.center_x;
    t.text = std::move(text);
    t.style = style;
    t.origin = origin;
    return t;
}

text_style furniture_text(const furniture_fonts& f, double size, bool bold, bool italic, color fill, double halo) {
    text_style t;
    if (!f.family.empty()) t.family = f.family;
    t.size = size;
    t.bold = bold;
    t.italic = italic;
    t.fill = fill;
    t.halo = {1, 1, 1, 0.9};
    t.halo_width = halo;
    return t;
}

void translate(item& it, double dx, double dy) {
    auto move_path = [&](path& p) {
        for (auto& q : p.points) {
            q.x += dx;
            q.y += dy;
        }
    };
    std::visit(
        [&](auto& x) {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, path_item>) {
                move_path(x.shape);
            } else if constexpr (std::is_same_v<T, circle_item>) {
                x.centre.x += dx;
                x.centre.y += dy;
            } else if constexpr (std::is_same_v<T, hatch_item>) {
                move_path(x.area);
            } else if constexpr (std::is_same_v<T, text_item>) {
                x.origin.x += dx;
                x.origin.y += dy;
            } else if constexpr (std::is_same_v<T, group_begin>) {
                if (x.clip) {
                    x.clip->min_x += dx;
                    x.clip->max_x += dx;
                    x.clip->min_y += dy;
                    x.clip->max_y += dy;
                }
            }
        },
        it);
}

namespace {

class block_builder {
  public:
    block_builder(const layer& l, text_shaper& shaper, const furniture_fonts& f) : shaper_(shaper), f_(f) {
        block.layer_id = l.id;
        gap_ = f.base * 0.35;
        swatch_w_ = f.base * 1.6;
        swatch_h_ = f.base * 1.0;
    }

    legend_block block;

    void heading(const std::string& title, const std::string& note) {
        if (!title.empty()) add_text(title, furniture_text(f_, f_.base * 1.0, true), 0, gap_ * 0.6);
        if (!note.empty()) add_text(note, furniture_text(f_, f_.base * 0.8, false, true, f_.muted), 0, gap_);
        if (!title.empty() || !note.empty()) y_ += gap_ * 0.3;
    }

    /// A swatch (or any symbol drawn in a box of `w` × `h` at the current line) with its label.
    void row(const std::string& label, double w, double h, const std::vector<item>& symbol) {
        const text_style st = furniture_text(f_, f_.base * 0.85);
        const text_extent e = shaper_.measure(label, st);
        const double line = std::max(h, e.height);
        const double sy = y_ + (line - h) / 2;
        for (auto it : symbol) {
            translate(it, 0, sy);
            block.items.push_back(std::move(it));
        }
        text_item t = make_text(shaper_, label, st, {w + gap_ * 1.5, y_ + (line - e.height) / 2});
        grow(t.origin.x + e.width, y_ + line);
        block.labels.push_back(label);
        block.items.emplace_back(std::move(t));
        y_ += line + gap_;
    }

    void add_text(const std::string& text, const text_style& st, double x, double after) {
        text_item t = make_text(shaper_, text, st, {x, y_});
        grow(x + t.extent.width, y_ + t.extent.height);
        y_ += t.extent.height + after;
        block.labels.push_back(text);
        block.items.emplace_back(std::move(t));
    }

    void add(item it, double right, double bottom) {
        grow(right, bottom);
        block.items.push_back(std::move(it));
    }

    void skip(double dy) { y_ += dy; }
    [[nodiscard]] double y() const noexcept { return y_; }
    [[nodiscard]] double gap() const noexcept { return gap_; }
    [[nodiscard]] double swatch_w() const noexcept { return swatch_w_; }
    [[nodiscard]] double swatch_h() const noexcept { return swatch_h_; }
    text_shaper& shaper() { return shaper_; }
    const furniture_fonts& fonts() const { return f_; }

    void finish() { block.height = std::max(block.height, y_ - gap_); }

    void grow(double right, double bottom) {
        block.width = std::max(block.width, right);
        block.height = std::max(block.height, bottom);
    }

  private:
    text_shaper& shaper_;
    const furniture_fonts& f_;
    double y_ = 0;
    double gap_;
    double swatch_w_;
    double swatch_h_;
};

path rect(double x, double y, double w, double h) {
    path p;
    p.rectangle({x, y, x + w, y + h});
    return p;
}

stroke_spec thin(const color& c, double w = 0.6) {
    return {c, w, {}, line_cap::butt, line_join::miter};
}

// Legend outline for symbols whose own outline is white (invisible on the page).
color visible_outline(const color& c) {
    return c.a > 0 && (c.r + c.g + c.b) < 2.4 ? c : color{0.35, 0.35, 0.35, 1};
}

bool all_integers(const layer& l) {
    return std::all_of(l.features.begin(), l.features.end(), [](const feature& f) {
        return !std::isfinite(f.value) || std::abs(f.value - std::round(f.value)) < 1e-9;
    });
}

double smallest_positive(const layer& l) {
    double m = std::numeric_limits<double>::infinity();
    for (const auto& f : l.features)
        if (std::isfinite(f.value) && f.value > 0) m = std::min(m, f.value);
    return m;
}

class block_visitor {
  public:
    block_visitor(const layer& l, block_builder& b) : l_(l), b_(b) {}

    void operator()(const polygon_style& s) {
        const double w = b_.swatch_w(), h = b_.swatch_h();
        const stroke_spec edge = thin(visible_outline(s.outline), 0.6);
        if (!s.choropleth) {
            b_.heading({}, l_.note);
            b_.row(l_.title, w, h, {path_item{rect(0, 0, w, h), with_opacity(s.fill, s.opacity), edge, true}});
            return;
        }
        b_.heading(l_.title, l_.note);
        const auto& c = *s.choropleth;
        for (std::size_t i = 0; i < c.colors.size() && i < c.classes.classes(); ++i) {
            std::string label = i < c.classes.labels.size() ? c.classes.labels[i] : std::string{};
            if (s.legend_counts) label += " (" + std::to_string(c.classes.counts[i]) + ")";
            b_.row(label, w, h, {path_item{rect(0, 0, w, h), with_opacity(c.colors[i], s.opacity), edge, true}});
        }
        const auto missing = static_cast<std::size_t>(std::count_if(
            l_.features.begin(), l_.features.end(), [](const feature& f) { return !std::isfinite(f.value); }));
        if (missing > 0) {
            std::vector<item> sym{path_item{rect(0, 0, w, h), with_opacity(s.no_data, s.opacity), std::nullopt, true}};
            if (s.hatch_no_data) sym.emplace_back(hatch_item{rect(0, 0, w, h), s.hatch_spacing, 45, thin(s.hatch)});
            sym.emplace_back(path_item{rect(0, 0, w, h), std::nullopt, edge, true});
            b_.row(s.no_data_label + (s.legend_counts ? " (" + std::to_string(missing) + ")" : ""), w, h, sym);
        }
    }

    void operator()(const line_style& s) {
        b_.heading({}, l_.note);
        const double w = b_.swatch_w() * 1.3, h = b_.swatch_h();
        auto sample = [&](const std::vector<double>& dash) {
            path p;
            p.begin(false);
            p.add({0, h / 2});
            p.add({w, h / 2});
            p.end();
            return std::vector<item>{
                path_item{std::move(p), std::nullopt,
                          stroke_spec{with_opacity(s.stroke, s.opacity), std::max(s.width, 0.8), dash}, false}};
        };
        const bool normal =
            std::any_of(l_.features.begin(), l_.features.end(), [](const feature& f) { return !f.disputed; });
        const bool disputed =
            std::any_of(l_.features.begin(), l_.features.end(), [](const feature& f) { return f.disputed; });
        if (normal || !disputed) b_.row(s.label.empty() ? l_.title : s.label, w, h, sample(s.dash));
        if (disputed) b_.row(s.disputed_label, w, h, sample(s.disputed_dash));
    }

    void operator()(const circle_style& s) {
        const double vref = circle_reference(s, l_);
        std::vector<double> values = s.legend_values;
        if (values.empty()) values = legend_values(vref, smallest_positive(l_), all_integers(l_));
        std::sort(values.begin(), values.end(), std::greater<>());
        values.erase(
            std::remove_if(values.begin(), values.end(), [&](double v) { return circle_radius(s, v, vref) <= 0; }),
            values.end());
        if (values.empty()) return;
        b_.heading(l_.title, l_.note);
        const double r0 = circle_radius(s, values.front(), vref);
        const double top = b_.y() + 1;
        const double bottom = top + 2 * r0;
        const double cx = r0 + 1;
        const text_style st = furniture_text(b_.fonts(), b_.fonts().base * 0.85);
        const color fill = with_opacity(s.fill, s.opacity);
        const stroke_spec edge = thin(visible_outline(s.outline), 0.7);
        const stroke_spec leader = thin({0.35, 0.35, 0.35, 1}, 0.6);
        double next_label_y = -1e9;
        const double label_x = 2 * r0 + 2 + b_.gap() * 2.5;
        for (double v : values) {
            const double r = circle_radius(s, v, vref);
            b_.add(circle_item{{cx, bottom - r}, r, fill, edge}, cx + r, bottom);
        }
        for (double v : values) {
            const double r = circle_radius(s, v, vref);
            const std::string label = format_value(v);
            const text_extent e = b_.shaper().measure(label, st);
            double ly = std::max(bottom - 2 * r - e.height / 2, next_label_y);
            next_label_y = ly + e.height;
            path p;
            p.begin(false);
            p.add({cx, bottom - 2 * r});
            p.add({label_x - b_.gap() * 0.5, ly + e.height / 2});
            p.end();
            b_.add(path_item{std::move(p), std::nullopt, leader, false}, label_x, bottom);
            text_item t = make_text(b_.shaper(), label, st, {label_x, ly});
            b_.add(std::move(t), label_x + e.width, ly + e.height);
            b_.block.labels.push_back(label);
        }
        b_.skip(std::max(bottom, next_label_y) - b_.y() + b_.gap());
    }

    void operator()(const flow_style& s) {
        const double vref = flow_reference(s, l_);
        std::vector<double> values = s.legend_values;
        if (values.empty()) values = legend_values(vref, smallest_positive(l_), all_integers(l_));
        std::sort(values.begin(), values.end(), std::greater<>());
        b_.heading(l_.title, l_.note);
        const double w = b_.swatch_w() * 1.8;
        const color paint = with_opacity(s.stroke, s.opacity);
        if (values.empty()) {
            values.push_back(std::numeric_limits<double>::quiet_NaN()); // one sample at the minimum width
        }
        for (double v : values) {
            const double width = flow_width(s, v, vref);
            const double h = std::max(b_.swatch_h(), width);
            path p;
            p.begin(false);
            p.add({0, h / 2});
            p.add({w, h / 2});
            p.end();
            b_.row(std::isfinite(v) ? format_value(v) : l_.title, w, h,
                   {path_item{std::move(p), std::nullopt, stroke_spec{paint, width}, false}});
        }
    }

    void operator()(const point_style& s) {
        b_.heading({}, l_.note);
        const double h = std::max(b_.swatch_h(), s.size);
        std::optional<stroke_spec> edge;
        if (s.outline_width > 0) edge = thin(visible_outline(s.outline), s.outline_width);
        item sym = s.shape == marker_shape::circle
                       ? item{circle_item{{h / 2, h / 2}, s.size / 2, s.fill, edge}}
                       : item{path_item{marker_path(s.shape, {h / 2, h / 2}, s.size), s.fill, edge, false}};
        b_.row(l_.title, h, h, {sym});
    }

    // Labels, graticules and context countries explain themselves.
    void operator()(const label_style&) {}
    void operator()(const graticule_style&) {}
    void operator()(const background_style&) {}

  private:
    const layer& l_;
    block_builder& b_;
};

} // namespace

std::vector<legend_block> build_legend(const map& m, text_shaper& shaper, const furniture_fonts& fonts) {
    // Overlays first, then frame by frame; within a frame the top layers first (flows
    // and symbols, drawn over the areas, are read first); orientation layers last.
    std::vector<legend_block> blocks, frame_blocks, context;
    std::set<std::pair<std::string, std::size_t>> seen;
    auto consider = [&](const layer& l) {
        if (!l.legend) return;
        auto& into = l.context ? context : frame_blocks;
        if (!seen.insert({l.title, l.style.index()}).second) return;
        block_builder b(l, shaper, fonts);
        block_visitor v(l, b);
        std::visit(v, l.style);
        b.finish();
        if (!b.block.items.empty()) into.push_back(std::move(b.block));
    };
    for (auto it = m.overlays.rbegin(); it != m.overlays.rend(); ++it)
        consider(*it);
    blocks.swap(frame_blocks);
    for (const auto& f : m.frames) {
        for (auto it = f.layers.rbegin(); it != f.layers.rend(); ++it)
            consider(*it);
        blocks.insert(blocks.end(), std::make_move_iterator(frame_blocks.begin()),
                      std::make_move_iterator(frame_blocks.end()));
        frame_blocks.clear();
    }
    // Orientation layers (disputed boundaries, context) close the legend.
    blocks.insert(blocks.end(), context.begin(), context.end());
    return blocks;
}

} // namespace coopatlas::render::detail
