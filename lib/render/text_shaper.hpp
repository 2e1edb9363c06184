#pragma once
// Text shaping and drawing with Pango (HarfBuzz shaping, fontconfig fallback per script)
// on a Cairo context. Private to the library: Cairo and Pango types stay out of include/.

#include <coopatlas/config.hpp>
#include <coopatlas/geometry/geometry.hpp>
#include <coopatlas/model/entity.hpp>
#include <coopatlas/render/color.hpp>
#include <coopatlas/render/label_placement.hpp>

#include <cairo.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

// Pango handles, forward-declared so that users of the shaper need not include Pango.
typedef struct _PangoFontMap PangoFontMap;
typedef struct _PangoContext PangoContext;
typedef struct _PangoLayout PangoLayout;

namespace coopatlas::render::detail {

/// \brief Loads fontconfig's configuration once, in the caller's thread, before any font map
/// is made (else Pango loads it in a thread of its own); throws when it cannot be loaded.
void load_font_configuration();

/// Sets `context` to measure text the same on every surface: no hinted metrics, no glyph
/// positions rounded to whole device units; these options override the surface's. The
/// shaper's own contexts and a book's text use it, so a PNG, SVG and PDF set text alike.
void measure_alike_on_every_surface(PangoContext* context);

/// \brief How a label is set. Sizes are points = page units at 72 dpi.
struct text_style {
    /// Family or comma-separated family list; the shaper appends DejaVu Sans, Noto Sans
    /// Arabic, Noto Naskh Arabic and Noto Sans Tifinagh, and Pango falls back per character
    /// along the list (then to fontconfig's defaults).
    std::string family = "DejaVu Sans";
    /// Faces for Arabic-script and Tifinagh runs (DejaVu Sans covers both scripts, but
    /// with simple designs; these are the fonts made for them). Empty = use `family`.
    std::string arabic_family = "Noto Sans Arabic, Noto Naskh Arabic";
    std::string tifinagh_family = "Noto Sans Tifinagh";
    double size = 9;
    bool bold = false;
    bool italic = false;
    color fill{0.1, 0.1, 0.1, 1};
    color halo{1, 1, 1, 0.85};
    double halo_width = 1.5;    ///< halo drawn this far around the glyphs; 0 = no halo
    double line_spacing = 1.0;  ///< factor of the font's line height for multi-line labels
};

/// \brief One shaped run of a laid-out label, in visual order (for checks and reports).
struct glyph_run {
    std::string family;  ///< family of the font that shaped it
    double x = 0;        ///< left edge from the start of the line, page units
    double width = 0;
    int glyphs = 0;
    int unknown = 0;     ///< glyphs the font lacks (drawn as boxes)
    bool rtl = false;    ///< right-to-left run (odd bidi level)
};

/// \brief Where things are inside a measured label box; all offsets are from the box's
/// top-left corner (the `origin` given to draw), halo included, in page units.
struct text_metrics {
    text_extent extent{};     ///< same as measure()
    geometry::box ink{};      ///< the painted area: glyph ink grown by the halo (inside extent)
    double baseline = 0;      ///< first baseline, down from the top
    double line_pitch = 0;    ///< distance between consecutive baselines
    double center_x = 0;      ///< the lines' common centre (they are centred), from the left
    int lines = 1;
};

/// \brief Measures and draws labels on one cairo_t.
///
/// Measurements do not depend on the target surface (PNG, SVG, PDF): the shaper uses its
/// own font map at 72 dpi with hinted metrics and rounded glyph positions switched off,
/// and lays text out on the same Pango context it draws with.
/// Lines are centred; the base direction is left-to-right so that a multilingual label
/// reads in field order whatever script comes first (each Arabic run stays right-to-left).
/// Thread-safety: one shaper per cairo_t and thread; not thread-safe.
class COOPATLAS_API text_shaper {
public:
    explicit text_shaper(cairo_t* cr);
    ~text_shaper();
    text_shaper(const text_shaper&) = delete;
    text_shaper& operator=(const text_shaper&) = delete;

    /// Size of the label box: the typographic line boxes (grown to the glyph ink where
    /// it overshoots them) plus the halo, 2 × halo_width added to each dimension. Every
    /// single-line text of one style has the same height and baseline; draw() paints
    /// nothing outside the box.
    text_extent measure(const std::string& utf8, const text_style& style);

    /// measure() plus the ink box, baseline and line pitch inside it: for writing the
    /// text by other means (SVG <text>) or placing by the ink box (tighter than measure()
    /// vertically: pass metrics().ink's size to place_labels and draw at
    /// placed origin − ink top-left).
    text_metrics metrics(const std::string& utf8, const text_style& style);

    /// Draws the label with the top-left of its measured box at `origin`: the halo as a
    /// stroked outline (pango_cairo_layout_path), then the fill as glyphs
    /// (pango_cairo_show_layout), so that PDF keeps selectable text.
    void draw(const std::string& utf8, const text_style& style, geometry::point origin);

    /// Characters the fonts cannot cover (pango_layout_get_unknown_glyphs_count; 0 = all found).
    int unknown_glyphs(const std::string& utf8, const text_style& style);

    /// The shaped runs of the first line, left to right.
    std::vector<glyph_run> runs(const std::string& utf8, const text_style& style);

private:
    struct layout_box;
    struct measured;
    layout_box lay_out(const std::string& utf8, const text_style& style);
    /// The layout's boxes and baselines for a text and style, laid out once: label forms try
    /// the same lines over and over, legends and furniture repeat their words.
    const measured& measure_once(const std::string& utf8, const text_style& style);

    struct font_map_deleter { void operator()(PangoFontMap* p) const noexcept; };
    struct font_map_ref_deleter { void operator()(PangoFontMap* p) const noexcept; };
    struct context_deleter { void operator()(PangoContext* p) const noexcept; };
    struct layout_deleter { void operator()(PangoLayout* p) const noexcept; };

    /// The calling thread's font map, made on first use and kept for the thread's life.
    static PangoFontMap* thread_font_map();

    cairo_t* cr_;  // not owned
    std::unique_ptr<PangoFontMap, font_map_ref_deleter> font_map_;  // a reference to thread_font_map()
    std::unique_ptr<PangoContext, context_deleter> context_;
    std::unique_ptr<PangoLayout, layout_deleter> layout_;
    std::unordered_map<std::string, std::unique_ptr<measured>> measured_;
};

/// \brief A label joining an entity's names in the order of `scripts`, a comma-separated
/// list of fr|latin (name), ar (name_ar), tfng|zgh (name_tfng), en (name_en) and any
/// other language tag (its `names` entry, see entity::name_in); empty and repeated names
/// are skipped; falls back to display_name() when none is set.
/// Throws coopatlas::error for a word that is neither a script word nor a language tag.
COOPATLAS_API std::string multilingual_label(const model::entity& e, const std::string& scripts,
                                             const std::string& separator = " · ");

/// \brief What fontconfig makes of a family list: the families it has no font of, and
/// the family text in the list is set in (the first installed one, else fontconfig's
/// substitute for the first).
struct font_families_check {
    std::vector<std::string> missing{};
    std::string used{};
};

/// \brief Checks a comma-separated family list against the installed fonts (fontconfig
/// FcFontMatch, comparing the family of the match). Generic names (sans-serif, serif,
/// monospace, …) always count as installed. Throws coopatlas::error when fontconfig
/// cannot load its configuration.
COOPATLAS_API font_families_check check_font_families(const std::string& families);

} // namespace coopatlas::render::detail
