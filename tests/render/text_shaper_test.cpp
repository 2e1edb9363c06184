// The private text shaper (lib/render/text_shaper.hpp) on real Cairo surfaces: shaping and
// font fallback for French, Arabic (with the Moroccan letter ڭ U+06AD) and Tifinagh, halo
// geometry, surface-independent metrics, and what reaches SVG, PDF and PNG files.

#include "pdf_text.hpp"
#include "render/text_shaper.hpp"
#include "test_support.hpp"

#include <coopatlas/error.hpp>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <memory>
#include <regex>
#include <set>
#include <sstream>

namespace {

using namespace coopatlas::render;
using detail::text_shaper;
using detail::text_style;

const std::string trilingual = "Agadir · أكادير · ⴰⴳⴰⴷⵉⵔ";
const std::string moroccan = "ⴰⵎⵓⵔ ڭ";

struct surface_deleter {
    void operator()(cairo_surface_t* s) const noexcept { cairo_surface_destroy(s); }
};
struct cairo_deleter {
    void operator()(cairo_t* c) const noexcept { cairo_destroy(c); }
};
using surface_ptr = std::unique_ptr<cairo_surface_t, surface_deleter>;
using cairo_ptr = std::unique_ptr<cairo_t, cairo_deleter>;

std::string output_path(const std::string& name) { return coopatlas::test::write_temp(name, ""); }

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::size_t count(const std::string& text, const std::regex& re) {
    return static_cast<std::size_t>(std::distance(std::sregex_iterator(text.begin(), text.end(), re), std::sregex_iterator()));
}

int glyphs_in(text_shaper& shaper, const std::string& text, const text_style& style) {
    int n = 0;
    for (const auto& r : shaper.runs(text, style)) n += r.glyphs;
    return n;
}

// Draws both test labels on a vector surface and returns the glyph count Pango shaped.
int draw_both(cairo_surface_t* surface) {
    cairo_ptr cr(cairo_create(surface));
    text_shaper shaper(cr.get());
    text_style style;
    style.size = 14;
    shaper.draw(trilingual, style, {10, 10});
    shaper.draw(moroccan, style, {10, 50});
    return glyphs_in(shaper, trilingual, style) + glyphs_in(shaper, moroccan, style);
}

TEST(text_shaper, every_script_is_covered_by_its_font) {
    surface_ptr s(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 10, 10));
    cairo_ptr cr(cairo_create(s.get()));
    text_shaper shaper(cr.get());
    const text_style style;
    for (const std::string text : {"Fès, Île-de-France, Besançon", "أكادير", "الدار البيضاء", "ⴰⴳⴰⴷⵉⵔ", "ڭ", moroccan.c_str(),
                                   trilingual.c_str()})
        EXPECT_EQ(shaper.unknown_glyphs(text, style), 0) << text;
    // control: an unassigned code point (U+0378) has no glyph anywhere and is counted
    EXPECT_EQ(shaper.unknown_glyphs("a\u0378b", style), 1);

    // runs in visual order on a left-to-right line: Latin, then the Arabic run (right to
    // left inside), then Tifinagh, each in the face meant for it
    const auto runs = shaper.runs(trilingual, style);
    std::vector<std::string> families;
    for (const auto& r : runs) {
        if (r.glyphs == 0) continue;
        if (families.empty() || families.back() != r.family) families.push_back(r.family);
    }
    EXPECT_EQ(families, (std::vector<std::string>{"DejaVu Sans", "Noto Sans Arabic", "DejaVu Sans", "Noto Sans Tifinagh"}));
    double last_x = -1;
    for (const auto& r : runs) {
        EXPECT_GT(r.x, last_x);
        last_x = r.x;
        EXPECT_EQ(r.rtl, r.family == "Noto Sans Arabic") << r.family;
    }
    // ڭ itself is shaped by the Arabic face (Tifinagh word, space, then the letter)
    const auto m = shaper.runs(moroccan, style);
    ASSERT_FALSE(m.empty());
    EXPECT_EQ(m.back().family, "Noto Sans Arabic");
    EXPECT_EQ(m.back().glyphs, 1);
    EXPECT_EQ(m.front().family, "Noto Sans Tifinagh");
    EXPECT_EQ(m.front().glyphs, 4);
}

TEST(text_shaper, latin_text_keeps_one_glyph_per_letter) {
    // no fi/fl ligature: PDF readers must give back "Safi", not "Sa\uFB01"
    surface_ptr s(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 10, 10));
    cairo_ptr cr(cairo_create(s.get()));
    text_shaper shaper(cr.get());
    EXPECT_EQ(glyphs_in(shaper, "Safi", text_style{}), 4);
    EXPECT_EQ(glyphs_in(shaper, "Rufisque · Saffré · Clermont-Ferrand", text_style{}), 36);
    // while Arabic keeps its required lām-alif ligature: لا is 2 letters, 1 glyph
    EXPECT_EQ(glyphs_in(shaper, "لا", text_style{}), 1);
}

TEST(text_shaper, arabic_letters_join) {
    // HarfBuzz picks initial/medial/final forms: three joined kāf are narrower than three
    // isolated ones (without shaping the advance would be exactly three times as wide)
    surface_ptr s(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 10, 10));
    cairo_ptr cr(cairo_create(s.get()));
    text_shaper shaper(cr.get());
    text_style style;
    style.halo_width = 0;
    const double one = shaper.measure("ك", style).width;
    const double joined = shaper.measure("ككك", style).width;
    EXPECT_GT(one, 0);
    EXPECT_LT(joined, 0.9 * 3 * one);
    EXPECT_EQ(glyphs_in(shaper, "ككك", style), 3);
}

TEST(text_shaper, measure_grows_with_text_and_halo) {
    surface_ptr s(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 10, 10));
    cairo_ptr cr(cairo_create(s.get()));
    text_shaper shaper(cr.get());
    text_style plain;
    plain.halo_width = 0;
    const auto a = shaper.measure("Aga", plain);
    const auto b = shaper.measure("Agadir", plain);
    const auto c = shaper.measure("Agadir · أكادير", plain);
    const auto d = shaper.measure(trilingual, plain);
    EXPECT_GT(a.width, 0);
    EXPECT_LT(a.width, b.width);
    EXPECT_LT(b.width, c.width);
    EXPECT_LT(c.width, d.width);
    // one line of DejaVu Sans: its line box, ascender 1901 + descender 483 font units of
    // 2048 per em (the font's hhea table), i.e. 9 × 2384 / 2048 = 10.4766 pt, whatever
    // the letters ("ace" has neither ascender nor descender)
    EXPECT_NEAR(b.height, 9.0 * 2384 / 2048, 1e-3);
    EXPECT_DOUBLE_EQ(shaper.measure("ace", plain).height, b.height);

    text_style halo = plain;
    halo.halo_width = 1.5;
    const auto h = shaper.measure(trilingual, halo);
    EXPECT_NEAR(h.width - d.width, 3.0, 1e-9);
    EXPECT_NEAR(h.height - d.height, 3.0, 1e-9);

    text_style big = plain;
    big.size = 18;  // twice the size: twice the width (no hinting, unrounded positions)
    EXPECT_NEAR(shaper.measure("Agadir", big).width, 2 * b.width, 0.02 * b.width);

    text_style two_lines = plain;
    EXPECT_GT(shaper.measure("Agadir\nأكادير", two_lines).height, 1.8 * b.height);
}

TEST(text_shaper, metrics_locate_baseline_and_ink) {
    surface_ptr s(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 10, 10));
    cairo_ptr cr(cairo_create(s.get()));
    text_shaper shaper(cr.get());
    text_style style;  // 9 pt, halo 1.5
    const auto agadir = shaper.metrics("Agadir", style);
    const auto ace = shaper.metrics("ace", style);
    EXPECT_DOUBLE_EQ(agadir.extent.width, shaper.measure("Agadir", style).width);
    EXPECT_DOUBLE_EQ(agadir.extent.height, shaper.measure("Agadir", style).height);
    // baseline: halo + ascender, 1.5 + 9 × 1901 / 2048; pitch: the line box
    EXPECT_NEAR(agadir.baseline, 1.5 + 9.0 * 1901 / 2048, 1e-3);
    EXPECT_DOUBLE_EQ(ace.baseline, agadir.baseline);
    EXPECT_NEAR(agadir.line_pitch, 9.0 * 2384 / 2048, 1e-3);
    EXPECT_EQ(agadir.lines, 1);
    EXPECT_NEAR(agadir.center_x, agadir.extent.width / 2, 0.5);
    // ink: inside the box, and lower for "ace" (x-height only) than for "Agadir" (cap A,
    // descender g): x-height of DejaVu Sans is 1120/2048 em ≈ 4.9 pt, plus the halo
    for (const auto& m : {agadir, ace}) {
        EXPECT_GE(m.ink.min_x, -1e-9);
        EXPECT_GE(m.ink.min_y, -1e-9);
        EXPECT_LE(m.ink.max_x, m.extent.width + 1e-9);
        EXPECT_LE(m.ink.max_y, m.extent.height + 1e-9);
    }
    EXPECT_NEAR(ace.ink.max_y - ace.ink.min_y, 9.0 * 1120 / 2048 + 3, 0.5);
    EXPECT_GT(agadir.ink.max_y - agadir.ink.min_y, ace.ink.max_y - ace.ink.min_y + 3);
    EXPECT_GT(agadir.ink.max_y, agadir.baseline);  // the g goes below the baseline
    EXPECT_LT(ace.ink.max_y, ace.baseline + 1.5 + 0.3);

    const auto two = shaper.metrics("Agadir\nTaroudant", style);
    EXPECT_EQ(two.lines, 2);
    EXPECT_NEAR(two.line_pitch, 9.0 * 2384 / 2048, 1e-3);
    EXPECT_NEAR(two.extent.height, 2 * 9.0 * 2384 / 2048 + 3, 1e-3);
}

TEST(text_shaper, metrics_do_not_depend_on_the_surface) {
    const std::string svg = output_path("metrics.svg"), pdf = output_path("metrics.pdf");
    surface_ptr surfaces[] = {surface_ptr(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 100, 100)),
                              surface_ptr(cairo_svg_surface_create(svg.c_str(), 100, 100)),
                              surface_ptr(cairo_pdf_surface_create(pdf.c_str(), 100, 100))};
    std::vector<text_extent> extents;
    for (auto& s : surfaces) {
        cairo_ptr cr(cairo_create(s.get()));
        text_shaper shaper(cr.get());
        extents.push_back(shaper.measure(trilingual, text_style{}));
    }
    for (std::size_t i = 1; i < extents.size(); ++i) {
        EXPECT_DOUBLE_EQ(extents[i].width, extents[0].width) << i;
        EXPECT_DOUBLE_EQ(extents[i].height, extents[0].height) << i;
    }
}

// Cairo 1.16's SVG surface cannot write <text>: it defines each glyph outline once as a
// <symbol> and places it with <use>. So the SVG keeps glyphs as vector glyph references
// (one <use> per glyph, scalable, not rasterised) but not as selectable text; the PDF
// below does keep text.
TEST(text_shaper, svg_has_one_vector_glyph_per_shaped_glyph) {
    const std::string path = output_path("trilingual.svg");
    int glyphs = 0;
    {
        surface_ptr s(cairo_svg_surface_create(path.c_str(), 300, 80));
        glyphs = draw_both(s.get());
        cairo_surface_finish(s.get());
        ASSERT_EQ(cairo_surface_status(s.get()), CAIRO_STATUS_SUCCESS);
    }
    // counted by hand: 24 characters (6 + 6 + 6 letters, 2 dots, 4 spaces; no Arabic
    // ligature in أكادير) and 6 in "ⴰⵎⵓⵔ ڭ"
    EXPECT_EQ(glyphs, 30);
    const std::string svg = slurp(path);
    EXPECT_EQ(count(svg, std::regex("<use xlink:href=\"#glyph[0-9]+-[0-9]+\"")), 30u);
    EXPECT_EQ(svg.find("<image"), std::string::npos);  // nothing rasterised
    // the halo: glyph outlines stroked 2 × 1.5 wide in white, drawn before the fill
    EXPECT_NE(svg.find("stroke-width:3"), std::string::npos);
    EXPECT_NE(svg.find("stroke:rgb(100%,100%,100%)"), std::string::npos);
    EXPECT_LT(svg.find("stroke-width:3"), svg.find("<use"));
}

// PDF keeps text: the fonts are embedded as subsets and each has a ToUnicode map, so a
// reader can select, search and copy the label — including ڭ — in every script.
TEST(text_shaper, pdf_keeps_selectable_text_in_every_script) {
    const std::string path = output_path("trilingual.pdf");
    {
        surface_ptr s(cairo_pdf_surface_create(path.c_str(), 300, 80));
        draw_both(s.get());
        cairo_surface_finish(s.get());
        ASSERT_EQ(cairo_surface_status(s.get()), CAIRO_STATUS_SUCCESS);
    }
    const std::string pdf = slurp(path);
    std::set<std::string> fonts;
    const std::regex base_font("/BaseFont /[A-Z]{6}\\+([A-Za-z-]+)");
    for (std::sregex_iterator it(pdf.begin(), pdf.end(), base_font), e; it != e; ++it) fonts.insert((*it)[1]);
    EXPECT_TRUE(fonts.count("DejaVuSans"));
    EXPECT_TRUE(fonts.count("NotoSansArabic-Regular"));
    EXPECT_TRUE(fonts.count("NotoSansTifinagh-Regular"));
    EXPECT_GE(count(pdf, std::regex("/ToUnicode")), 3u);

    // what copy-paste gives back: the Unicode values of the ToUnicode maps
    const auto unicode = coopatlas::test::unicode_in_pdf(pdf);
    for (const char32_t c : coopatlas::test::code_points(trilingual + moroccan))
        EXPECT_TRUE(unicode.count(c)) << "U+" << std::hex << static_cast<unsigned>(c) << " not recoverable from the PDF";
    // by hand: ڭ, the Tifinagh letters and the Arabic letters are all there
    for (const char32_t c : {U'\u06AD', U'\u2D30', U'\u2D4E', U'\u0623', U'\u0643', U'A', U'\u00B7'})
        EXPECT_TRUE(unicode.count(c)) << static_cast<unsigned>(c);
    EXPECT_FALSE(unicode.count(U'\u0628'));  // control: ب is in no label
}

TEST(text_shaper, png_fill_lands_inside_the_measured_box) {
    const int width = 400, height = 60;
    surface_ptr s(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height));
    cairo_ptr cr(cairo_create(s.get()));
    text_shaper shaper(cr.get());
    text_style style;
    style.size = 24;
    style.fill = {1, 0, 0, 1};
    style.halo = {0, 0, 1, 1};
    const coopatlas::geometry::point origin{20.25, 8.5};
    const auto extent = shaper.measure(trilingual, style);
    shaper.draw(trilingual, style, origin);
    cairo_surface_flush(s.get());

    const unsigned char* data = cairo_image_surface_get_data(s.get());
    const int stride = cairo_image_surface_get_stride(s.get());
    int red = 0, blue = 0, outside = 0;
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            std::uint32_t v = 0;  // ARGB32 is one native-endian 32-bit word per pixel, premultiplied
            std::memcpy(&v, data + y * stride + 4 * x, sizeof v);
            const unsigned a = v >> 24, r = (v >> 16) & 0xff, g = (v >> 8) & 0xff, b = v & 0xff;
            if (a == 0) continue;
            if (r == 255 && g == 0 && b == 0 && a == 255) ++red;
            if (b == 255 && r == 0 && g == 0 && a == 255) ++blue;
            // every painted pixel (fill or halo) lies in the box, give or take antialiasing
            if (x + 1 < origin.x - 1 || x > origin.x + extent.width + 1 || y + 1 < origin.y - 1 ||
                y > origin.y + extent.height + 1)
                ++outside;
        }
    }
    EXPECT_GT(red, 50);
    EXPECT_GT(blue, 50);
    EXPECT_EQ(outside, 0);
}

TEST(text_shaper, rejects_bad_input) {
    surface_ptr s(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 10, 10));
    cairo_ptr cr(cairo_create(s.get()));
    text_shaper shaper(cr.get());
    EXPECT_THROW(shaper.measure("Agadir \xff", text_style{}), coopatlas::error);
    text_style zero;
    zero.size = 0;
    EXPECT_THROW(shaper.measure("Agadir", zero), coopatlas::error);
    EXPECT_THROW(text_shaper(nullptr), coopatlas::error);
}

TEST(text_shaper, multilingual_label_joins_names_in_order) {
    coopatlas::model::entity e;
    e.id = "MA:place:2561668";
    e.name = "Agadir";
    e.name_ar = "أكادير";
    e.name_tfng = "ⴰⴳⴰⴷⵉⵔ";
    EXPECT_EQ(detail::multilingual_label(e, "fr,ar,tfng"), trilingual);
    EXPECT_EQ(detail::multilingual_label(e, "ar, fr"), "أكادير · Agadir");
    EXPECT_EQ(detail::multilingual_label(e, "fr,tfng", " / "), "Agadir / ⴰⴳⴰⴷⵉⵔ");
    EXPECT_EQ(detail::multilingual_label(e, "fr,en"), "Agadir");  // no English name: skipped

    coopatlas::model::entity same = e;
    same.name_en = "Agadir";  // repeated names appear once
    EXPECT_EQ(detail::multilingual_label(same, "fr,en,ar"), "Agadir · أكادير");

    coopatlas::model::entity french;
    french.id = "FR:departement:29";
    french.name = "Finistère";
    EXPECT_EQ(detail::multilingual_label(french, "ar,tfng"), "Finistère");  // none in those scripts
    // any language tag names a language ("kab", Kabyle: none here); a word that is no tag is an error
    EXPECT_EQ(detail::multilingual_label(e, "fr,kab"), detail::multilingual_label(e, "fr"));
    EXPECT_THROW(detail::multilingual_label(e, "fr,arabic"), coopatlas::error);
}

} // namespace
