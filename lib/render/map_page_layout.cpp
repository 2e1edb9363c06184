// Laying out a map page before anything is painted in it: title and subtitle at the top,
// credits at the foot, the legend stacked, the frames placed in the space left (a row, a
// grid of small multiples or boxes of their own, insets over their hosts), then the legend
// put beside, under or inside them.

#include <coopatlas/error.hpp>
#include <coopatlas/render/map_renderer.hpp>

#include "render/display_list.hpp"
#include "render/frame_grid.hpp"
#include "render/inset_layout.hpp"
#include "render/legend.hpp"
#include "render/map_renderer_impl.hpp"
#include "render/text_shaper.hpp"
#include "render/view.hpp"

#include <algorithm>
#include <cmath>

namespace coopatlas::render::detail {

namespace {

bool is_context(const layer& l) {
    return l.context || std::holds_alternative<background_style>(l.style) ||
           std::holds_alternative<graticule_style>(l.style);
}

// What the frame shows when no extent is given: its thematic layers (context layers
// only when there is nothing else), with a 4 % margin.
geometry::box default_extent(const frame& f, crs_cache& crs) {
    geometry::box all, thematic;
    for (const auto& l : f.layers) {
        if (std::holds_alternative<graticule_style>(l.style)) continue;
        geometry::box env;
        for (const auto& feat : l.features)
            env.expand(geometry::envelope(feat.shape()));
        if (env.empty()) continue;
        const geometry::box b = project_box(env, crs.get(l.crs, f.crs));
        all.expand(b);
        if (!is_context(l)) thematic.expand(b);
    }
    geometry::box b = thematic.empty() ? all : thematic;
    if (b.empty()) return b;
    // A single point, or points on one line, span nothing in one direction: show 100 km
    // (1° in a lon/lat frame) around them, or as much as they span in the other direction.
    const double w = b.max_x - b.min_x, h = b.max_y - b.min_y;
    const bool degrees = f.crs == "EPSG:4326" || f.crs.find("longlat") != std::string::npos;
    const double least = degrees ? 1.0 : 100000.0;
    if (!(w > 0) || !(h > 0)) {
        const double side = std::max({w, h, least});
        const double cx = (b.min_x + b.max_x) / 2, cy = (b.min_y + b.max_y) / 2;
        b = {cx - std::max(w, side) / 2, cy - std::max(h, side) / 2, cx + std::max(w, side) / 2,
             cy + std::max(h, side) / 2};
    }
    const double mx = (b.max_x - b.min_x) * 0.04, my = (b.max_y - b.min_y) * 0.04;
    return {b.min_x - mx, b.min_y - my, b.max_x + mx, b.max_y + my};
}

// Greedy word wrap: the longest run of words that fits each line (a single word wider
// than the line gets a line of its own).
std::vector<std::string> wrap_words(text_shaper& shaper, const std::string& text, const text_style& st, double width) {
    std::vector<std::string> lines;
    std::string current;
    std::size_t at = 0;
    while (at < text.size()) {
        const auto space = text.find(' ', at);
        const std::string word = text.substr(at, space == std::string::npos ? std::string::npos : space - at);
        at = space == std::string::npos ? text.size() : space + 1;
        if (word.empty()) continue;
        const std::string candidate = current.empty() ? word : current + " " + word;
        if (!current.empty() && shaper.measure(candidate, st).width > width) {
            lines.push_back(current);
            current = word;
        } else {
            current = candidate;
        }
    }
    if (!current.empty()) lines.push_back(current);
    return lines;
}

// The part of the page left to the frames: within the side margins, under the header and
// above the credits (and a legend along the foot).
struct frame_area {
    double left, top, right, bottom;
};

// Title and subtitle, left-aligned, wrapped between words to the page width; `top` moves
// under them.
std::vector<item> lay_out_header(const map& m, text_shaper& shaper, const furniture_fonts& fonts, double margin,
                                 double& top) {
    const double base = fonts.base;
    std::vector<item> header;
    auto add_lines = [&](const std::string& text, const text_style& st, double after) {
        for (const auto& line : wrap_words(shaper, text, st, m.width - 2 * margin)) {
            text_item t = make_text(shaper, line, st, {margin, top});
            top += t.extent.height;
            header.emplace_back(std::move(t));
        }
        top += after;
    };
    if (!m.title.empty()) add_lines(m.title, furniture_text(fonts, base * 2.0, true), base * 0.15);
    if (!m.subtitle.empty()) add_lines(m.subtitle, furniture_text(fonts, base * 1.15, false, false, fonts.muted), 0);
    if (!header.empty()) top += base * 0.9;
    return header;
}

// Credits joined with middle dots, wrapped between entries to the page width, at the foot
// of the page; `bottom` moves above them.
std::vector<item> lay_out_credits(const map& m, text_shaper& shaper, const furniture_fonts& fonts, double margin,
                                  double& bottom) {
    std::vector<item> credits;
    if (m.credits.empty()) return credits;
    const text_style st = furniture_text(fonts, fonts.base * 0.72, false, false, fonts.muted);
    std::vector<std::string> lines;
    std::string current;
    for (const auto& c : m.credits) {
        const std::string candidate = current.empty() ? c : current + "  \xC2\xB7  " + c;
        if (!current.empty() && shaper.measure(candidate, st).width > m.width - 2 * margin) {
            lines.push_back(current);
            current = c;
        } else {
            current = candidate;
        }
    }
    if (!current.empty()) lines.push_back(current);
    double h = 0;
    std::vector<text_item> texts;
    for (const auto& l : lines) {
        texts.push_back(make_text(shaper, l, st, {}));
        h += texts.back().extent.height;
    }
    double y = bottom - h;
    for (auto& t : texts) {
        t.origin = {margin, y};
        y += t.extent.height;
        credits.emplace_back(std::move(t));
    }
    bottom -= h + fonts.base * 0.7;
    return credits;
}

// The legend stacked from (0, 0), moved to its place once the frames are placed.
struct legend_layout {
    std::vector<item> items{};
    double width = 0, height = 0;
    legend_position position = legend_position::none;
    bool shown = false; // some layer has a block
    double gap = 0;     // between the legend and the frames

    bool beside() const { return shown && (position == legend_position::right || position == legend_position::left); }
};

// The legend's title, then one block per layer: side by side in a legend along the foot of
// the page, else one under another. Its texts go to the report.
legend_layout lay_out_legend(const map& m, text_shaper& shaper, const furniture_fonts& fonts, render_report& report) {
    const double base = fonts.base;
    legend_layout legend;
    legend.position = m.legend.position;
    legend.gap = base * 2.0;
    std::vector<legend_block> blocks;
    if (legend.position != legend_position::none) blocks = build_legend(m, shaper, fonts);
    legend.shown = !blocks.empty();
    if (!legend.shown) return legend;
    const double block_gap = base * 1.1;
    const bool horizontal = legend.position == legend_position::bottom;
    double y = 0, x = 0;
    if (!m.legend.title.empty()) {
        text_item t = make_text(shaper, m.legend.title, furniture_text(fonts, base * 1.15, true), {0, 0});
        y = t.extent.height + base * 0.5;
        legend.width = t.extent.width;
        legend.height = y;
        legend.items.emplace_back(std::move(t));
        report.legend.push_back({"legend", m.legend.title});
    }
    const double y0 = y;
    for (auto& b : blocks) {
        for (auto& it : b.items) {
            translate(it, x, y);
            legend.items.push_back(std::move(it));
        }
        for (auto& l : b.labels)
            report.legend.push_back({b.layer_id, l});
        if (horizontal) {
            x += b.width + block_gap * 1.5;
            legend.width = std::max(legend.width, x - block_gap * 1.5);
            legend.height = std::max(legend.height, y0 + b.height);
        } else {
            y += b.height + block_gap;
            legend.width = std::max(legend.width, b.width);
            legend.height = y - block_gap;
        }
    }
    return legend;
}

// What each frame shows, in its CRS: the extent given (lon/lat unless said otherwise), else
// what its layers cover.
std::vector<geometry::box> frame_extents(const map& m, crs_cache& crs) {
    std::vector<geometry::box> extents;
    for (const auto& f : m.frames) {
        geometry::box e;
        if (!f.extent.empty())
            e = f.extent_in_crs ? f.extent : project_box(f.extent, crs.get("EPSG:4326", f.crs));
        else
            e = default_extent(f, crs);
        if (e.empty()) throw error("frame '" + f.id + "' has nothing to show and no extent");
        extents.push_back(e);
    }
    return extents;
}

// Fills `boxes[i]` for each frame `i` of `which`, side by side from (0, 0) `gap` apart, all
// as high as `avail_h` or as the row's width allows. Returns the width of the row.
double place_row(const std::vector<geometry::box>& extents, const std::vector<std::size_t>& which, double avail_w,
                 double avail_h, double gap, std::vector<geometry::box>& boxes) {
    double aspect_sum = 0;
    for (auto i : which)
        aspect_sum += (extents[i].max_x - extents[i].min_x) / (extents[i].max_y - extents[i].min_y);
    const double gaps = gap * static_cast<double>(which.size() - 1);
    const double h = std::max(10.0, std::min(avail_h, (avail_w - gaps) / aspect_sum));
    double x = 0;
    for (auto i : which) {
        const double w = h * (extents[i].max_x - extents[i].min_x) / (extents[i].max_y - extents[i].min_y);
        boxes[i] = {x, 0, x + w, h};
        x += w + gap;
    }
    return x - gap;
}

// Each frame's box on the page: a box of its own, or an inset's place over its host, or
// else a place in the row (or the grid of small multiples) of the other frames.
std::vector<geometry::box> frame_boxes(const map& m, const std::vector<geometry::box>& extents, const frame_area& area,
                                       const legend_layout& legend, double base) {
    const double avail_w = area.right - area.left - (legend.beside() ? legend.width + legend.gap : 0);
    const double avail_h = area.bottom - area.top;
    std::vector<std::size_t> automatic;
    for (std::size_t i = 0; i < m.frames.size(); ++i)
        if (m.frames[i].page_box.empty() && m.frames[i].inset_of < 0) automatic.push_back(i);
    std::vector<geometry::box> boxes(m.frames.size());
    if (!automatic.empty()) {
        // Placed from (0, 0): small multiples in a grid of equal frames, else one row.
        const double gap = base * 2.0;
        const double frames_w = m.columns > 0
                                    ? detail::place_grid(extents, automatic, m.columns, avail_w, avail_h, gap, boxes)
                                    : place_row(extents, automatic, avail_w, avail_h, gap, boxes);
        // Frames and a side legend centred together; frames hang from the header, what
        // height is left goes to the foot of the page.
        const double composition = frames_w + (legend.beside() ? legend.gap + legend.width : 0);
        double x = area.left + std::max(0.0, (area.right - area.left - composition) / 2);
        if (legend.beside() && legend.position == legend_position::left) x += legend.width + legend.gap;
        for (auto i : automatic)
            boxes[i] = {boxes[i].min_x + x, boxes[i].min_y + area.top, boxes[i].max_x + x, boxes[i].max_y + area.top};
    }
    for (std::size_t i = 0; i < m.frames.size(); ++i)
        if (!m.frames[i].page_box.empty()) boxes[i] = m.frames[i].page_box;
    detail::place_insets(m, extents, base, boxes);
    return boxes;
}

// Where the legend's top-left corner goes: beside or under the frames (other than insets),
// or at the margins when there are none; or inside the first frame, in the corner asked or
// in the one where it hides the least.
geometry::point legend_origin(const legend_layout& legend, const map& m, const std::vector<frame_view>& views,
                              const frame_area& area, crs_cache& crs, double base) {
    geometry::box all;
    for (std::size_t i = 0; i < m.frames.size(); ++i)
        if (m.frames[i].inset_of < 0) all.expand(views[i].page);
    const legend_position lpos = legend.position;
    const double w = legend.width, h = legend.height;
    if (lpos == legend_position::right)
        return {all.empty() ? area.right - w : all.max_x + legend.gap, all.empty() ? area.top : all.min_y};
    if (lpos == legend_position::left)
        return {all.empty() ? area.left : all.min_x - legend.gap - w, all.empty() ? area.top : all.min_y};
    if (lpos == legend_position::bottom)
        return {all.empty() ? area.left : all.min_x, (all.empty() ? area.bottom : all.max_y) + legend.gap};
    if (views.empty()) return {};
    const auto& p = views.front().page;
    const double pad = base * 0.8, inner = base * 0.6;
    const legend_position corner =
        lpos == legend_position::inside
            ? detail::quietest_corner(m.frames.front(), views.front(), crs, w, h, pad + inner)
            : lpos;
    const bool is_left = corner == legend_position::inside_top_left || corner == legend_position::inside_bottom_left;
    const bool is_top = corner == legend_position::inside_top_left || corner == legend_position::inside_top_right;
    return {is_left ? p.min_x + pad + inner : p.max_x - pad - inner - w,
            is_top ? p.min_y + pad + inner : p.max_y - pad - inner - h};
}

} // namespace

page_layout lay_out_page(const map& m, crs_cache& crs, text_shaper& shaper, const furniture_fonts& fonts,
                         render_report& report) {
    const double margin = m.margin >= 0 ? m.margin : std::round(fonts.base * 1.4);
    frame_area area{margin, margin, m.width - margin, m.height - margin};
    page_layout layout;
    layout.header = lay_out_header(m, shaper, fonts, margin, area.top);
    layout.credits = lay_out_credits(m, shaper, fonts, margin, area.bottom);
    legend_layout legend = lay_out_legend(m, shaper, fonts, report);
    if (legend.shown && legend.position == legend_position::bottom) area.bottom -= legend.height + legend.gap;

    const std::vector<geometry::box> extents = frame_extents(m, crs);
    const std::vector<geometry::box> boxes = frame_boxes(m, extents, area, legend, fonts.base);
    for (std::size_t i = 0; i < m.frames.size(); ++i)
        layout.views.push_back(make_view(m.frames[i].crs, extents[i], boxes[i]));

    if (legend.shown) {
        const geometry::point at = legend_origin(legend, m, layout.views, area, crs, fonts.base);
        for (auto& it : legend.items)
            translate(it, at.x, at.y);
        report.legend_box = {at.x, at.y, at.x + legend.width, at.y + legend.height};
    }
    layout.legend = std::move(legend.items);
    layout.legend_inside = legend.shown && !legend.beside() && legend.position != legend_position::bottom;
    return layout;
}

} // namespace coopatlas::render::detail
