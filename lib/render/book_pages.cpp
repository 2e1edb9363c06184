// Laying out and drawing the pages of a book (book_pages.hpp): text and tables with
// Pango, maps through map_renderer::draw, links and bookmarks through Cairo's PDF tags.

#include "render/book_pages.hpp"
#include "render/cairo_backend.hpp"
#include "render/text_shaper.hpp"

#include <coopatlas/error.hpp>

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <limits>
#include <set>
#include <thread>

namespace coopatlas::render::detail {

namespace {

constexpr double margin = 48;
constexpr double no_value = std::numeric_limits<double>::quiet_NaN();
constexpr double footer_h = 28;

// The box a page's map is fitted into (page units), and the scale it is drawn at.
struct map_box {
    double width = 0, height = 0;
    [[nodiscard]] double scale_of(const map& m) const { return std::min(width / m.width, height / m.height); }
};

// A map page: the width between the margins, above the caption.
map_box map_page_box(const book_document& doc) {
    return {doc.width - 2 * margin, doc.height - 2 * margin - footer_h - 20};
}

// A unit page: the left half, above the caption, in the `below` page units under the heading.
map_box unit_map_box(const book_document& doc, double below) {
    return {(doc.width - 2 * margin) * 0.5, below - margin - footer_h - 34};
}

const char* const font_family = "DejaVu Sans, Noto Sans Arabic, Noto Naskh Arabic, Noto Sans Tifinagh";

struct layout_deleter {
    void operator()(PangoLayout* l) const noexcept { g_object_unref(l); }
};
struct context_deleter {
    void operator()(PangoContext* c) const noexcept { g_object_unref(c); }
};
struct font_deleter {
    void operator()(PangoFontDescription* d) const noexcept { pango_font_description_free(d); }
};

enum class align { left, centre, right };

struct text_spec {
    double size = 10;
    bool bold = false;
    bool italic = false;
    align al = align::left;
    bool one_line = false; ///< ellipsize instead of wrapping
    color fill{0.13, 0.13, 0.13, 1};
};

// Draws text in a box of width `w` from (x, y); returns the height used.
double draw_text(cairo_t* cr, PangoFontMap* fonts, const std::string& text, double x, double y, double w,
                 const text_spec& s) {
    std::unique_ptr<PangoContext, context_deleter> context(pango_font_map_create_context(fonts));
    // The same text on every output: without it, an image surface's hinted metrics round
    // each line's height up to whole pixels, and a PNG page's lines ran lower than the PDF's.
    measure_alike_on_every_surface(context.get());
    pango_cairo_update_context(cr, context.get());
    std::unique_ptr<PangoLayout, layout_deleter> layout(pango_layout_new(context.get()));
    std::unique_ptr<PangoFontDescription, font_deleter> desc(pango_font_description_from_string(font_family));
    pango_font_description_set_absolute_size(desc.get(), s.size * PANGO_SCALE);
    pango_font_description_set_weight(desc.get(), s.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_style(desc.get(), s.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    pango_layout_set_font_description(layout.get(), desc.get());
    pango_layout_set_width(layout.get(), static_cast<int>(w * PANGO_SCALE));
    if (s.one_line) {
        pango_layout_set_ellipsize(layout.get(), PANGO_ELLIPSIZE_END);
        pango_layout_set_height(layout.get(), -1);
    } else {
        pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_alignment(layout.get(), s.al == align::left     ? PANGO_ALIGN_LEFT
                                             : s.al == align::centre ? PANGO_ALIGN_CENTER
                                                                     : PANGO_ALIGN_RIGHT);
    pango_layout_set_text(layout.get(), text.c_str(), -1);
    int pw = 0, ph = 0;
    pango_layout_get_size(layout.get(), &pw, &ph);
    cairo_save(cr);
    cairo_set_source_rgba(cr, s.fill.r, s.fill.g, s.fill.b, s.fill.a);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, layout.get());
    cairo_restore(cr);
    return static_cast<double>(ph) / PANGO_SCALE;
}

void rule(cairo_t* cr, double x0, double y, double x1, double width, const color& c) {
    cairo_save(cr);
    cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a);
    cairo_set_line_width(cr, width);
    cairo_move_to(cr, x0, y);
    cairo_line_to(cr, x1, y);
    cairo_stroke(cr);
    cairo_restore(cr);
}

std::string fmt(double v, int decimals) {
    if (!std::isfinite(v)) return "n/a";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    std::string s = buf;
    // thousands separated by thin spaces
    const auto dot = s.find('.');
    std::size_t end = dot == std::string::npos ? s.size() : dot;
    const std::size_t start = (!s.empty() && s[0] == '-') ? 1 : 0;
    for (std::size_t i = end; i > start + 3; i -= 3)
        s.insert(i - 3, "\xE2\x80\xAF");
    return s;
}

std::string words(std::string s) {
    std::replace(s.begin(), s.end(), '_', ' ');
    return s;
}

std::string page_link(std::size_t page) {
    return "page=" + std::to_string(page + 1);
}

// The heading of a section of a unit page (key figures, partnerships).
text_spec section_heading() {
    text_spec sec;
    sec.size = 12;
    sec.bold = true;
    return sec;
}

// The share of the width of a unit page's table that each of its partnership_columns takes.
constexpr double table_shares[] = {0.11, 0.29, 0.18, 0.08, 0.18, 0.16};

// One row of that table (its header or a partnership) from (x, y), `w` wide.
template <class Cells>
void draw_table_row(cairo_t* cr, PangoFontMap* fonts, const Cells& cells, double x, double y, double w,
                    const text_spec& s) {
    double cx = x;
    for (std::size_t i = 0; i < 6; ++i) {
        draw_text(cr, fonts, cells[i], cx, y, w * table_shares[i] - 4, s);
        cx += w * table_shares[i];
    }
}

constexpr double toc_line_h = 21;
constexpr double toc_top = margin + 64;

} // namespace

book_layout::book_layout(const book_document& doc, double raster_scale) : doc_(doc) {
    // how many contents lines fit a sheet
    const double room = doc_.height - toc_top - margin - footer_h;
    toc_per_sheet_ = std::max<std::size_t>(1, static_cast<std::size_t>(room / toc_line_h));
    std::size_t lines = (doc_.maps.empty() ? 0 : 1 + doc_.maps.size());
    for (const auto& s : doc_.series)
        lines += 1 + s.pages.size();
    const std::size_t sheets = std::max<std::size_t>(1, (lines + toc_per_sheet_ - 1) / toc_per_sheet_);

    pages_.push_back({"cover", 0, 0, 0});
    std::vector<map_layouts::request> waiting;
    for (std::size_t i = 0; i < sheets; ++i)
        pages_.push_back({"contents", i, 0, 0});
    int figure = 0;
    if (!doc_.maps.empty()) toc_.push_back({true, "Maps", 0, pages_.size()});
    for (std::size_t i = 0; i < doc_.maps.size(); ++i) {
        toc_.push_back({false, doc_.maps[i]->title, ++figure, pages_.size()});
        pages_.push_back({"map", i, 0, figure});
        const map& m = doc_.maps[i]->spec.page;
        map_slots_.push_back(waiting.size());
        waiting.push_back({&m, {raster_scale * map_page_box(doc_).scale_of(m)}});
    }
    for (std::size_t s = 0; s < doc_.series.size(); ++s) {
        toc_.push_back({true, doc_.series[s].title, 0, pages_.size()});
        unit_slots_.emplace_back();
        for (std::size_t p = 0; p < doc_.series[s].pages.size(); ++p) {
            toc_.push_back({false, doc_.series[s].pages[p]->heading, ++figure, pages_.size()});
            pages_.push_back({"unit", s, p, figure});
            const map& m = doc_.series[s].pages[p]->spec.page;
            // the map's box is as wide as on its page, and no taller than the page
            unit_slots_.back().push_back(waiting.size());
            waiting.push_back({&m, {raster_scale * unit_map_box(doc_, doc_.height).scale_of(m)}});
        }
    }
    maps_ = std::make_unique<map_layouts>(std::move(waiting));
}

bool book_layout::ready_to_draw(std::size_t index) const {
    const entry& e = pages_.at(index);
    if (e.kind == "map") return maps_->ready(map_slots_[e.a]);
    if (e.kind == "unit") return maps_->ready(unit_slots_[e.a][e.b]);
    return true;
}

void book_layout::font_map_deleter::operator()(PangoFontMap* m) const noexcept { g_object_unref(m); }

PangoFontMap* book_layout::fonts() const {
    std::lock_guard lock(fonts_mutex_);
    auto& map = fonts_[std::this_thread::get_id()];
    if (!map) {
        load_font_configuration();  // a book of tables only draws no map before its pages
        map.reset(pango_cairo_font_map_new());
        if (!map) throw error("Pango: cannot create a font map for the book's text");
    }
    return map.get();
}

void book_layout::draw(cairo_t* cr, std::size_t index, bool links) const {
    const entry& e = pages_.at(index);
    cairo_save(cr);
    cairo_rectangle(cr, 0, 0, doc_.width, doc_.height);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill(cr);
    if (e.kind == "cover")
        draw_cover(cr);
    else if (e.kind == "contents")
        draw_contents(cr, e.a, links);
    else if (e.kind == "map")
        draw_map_page(cr, e);
    else
        draw_unit_page(cr, e);
    if (e.kind != "cover") draw_footer(cr, index);
    cairo_restore(cr);
    check_cairo_status(cairo_status(cr), "drawing a book page");
}

void book_layout::draw_cover(cairo_t* cr) const {
    const double w = doc_.width - 2 * margin;
    double y = doc_.height * 0.30;
    cairo_save(cr);
    cairo_rectangle(cr, 0, 0, doc_.width, doc_.height * 0.22);
    cairo_set_source_rgb(cr, 0.12, 0.34, 0.55);
    cairo_fill(cr);
    cairo_restore(cr);
    text_spec t;
    t.size = 34;
    t.bold = true;
    t.al = align::centre;
    y += draw_text(cr, fonts(), doc_.title, margin, y, w, t) + 18;
    if (!doc_.subtitle.empty()) {
        t.size = 18;
        t.bold = false;
        t.fill = {0.3, 0.3, 0.3, 1};
        y += draw_text(cr, fonts(), doc_.subtitle, margin, y, w, t) + 14;
    }
    if (!doc_.date.empty()) {
        t.size = 14;
        t.fill = {0.3, 0.3, 0.3, 1};
        y += draw_text(cr, fonts(), doc_.date, margin, y, w, t) + 14;
    }
    rule(cr, doc_.width * 0.3, y + 8, doc_.width * 0.7, 1, {0.6, 0.6, 0.6, 1});
    double yc = doc_.height - margin - 16 * static_cast<double>(doc_.credits.size());
    text_spec c;
    c.size = 10;
    c.al = align::centre;
    c.fill = {0.35, 0.35, 0.35, 1};
    for (const auto& line : doc_.credits) {
        draw_text(cr, fonts(), line, margin, yc, w, c);
        yc += 16;
    }
}

void book_layout::draw_contents(cairo_t* cr, std::size_t sheet, bool links) const {
    const double w = doc_.width - 2 * margin;
    text_spec h;
    h.size = 24;
    h.bold = true;
    draw_text(cr, fonts(), sheet == 0 ? "Contents" : "Contents (continued)", margin, margin, w, h);
    const std::size_t first = sheet * toc_per_sheet_;
    const std::size_t last = std::min(toc_.size(), first + toc_per_sheet_);
    double y = toc_top;
    for (std::size_t i = first; i < last; ++i) {
        const auto& l = toc_[i];
        if (links) cairo_tag_begin(cr, CAIRO_TAG_LINK, page_link(l.page).c_str());
        text_spec t;
        t.size = l.section ? 13 : 11;
        t.bold = l.section;
        t.one_line = true;
        const double indent = l.section ? 0 : 18;
        std::string text = l.text;
        if (l.figure) text = "Figure " + std::to_string(l.figure) + "  " + text;
        draw_text(cr, fonts(), text, margin + indent, y, w - indent - 60, t);
        t.al = align::right;
        draw_text(cr, fonts(), std::to_string(l.page + 1), doc_.width - margin - 60, y, 60, t);
        if (links) cairo_tag_end(cr, CAIRO_TAG_LINK);
        if (!l.section) {
            cairo_save(cr);
            cairo_set_source_rgba(cr, 0.7, 0.7, 0.7, 1);
            cairo_set_line_width(cr, 0.5);
            const double dashes[] = {1, 3};
            cairo_set_dash(cr, dashes, 2, 0);
            cairo_move_to(cr, margin + indent, y + toc_line_h - 4);
            cairo_line_to(cr, doc_.width - margin, y + toc_line_h - 4);
            cairo_stroke(cr);
            cairo_restore(cr);
        }
        y += toc_line_h;
    }
}

void book_layout::draw_map(cairo_t* cr, const map_renderer& r, const map& m, double x, double y, double w,
                           double h) const {
    const double s = std::min(w / m.width, h / m.height);
    const double ox = x + (w - m.width * s) / 2;
    cairo_save(cr);
    cairo_translate(cr, ox, y);
    cairo_scale(cr, s, s);
    cairo_rectangle(cr, 0, 0, m.width, m.height);
    cairo_clip(cr);
    r.draw(cr);
    cairo_restore(cr);
    cairo_save(cr);
    cairo_set_source_rgba(cr, 0.75, 0.75, 0.75, 1);
    cairo_set_line_width(cr, 0.5);
    cairo_rectangle(cr, ox, y, m.width * s, m.height * s);
    cairo_stroke(cr);
    cairo_restore(cr);
}

void book_layout::draw_map_page(cairo_t* cr, const entry& e) const {
    const auto& mp = *doc_.maps[e.a];
    const map_box box = map_page_box(doc_);
    draw_map(cr, map_of(e.a), mp.spec.page, margin, margin - 20, box.width, box.height);
    const double s = box.scale_of(mp.spec.page);
    const double w = box.width;
    text_spec c;
    c.size = 11;
    c.al = align::centre;
    std::string caption = "Figure " + std::to_string(e.figure) + ". " + mp.title;
    if (!mp.caption.empty() && mp.caption != mp.title) caption += " \xE2\x80\x94 " + mp.caption;
    draw_text(cr, fonts(), caption, margin, margin - 20 + mp.spec.page.height * s + 8, w, c);
}

void book_layout::draw_unit_page(cairo_t* cr, const entry& e) const {
    const auto& series = doc_.series[e.a];
    const auto& up = *series.pages[e.b];
    const double top = draw_unit_heading(cr, series, up);
    const double map_w = draw_unit_map(cr, e, top);
    // key figures, then the partnerships, on the right
    const double x = margin + map_w + 24;
    const double cw = doc_.width - margin - x;
    const double y = draw_key_figures(cr, up, x, top + 4, cw);
    draw_partnerships(cr, up, x, y + 10, cw);
}

double book_layout::draw_unit_heading(cairo_t* cr, const book_series& series, const book_unit_page& up) const {
    const double w = doc_.width - 2 * margin;
    text_spec small;
    small.size = 10;
    small.fill = {0.4, 0.4, 0.4, 1};
    draw_text(cr, fonts(), series.title, margin, margin - 24, w, small);
    text_spec h;
    h.size = 22;
    h.bold = true;
    h.one_line = true;
    const double hh = draw_text(cr, fonts(), up.heading, margin, margin - 8, w, h);
    const double top = margin - 8 + hh + 10;
    rule(cr, margin, top - 4, doc_.width - margin, 1, {0.12, 0.34, 0.55, 1});
    return top;
}

double book_layout::draw_unit_map(cairo_t* cr, const entry& e, double top) const {
    // the map on the left, its caption under it
    const auto& up = *doc_.series[e.a].pages[e.b];
    const map_box box = unit_map_box(doc_, doc_.height - top);
    const double map_w = box.width;
    const map& m = up.spec.page;
    draw_map(cr, unit_map_of(e.a, e.b), m, margin, top + 4, map_w, box.height);
    const double s = box.scale_of(m);
    text_spec c;
    c.size = 9.5;
    c.al = align::centre;
    draw_text(cr, fonts(), "Figure " + std::to_string(e.figure) + ". " + up.caption, margin, top + 10 + m.height * s, map_w, c);
    return map_w;
}

double book_layout::draw_key_figures(cairo_t* cr, const book_unit_page& up, double x, double y, double w) const {
    y += draw_text(cr, fonts(), "Key figures", x, y, w, section_heading()) + 4;
    const auto figures = unit_figures(up);
    text_spec fl;
    fl.size = 9.5;
    fl.fill = {0.35, 0.35, 0.35, 1};
    fl.one_line = true;
    text_spec fv = fl;
    fv.fill = {0.1, 0.1, 0.1, 1};
    fv.bold = true;
    for (const auto& [label, value] : figures) {
        draw_text(cr, fonts(), label, x, y, w * 0.5, fl);
        y += draw_text(cr, fonts(), value, x + w * 0.5, y, w * 0.5, fv) + 1;
    }
    return y;
}

void book_layout::draw_partnerships(cairo_t* cr, const book_unit_page& up, double x, double y, double w) const {
    const std::string heading = "Partnerships (" + std::to_string(up.partnerships.size()) + ")";
    y += draw_text(cr, fonts(), heading, x, y, w, section_heading()) + 4;
    text_spec th;
    th.size = 8.5;
    th.bold = true;
    th.one_line = true;
    text_spec td = th;
    td.bold = false;
    const double row_h = 13;
    draw_table_row(cr, fonts(), partnership_columns, x, y, w, th);
    y += row_h;
    rule(cr, x, y, x + w, 0.6, {0.3, 0.3, 0.3, 1});
    y += 2;
    const double bottom = doc_.height - margin - footer_h;
    std::size_t shown = 0;
    for (; shown < up.partnerships.size(); ++shown) {
        if (y + 2 * row_h > bottom && shown + 1 < up.partnerships.size()) break;
        const auto cells = partnership_cells(*doc_.atlas, up, shown);
        draw_table_row(cr, fonts(), cells, x, y, w, td);
        y += row_h;
    }
    if (shown < up.partnerships.size()) {
        text_spec more = td;
        more.italic = true;
        draw_text(cr, fonts(),
                  "\xE2\x80\xA6 and " + std::to_string(up.partnerships.size() - shown) +
                      " more partnerships (coopatlas coverage lists them all)",
                  x, y, w, more);
    } else if (up.partnerships.empty()) {
        text_spec none = td;
        none.italic = true;
        draw_text(cr, fonts(), "No partnership in the selection.", x, y, w, none);
    }
}

std::vector<std::pair<std::string, std::string>> unit_figures(const book_unit_page& up) {
    const auto& r = up.row;
    const double share =
        up.series_partnerships ? static_cast<double>(r.partnerships) / up.series_partnerships : no_value;
    std::vector<std::pair<std::string, std::string>> figures = {
        {"Partnerships", std::to_string(r.partnerships) + " (rank " + std::to_string(up.rank) + " of " +
                             std::to_string(up.series_units) + ")"},
        {"Share of the series' partnerships", fmt(share * 100, 1) + " %"},
        {"Partners on the map", std::to_string(up.partner_count)},
        {"Area", fmt(r.area_km2, 0) + " km\xC2\xB2"},
        {"Density", fmt(r.per_10k_km2, 2) + " per 10,000 km\xC2\xB2" +
                        (std::isfinite(r.per_10k_km2) ? " (rank " + std::to_string(up.density_rank) + ")" : "")},
        {"Population", fmt(r.population, 0)},
        {"Per 100,000 inhabitants", fmt(r.per_100k_inhabitants, 2)},
        {"Units of the series engaged",
         std::to_string(up.engaged_units) + " of " + std::to_string(up.series_units) + " (" +
             fmt(up.series_units ? 100.0 * static_cast<double>(up.engaged_units) / static_cast<double>(up.series_units)
                                 : no_value,
                 0) +
             " %)"},
    };
    if (r.requests) figures.push_back({"Project requests", std::to_string(r.requests) + " (" + fmt(r.demand, 0) + ")"});
    return figures;
}

std::array<std::string, 6> partnership_cells(const model::atlas& a, const book_unit_page& up, std::size_t i) {
    const model::partnership& p = *up.partnerships[i];
    const model::party& other = *up.partners[i];
    std::string partner = other.text;
    if (const auto* oe = a.find(other.entity_id)) partner = oe->display_name() + " (" + oe->country + ")";
    if (partner.empty()) partner = "\xE2\x80\x94";
    std::string themes;
    for (const auto& t : p.themes)
        themes += (themes.empty() ? "" : ", ") + words(t);
    return {p.id, partner, words(p.kind), p.year ? std::to_string(*p.year) : "", themes, p.source};
}

void book_layout::draw_footer(cairo_t* cr, std::size_t index) const {
    const double y = doc_.height - margin + 4;
    rule(cr, margin, y - 6, doc_.width - margin, 0.5, {0.7, 0.7, 0.7, 1});
    text_spec t;
    t.size = 9;
    t.fill = {0.4, 0.4, 0.4, 1};
    t.one_line = true;
    draw_text(cr, fonts(), doc_.title, margin, y, (doc_.width - 2 * margin) * 0.7, t);
    t.al = align::right;
    draw_text(cr, fonts(), std::to_string(index + 1) + " / " + std::to_string(pages_.size()), doc_.width - margin - 120, y, 120,
              t);
}

void book_layout::add_outline(cairo_surface_t* pdf) const {
    cairo_pdf_surface_add_outline(pdf, CAIRO_PDF_OUTLINE_ROOT, "Cover", page_link(0).c_str(),
                                  static_cast<cairo_pdf_outline_flags_t>(0));
    cairo_pdf_surface_add_outline(pdf, CAIRO_PDF_OUTLINE_ROOT, "Contents", page_link(1).c_str(),
                                  static_cast<cairo_pdf_outline_flags_t>(0));
    int parent = CAIRO_PDF_OUTLINE_ROOT;
    for (const auto& l : toc_) {
        if (l.section) {
            parent = cairo_pdf_surface_add_outline(pdf, CAIRO_PDF_OUTLINE_ROOT, l.text.c_str(),
                                                   page_link(l.page).c_str(), CAIRO_PDF_OUTLINE_FLAG_OPEN);
        } else {
            const std::string text = "Figure " + std::to_string(l.figure) + ". " + l.text;
            cairo_pdf_surface_add_outline(pdf, parent, text.c_str(), page_link(l.page).c_str(),
                                          static_cast<cairo_pdf_outline_flags_t>(0));
        }
    }
}

book_report book_layout::report() const {
    book_report r;
    r.outline = {"Cover", "Contents"};
    for (const auto& l : toc_)
        r.outline.push_back(l.section ? l.text : "Figure " + std::to_string(l.figure) + ". " + l.text);
    for (const auto& e : pages_) {
        book_page p;
        p.kind = e.kind;
        p.figure = e.figure;
        if (e.kind == "cover") {
            p.title = doc_.title;
        } else if (e.kind == "contents") {
            p.title = "Contents";
        } else if (e.kind == "map") {
            p.title = doc_.maps[e.a]->title;
        } else {
            const auto& up = *doc_.series[e.a].pages[e.b];
            p.title = up.heading;
            p.unit_id = up.unit->id;
            for (const auto* pp : up.partnerships)
                p.partnership_ids.push_back(pp->id);
        }
        r.pages.push_back(std::move(p));
    }
    std::set<std::string> seen;
    auto add_warnings = [&](const map_spec& spec) {
        for (const auto& w : spec.warnings)
            if (seen.insert(w.message).second) r.warnings.push_back(w);
    };
    for (const auto& m : doc_.maps)
        add_warnings(m->spec);
    for (const auto& s : doc_.series)
        for (const auto& up : s.pages)
            add_warnings(up->spec);
    return r;
}

} // namespace coopatlas::render::detail
