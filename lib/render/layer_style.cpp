#include <coopatlas/render/layer_style.hpp>

#include <array>

namespace coopatlas::render {

const char* kind_name(const layer_style& style) noexcept {
    constexpr std::array<const char*, 8> names{"polygons", "lines",  "circles",   "flows",
                                               "points",   "labels", "graticule", "background"};
    static_assert(std::variant_size_v<layer_style> == names.size(), "every kind needs a name");
    return names[style.index()];
}

} // namespace coopatlas::render
