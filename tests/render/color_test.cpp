// Colours in specs: rgb()/rgba() components are plain finite numbers.

#include <coopatlas/error.hpp>
#include <coopatlas/render/color.hpp>

#include <gtest/gtest.h>

namespace cr = coopatlas::render;

TEST(color, rgb_components_are_plain_numbers_with_spaces_allowed) {
    EXPECT_EQ(cr::parse_color("rgba(255, 0, 51, +0.5)"), (cr::color{1, 0, 0.2, 0.5}));
    EXPECT_EQ(cr::parse_color("rgb( 0 ,255, 0 )"), (cr::color{0, 1, 0, 1}));
}

TEST(color, rgb_refuses_nan_infinity_and_units) {
    EXPECT_THROW((void)cr::parse_color("rgb(nan, 0, 0)"), coopatlas::error);
    EXPECT_THROW((void)cr::parse_color("rgba(0, 0, 0, inf)"), coopatlas::error);
    EXPECT_THROW((void)cr::parse_color("rgb(10%, 0, 0)"), coopatlas::error);
}
