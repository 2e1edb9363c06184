#include "render/text_shaper.hpp"

#include <coopatlas/error.hpp>
#include <coopatlas/text/fold.hpp>

#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

// AddressSanitizer (with its leak checker): GCC defines __SANITIZE_ADDRESS__, clang 14
// answers __has_feature(address_sanitizer) only.
#if defined(__SANITIZE_ADDRESS__)
#define COOPATLAS_LEAK_CHECKED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define COOPATLAS_LEAK_CHECKED 1
#endif
#endif
#if defined(COOPATLAS_LEAK_CHECKED)
#include <sanitizer/lsan_interface.h>
#endif

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <mutex>
#include <string_view>
#include <vector>

namespace coopatlas::render::detail {

namespace {

struct font_description_deleter {
    void operator()(PangoFontDescription* p) const noexcept { pango_font_description_free(p); }
};
using font_description_ptr = std::unique_ptr<PangoFontDescription, font_description_deleter>;

struct layout_iter_deleter {
    void operator()(PangoLayoutIter* p) const noexcept { pango_layout_iter_free(p); }
};

struct font_options_deleter {
    void operator()(cairo_font_options_t* p) const noexcept { cairo_font_options_destroy(p); }
};

void check_cairo(cairo_status_t status, const char* what) {
    if (status != CAIRO_STATUS_SUCCESS)
        throw error(std::string("cairo: ") + what + ": " + cairo_status_to_string(status));
}

double to_units(int pango_units) { return static_cast<double>(pango_units) / PANGO_SCALE; }

void set_source(cairo_t* cr, const color& c) { cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a); }

struct attr_list_deleter {
    void operator()(PangoAttrList* p) const noexcept { pango_attr_list_unref(p); }
};
using attr_list_ptr = std::unique_ptr<PangoAttrList, attr_list_deleter>;

// Byte ranges of the Arabic-script and Tifinagh runs of a text. Combining marks join the
// run they follow; spaces and punctuation between two letters of one script join it too
// ("الدار البيضاء" is one run), those at a script change stay with the base family.
struct script_run {
    GUnicodeScript script;
    std::size_t begin, end;
};
std::vector<script_run> script_runs(const std::string& utf8) {
    std::vector<script_run> out;
    const char* const start = utf8.data();
    const char* const stop = start + utf8.size();
    bool open = false;
    script_run cur{G_UNICODE_SCRIPT_COMMON, 0, 0};
    for (const char* p = start; p < stop; p = g_utf8_next_char(p)) {
        const GUnicodeScript sc = g_unichar_get_script(g_utf8_get_char(p));
        const auto here = static_cast<std::size_t>(p - start);
        const auto next = static_cast<std::size_t>(g_utf8_next_char(p) - start);
        if (sc == G_UNICODE_SCRIPT_INHERITED) {
            if (open) cur.end = next;
            continue;
        }
        if (sc == G_UNICODE_SCRIPT_COMMON) continue;
        if (open && sc == cur.script) {
            cur.end = next;
            continue;
        }
        if (open) out.push_back(cur);
        open = sc == G_UNICODE_SCRIPT_ARABIC || sc == G_UNICODE_SCRIPT_TIFINAGH;
        cur = {sc, here, next};
    }
    if (open) out.push_back(cur);
    return out;
}

constexpr const char* fallback_families = ", DejaVu Sans, Noto Sans Arabic, Noto Naskh Arabic, Noto Sans Tifinagh";

struct pattern_deleter {
    void operator()(FcPattern* p) const noexcept { FcPatternDestroy(p); }
};
using pattern_ptr = std::unique_ptr<FcPattern, pattern_deleter>;

bool same_family(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

// The family names of the font fontconfig picks for `family` (a font has one per language).
std::vector<std::string> matched_families(const std::string& family) {
    pattern_ptr pattern(FcPatternCreate());
    if (!pattern) throw error("fontconfig: cannot create a pattern");
    FcPatternAddString(pattern.get(), FC_FAMILY, reinterpret_cast<const FcChar8*>(family.c_str()));
    FcConfigSubstitute(nullptr, pattern.get(), FcMatchPattern);
    FcDefaultSubstitute(pattern.get());
    FcResult result = FcResultNoMatch;
    pattern_ptr match(FcFontMatch(nullptr, pattern.get(), &result));
    std::vector<std::string> out;
    FcChar8* name = nullptr;
    for (int i = 0; match && FcPatternGetString(match.get(), FC_FAMILY, i, &name) == FcResultMatch; ++i)
        out.emplace_back(reinterpret_cast<const char*>(name));
    return out;
}

bool valid_utf8(const std::string& s) { return g_utf8_validate(s.data(), static_cast<gssize>(s.size()), nullptr); }

} // namespace

// fontconfig's configuration is loaded once and kept for the life of the process. Loaded
// here, in the caller's thread, rather than by Pango's own "[pango] FcInit" thread, for two
// reasons: a failure is reported where a font map is asked for, and leak checking can be
// paused around it. fontconfig links a pattern to its elements by an offset, not a pointer,
// so LeakSanitizer would take that live configuration for a leak; every other allocation,
// Pango's and ours, stays checked.
void load_font_configuration() {
    static const bool loaded = [] {
#if defined(COOPATLAS_LEAK_CHECKED)
        __lsan::ScopedDisabler configuration_is_kept_for_the_process;
#endif
        return FcInit() == FcTrue;
    }();
    if (!loaded) throw error("fontconfig: cannot load the font configuration (is fontconfig installed?)");
}

font_families_check check_font_families(const std::string& families) {
    static const std::vector<std::string_view> generic = {"sans-serif", "sans",    "serif",     "monospace", "mono",
                                                          "cursive",    "fantasy", "system-ui", "emoji",     "math"};
    load_font_configuration();
    font_families_check out;
    std::string first_substitute;
    for (std::size_t at = 0; at <= families.size();) {
        std::size_t comma = families.find(',', at);
        if (comma == std::string::npos) comma = families.size();
        std::string name = families.substr(at, comma - at);
        at = comma + 1;
        name.erase(0, name.find_first_not_of(" \t"));
        name.erase(name.find_last_not_of(" \t") + 1);
        if (name.empty()) continue;
        const bool is_generic =
            std::any_of(generic.begin(), generic.end(), [&](std::string_view g) { return same_family(g, name); });
        const std::vector<std::string> matched = matched_families(name);
        const bool installed = is_generic || std::any_of(matched.begin(), matched.end(),
                                                         [&](const std::string& m) { return same_family(m, name); });
        if (installed) {
            if (out.used.empty()) out.used = is_generic && !matched.empty() ? matched.front() : name;
        } else {
            out.missing.push_back(name);
            if (first_substitute.empty() && !matched.empty()) first_substitute = matched.front();
        }
    }
    if (out.used.empty()) out.used = first_substitute;
    return out;
}

// The layout's box in page units, relative to the point Pango draws from: the logical
// rectangle (line boxes: a stable height and baseline for every text of one style, so
// legend rows and SVG <text> line up) grown to the ink rectangle where glyphs overshoot
// it (stacked accents, Arabic marks), so the box always holds every painted pixel.
struct text_shaper::layout_box {
    double x = 0, y = 0, width = 0, height = 0;
    PangoRectangle ink{}, logical{};  // Pango units
};

// Pango matches and sorts fonts in threads of its own, each holding a reference to the font
// map until it is done (pangofc-fontmap.c). Rather than leave the last reference, and the
// freeing of the font map and its caches, to such a thread, possibly still running when the
// program exits, the shaper waits for them: it swaps its reference for a toggle reference,
// which GLib reports once it is the only one left, then drops that, finalizing the font map
// here. The wait is bounded: a reference held elsewhere for good leaves the font map to its
// holder.
void text_shaper::font_map_deleter::operator()(PangoFontMap* p) const noexcept {
    struct last_reference {
        std::mutex mutex;
        std::condition_variable changed;
        bool alone = false;
    };
    auto state = std::make_unique<last_reference>();
    const GToggleNotify notify = [](gpointer data, GObject*, gboolean is_last_ref) {
        auto* s = static_cast<last_reference*>(data);
        const std::lock_guard lock(s->mutex);
        s->alone = is_last_ref;
        s->changed.notify_all();
    };
    auto* object = reinterpret_cast<GObject*>(p);
    g_object_add_toggle_ref(object, notify, state.get());
    g_object_unref(object);
    bool alone = false;
    {
        std::unique_lock lock(state->mutex);
        alone = state->changed.wait_for(lock, std::chrono::seconds(10), [&] { return state->alone; });
    }
    g_object_remove_toggle_ref(object, notify, state.get());
    // after a timeout, a notification may still be on its way from another thread
    if (!alone) static_cast<void>(state.release());
}
void text_shaper::font_map_ref_deleter::operator()(PangoFontMap* p) const noexcept { g_object_unref(p); }
void text_shaper::context_deleter::operator()(PangoContext* p) const noexcept { g_object_unref(p); }

// One font map per thread rather than one per shaper: what Pango finds and loads (the
// fontconfig substitutions and sorted font sets, the FreeType faces) then serves every
// shaper of the thread, the map's measuring and its drawing alike, instead of being found
// again by each. Each shaper keeps its own context, with its own options; the map's only
// setting, the 72 dpi resolution, is the same for all. Not shared between threads (a
// Pango font map is not thread-safe).
PangoFontMap* text_shaper::thread_font_map() {
    thread_local const std::unique_ptr<PangoFontMap, font_map_deleter> map = [] {
        load_font_configuration();
        std::unique_ptr<PangoFontMap, font_map_deleter> m(pango_cairo_font_map_new());
        if (!m) throw error("pango: cannot create a font map (is fontconfig configured?)");
        pango_cairo_font_map_set_resolution(reinterpret_cast<PangoCairoFontMap*>(m.get()), 72.0);
        return m;
    }();
    return map.get();
}
void text_shaper::layout_deleter::operator()(PangoLayout* p) const noexcept { g_object_unref(p); }

text_shaper::text_shaper(cairo_t* cr) : cr_(cr) {
    if (!cr_) throw error("text shaper: no Cairo context");
    check_cairo(cairo_status(cr_), "text shaper");
    // Our own font map rather than Pango's per-thread default: its resolution is ours to set.
    font_map_.reset(static_cast<PangoFontMap*>(g_object_ref(thread_font_map())));
    context_.reset(pango_font_map_create_context(font_map_.get()));
    if (!context_) throw error("pango: cannot create a context");

    // Measurements must not depend on the surface; 72 dpi (1 pt = 1 page unit).
    measure_alike_on_every_surface(context_.get());
    pango_cairo_context_set_resolution(context_.get(), 72.0);
    // Left-to-right paragraphs: "Agadir · أكادير · ⴰⴳⴰⴷⵉⵔ" reads in field order whatever the
    // first script; bidi still reverses each Arabic run inside the line.
    pango_context_set_base_dir(context_.get(), PANGO_DIRECTION_LTR);

    layout_.reset(pango_layout_new(context_.get()));
    if (!layout_) throw error("pango: cannot create a layout");
    pango_layout_set_auto_dir(layout_.get(), FALSE);
    pango_layout_set_alignment(layout_.get(), PANGO_ALIGN_CENTER);
}

text_shaper::~text_shaper() = default;

void measure_alike_on_every_surface(PangoContext* context) {
    std::unique_ptr<cairo_font_options_t, font_options_deleter> options(cairo_font_options_create());
    cairo_font_options_set_hint_metrics(options.get(), CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(options.get(), CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(context, options.get());  // the context keeps a copy
    pango_context_set_round_glyph_positions(context, FALSE);
}

text_shaper::layout_box text_shaper::lay_out(const std::string& utf8, const text_style& style) {
    if (!valid_utf8(utf8)) throw error("label text is not valid UTF-8: '" + utf8 + "'");
    if (!(style.size > 0) || !std::isfinite(style.size))
        throw error("label font size must be positive, got " + std::to_string(style.size));

    // Keep the context in step with the cairo_t (transformation, surface) before laying out,
    // so that what is measured is what is drawn.
    pango_cairo_update_context(cr_, context_.get());

    // The style's families first, then fonts for the scripts our data carries, so that a
    // spec naming only a Latin face still shapes Arabic and Tifinagh names.
    font_description_ptr font(pango_font_description_new());
    pango_font_description_set_family(font.get(), (style.family + fallback_families).c_str());
    pango_font_description_set_absolute_size(font.get(), style.size * PANGO_SCALE);
    pango_font_description_set_weight(font.get(), style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_style(font.get(), style.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);

    PangoLayout* layout = layout_.get();
    pango_layout_context_changed(layout);
    pango_layout_set_font_description(layout, font.get());
    pango_layout_set_line_spacing(layout, static_cast<float>(style.line_spacing > 0 ? style.line_spacing : 1.0));
    pango_layout_set_text(layout, utf8.data(), static_cast<int>(utf8.size()));

    attr_list_ptr attrs(pango_attr_list_new());
    // No optional ligatures outside Arabic: "Safi" drawn with the ﬁ glyph would come back
    // from a PDF as "Saﬁ" (U+FB01) and not be found by a search for "Safi". Arabic keeps
    // them; its required forms (init, medi, fina, rlig) are never optional anyway.
    std::size_t plain_from = 0;
    auto no_ligatures = [&](std::size_t begin, std::size_t end) {
        if (begin >= end) return;
        PangoAttribute* a = pango_attr_font_features_new("liga=0,clig=0,dlig=0");
        a->start_index = static_cast<guint>(begin);
        a->end_index = static_cast<guint>(end);
        pango_attr_list_insert(attrs.get(), a);
    };
    for (const auto& run : script_runs(utf8)) {
        if (run.script == G_UNICODE_SCRIPT_ARABIC) {
            no_ligatures(plain_from, run.begin);
            plain_from = run.end;
        }
        const std::string& family =
            run.script == G_UNICODE_SCRIPT_ARABIC ? style.arabic_family : style.tifinagh_family;
        if (family.empty()) continue;
        PangoAttribute* a = pango_attr_family_new((family + ", " + style.family + fallback_families).c_str());
        a->start_index = static_cast<guint>(run.begin);
        a->end_index = static_cast<guint>(run.end);
        pango_attr_list_insert(attrs.get(), a);  // the list takes ownership
    }
    no_ligatures(plain_from, utf8.size());
    pango_layout_set_attributes(layout, attrs.get());  // the layout takes its own reference

    PangoRectangle ink{}, logical{};
    pango_layout_get_extents(layout, &ink, &logical);
    double x0 = to_units(logical.x), y0 = to_units(logical.y);
    double x1 = x0 + to_units(logical.width), y1 = y0 + to_units(logical.height);
    if (ink.width > 0 && ink.height > 0) {
        x0 = std::min(x0, to_units(ink.x));
        y0 = std::min(y0, to_units(ink.y));
        x1 = std::max(x1, to_units(ink.x + ink.width));
        y1 = std::max(y1, to_units(ink.y + ink.height));
    }
    return {x0, y0, x1 - x0, y1 - y0, ink, logical};
}

// What metrics() reads of a layout besides its boxes.
struct text_shaper::measured {
    layout_box box;
    int baseline = 0;  // Pango units
    int lines = 1;
    bool has_pitch = false;  // a second line to measure the pitch by
    int pitch = 0;           // Pango units between the first two baselines
};

const text_shaper::measured& text_shaper::measure_once(const std::string& utf8, const text_style& style) {
    // Everything lay_out reads: the text, the style's fonts and spacing, and the cairo_t's
    // transformation (pango_cairo_update_context follows it). Colours and halo are not in it.
    cairo_matrix_t mx;
    cairo_get_matrix(cr_, &mx);
    std::string key;
    key.reserve(utf8.size() + style.family.size() + style.arabic_family.size() + style.tifinagh_family.size() + 96);
    const double numbers[] = {style.size, style.line_spacing, mx.xx, mx.yx, mx.xy, mx.yy, mx.x0, mx.y0};
    key.append(reinterpret_cast<const char*>(numbers), sizeof numbers);
    key += style.bold ? 'b' : '-';
    key += style.italic ? 'i' : '-';
    for (const std::string* part : {&style.family, &style.arabic_family, &style.tifinagh_family, &utf8}) {
        key += std::to_string(part->size());
        key += ':';
        key += *part;
    }
    auto it = measured_.find(key);
    if (it != measured_.end()) return *it->second;
    auto m = std::make_unique<measured>();
    m->box = lay_out(utf8, style);
    m->baseline = pango_layout_get_baseline(layout_.get());
    m->lines = pango_layout_get_line_count(layout_.get());
    if (m->lines > 1) {
        std::unique_ptr<PangoLayoutIter, layout_iter_deleter> iter(pango_layout_get_iter(layout_.get()));
        const int first = pango_layout_iter_get_baseline(iter.get());
        m->has_pitch = pango_layout_iter_next_line(iter.get());
        if (m->has_pitch) m->pitch = pango_layout_iter_get_baseline(iter.get()) - first;
    }
    return *measured_.emplace(std::move(key), std::move(m)).first->second;
}

text_extent text_shaper::measure(const std::string& utf8, const text_style& style) {
    const layout_box& b = measure_once(utf8, style).box;
    const double halo = std::max(0.0, style.halo_width);
    return {b.width + 2 * halo, b.height + 2 * halo};
}

text_metrics text_shaper::metrics(const std::string& utf8, const text_style& style) {
    const measured& cached = measure_once(utf8, style);
    const layout_box& b = cached.box;
    const double halo = std::max(0.0, style.halo_width);
    text_metrics m;
    m.extent = {b.width + 2 * halo, b.height + 2 * halo};
    // top-left of the box = (b.x − halo, b.y − halo) in layout coordinates
    const auto rel_x = [&](double v) { return v - b.x + halo; };
    const auto rel_y = [&](double v) { return v - b.y + halo; };
    const PangoRectangle& ink = b.ink.width > 0 && b.ink.height > 0 ? b.ink : b.logical;
    m.ink = {rel_x(to_units(ink.x)) - halo, rel_y(to_units(ink.y)) - halo,
             rel_x(to_units(ink.x + ink.width)) + halo, rel_y(to_units(ink.y + ink.height)) + halo};
    m.baseline = rel_y(to_units(cached.baseline));
    m.center_x = rel_x(to_units(b.logical.x) + to_units(b.logical.width) / 2);
    m.lines = cached.lines;
    m.line_pitch = to_units(b.logical.height) / std::max(1, m.lines);
    if (m.lines > 1 && cached.has_pitch) m.line_pitch = to_units(cached.pitch);
    return m;
}

int text_shaper::unknown_glyphs(const std::string& utf8, const text_style& style) {
    lay_out(utf8, style);
    return pango_layout_get_unknown_glyphs_count(layout_.get());
}

std::vector<glyph_run> text_shaper::runs(const std::string& utf8, const text_style& style) {
    lay_out(utf8, style);
    std::vector<glyph_run> out;
    PangoLayoutLine* line = pango_layout_get_line_readonly(layout_.get(), 0);
    if (!line) return out;
    int x = 0;
    for (GSList* l = line->runs; l; l = l->next) {
        const auto* run = static_cast<const PangoGlyphItem*>(l->data);
        glyph_run r;
        r.x = to_units(x);
        r.glyphs = run->glyphs->num_glyphs;
        int width = 0;
        for (int g = 0; g < run->glyphs->num_glyphs; ++g) {
            width += run->glyphs->glyphs[g].geometry.width;
            if (run->glyphs->glyphs[g].glyph & PANGO_GLYPH_UNKNOWN_FLAG) ++r.unknown;
        }
        r.width = to_units(width);
        r.rtl = run->item->analysis.level % 2 == 1;
        if (run->item->analysis.font) {
            font_description_ptr d(pango_font_describe(run->item->analysis.font));
            if (const char* f = pango_font_description_get_family(d.get())) r.family = f;
        }
        out.push_back(std::move(r));
        x += width;
    }
    return out;
}

void text_shaper::draw(const std::string& utf8, const text_style& style, geometry::point origin) {
    const layout_box b = lay_out(utf8, style);
    const double halo = std::max(0.0, style.halo_width);
    // Pango draws from the layout's origin; move it so the measured box starts at `origin`.
    const double x = origin.x + halo - b.x, y = origin.y + halo - b.y;

    cairo_save(cr_);
    if (halo > 0 && style.halo.a > 0) {
        cairo_new_path(cr_);
        cairo_move_to(cr_, x, y);
        pango_cairo_layout_path(cr_, layout_.get());
        set_source(cr_, style.halo);
        cairo_set_line_width(cr_, 2 * halo);
        cairo_set_line_join(cr_, CAIRO_LINE_JOIN_ROUND);
        cairo_set_line_cap(cr_, CAIRO_LINE_CAP_ROUND);
        cairo_stroke(cr_);
    }
    cairo_new_path(cr_);
    cairo_move_to(cr_, x, y);
    set_source(cr_, style.fill);
    pango_cairo_show_layout(cr_, layout_.get());  // glyphs, not paths: PDF text stays selectable
    cairo_new_path(cr_);
    cairo_restore(cr_);
    check_cairo(cairo_status(cr_), "drawing a label");
}

std::string multilingual_label(const model::entity& e, const std::string& scripts, const std::string& separator) {
    std::vector<const std::string*> parts;
    std::string_view rest = scripts;
    while (true) {
        const auto comma = rest.find(',');
        std::string_view word = rest.substr(0, comma);
        while (!word.empty() && word.front() == ' ') word.remove_prefix(1);
        while (!word.empty() && word.back() == ' ') word.remove_suffix(1);
        const std::string* name = nullptr;
        if (word == "latin" || word == "name" || word == "tfng" || text::is_language_tag(word))
            name = &e.name_in(word);
        else if (!word.empty())
            throw error("unknown label script '" + std::string(word) + "' in '" + scripts +
                        "': use a comma-separated list of fr, ar, tfng, en or other language tags (e.g. \"fr,ar,tfng\")");
        if (name && !name->empty() &&
            std::none_of(parts.begin(), parts.end(), [&](const std::string* p) { return *p == *name; }))
            parts.push_back(name);
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
    }
    if (parts.empty()) return e.display_name();
    std::string label = *parts.front();
    for (std::size_t i = 1; i < parts.size(); ++i) label += separator + *parts[i];
    return label;
}

} // namespace coopatlas::render::detail
