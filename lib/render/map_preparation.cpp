// Preparing a map once for all its outputs: the page laid out (header, credits, legend,
// frames and insets), the furniture and labels of each frame placed, and every layer and
// overlay painted into the display list that map_renderer.cpp draws.

#include <coopatlas/error.hpp>
#include <coopatlas/render/label_placement.hpp>
#include <coopatlas/render/map_renderer.hpp>

#include "render/cairo_backend.hpp"
#include "render/display_list.hpp"
#include "render/frame_grid.hpp"
#include "render/furniture.hpp"
#include "render/inset_layout.hpp"
#include "render/label_forms.hpp"
#include "render/layer_painter.hpp"
#include "render/legend.hpp"
#include "render/map_renderer_impl.hpp"
#include "render/symbols.hpp"
#include "render/text_shaper.hpp"
#include "render/view.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

namespace coopatlas::render {

using namespace detail;

namespace {

// XML ids: letters, digits, '-', '_', '.', not starting with a digit, '-' or '.'.
std::string sanitize_id(const std::string& s) {
    std::string out;
    for (char c : s) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                        c == '_' || c == '.';
        out += ok ? c : '-';
    }
    if (out.empty() || !((out[0] >= 'a' && out[0] <= 'z') || (out[0] >= 'A' && out[0] <= 'Z') || out[0] == '_'))
        out = "g-" + out;
    return out;
}

class id_registry {
  public:
    std::string take(const std::string& wanted) {
        const std::string base = sanitize_id(wanted);
        std::string id = base;
        for (int n = 2; used_.count(id); ++n)
            id = base + "-" + std::to_string(n);
        used_.insert(id);
        return id;
    }

  private:
    std::set<std::string> used_;
};

layer_report layer_summary(const std::string& gid, const layer& l, const paint_result& r, std::size_t labels) {
    return {gid, kind_name(l.style), r.drawn, r.dashed_paths, r.circles, r.arrowheads, labels};
}

double drawing_thinning(const layout_options& o) {
    return o.raster_scale > 0 && o.raster_scale < 1 ? thinning / o.raster_scale : thinning;
}

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
            env.expand(geometry::envelope(feat.geometry));
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

} // namespace

map_renderer::impl::impl(const map& m, const layout_options& o) : source(&m), draw_thinning(drawing_thinning(o)) {
    prepare(m);
}

void map_renderer::impl::prepare(const map& m) {
    if (!(m.width > 0) || !(m.height > 0)) throw error("map page size must be positive");
    if (m.frames.empty() && m.overlays.empty()) throw error("the map has no frame to draw");
    crs_cache crs;
    measuring_context mc;
    text_shaper shaper(mc.cr.get());
    anchor_memo anchors;

    furniture_fonts fonts;
    fonts.base = m.font_scale * std::clamp(std::min(m.width, m.height) / 75.0, 8.0, 22.0);
    fonts.family = m.font_family;
    const double base = fonts.base;
    const double margin = m.margin >= 0 ? m.margin : std::round(base * 1.4);

    page.width = m.width;
    page.height = m.height;
    page.background = m.background;
    page.title = m.title;

    id_registry ids;
    for (const char* reserved : {"page", "title", "credits", "legend", "overlays"})
        ids.take(reserved);

    // --- Header and credits -------------------------------------------------------------
    std::vector<item> header, credits;
    double top = margin, bottom = m.height - margin;
    // Title and subtitle, left-aligned, wrapped between words to the page width.
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
    if (!m.credits.empty()) {
        // Credits joined with middle dots, wrapped between entries to the page width.
        const text_style st = furniture_text(fonts, base * 0.72, false, false, fonts.muted);
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
        bottom -= h + base * 0.7;
    }

    // --- Legend ---------------------------------------------------------------------------
    const legend_position lpos = m.legend.position;
    std::vector<legend_block> blocks;
    if (lpos != legend_position::none) blocks = build_legend(m, shaper, fonts);
    std::vector<item> legend_items;
    double legend_w = 0, legend_h = 0;
    const double block_gap = base * 1.1;
    const bool horizontal = lpos == legend_position::bottom;
    if (!blocks.empty()) {
        double y = 0, x = 0;
        if (!m.legend.title.empty()) {
            text_item t = make_text(shaper, m.legend.title, furniture_text(fonts, base * 1.15, true), {0, 0});
            y = t.extent.height + base * 0.5;
            legend_w = t.extent.width;
            legend_h = y;
            legend_items.emplace_back(std::move(t));
            report.legend.push_back({"legend", m.legend.title});
        }
        const double y0 = y;
        for (auto& b : blocks) {
            for (auto& it : b.items) {
                translate(it, x, y);
                legend_items.push_back(std::move(it));
            }
            for (auto& l : b.labels)
                report.legend.push_back({b.layer_id, l});
            if (horizontal) {
                x += b.width + block_gap * 1.5;
                legend_w = std::max(legend_w, x - block_gap * 1.5);
                legend_h = std::max(legend_h, y0 + b.height);
            } else {
                y += b.height + block_gap;
                legend_w = std::max(legend_w, b.width);
                legend_h = y - block_gap;
            }
        }
    }
    const bool legend_beside = !blocks.empty() && (lpos == legend_position::right || lpos == legend_position::left);
    const double legend_gap = base * 2.0;
    if (!blocks.empty() && horizontal) bottom -= legend_h + legend_gap;

    // --- Frames ---------------------------------------------------------------------------
    std::vector<frame_view> views;
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
    {
        const double left = margin, right = m.width - margin;
        const double avail_w = right - left - (legend_beside ? legend_w + legend_gap : 0);
        const double avail_h = bottom - top;
        std::vector<std::size_t> automatic;
        double aspect_sum = 0;
        for (std::size_t i = 0; i < m.frames.size(); ++i)
            if (m.frames[i].page_box.empty() && m.frames[i].inset_of < 0) {
                automatic.push_back(i);
                aspect_sum += (extents[i].max_x - extents[i].min_x) / (extents[i].max_y - extents[i].min_y);
            }
        std::vector<geometry::box> boxes(m.frames.size());
        double frames_w = 0;
        if (!automatic.empty()) {
            // Placed from (0, 0): small multiples in a grid of equal frames, else one row.
            const double gap = base * 2.0;
            if (m.columns > 0) {
                frames_w = detail::place_grid(extents, automatic, m.columns, avail_w, avail_h, gap, boxes);
            } else {
                const double gaps = gap * static_cast<double>(automatic.size() - 1);
                const double h = std::max(10.0, std::min(avail_h, (avail_w - gaps) / aspect_sum));
                double x = 0;
                for (auto i : automatic) {
                    const double w = h * (extents[i].max_x - extents[i].min_x) / (extents[i].max_y - extents[i].min_y);
                    boxes[i] = {x, 0, x + w, h};
                    x += w + gap;
                }
                frames_w = x - gap;
            }
            // Frames and a side legend centred together; frames hang from the header, what
            // height is left goes to the foot of the page.
            const double composition = frames_w + (legend_beside ? legend_gap + legend_w : 0);
            double x = left + std::max(0.0, (right - left - composition) / 2);
            if (legend_beside && lpos == legend_position::left) x += legend_w + legend_gap;
            for (auto i : automatic)
                boxes[i] = {boxes[i].min_x + x, boxes[i].min_y + top, boxes[i].max_x + x, boxes[i].max_y + top};
        }
        for (std::size_t i = 0; i < m.frames.size(); ++i)
            if (!m.frames[i].page_box.empty()) boxes[i] = m.frames[i].page_box;
        detail::place_insets(m, extents, base, boxes);
        geometry::box all;
        for (std::size_t i = 0; i < m.frames.size(); ++i) {
            views.push_back(make_view(m.frames[i].crs, extents[i], boxes[i]));
            if (m.frames[i].inset_of < 0) all.expand(boxes[i]);
        }
        if (!blocks.empty()) {
            geometry::point at{};
            if (lpos == legend_position::right)
                at = {all.empty() ? right - legend_w : all.max_x + legend_gap, all.empty() ? top : all.min_y};
            else if (lpos == legend_position::left)
                at = {all.empty() ? left : all.min_x - legend_gap - legend_w, all.empty() ? top : all.min_y};
            else if (lpos == legend_position::bottom)
                at = {all.empty() ? left : all.min_x, (all.empty() ? bottom : all.max_y) + legend_gap};
            else if (!views.empty()) {
                const auto& p = views.front().page;
                const double pad = base * 0.8, inner = base * 0.6;
                const legend_position corner =
                    lpos == legend_position::inside
                        ? detail::quietest_corner(m.frames.front(), views.front(), crs, legend_w, legend_h, pad + inner)
                        : lpos;
                const bool is_left =
                    corner == legend_position::inside_top_left || corner == legend_position::inside_bottom_left;
                const bool is_top =
                    corner == legend_position::inside_top_left || corner == legend_position::inside_top_right;
                at = {is_left ? p.min_x + pad + inner : p.max_x - pad - inner - legend_w,
                      is_top ? p.min_y + pad + inner : p.max_y - pad - inner - legend_h};
            }
            for (auto& it : legend_items)
                translate(it, at.x, at.y);
            report.legend_box = {at.x, at.y, at.x + legend_w, at.y + legend_h};
        }
    }
    const bool legend_inside = !blocks.empty() && !legend_beside && lpos != legend_position::bottom;

    // --- Furniture and labels, frame by frame -------------------------------------------------
    std::vector<std::string> frame_ids;
    const auto own_frames =
        std::count_if(m.frames.begin(), m.frames.end(), [](const frame& f) { return f.inset_of < 0; });
    for (std::size_t i = 0; i < m.frames.size(); ++i)
        frame_ids.push_back(
            ids.take(m.frames[i].id.empty()
                         ? (own_frames == 1 && m.frames[i].inset_of < 0 ? "map" : "frame-" + std::to_string(i + 1))
                         : m.frames[i].id));
    std::map<std::string, int> id_uses;
    for (const auto& f : m.frames)
        for (const auto& l : f.layers)
            ++id_uses[l.id];

    std::vector<item> deferred; // frames' labels and furniture, drawn over the overlays
    for (std::size_t fi = 0; fi < m.frames.size(); ++fi) {
        const frame& f = m.frames[fi];
        const frame_view& v = views[fi];
        frame_report fr;
        fr.id = frame_ids[fi];
        fr.page_box = v.page;
        fr.extent = v.extent;
        fr.crs = v.crs;

        project_ahead(f, v, crs);

        std::vector<furniture_piece> pieces;
        std::vector<geometry::box> obstacles;
        if (f.scale_bar) pieces.push_back(scale_bar(v, crs, shaper, fonts, fr.scale_bar));
        if (f.north_arrow) {
            pieces.push_back(north_arrow(v, crs, shaper, fonts, fr.north_angle_deg));
            fr.north_arrow = pieces.back().box;
        } else {
            fr.north_angle_deg = north_angle_at_centre(v, crs);
        }
        if (f.locator.show) pieces.push_back(locator(f, v, crs, fonts));
        if (!f.title.empty()) {
            furniture_fonts caption_fonts = fonts;
            if (f.inset_of >= 0) caption_fonts.base *= 0.7; // an inset's caption must fit its width
            pieces.push_back(caption(f.title, v, shaper, caption_fonts));
        }
        for (const auto& p : pieces)
            if (!p.box.empty()) obstacles.push_back(p.box);
        for (std::size_t j = fi + 1; j < m.frames.size(); ++j) // its insets cover part of it
            if (m.frames[j].inset_of == static_cast<int>(fi)) obstacles.push_back(views[j].page);
        if (legend_inside && fi == 0) {
            const double inner = base * 0.6;
            obstacles.push_back({report.legend_box.min_x - inner, report.legend_box.min_y - inner,
                                 report.legend_box.max_x + inner, report.legend_box.max_y + inner});
        }

        // Labels of every label layer of the frame, placed together.
        std::unordered_map<std::string, double> radii;
        for (const auto& l : f.layers)
            symbol_radii(l, radii);
        std::vector<label_request> requests;
        std::vector<std::vector<label_form>> forms;              // per request: the text as drawn in each form
        std::vector<std::pair<std::size_t, std::size_t>> owners; // (layer, feature)
        std::vector<text_style> styles(f.layers.size());
        paint_target probe{&v, nullptr, v.page, thinning, nullptr};
        for (std::size_t li = 0; li < f.layers.size(); ++li) {
            const auto* ls = std::get_if<label_style>(&f.layers[li].style);
            if (!ls) continue;
            styles[li] = to_text_style(ls->font, m.font_family);
            const layer& l = f.layers[li];
            for (std::size_t k = 0; k < l.features.size(); ++k) {
                const feature& feat = l.features[k];
                if (feat.label.empty()) continue;
                // A label whose feature also has a symbol in the frame sits beside the symbol
                // (point label around its circle); other area labels are centred on the
                // pole of inaccessibility. Either way an area label stays inside its unit.
                const auto rad = radii.find(feat.id);
                const bool polygonal = std::holds_alternative<geometry::multi_polygon>(feat.geometry);
                const bool areal = polygonal && rad == radii.end();
                auto a = anchors.anchor(feat.geometry, /*pole=*/areal);
                if (!a) continue;
                auto q = locate(*a, l.crs, probe, crs);
                if (!q || !v.page.contains(*q)) continue;
                label_request r;
                r.id = feat.id;
                r.text = feat.label;
                forms.push_back({{feat.label, styles[li], shaper.metrics(feat.label, styles[li])}});
                r.extent = forms.back().front().metrics.extent;
                if (polygonal) {
                    r.area = page_area(feat.geometry, v, crs.rings(crs.get(l.crs, v.crs)), thinning);
                    // the other forms are measured only for a label that does not fit as it is
                    r.alternatives_when_needed = [&shaper, &forms, at = forms.size() - 1, &feat, &style = styles[li],
                                                  min_size = ls->min_size] {
                        forms[at] = label_forms(shaper, feat.label, style, min_size);
                        std::vector<text_extent> out;
                        for (std::size_t fk = 1; fk < forms[at].size(); ++fk)
                            out.push_back(forms[at][fk].metrics.extent);
                        return out;
                    };
                }
                r.anchor = *q;
                r.clearance = ls->clearance + (rad != radii.end() ? rad->second : 0);
                r.priority = ls->priority_by_value && std::isfinite(feat.value) ? feat.value : 0;
                r.polygon = ls->centred || areal;
                requests.push_back(std::move(r));
                owners.emplace_back(li, k);
            }
        }
        std::vector<std::vector<text_item>> placed(f.layers.size());
        std::vector<std::vector<item>> leaders(f.layers.size());
        if (!requests.empty()) {
            const geometry::box inner{v.page.min_x + 1, v.page.min_y + 1, v.page.max_x - 1, v.page.max_y - 1};
            const label_layout layout = place_labels(requests, inner, obstacles);
            for (const auto& p : layout.placed) {
                const auto [li, k] = owners[p.index];
                const auto& r = requests[p.index];
                const label_form& lf = forms[p.index][static_cast<std::size_t>(p.form)];
                const text_metrics& tm = lf.metrics;
                text_item t{lf.text, lf.style, p.origin, tm.extent, tm.baseline, tm.line_pitch, tm.center_x, r.id};
                placed[li].push_back(t);
                report.labels.push_back({f.layers[li].id, r.id, lf.text, p.bounds, lf.style.size, p.leader});
                if (p.leader) leaders[li].emplace_back(leader_line(p.leader_from, p.leader_to, lf.style));
            }
            for (auto d : layout.dropped)
                report.dropped_labels.push_back(requests[d].text);
        }

        // Frame group: sea, layers (each its own group), clipped to the frame. With page
        // overlays (flows across frames), the frame's labels and furniture wait until the
        // overlays are drawn, so that no flow covers a name or the scale bar.
        const bool defer = !m.overlays.empty();
        page.items.emplace_back(group_begin{fr.id, v.page});
        path sea;
        sea.rectangle(v.page);
        page.items.emplace_back(path_item{sea, f.background, std::nullopt, false});
        std::vector<item> late;
        for (std::size_t li = 0; li < f.layers.size(); ++li) {
            const layer& l = f.layers[li];
            std::string wanted = l.id.empty() ? std::string(kind_name(l.style)) : l.id;
            if (id_uses[l.id] > 1) wanted = fr.id + "-" + wanted;
            const std::string gid = ids.take(wanted);
            report.layer_ids.push_back(gid);
            auto& into = defer && std::holds_alternative<label_style>(l.style) ? late : page.items;
            into.emplace_back(group_begin{gid, std::nullopt});
            into.insert(into.end(), leaders[li].begin(), leaders[li].end());
            paint_target target{&v, nullptr, v.page, draw_thinning, &placed[li]};
            target.anchors = &anchors;
            const paint_result r = paint_layer(l, target, crs, into);
            report.features_drawn += r.drawn;
            report.layers.push_back(layer_summary(gid, l, r, placed[li].size()));
            into.emplace_back(group_end{});
        }
        page.items.emplace_back(group_end{});
        if (f.border.a > 0) {
            path edge;
            edge.rectangle(v.page);
            page.items.emplace_back(
                path_item{edge, std::nullopt, stroke_spec{f.border, 0.8, {}, line_cap::butt, line_join::miter}, false});
        }
        if (!late.empty()) {
            late.insert(late.begin(), group_begin{ids.take(fr.id + "-labels"), v.page});
            late.emplace_back(group_end{});
        }
        const std::string names[] = {"scale-bar", "north-arrow", "locator", "caption"};
        std::size_t pi = 0;
        const bool present[] = {f.scale_bar, f.north_arrow, f.locator.show, !f.title.empty()};
        auto& furniture_into = defer ? late : page.items;
        for (std::size_t n = 0; n < 4; ++n) {
            if (!present[n]) continue;
            const auto& p = pieces[pi++];
            if (p.items.empty()) continue;
            furniture_into.emplace_back(group_begin{ids.take(fr.id + "-" + names[n]), std::nullopt});
            furniture_into.insert(furniture_into.end(), p.items.begin(), p.items.end());
            furniture_into.emplace_back(group_end{});
        }
        deferred.insert(deferred.end(), std::make_move_iterator(late.begin()), std::make_move_iterator(late.end()));
        report.frames.push_back(std::move(fr));
    }

    // --- Overlays: flows and symbols across frames --------------------------------------------
    if (!m.overlays.empty()) {
        page.items.emplace_back(group_begin{"overlays", std::nullopt});
        for (const auto& l : m.overlays) {
            const std::string gid = ids.take(l.id.empty() ? std::string(kind_name(l.style)) : l.id);
            report.layer_ids.push_back(gid);
            page.items.emplace_back(group_begin{gid, std::nullopt});
            paint_target target{nullptr, &views, {0, 0, m.width, m.height}, draw_thinning, nullptr};
            target.anchors = &anchors;
            const auto r = paint_layer(l, target, crs, page.items);
            report.features_drawn += r.drawn;
            report.flows_without_frame += r.without_frame;
            report.layers.push_back(layer_summary(gid, l, r, 0));
            page.items.emplace_back(group_end{});
        }
        page.items.emplace_back(group_end{});
    }
    page.items.insert(page.items.end(), std::make_move_iterator(deferred.begin()),
                      std::make_move_iterator(deferred.end()));

    // --- Legend, header, credits ------------------------------------------------------------------
    if (!legend_items.empty()) {
        page.items.emplace_back(group_begin{"legend", std::nullopt});
        if (legend_inside) {
            const double inner = base * 0.6;
            path bg;
            bg.rectangle({report.legend_box.min_x - inner, report.legend_box.min_y - inner,
                          report.legend_box.max_x + inner, report.legend_box.max_y + inner});
            page.items.emplace_back(path_item{bg, color{1, 1, 1, 0.88}, stroke_spec{{0.6, 0.6, 0.6, 1}, 0.6}, false});
        }
        page.items.insert(page.items.end(), legend_items.begin(), legend_items.end());
        page.items.emplace_back(group_end{});
    }
    if (!header.empty()) {
        page.items.emplace_back(group_begin{"title", std::nullopt});
        page.items.insert(page.items.end(), header.begin(), header.end());
        page.items.emplace_back(group_end{});
    }
    if (!credits.empty()) {
        page.items.emplace_back(group_begin{"credits", std::nullopt});
        page.items.insert(page.items.end(), credits.begin(), credits.end());
        page.items.emplace_back(group_end{});
    }
    anchors.keep();
}

} // namespace coopatlas::render
