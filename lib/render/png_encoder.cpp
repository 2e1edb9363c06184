#include "render/png_encoder.hpp"

#include <coopatlas/error.hpp>

#include <libdeflate.h>

#include <array>
#include <cmath>
#include <cstring>
#include <memory>
#include <vector>

namespace coopatlas::render::detail {

namespace {

constexpr std::array<std::uint32_t, 256> crc_table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t n = 0; n < 256; ++n) {
        std::uint32_t c = n;
        for (int k = 0; k < 8; ++k)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        t[n] = c;
    }
    return t;
}();

int bytes_per_pixel(pixel_format f) {
    return f == pixel_format::rgb24 ? 3 : 4;
}

void put32(std::string& out, std::uint32_t v) {
    out += static_cast<char>((v >> 24) & 0xff);
    out += static_cast<char>((v >> 16) & 0xff);
    out += static_cast<char>((v >> 8) & 0xff);
    out += static_cast<char>(v & 0xff);
}

void chunk(std::string& out, const char type[4], const unsigned char* data, std::size_t n) {
    put32(out, static_cast<std::uint32_t>(n));
    const std::size_t start = out.size();
    out.append(type, 4);
    if (n) out.append(reinterpret_cast<const char*>(data), n);
    put32(out, crc32(reinterpret_cast<const unsigned char*>(out.data() + start), n + 4));
}

// One row of Cairo pixels as PNG bytes.
void convert_row(const unsigned char* src, int width, pixel_format format, unsigned char* dst) {
    const auto* px = reinterpret_cast<const std::uint32_t*>(src);
    if (format == pixel_format::rgb24) {
        for (int x = 0; x < width; ++x) {
            const std::uint32_t p = px[x];
            dst[0] = static_cast<unsigned char>(p >> 16);
            dst[1] = static_cast<unsigned char>(p >> 8);
            dst[2] = static_cast<unsigned char>(p);
            dst += 3;
        }
    } else {
        for (int x = 0; x < width; ++x) {
            const std::uint32_t p = px[x];
            const unsigned a = p >> 24;
            unsigned r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
            if (a != 0 && a != 255) { // un-premultiply, rounding to nearest
                r = (r * 255 + a / 2) / a;
                g = (g * 255 + a / 2) / a;
                b = (b * 255 + a / 2) / a;
            }
            dst[0] = static_cast<unsigned char>(r);
            dst[1] = static_cast<unsigned char>(g);
            dst[2] = static_cast<unsigned char>(b);
            dst[3] = static_cast<unsigned char>(a);
            dst += 4;
        }
    }
}

} // namespace

std::uint32_t crc32(const unsigned char* data, std::size_t n, std::uint32_t crc) {
    std::uint32_t c = crc ^ 0xFFFFFFFFu;
    for (std::size_t i = 0; i < n; ++i)
        c = crc_table[(c ^ data[i]) & 0xff] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

std::size_t filtered_size(int width, int height, pixel_format format) {
    return static_cast<std::size_t>(height) * (1 + static_cast<std::size_t>(width) * bytes_per_pixel(format));
}

void filter_rows(const unsigned char* data, int width, int stride, pixel_format format, int first, int last,
                 unsigned char* out) {
    const std::size_t row_bytes = static_cast<std::size_t>(width) * bytes_per_pixel(format);
    std::vector<unsigned char> prev(row_bytes, 0), cur(row_bytes);
    if (first > 0) convert_row(data + static_cast<std::size_t>(first - 1) * stride, width, format, prev.data());
    for (int y = first; y < last; ++y) {
        convert_row(data + static_cast<std::size_t>(y) * stride, width, format, cur.data());
        unsigned char* o = out + static_cast<std::size_t>(y) * (1 + row_bytes);
        // "Up": flat areas and vertical edges become runs of zeros that deflate well.
        o[0] = 2;
        for (std::size_t i = 0; i < row_bytes; ++i)
            o[1 + i] = static_cast<unsigned char>(cur[i] - prev[i]);
        prev.swap(cur);
    }
}

std::string encode_image_png(const unsigned char* data, int width, int height, int stride, pixel_format format,
                             double dpi) {
    // Left uninitialised: filter_rows writes every byte (a filter byte and the row, for each row).
    const std::size_t size = filtered_size(width, height, format);
    const std::unique_ptr<unsigned char[]> filtered(new unsigned char[size]);
    filter_rows(data, width, stride, format, 0, height, filtered.get());
    return encode_png(filtered.get(), size, width, height, format, dpi);
}

std::string encode_image_png_in_place(unsigned char* data, int width, int height, int stride, pixel_format format,
                                      double dpi) {
    const std::size_t row_bytes = filtered_size(width, 1, format);
    if (stride < 0 || row_bytes > static_cast<std::size_t>(stride)) // rows would overtake the pixels they come from
        return encode_image_png(data, width, height, stride, format, dpi);
    filter_rows(data, width, stride, format, 0, height, data);
    return encode_png(data, filtered_size(width, height, format), width, height, format, dpi);
}

std::string encode_png(const unsigned char* filtered, std::size_t size, int width, int height, pixel_format format,
                       double dpi, int level) {
    // libdeflate (as GDAL's own PNG driver uses): one call over the whole buffer
    const std::unique_ptr<libdeflate_compressor, decltype(&libdeflate_free_compressor)> compressor(
        libdeflate_alloc_compressor(level), &libdeflate_free_compressor);
    if (!compressor) throw error("PNG: compressing the image failed (out of memory?)");
    const std::size_t bound = libdeflate_zlib_compress_bound(compressor.get(), size);
    const std::unique_ptr<unsigned char[]> z(new unsigned char[bound]); // uninitialised: written by deflate
    const std::size_t compressed_size = libdeflate_zlib_compress(compressor.get(), filtered, size, z.get(), bound);
    if (compressed_size == 0) throw error("PNG: compressing the image failed");

    std::string out;
    out.reserve(compressed_size + 128);
    out.append("\x89PNG\r\n\x1a\n", 8);
    unsigned char ihdr[13];
    auto be32 = [](unsigned char* p, std::uint32_t v) {
        p[0] = static_cast<unsigned char>(v >> 24);
        p[1] = static_cast<unsigned char>(v >> 16);
        p[2] = static_cast<unsigned char>(v >> 8);
        p[3] = static_cast<unsigned char>(v);
    };
    be32(ihdr, static_cast<std::uint32_t>(width));
    be32(ihdr + 4, static_cast<std::uint32_t>(height));
    ihdr[8] = 8;                                     // bit depth
    ihdr[9] = format == pixel_format::rgb24 ? 2 : 6; // truecolour, with alpha for argb32
    ihdr[10] = ihdr[11] = ihdr[12] = 0;              // deflate, adaptive filters, no interlace
    chunk(out, "IHDR", ihdr, sizeof ihdr);
    if (dpi > 0) {
        unsigned char phys[9];
        const auto ppm = static_cast<std::uint32_t>(std::lround(dpi / 0.0254));
        be32(phys, ppm);
        be32(phys + 4, ppm);
        phys[8] = 1; // metres
        chunk(out, "pHYs", phys, sizeof phys);
    }
    chunk(out, "IDAT", z.get(), compressed_size);
    chunk(out, "IEND", nullptr, 0);
    return out;
}

} // namespace coopatlas::render::detail
