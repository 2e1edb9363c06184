// Outputs of the renderer: PNG at any scale (size, resolution chunk, antialiasing, the
// same pixels whatever the number of drawing threads), PDF with vectors and fonts only,
// files written atomically and never over an input; palettes as published.

#include "test_support.hpp"

#include <coopatlas/error.hpp>
#include <coopatlas/render/image.hpp>
#include <coopatlas/render/map_renderer.hpp>
#include <coopatlas/render/map_spec.hpp>
#include <coopatlas/render/palettes.hpp>

#include "render/png_encoder.hpp"

#include <gtest/gtest.h>

#include <cairo.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>
#include <vector>

namespace {

using namespace coopatlas;
using namespace coopatlas::render;

const char* small_map = R"yaml(
title: Outputs
size: [400, 300]
credits: ["inline data"]
projection: lonlat
extent: [0, 0, 4, 3]
layers:
  - kind: polygons
    title: Value
    breaks: [0, 1, 2]
    features:
      - {wkt: "POLYGON((0.2 0.2, 1.8 0.2, 1.8 2.8, 0.2 2.8, 0.2 0.2))", value: 0.5}
      - {wkt: "POLYGON((2.2 0.2, 3.8 0.2, 3.8 2.8, 2.2 2.8, 2.2 0.2))", value: 1.5}
  - kind: labels
    features:
      - {point: [1, 1.5], label: "Ouest"}
      - {point: [3, 1.5], label: "Est"}
)yaml";

std::uint32_t be32(const std::string& s, std::size_t at) {
    return (std::uint32_t(static_cast<unsigned char>(s[at])) << 24) |
           (std::uint32_t(static_cast<unsigned char>(s[at + 1])) << 16) |
           (std::uint32_t(static_cast<unsigned char>(s[at + 2])) << 8) |
           std::uint32_t(static_cast<unsigned char>(s[at + 3]));
}

TEST(png_output, size_resolution_and_antialiasing) {
    const map_spec s = parse_map_spec(small_map, ".", "small");
    const map_renderer r(s.page);
    for (double scale : {1.0, 2.5}) {
        const std::string png = r.render(output_format::png, {scale});
        ASSERT_GT(png.size(), 33u);
        EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
        EXPECT_EQ(png.substr(12, 4), "IHDR");
        EXPECT_EQ(be32(png, 16), static_cast<std::uint32_t>(400 * scale));
        EXPECT_EQ(be32(png, 20), static_cast<std::uint32_t>(300 * scale));
        // pHYs follows IHDR: pixels per metre = dpi / 0.0254 with dpi = 96 × scale.
        const auto phys = png.find("pHYs");
        ASSERT_NE(phys, std::string::npos);
        EXPECT_EQ(be32(png, phys + 4), static_cast<std::uint32_t>(std::lround(96 * scale / 0.0254)));
        const image img = decode_png(png);
        EXPECT_EQ(img.width, static_cast<int>(400 * scale));
        // Antialiased: the edges of the slanted arrow and round shapes produce colours
        // between the fills, so the image holds far more colours than the style uses.
        std::set<std::uint32_t> colours;
        for (std::size_t i = 0; i < img.rgba.size(); i += 4)
            colours.insert((std::uint32_t(img.rgba[i]) << 16) | (std::uint32_t(img.rgba[i + 1]) << 8) |
                           img.rgba[i + 2]);
        EXPECT_GT(colours.size(), 100u);
    }
}

TEST(png_output, same_picture_with_one_or_several_threads) {
    map_spec s = parse_map_spec(small_map, ".", "small");
    s.page.width = 1200; // large enough to be drawn in bands
    s.page.height = 900;
    const map_renderer r(s.page);
    setenv("COOPATLAS_RENDER_THREADS", "1", 1);
    const image one = decode_png(r.render(output_format::png));
    setenv("COOPATLAS_RENDER_THREADS", "3", 1);
    const image three = decode_png(r.render(output_format::png));
    unsetenv("COOPATLAS_RENDER_THREADS");
    // Bands start on whole pixels and long paths are cut with a margin: the picture is the
    // same up to the rounding of the cut points (one level on a handful of pixels).
    const auto d = compare_images(three, one, 1);
    EXPECT_TRUE(d.same_size);
    EXPECT_EQ(d.differing, 0u);
    EXPECT_LT(compare_images(three, one, 0).differing, 50u);
}

// draw() on a clipped context draws only the items that can show through the clip, whole:
// a book's page image drawn as two bands, each a surface over its rows of one buffer, has
// every byte of the image drawn at once. The label "Ouest" and both polygons cross the line
// between the bands; the title lies in the top band only.
TEST(map_drawing, two_bands_are_the_image_drawn_at_once) {
    const map_spec s = parse_map_spec(small_map, ".", "small");
    const map_renderer r(s.page);
    const double scale = 1.5;
    const int w = static_cast<int>(s.page.width * scale), h = static_cast<int>(s.page.height * scale);
    const int stride = cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, w);
    auto draw_rows = [&](std::vector<unsigned char>& pixels, int first, int last) {
        cairo_surface_t* surface = cairo_image_surface_create_for_data(
            pixels.data() + static_cast<std::size_t>(first) * stride, CAIRO_FORMAT_RGB24, w, last - first, stride);
        cairo_t* cr = cairo_create(surface);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_paint(cr);
        cairo_translate(cr, 0, -first);
        cairo_scale(cr, scale, scale);
        r.draw(cr);
        ASSERT_EQ(cairo_status(cr), CAIRO_STATUS_SUCCESS);
        cairo_destroy(cr);
        cairo_surface_flush(surface);
        cairo_surface_destroy(surface);
    };
    std::vector<unsigned char> whole(static_cast<std::size_t>(stride) * h), bands(whole.size());
    draw_rows(whole, 0, h);
    const int middle = h / 2; // through the labels (latitude 1.5 of 0 to 3) and both polygons
    draw_rows(bands, 0, middle);
    draw_rows(bands, middle, h);
    std::size_t differing = 0, coloured = 0;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const std::size_t at = static_cast<std::size_t>(y) * stride + 4 * static_cast<std::size_t>(x);
            if (std::memcmp(&whole[at], &bands[at], 3) != 0) ++differing; // blue, green, red
            if (whole[at] != whole[at + 2]) ++coloured;
        }
    EXPECT_EQ(differing, 0u);
    EXPECT_GT(coloured, static_cast<std::size_t>(w) * h / 4); // the polygons were drawn in both
}

TEST(png_output, encoder_writes_what_a_decoder_reads) {
    // Cairo-layout pixels (premultiplied ARGB) through the project's encoder, read back by Cairo.
    const int w = 5, h = 4;
    std::vector<std::uint32_t> px(w * h);
    for (int i = 0; i < w * h; ++i)
        px[i] = 0xff000000u | (std::uint32_t(i * 13) << 16) | (std::uint32_t(255 - i) << 8) | std::uint32_t(i * 7);
    px[3] = 0x80402010u; // half transparent, premultiplied
    const auto* data = reinterpret_cast<const unsigned char*>(px.data());
    std::vector<unsigned char> filtered(detail::filtered_size(w, h, detail::pixel_format::argb32));
    detail::filter_rows(data, w, w * 4, detail::pixel_format::argb32, 0, h, filtered.data());
    const image img =
        decode_png(detail::encode_png(filtered.data(), filtered.size(), w, h, detail::pixel_format::argb32, 0));
    ASSERT_EQ(img.width, w);
    const auto* p = img.pixel(1, 0);
    EXPECT_EQ(p[0], 13);
    EXPECT_EQ(p[1], 254);
    EXPECT_EQ(p[2], 7);
    EXPECT_EQ(p[3], 255);
    const auto* q = img.pixel(3, 0); // 0x40/0x80 → 0x80 straight, 0x20 → 0x40, 0x10 → 0x20
    EXPECT_EQ(q[3], 0x80);
    EXPECT_NEAR(q[0], 0x80, 1);
    EXPECT_NEAR(q[1], 0x40, 1);
    EXPECT_NEAR(q[2], 0x20, 1);
    // The CRC of PNG chunks is the ISO 3309 CRC-32: "123456789" → CBF43926.
    const std::string check = "123456789";
    EXPECT_EQ(detail::crc32(reinterpret_cast<const unsigned char*>(check.data()), check.size()), 0xCBF43926u);
}

TEST(png_output, an_image_filtered_over_its_own_pixels_decodes_to_them) {
    // Opaque RGB24 pixels, rows padded past the 4 bytes a pixel (as a caller's stride may be):
    // each filtered row lands over the rows already read, and the decoder gets every pixel back.
    const int w = 7, h = 5, stride = 4 * w + 8;
    std::vector<unsigned char> pixels(static_cast<std::size_t>(stride) * h, 0xEE);
    const auto rgb = [](int x, int y) {
        return std::array<unsigned char, 3>{static_cast<unsigned char>(30 * x + y),
                                            static_cast<unsigned char>(200 - 9 * y),
                                            static_cast<unsigned char>(x * y * 5)};
    };
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const auto [r, g, b] = rgb(x, y);
            const std::uint32_t p = 0xff000000u | (std::uint32_t(r) << 16) | (std::uint32_t(g) << 8) | b;
            std::memcpy(&pixels[static_cast<std::size_t>(y) * stride + 4 * static_cast<std::size_t>(x)], &p, 4);
        }
    const image img =
        decode_png(detail::encode_image_png_in_place(pixels.data(), w, h, stride, detail::pixel_format::rgb24, 0));
    ASSERT_EQ(img.width, w);
    ASSERT_EQ(img.height, h);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const auto [r, g, b] = rgb(x, y);
            const auto* p = img.pixel(x, y);
            ASSERT_EQ(p[0], r) << x << "," << y;
            ASSERT_EQ(p[1], g) << x << "," << y;
            ASSERT_EQ(p[2], b) << x << "," << y;
        }
    // ARGB32 rows filtered are a byte longer than Cairo's 4 bytes a pixel: filtered apart
    std::vector<std::uint32_t> argb(w * h);
    for (std::uint32_t i = 0; i < argb.size(); ++i)
        argb[i] = 0xff000000u | ((i * 37) & 0xff) << 16 | ((i * 11) & 0xff) << 8 | ((i * 3) & 0xff);
    const std::vector<std::uint32_t> drawn = argb;
    const image back = decode_png(detail::encode_image_png_in_place(reinterpret_cast<unsigned char*>(argb.data()), w, h,
                                                                    w * 4, detail::pixel_format::argb32, 0));
    ASSERT_EQ(back.height, h);
    for (int i = 0; i < w * h; ++i) {
        const auto* p = back.pixel(i % w, i / w);
        ASSERT_EQ(p[0], (drawn[i] >> 16) & 0xff) << i;
        ASSERT_EQ(p[1], (drawn[i] >> 8) & 0xff) << i;
        ASSERT_EQ(p[2], drawn[i] & 0xff) << i;
        ASSERT_EQ(p[3], 0xff) << i;
    }
}

TEST(pdf_output, vectors_and_fonts_only) {
    const map_spec s = parse_map_spec(small_map, ".", "small");
    const map_renderer r(s.page);
    const std::string pdf = r.render(output_format::pdf);
    EXPECT_EQ(pdf.substr(0, 5), "%PDF-");
    EXPECT_NE(pdf.find("/FontFile"), std::string::npos);       // glyphs embedded as a font: text stays text
    EXPECT_EQ(pdf.find("/Subtype /Image"), std::string::npos); // nothing rasterised
    // Page size in points: 400 × 300 px at 96 dpi = 300 × 225 pt.
    EXPECT_NE(pdf.find("/MediaBox [ 0 0 300 225 ]"), std::string::npos);
}

TEST(file_output, atomic_and_never_over_an_input) {
    const map_spec s = parse_map_spec(small_map, ".", "small");
    const map_renderer r(s.page);
    const std::filesystem::path dir = std::filesystem::path(COOPATLAS_TEST_OUTPUT) / "render_files";
    std::filesystem::create_directories(dir);
    for (const char* name : {"m.png", "m.svg", "m.pdf"}) {
        const auto path = (dir / name).string();
        r.render_to_file(path);
        EXPECT_TRUE(std::filesystem::exists(path));
        EXPECT_GT(std::filesystem::file_size(path), 100u);
    }
    // Only the outputs are left: no temporary file stays behind.
    std::size_t files = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        files += e.is_regular_file();
    EXPECT_EQ(files, 3u);
    const std::string input = (dir / "m.svg").string();
    const auto before = std::filesystem::file_size(input);
    EXPECT_THROW(r.render_to_file(input, {}, {input}), error);
    EXPECT_EQ(std::filesystem::file_size(input), before);
    EXPECT_THROW(r.render_to_file((dir / "m.jpg").string()), error);
    EXPECT_THROW(r.render_to_file((dir / "missing" / "m.png").string()), error);
}

TEST(palettes, match_the_published_tables) {
    // ColorBrewer YlGnBu, 5 classes (colorbrewer2.org).
    const auto ylgnbu = palette("YlGnBu", 5);
    const char* expected[] = {"#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"};
    ASSERT_EQ(ylgnbu.size(), 5u);
    for (int i = 0; i < 5; ++i)
        EXPECT_EQ(to_hex(ylgnbu[i]), expected[i]);
    // Diverging RdBu, 3 classes: red, white, blue.
    const auto rdbu = palette("rdbu", 3);
    EXPECT_EQ(to_hex(rdbu[0]), "#ef8a62");
    EXPECT_EQ(to_hex(rdbu[1]), "#f7f7f7");
    EXPECT_EQ(to_hex(rdbu[2]), "#67a9cf");
    // viridis ends: #440154 and #fde725.
    const auto v = palette("viridis", 2);
    EXPECT_EQ(to_hex(v[0]), "#440154");
    EXPECT_EQ(to_hex(v[1]), "#fde725");
    EXPECT_EQ(palette("viridis", 7).size(), 7u);
    // Reversal, limits, names.
    const auto rev = palette("Blues-r", 4);
    EXPECT_EQ(rev.front(), palette("Blues", 4).back());
    EXPECT_THROW((void)palette("Blues", 10), error);
    EXPECT_THROW((void)palette("Rainbow", 5), error);
    EXPECT_THROW((void)palette("Blues", 0), error);
    EXPECT_EQ(palette("PuOr", 11).size(), 11u);
    for (const auto& info : palettes())
        EXPECT_TRUE(info.colorblind_safe) << info.name;
}

TEST(layout, furniture_stays_on_the_page_and_off_the_frames) {
    const map_spec s = parse_map_spec(small_map, ".", "small");
    const map_renderer r(s.page);
    const auto& rep = r.report();
    ASSERT_EQ(rep.frames.size(), 1u);
    const auto& f = rep.frames[0].page_box;
    const geometry::box page{0, 0, 400, 300};
    EXPECT_TRUE(page.contains({f.min_x, f.min_y}) && page.contains({f.max_x, f.max_y}));
    ASSERT_FALSE(rep.legend_box.empty());
    EXPECT_TRUE(page.contains({rep.legend_box.max_x, rep.legend_box.max_y}));
    EXPECT_GE(rep.legend_box.min_x, f.max_x); // the legend panel sits right of the frame
    // The scale bar and north arrow lie inside their frame.
    const auto& sb = rep.frames[0].scale_bar.bounds;
    EXPECT_TRUE(f.contains({sb.min_x, sb.min_y}) && f.contains({sb.max_x, sb.max_y}));
    const auto& na = rep.frames[0].north_arrow;
    EXPECT_TRUE(f.contains({na.min_x, na.min_y}) && f.contains({na.max_x, na.max_y}));
    // Labels avoid the furniture.
    for (const auto& l : rep.labels) {
        EXPECT_FALSE(l.bounds.intersects(sb) && l.bounds.max_x > sb.min_x && sb.max_x > l.bounds.min_x) << l.text;
    }
}

TEST(layout, an_inset_sits_in_its_host_s_top_left_corner_at_its_share_of_the_width) {
    map_spec s = parse_map_spec(small_map, ".", "small");
    frame inset = s.page.frames[0];
    inset.id = "inset";
    inset.title.clear();
    inset.extent = {0, 0, 2, 1};  // lon/lat, drawn in lon/lat: 2 units wide for 1 high
    inset.inset_of = 0;
    inset.inset_size = 0.25;
    s.page.frames.push_back(inset);
    const map_renderer r(s.page);
    const auto& rep = r.report();
    ASSERT_EQ(rep.frames.size(), 2u);
    const auto& host = rep.frames[0].page_box;
    const auto& b = rep.frames[1].page_box;
    // a 400 x 300 page: base text size clamp(300 / 75, 8, 22) = 8, inset padding 0.8 base
    const double pad = 6.4, width = 0.25 * (host.max_x - host.min_x);
    EXPECT_NEAR(b.min_x, host.min_x + pad, 1e-9);
    EXPECT_NEAR(b.min_y, host.min_y + pad, 1e-9);
    EXPECT_NEAR(b.max_x - b.min_x, width, 1e-9);
    EXPECT_NEAR(b.max_y - b.min_y, width / 2, 1e-9);
    // the host keeps its size, and its labels stay off the inset
    const map_renderer alone(parse_map_spec(small_map, ".", "small").page);
    const auto& a = alone.report().frames[0].page_box;
    EXPECT_NEAR(host.max_x - host.min_x, a.max_x - a.min_x, 1e-9);
    std::size_t host_labels = 0;
    for (const auto& l : rep.labels)
        if (l.layer_id.rfind("inset", 0) != 0) {  // layers are named after their frame
            ++host_labels;
            EXPECT_FALSE(l.bounds.intersects(b)) << l.layer_id << " " << l.text;
        }
    EXPECT_EQ(host_labels, 2u);
}

TEST(layout, an_inset_of_a_later_frame_is_an_error) {
    map_spec s = parse_map_spec(small_map, ".", "small");
    s.page.frames[0].inset_of = 0;
    EXPECT_THROW(map_renderer{s.page}, coopatlas::error);
}

} // namespace

namespace {

// A frame of 4 × 3 degrees with the legend `inside`, and points in two of its corners.
std::string corner_map(const std::string& points) {
    return "size: [400, 300]\nprojection: lonlat\nextent: [0, 0, 4, 3]\nlegend: inside\nlayers:\n"
           "  - kind: points\n    title: Towns\n    features:\n" + points;
}

std::string points_near(double x, double y, int n) {
    std::string out;
    for (int i = 0; i < n; ++i)
        out += "      - {point: [" + std::to_string(x + 0.05 * i) + ", " + std::to_string(y) + "]}\n";
    return out;
}

} // namespace

TEST(layout, an_inside_legend_takes_the_corner_that_hides_least) {
    // the scale bar holds the bottom-left corner and the north arrow the top-right one: the
    // legend goes to the free corner without points (bottom right), then to the one with fewer
    for (const auto& [points, want_left, want_top] :
         {std::tuple{points_near(0.25, 2.85, 3), false, false},                                // towns top left
          std::tuple{points_near(0.25, 2.85, 2) + points_near(3.55, 0.2, 6), true, true}}) {  // more bottom right
        const map_spec s = parse_map_spec(corner_map(points), ".", "corner");
        const map_renderer r(s.page);
        const auto& rep = r.report();
        ASSERT_FALSE(rep.legend_box.empty());
        const auto& f = rep.frames.at(0).page_box;
        const double cx = (rep.legend_box.min_x + rep.legend_box.max_x) / 2, cy = (rep.legend_box.min_y + rep.legend_box.max_y) / 2;
        EXPECT_EQ(cx < (f.min_x + f.max_x) / 2, want_left) << points;
        EXPECT_EQ(cy < (f.min_y + f.max_y) / 2, want_top) << points;
        EXPECT_TRUE(f.contains({rep.legend_box.min_x, rep.legend_box.min_y}) &&
                    f.contains({rep.legend_box.max_x, rep.legend_box.max_y}));
    }
}
