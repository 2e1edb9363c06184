// The forms an area label is tried in: wrapped at spaces and after hyphens, then smaller.
#include "render/label_forms.hpp"

#include <coopatlas/render/layer_style.hpp>

#include <cairo.h>
#include <gtest/gtest.h>

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

} // namespace
