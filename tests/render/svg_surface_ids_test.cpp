// A book's page SVGs depend on the page alone, not on what the process drew before them:
// Cairo names SVG surfaces after a counter of the whole process.

#include "render/svg_surface_ids.hpp"

#include "test_support.hpp"

#include <coopatlas/render/book.hpp>

#include <cairo.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace coopatlas::test {
namespace {

namespace fs = std::filesystem;
using render::detail::number_surfaces_in_order;

TEST(svg_surface_ids, are_numbered_in_order_of_first_appearance) {
    // written by hand: a page group and a pattern drawing another surface twice
    const std::string page = R"svg(<g id="surface2849"><pattern id="pattern0"><use xlink:href="#surface2851"/></pattern>)svg"
                             R"svg(<use xlink:href="#surface2851"/><rect fill="url(#surface2849)"/></g>)svg";
    EXPECT_EQ(number_surfaces_in_order(page),
              R"svg(<g id="surface1"><pattern id="pattern0"><use xlink:href="#surface2"/></pattern>)svg"
              R"svg(<use xlink:href="#surface2"/><rect fill="url(#surface1)"/></g>)svg");
    // a word that is not a name is left as it is
    EXPECT_EQ(number_surfaces_in_order("surface12 <desc>surface</desc> id=\"surface\""),
              "surface12 <desc>surface</desc> id=\"surface\"");
    EXPECT_EQ(number_surfaces_in_order(""), "");
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

TEST(svg_surface_ids, a_book_page_svg_is_the_same_after_other_drawings) {
    const std::string spec = write_temp("svg_surface_ids_book.yaml", "title: Regions\nsubtitle: one page\n");
    const fs::path dir = fs::path(spec).parent_path();
    render::book_options o;
    o.atlas = &embedded_atlas();
    o.svg_dir = (dir / "svg_surface_ids_first").string();
    (void)render::render_book(spec, o);
    // other surfaces drawn in between move Cairo's counter
    for (int i = 0; i < 7; ++i)
        cairo_surface_destroy(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 4, 4));
    o.svg_dir = (dir / "svg_surface_ids_second").string();
    (void)render::render_book(spec, o);
    const std::string first = slurp(dir / "svg_surface_ids_first" / "page-001.svg");
    ASSERT_NE(first.find("id=\"surface1\""), std::string::npos) << first.substr(0, 400);
    EXPECT_EQ(first, slurp(dir / "svg_surface_ids_second" / "page-001.svg"));
}

} // namespace
} // namespace coopatlas::test
