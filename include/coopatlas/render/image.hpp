#pragma once
/// \file
/// \brief Raster images in memory, PNG reading and writing, and the tolerant
/// comparison used by the reference-image tests (a per-channel tolerance and a
/// budget of differing pixels, as in Mapnik's visual tests but forgiving small
/// antialiasing and font differences between machines).
///
/// Thread safety: pure functions.

#include <coopatlas/config.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace coopatlas::render {

/// \brief An 8-bit RGBA image, straight (not premultiplied) alpha, rows top to bottom.
struct image {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgba{}; ///< width × height × 4 bytes

    [[nodiscard]] bool empty() const noexcept { return width <= 0 || height <= 0; }
    [[nodiscard]] const std::uint8_t* pixel(int x, int y) const noexcept {
        return rgba.data() +
               (static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x)) * 4;
    }
};

/// \brief Decodes PNG bytes (any colour type Cairo reads); throws coopatlas::error when they are not a PNG.
COOPATLAS_API image decode_png(const std::string& bytes);

/// \brief Reads a PNG file; throws coopatlas::error naming the file.
COOPATLAS_API image read_png(const std::string& path);

/// \brief PNG bytes of an image (RGBA).
COOPATLAS_API std::string encode_png(const image& img);

/// \brief How two images differ.
struct image_difference {
    bool same_size = false;
    std::size_t pixels = 0;    ///< pixels compared
    std::size_t differing = 0; ///< pixels with a channel further apart than the tolerance
    int max_channel_delta = 0; ///< largest difference of any channel
    image diff{};              ///< differing pixels in red over a faded copy of `expected`
};

/// \brief Compares two images channel by channel (alpha included). Images of different
/// sizes differ everywhere.
COOPATLAS_API image_difference compare_images(const image& actual, const image& expected, int tolerance);

} // namespace coopatlas::render
