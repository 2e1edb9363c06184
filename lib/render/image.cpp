#include <coopatlas/error.hpp>
#include <coopatlas/render/image.hpp>

#include "render/cairo_backend.hpp"
#include "render/png_encoder.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

namespace coopatlas::render {

namespace {

struct reader_state {
    const std::string* bytes;
    std::size_t at = 0;
};

cairo_status_t read_bytes(void* closure, unsigned char* data, unsigned int length) {
    auto* st = static_cast<reader_state*>(closure);
    if (st->at + length > st->bytes->size()) return CAIRO_STATUS_READ_ERROR;
    std::memcpy(data, st->bytes->data() + st->at, length);
    st->at += length;
    return CAIRO_STATUS_SUCCESS;
}

} // namespace

image decode_png(const std::string& bytes) {
    reader_state st{&bytes};
    detail::cairo_surface_ptr s(cairo_image_surface_create_from_png_stream(read_bytes, &st));
    if (cairo_surface_status(s.get()) != CAIRO_STATUS_SUCCESS)
        throw error(std::string("cannot decode PNG: ") + cairo_status_to_string(cairo_surface_status(s.get())));
    cairo_surface_flush(s.get());
    image img;
    img.width = cairo_image_surface_get_width(s.get());
    img.height = cairo_image_surface_get_height(s.get());
    const int stride = cairo_image_surface_get_stride(s.get());
    const cairo_format_t format = cairo_image_surface_get_format(s.get());
    const unsigned char* data = cairo_image_surface_get_data(s.get());
    img.rgba.resize(static_cast<std::size_t>(img.width) * static_cast<std::size_t>(img.height) * 4);
    for (int y = 0; y < img.height; ++y) {
        const auto* row = reinterpret_cast<const std::uint32_t*>(data + static_cast<std::size_t>(y) * stride);
        for (int x = 0; x < img.width; ++x) {
            const std::uint32_t p = row[x];
            unsigned a = format == CAIRO_FORMAT_RGB24 ? 255 : p >> 24;
            unsigned r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
            if (a != 0 && a != 255) {
                r = std::min(255u, (r * 255 + a / 2) / a);
                g = std::min(255u, (g * 255 + a / 2) / a);
                b = std::min(255u, (b * 255 + a / 2) / a);
            }
            std::uint8_t* o = img.rgba.data() + (static_cast<std::size_t>(y) * img.width + x) * 4;
            o[0] = static_cast<std::uint8_t>(r);
            o[1] = static_cast<std::uint8_t>(g);
            o[2] = static_cast<std::uint8_t>(b);
            o[3] = static_cast<std::uint8_t>(a);
        }
    }
    return img;
}

image read_png(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw error("cannot read image '" + path + "'");
    std::stringstream buf;
    buf << in.rdbuf();
    try {
        return decode_png(buf.str());
    } catch (const error& e) {
        throw error("'" + path + "': " + e.what());
    }
}

std::string encode_png(const image& img) {
    if (img.empty() || img.rgba.size() != static_cast<std::size_t>(img.width) * img.height * 4)
        throw error("cannot encode an empty or malformed image");
    // Premultiplied native-endian pixels, as the encoder takes Cairo's layout.
    std::vector<std::uint32_t> px(static_cast<std::size_t>(img.width) * img.height);
    for (std::size_t i = 0; i < px.size(); ++i) {
        const std::uint8_t* p = img.rgba.data() + i * 4;
        const unsigned a = p[3];
        auto pm = [a](unsigned c) { return (c * a + 127) / 255; };
        px[i] = (a << 24) | (pm(p[0]) << 16) | (pm(p[1]) << 8) | pm(p[2]);
    }
    return detail::encode_image_png(reinterpret_cast<const unsigned char*>(px.data()), img.width, img.height,
                                    img.width * 4, detail::pixel_format::argb32, 0);
}

image_difference compare_images(const image& actual, const image& expected, int tolerance) {
    image_difference d;
    d.same_size = actual.width == expected.width && actual.height == expected.height;
    if (!d.same_size) {
        d.pixels = static_cast<std::size_t>(std::max(actual.width, expected.width)) *
                   static_cast<std::size_t>(std::max(actual.height, expected.height));
        d.differing = d.pixels;
        d.max_channel_delta = 255;
        return d;
    }
    d.pixels = static_cast<std::size_t>(actual.width) * actual.height;
    d.diff.width = actual.width;
    d.diff.height = actual.height;
    d.diff.rgba.resize(d.pixels * 4);
    for (std::size_t i = 0; i < d.pixels; ++i) {
        const std::uint8_t* a = actual.rgba.data() + i * 4;
        const std::uint8_t* e = expected.rgba.data() + i * 4;
        int worst = 0;
        for (int c = 0; c < 4; ++c)
            worst = std::max(worst, std::abs(int(a[c]) - int(e[c])));
        d.max_channel_delta = std::max(d.max_channel_delta, worst);
        std::uint8_t* o = d.diff.rgba.data() + i * 4;
        if (worst > tolerance) {
            ++d.differing;
            o[0] = 255;
            o[1] = 0;
            o[2] = 0;
            o[3] = 255;
        } else {
            // A faded grey copy of the expected image, so the red stands out.
            const int grey = (e[0] * 30 + e[1] * 59 + e[2] * 11) / 100;
            const auto v = static_cast<std::uint8_t>(255 - (255 - grey) / 4);
            o[0] = o[1] = o[2] = v;
            o[3] = 255;
        }
    }
    return d;
}

} // namespace coopatlas::render
