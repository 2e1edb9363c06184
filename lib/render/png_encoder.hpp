#pragma once
// PNG encoding of Cairo image data, faster than cairo_surface_write_to_png: the
// "Up" filter fused with the pixel conversion, rows filtered in parallel, and the
// zlib stream made by GDAL's CPLZLibDeflate (libdeflate when GDAL has it). Exported for
// the render tests only.

#include <coopatlas/config.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

namespace coopatlas::render::detail {

/// Pixel layout of the input rows: Cairo's native-endian 32-bit pixels.
enum class pixel_format {
    rgb24,  // 0x00RRGGBB, written as 8-bit RGB
    argb32, // premultiplied 0xAARRGGBB, written as 8-bit RGBA (straight alpha)
};

/// Converts and filters rows [first, last) of an image into `out` (one filter byte and
/// the pixel bytes per row, at row offset y × (1 + bytes per row)).
COOPATLAS_API void filter_rows(const unsigned char* data, int width, int stride, pixel_format format, int first,
                               int last, unsigned char* out);

/// Size in bytes of the filtered image (what filter_rows fills for every row).
COOPATLAS_API std::size_t filtered_size(int width, int height, pixel_format format);

/// A complete PNG file of already filtered rows; `dpi` goes into a pHYs chunk (0 = none).
COOPATLAS_API std::string encode_png(const unsigned char* filtered, std::size_t size, int width, int height,
                                     pixel_format format, double dpi, int level = 2);

/// A complete PNG file of a whole image in Cairo's layout (rows `stride` bytes apart),
/// filtered on this thread: filter_rows, then encode_png.
COOPATLAS_API std::string encode_image_png(const unsigned char* data, int width, int height, int stride,
                                           pixel_format format, double dpi);

/// encode_image_png over an image nobody needs after: each row is filtered over the pixels
/// it came from (a filtered row, one filter byte and 3 or 4 bytes a pixel, is never longer
/// than the `stride` of Cairo's 4 bytes a pixel, and rows go down), so no second buffer of
/// the image's size is made. The pixels are lost.
COOPATLAS_API std::string encode_image_png_in_place(unsigned char* data, int width, int height, int stride,
                                                    pixel_format format, double dpi);

/// CRC-32 (ISO 3309, as PNG chunks use), continuing from `crc` (0 to start).
COOPATLAS_API std::uint32_t crc32(const unsigned char* data, std::size_t n, std::uint32_t crc = 0);

} // namespace coopatlas::render::detail
