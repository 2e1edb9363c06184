// Preparing a map once for all its outputs: the page laid out (map_page_layout.cpp), the
// furniture and labels of each frame placed, and every layer and overlay painted into the
// display list that map_renderer.cpp draws.

#include <coopatlas/error.hpp>
#include <coopatlas/render/label_placement.hpp>
#include <coopatlas/render/map_renderer.hpp>

#include "render/cairo_backend.hpp"
#include "render/display_list.hpp"
#include "render/furniture.hpp"
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

// The furniture's text grows with the page's smaller side, within readable bounds.
furniture_fonts page_fonts(const map& m) {
    furniture_fonts fonts;
    fonts.base = m.font_scale * std::clamp(std::min(m.width, m.height) / 75.0, 8.0, 22.0);
    fonts.family = m.font_family;
    return fonts;
}

// What the steps of a preparation share: the map, the page and report they fill, the
// projections, text measures and symbol anchors of the whole page, the group ids taken so
// far, and the page as laid out.
struct preparation {
    preparation(const map& prepared, display_list& into, render_report& reported, double outline_thinning)
        : m(prepared), page(into), report(reported), draw_thinning(outline_thinning), fonts(page_fonts(prepared)) {}

    const map& m;
    display_list& page;
    render_report& report;
    double draw_thinning;
    crs_cache crs;
    measuring_context mc;
    text_shaper shaper{mc.cr.get()};
    anchor_memo anchors;
    furniture_fonts fonts;
    id_registry ids;
    page_layout layout{};
    std::map<std::string, int> layer_id_uses{}; // a layer id used more than once gets its frame's id in front
};

// Group ids of the frames: their own, else "map" for the only frame of the page (insets
// aside), else "frame-N".
std::vector<std::string> take_frame_ids(const map& m, id_registry& ids) {
    std::vector<std::string> frame_ids;
    const auto own_frames =
        std::count_if(m.frames.begin(), m.frames.end(), [](const frame& f) { return f.inset_of < 0; });
    for (std::size_t i = 0; i < m.frames.size(); ++i)
        frame_ids.push_back(
            ids.take(m.frames[i].id.empty()
                         ? (own_frames == 1 && m.frames[i].inset_of < 0 ? "map" : "frame-" + std::to_string(i + 1))
                         : m.frames[i].id));
    return frame_ids;
}

std::map<std::string, int> count_layer_ids(const map& m) {
    std::map<std::string, int> id_uses;
    for (const auto& f : m.frames)
        for (const auto& l : f.layers)
            ++id_uses[l.id];
    return id_uses;
}

// The box behind a legend inside the first frame: drawn white under the legend, kept
// clear by the labels of that frame.
geometry::box legend_backdrop(const preparation& p) {
    const double inner = p.fonts.base * 0.6;
    const geometry::box& b = p.report.legend_box;
    return {b.min_x - inner, b.min_y - inner, b.max_x + inner, b.max_y + inner};
}

// The frame's scale bar, north arrow, locator and caption, in this order, those it shows;
// what they measure goes to the frame's report.
std::vector<furniture_piece> frame_furniture(preparation& p, const frame& f, const frame_view& v, frame_report& fr) {
    std::vector<furniture_piece> pieces;
    if (f.scale_bar) pieces.push_back(scale_bar(v, p.crs, p.shaper, p.fonts, fr.scale_bar));
    if (f.north_arrow) {
        pieces.push_back(north_arrow(v, p.crs, p.shaper, p.fonts, fr.north_angle_deg));
        fr.north_arrow = pieces.back().box;
    } else {
        fr.north_angle_deg = north_angle_at_centre(v, p.crs);
    }
    if (f.locator.show) pieces.push_back(locator(f, v, p.crs, p.fonts));
    if (!f.title.empty()) {
        furniture_fonts caption_fonts = p.fonts;
        if (f.inset_of >= 0) caption_fonts.base *= 0.7; // an inset's caption must fit its width
        pieces.push_back(caption(f.title, v, p.shaper, caption_fonts));
    }
    return pieces;
}

// What the labels of frame `fi` keep clear of: its furniture, its insets, a legend inside it.
std::vector<geometry::box> label_obstacles(const preparation& p, std::size_t fi,
                                           const std::vector<furniture_piece>& pieces) {
    std::vector<geometry::box> obstacles;
    for (const auto& piece : pieces)
        if (!piece.box.empty()) obstacles.push_back(piece.box);
    for (std::size_t j = fi + 1; j < p.m.frames.size(); ++j) // its insets cover part of it
        if (p.m.frames[j].inset_of == static_cast<int>(fi)) obstacles.push_back(p.layout.views[j].page);
    if (p.layout.legend_inside && fi == 0) obstacles.push_back(legend_backdrop(p));
    return obstacles;
}

// The labels of a frame's label layers, to be placed together: a request per label, the
// forms its text may take and the (layer, feature) it comes from. Filled in place and never
// moved: a request measures its other forms into `forms` only when placing asks for them.
struct label_batch {
    explicit label_batch(std::size_t layers) : styles(layers) {}
    label_batch(const label_batch&) = delete;
    label_batch& operator=(const label_batch&) = delete;

    std::vector<label_request> requests{};
    std::vector<std::vector<label_form>> forms{};              // per request: the text as drawn in each form
    std::vector<std::pair<std::size_t, std::size_t>> owners{}; // (layer, feature)
    std::vector<text_style> styles;                            // per layer
};

// A request for each labelled feature of the frame's label layers whose anchor is in the frame.
void request_labels(preparation& p, const frame& f, const frame_view& v, label_batch& batch) {
    std::unordered_map<std::string, double> radii;
    for (const auto& l : f.layers)
        symbol_radii(l, radii);
    paint_target probe{&v, nullptr, v.page, thinning, nullptr};
    for (std::size_t li = 0; li < f.layers.size(); ++li) {
        const auto* ls = std::get_if<label_style>(&f.layers[li].style);
        if (!ls) continue;
        batch.styles[li] = to_text_style(ls->font, p.m.font_family);
        const layer& l = f.layers[li];
        for (std::size_t k = 0; k < l.features.size(); ++k) {
            const feature& feat = l.features[k];
            if (feat.label.empty()) continue;
            // A label whose feature also has a symbol in the frame sits beside the symbol
            // (point label around its circle); other area labels are centred on the
            // pole of inaccessibility. Either way an area label stays inside its unit.
            const auto rad = radii.find(feat.id);
            const bool polygonal = std::holds_alternative<geometry::multi_polygon>(feat.shape());
            const bool areal = polygonal && rad == radii.end();
            auto a = p.anchors.anchor(feat.shape(), /*pole=*/areal);
            if (!a) continue;
            auto q = locate(*a, l.crs, probe, p.crs);
            if (!q || !v.page.contains(*q)) continue;
            label_request r;
            r.id = feat.id;
            r.text = feat.label;
            batch.forms.push_back({{feat.label, batch.styles[li], p.shaper.metrics(feat.label, batch.styles[li])}});
            r.extent = batch.forms.back().front().metrics.extent;
            if (polygonal) {
                r.area = page_area(feat.shape(), v, p.crs.rings(p.crs.get(l.crs, v.crs)), thinning);
                // the other forms are measured only for a label that does not fit as it is
                r.alternatives_when_needed = [&shaper = p.shaper, &forms = batch.forms, at = batch.forms.size() - 1,
                                              &feat, &style = batch.styles[li], min_size = ls->min_size,
                                              room = geometry::envelope(r.area)]() -> std::vector<text_extent> {
                    // none would fit: the first form, which cannot fit either, is all the placer tries
                    if (no_form_fits_in(shaper, feat.label, style, min_size, room, label_options{}.area_tolerance))
                        return {};
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
            batch.requests.push_back(std::move(r));
            batch.owners.emplace_back(li, k);
        }
    }
}

// A frame's labels as placed, per layer, and the leader lines of those set off their anchor.
struct frame_labels {
    std::vector<std::vector<text_item>> placed;
    std::vector<std::vector<item>> leaders;
};

// Labels of every label layer of the frame, placed together; those placed and those
// dropped go to the report.
frame_labels place_frame_labels(preparation& p, const frame& f, const frame_view& v,
                                const std::vector<geometry::box>& obstacles) {
    label_batch batch(f.layers.size());
    request_labels(p, f, v, batch);
    frame_labels labels{std::vector<std::vector<text_item>>(f.layers.size()),
                        std::vector<std::vector<item>>(f.layers.size())};
    if (batch.requests.empty()) return labels;
    const geometry::box inner{v.page.min_x + 1, v.page.min_y + 1, v.page.max_x - 1, v.page.max_y - 1};
    const label_layout layout = place_labels(batch.requests, inner, obstacles);
    for (const auto& placement : layout.placed) {
        const auto [li, k] = batch.owners[placement.index];
        const auto& r = batch.requests[placement.index];
        const label_form& lf = batch.forms[placement.index][static_cast<std::size_t>(placement.form)];
        const text_metrics& tm = lf.metrics;
        text_item t{lf.text, lf.style, placement.origin, tm.extent, tm.baseline, tm.line_pitch, tm.center_x, r.id};
        labels.placed[li].push_back(t);
        p.report.labels.push_back({f.layers[li].id, r.id, lf.text, placement.bounds, lf.style.size, placement.leader});
        if (placement.leader)
            labels.leaders[li].emplace_back(leader_line(placement.leader_from, placement.leader_to, lf.style));
    }
    for (auto d : layout.dropped)
        p.report.dropped_labels.push_back(batch.requests[d].text);
    return labels;
}

// The frame's group: sea, then its layers (each its own group), clipped to the frame, then
// its border. The label layers go to `label_layers_into`.
void paint_frame_layers(preparation& p, const frame& f, const frame_view& v, const std::string& frame_id,
                        const frame_labels& labels, std::vector<item>& label_layers_into) {
    p.page.items.emplace_back(group_begin{frame_id, v.page});
    path sea;
    sea.rectangle(v.page);
    p.page.items.emplace_back(path_item{sea, f.background, std::nullopt, false});
    for (std::size_t li = 0; li < f.layers.size(); ++li) {
        const layer& l = f.layers[li];
        std::string wanted = l.id.empty() ? std::string(kind_name(l.style)) : l.id;
        if (p.layer_id_uses[l.id] > 1) wanted = frame_id + "-" + wanted;
        const std::string gid = p.ids.take(wanted);
        p.report.layer_ids.push_back(gid);
        auto& into = std::holds_alternative<label_style>(l.style) ? label_layers_into : p.page.items;
        into.emplace_back(group_begin{gid, std::nullopt});
        into.insert(into.end(), labels.leaders[li].begin(), labels.leaders[li].end());
        paint_target target{&v, nullptr, v.page, p.draw_thinning, &labels.placed[li]};
        target.anchors = &p.anchors;
        const paint_result r = paint_layer(l, target, p.crs, into);
        p.report.features_drawn += r.drawn;
        p.report.layers.push_back(layer_summary(gid, l, r, labels.placed[li].size()));
        into.emplace_back(group_end{});
    }
    p.page.items.emplace_back(group_end{});
    if (f.border.a > 0) {
        path edge;
        edge.rectangle(v.page);
        p.page.items.emplace_back(
            path_item{edge, std::nullopt, stroke_spec{f.border, 0.8, {}, line_cap::butt, line_join::miter}, false});
    }
}

// The frame's furniture, a group per piece; `pieces` are those the frame shows, in the
// order of frame_furniture.
void add_furniture(preparation& p, const frame& f, const std::string& frame_id,
                   const std::vector<furniture_piece>& pieces, std::vector<item>& into) {
    const std::string names[] = {"scale-bar", "north-arrow", "locator", "caption"};
    std::size_t pi = 0;
    const bool present[] = {f.scale_bar, f.north_arrow, f.locator.show, !f.title.empty()};
    for (std::size_t n = 0; n < 4; ++n) {
        if (!present[n]) continue;
        const auto& piece = pieces[pi++];
        if (piece.items.empty()) continue;
        into.emplace_back(group_begin{p.ids.take(frame_id + "-" + names[n]), std::nullopt});
        into.insert(into.end(), piece.items.begin(), piece.items.end());
        into.emplace_back(group_end{});
    }
}

// Frame `fi` with its furniture and labels placed and its layers painted; what it drew
// goes to the report.
void paint_frame(preparation& p, std::size_t fi, const std::string& frame_id, std::vector<item>& deferred) {
    const frame& f = p.m.frames[fi];
    const frame_view& v = p.layout.views[fi];
    frame_report fr;
    fr.id = frame_id;
    fr.page_box = v.page;
    fr.extent = v.extent;
    fr.crs = v.crs;

    project_ahead(f, v, p.crs);

    const std::vector<furniture_piece> pieces = frame_furniture(p, f, v, fr);
    const frame_labels labels = place_frame_labels(p, f, v, label_obstacles(p, fi, pieces));

    // With page overlays (flows across frames), the frame's labels and furniture wait in
    // `deferred` until the overlays are drawn, so that no flow covers a name or the scale bar.
    const bool defer = !p.m.overlays.empty();
    std::vector<item> late;
    paint_frame_layers(p, f, v, fr.id, labels, defer ? late : p.page.items);
    if (!late.empty()) {
        late.insert(late.begin(), group_begin{p.ids.take(fr.id + "-labels"), v.page});
        late.emplace_back(group_end{});
    }
    add_furniture(p, f, fr.id, pieces, defer ? late : p.page.items);
    deferred.insert(deferred.end(), std::make_move_iterator(late.begin()), std::make_move_iterator(late.end()));
    p.report.frames.push_back(std::move(fr));
}

// Overlays: flows and symbols across frames, each end drawn in the frame that holds it.
void paint_overlays(preparation& p) {
    if (p.m.overlays.empty()) return;
    p.page.items.emplace_back(group_begin{"overlays", std::nullopt});
    for (const auto& l : p.m.overlays) {
        const std::string gid = p.ids.take(l.id.empty() ? std::string(kind_name(l.style)) : l.id);
        p.report.layer_ids.push_back(gid);
        p.page.items.emplace_back(group_begin{gid, std::nullopt});
        paint_target target{nullptr, &p.layout.views, {0, 0, p.m.width, p.m.height}, p.draw_thinning, nullptr};
        target.anchors = &p.anchors;
        const auto r = paint_layer(l, target, p.crs, p.page.items);
        p.report.features_drawn += r.drawn;
        p.report.flows_without_frame += r.without_frame;
        p.report.layers.push_back(layer_summary(gid, l, r, 0));
        p.page.items.emplace_back(group_end{});
    }
    p.page.items.emplace_back(group_end{});
}

// Legend, title and credits, over the frames and overlays.
void add_legend_title_and_credits(preparation& p) {
    std::vector<item>& items = p.page.items;
    if (!p.layout.legend.empty()) {
        items.emplace_back(group_begin{"legend", std::nullopt});
        if (p.layout.legend_inside) {
            path bg;
            bg.rectangle(legend_backdrop(p));
            items.emplace_back(path_item{bg, color{1, 1, 1, 0.88}, stroke_spec{{0.6, 0.6, 0.6, 1}, 0.6}, false});
        }
        items.insert(items.end(), p.layout.legend.begin(), p.layout.legend.end());
        items.emplace_back(group_end{});
    }
    if (!p.layout.header.empty()) {
        items.emplace_back(group_begin{"title", std::nullopt});
        items.insert(items.end(), p.layout.header.begin(), p.layout.header.end());
        items.emplace_back(group_end{});
    }
    if (!p.layout.credits.empty()) {
        items.emplace_back(group_begin{"credits", std::nullopt});
        items.insert(items.end(), p.layout.credits.begin(), p.layout.credits.end());
        items.emplace_back(group_end{});
    }
}

} // namespace

map_renderer::impl::impl(const map& m, const layout_options& o) : source(&m), draw_thinning(drawing_thinning(o)) {
    prepare(m);
}

void map_renderer::impl::prepare(const map& m) {
    if (!(m.width > 0) || !(m.height > 0)) throw error("map page size must be positive");
    if (m.frames.empty() && m.overlays.empty()) throw error("the map has no frame to draw");
    preparation p(m, page, report, draw_thinning);

    page.width = m.width;
    page.height = m.height;
    page.background = m.background;
    page.title = m.title;
    for (const char* reserved : {"page", "title", "credits", "legend", "overlays"})
        p.ids.take(reserved);

    p.layout = lay_out_page(m, p.crs, p.shaper, p.fonts, report);

    const std::vector<std::string> frame_ids = take_frame_ids(m, p.ids);
    p.layer_id_uses = count_layer_ids(m);
    std::vector<item> deferred; // frames' labels and furniture, drawn over the overlays
    for (std::size_t fi = 0; fi < m.frames.size(); ++fi)
        paint_frame(p, fi, frame_ids[fi], deferred);
    paint_overlays(p);
    page.items.insert(page.items.end(), std::make_move_iterator(deferred.begin()),
                      std::make_move_iterator(deferred.end()));
    add_legend_title_and_credits(p);
    p.anchors.keep();
}

} // namespace coopatlas::render
