#include "render/wkt.hpp"

#include "io/gdal_module.hpp"

namespace coopatlas::render::detail {

geometry::geometry parse_wkt(const std::string& wkt) {
    return io::detail::gdal().parse_wkt(wkt);
}

} // namespace coopatlas::render::detail
