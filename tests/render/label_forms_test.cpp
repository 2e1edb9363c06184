// The forms an area label is tried in: wrapped at spaces and after hyphens, then smaller.
#include "render/label_forms.hpp"

#include <coopatlas/render/label_placement.hpp>
#include <coopatlas/render/layer_style.hpp>

#include <cairo.h>
#include <gtest/gtest.h>

#include <cmath>
#include <memory>

namespace {

using namespace coopatlas::render;
using namespace coopatlas::render::detail;

struct shaper_on_image {
    std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface{
        cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 10, 10), &cairo_surface_destroy};
    std::unique_ptr<cairo_t, decltype(&cairo_destroy)> cr{cairo_create(surface.get()), &cairo_destroy};
    text_shaper shaper{cr.get()};
};

TEST(label_forms, wraps_at_a_hyphen_or_a_space_into_balanced_lines) {
    shaper_on_image s;
    text_style st;
    // "Guelmim-" (8 characters) / "Es Semara" (9) is the most even split; "Guelmim-Es" /
    // "Semara" leaves a 10-character line
    EXPECT_EQ(wrap_text(s.shaper, "Guelmim-Es Semara", st, 2), "Guelmim-\nEs Semara");
    // three lines: "Taza-Al" / "Hoceïma-" / "Taounate" (7, 8, 8 characters); any other
    // split has a line of 11 or more
    EXPECT_EQ(wrap_text(s.shaper, "Taza-Al Hoceïma-Taounate", st, 3), "Taza-Al\nHoceïma-\nTaounate");
    // a single word cannot be wrapped
    EXPECT_EQ(wrap_text(s.shaper, "Oriental", st, 2), "");
    // each line of a stacked label wraps on its own: the year stays one line
    EXPECT_EQ(wrap_text(s.shaper, "Tadla-Azilal\n2005", st, 2), "Tadla-\nAzilal\n2005");
}

TEST(label_forms, shrink_down_to_the_minimum_size) {
    shaper_on_image s;
    text_style st;
    st.size = 10;
    // one line, two lines, three lines at 10, 9, 8 and 7 (70 %: the default minimum)
    const auto forms = label_forms(s.shaper, "Rabat-Salé-Zemmour-Zaër", st, 0);
    ASSERT_EQ(forms.size(), 12u);
    EXPECT_EQ(forms[0].text, "Rabat-Salé-Zemmour-Zaër");
    EXPECT_DOUBLE_EQ(forms[0].style.size, 10);
    EXPECT_EQ(forms[1].text, "Rabat-Salé-\nZemmour-Zaër");
    EXPECT_EQ(forms[1].metrics.lines, 2);
    EXPECT_DOUBLE_EQ(forms[3].style.size, 9);
    EXPECT_DOUBLE_EQ(forms[11].style.size, 10 * default_label_min_scale);
    // each form is narrower than the one-line form at its size, and smaller sizes narrower
    EXPECT_LT(forms[1].metrics.extent.width, forms[0].metrics.extent.width);
    EXPECT_LT(forms[3].metrics.extent.width, forms[0].metrics.extent.width);
    // an explicit minimum of 8.5: sizes 10, 9 and 8.5
    const auto floor = label_forms(s.shaper, "Oriental", st, 8.5);
    ASSERT_EQ(floor.size(), 3u);
    EXPECT_DOUBLE_EQ(floor[2].style.size, 8.5);
}

// A unit 300 page units wide and h tall, centred on (200, 200): only its height can refuse a label.
coopatlas::geometry::multi_polygon band(double h) {
    const double y0 = 200 - h / 2, y1 = 200 + h / 2;
    return {{{{50, y0}, {350, y0}, {350, y1}, {50, y1}, {50, y0}}, {}}};
}

// A unit w page units wide and 300 tall, centred on (200, 200): only its width can refuse a label.
coopatlas::geometry::multi_polygon column(double w) {
    const double x0 = 200 - w / 2, x1 = 200 + w / 2;
    return {{{{x0, 50}, {x1, 50}, {x1, 350}, {x0, 350}, {x0, 50}}, {}}};
}

label_request request_in(const std::vector<label_form>& forms, const coopatlas::geometry::multi_polygon& area) {
    label_request r;
    r.text = forms[0].text;
    r.extent = forms[0].metrics.extent;
    for (std::size_t k = 1; k < forms.size(); ++k)
        r.alternatives.push_back(forms[k].metrics.extent);
    r.anchor = {200, 200};
    r.polygon = true;
    r.area = area;
    return r;
}

// A long name at 10 points, its forms, and the placer's tolerance and options (no leaders:
// a label either finds room in its unit or none).
struct long_label {
    shaper_on_image s;
    text_style st = [] {
        text_style t;
        t.size = 10;
        return t;
    }();
    const std::string text = "Rabat-Salé-Zemmour-Zaër";
    const std::vector<label_form> forms = label_forms(s.shaper, text, st, 0);
    const double tolerance = label_options{}.area_tolerance;
    const label_options no_leaders = [] {
        label_options o;
        o.leaders = false;
        return o;
    }();

    // The least height (or width) of all its forms, wrapped ones included.
    double smallest(double text_extent::*dimension) const {
        double least = INFINITY;
        for (const auto& f : forms)
            least = std::min(least, f.metrics.extent.*dimension);
        return least;
    }
};

TEST(label_forms, a_unit_too_short_for_every_form_is_known_from_the_one_line_forms_alone) {
    long_label l;
    auto& [s, st, text, forms, tolerance, no_leaders] = l;
    // the shortest of all forms, wrapped ones included, shrunk by the tolerance on each side
    const double shortest = l.smallest(&text_extent::height);
    const double tallest_refused = shortest - 2 * tolerance - 0.5;
    ASSERT_GT(tallest_refused, 1);
    for (double h = 1; h <= 30; h += 0.25) {
        const auto room = coopatlas::geometry::envelope(band(h));
        const bool none = no_form_fits_in(s.shaper, text, st, 0, room, tolerance);
        EXPECT_EQ(none, h <= tallest_refused) << h;
        const auto placed = place_labels({request_in(forms, band(h))}, {0, 0, 400, 400}, {}, no_leaders).placed;
        // refused: the placer, trying every form at the anchor and inside, finds no room either
        if (none) {
            EXPECT_TRUE(placed.empty()) << "a form fits in a unit " << h << " tall";
        }
        // a unit a little taller than that takes the shortest form
        if (h >= tallest_refused + 1) {
            EXPECT_EQ(placed.size(), 1u) << h;
        }
    }
    // an empty room refuses nothing
    EXPECT_FALSE(no_form_fits_in(s.shaper, text, st, 0, coopatlas::geometry::box{}, tolerance));
}

TEST(label_forms, a_unit_too_narrow_for_every_form_is_known_from_the_one_line_forms_and_the_words) {
    long_label l;
    auto& [s, st, text, forms, tolerance, no_leaders] = l;
    // the narrowest form (three lines at 7 points), shrunk by the tolerance on each side
    const double narrowest = l.smallest(&text_extent::width);
    int refused = 0;
    for (double w = 1; w <= 80; w += 0.5) {
        const bool none = no_form_fits_in(s.shaper, text, st, 0, coopatlas::geometry::envelope(column(w)), tolerance);
        const auto placed = place_labels({request_in(forms, column(w))}, {0, 0, 400, 400}, {}, no_leaders).placed;
        if (none) {
            ++refused;
            EXPECT_TRUE(placed.empty()) << "a form fits in a unit " << w << " wide";
        }
        // wide enough for the narrowest form: never refused, and placed
        if (w >= narrowest - 2 * tolerance + 1) {
            EXPECT_FALSE(none) << w;
            EXPECT_EQ(placed.size(), 1u) << w;
        }
    }
    // refused up to about the widest word ("Zemmour-" at 7 points), less the tolerance
    EXPECT_GE(refused, 20);
}

} // namespace
