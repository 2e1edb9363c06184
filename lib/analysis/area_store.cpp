#include "analysis/area_store.hpp"

#include "geometry/proj_release.hpp"

#include <geos_c.h>

#include <string>

namespace coopatlas::analysis::detail {

namespace {

constexpr const char* extension = ".areas";

std::string store_key() {
    return "unit areas\nPROJ " + geometry::detail::proj_release() + "\nGEOS " + GEOSversion();
}

} // namespace

stored_areas read_stored_areas() {
    return read_polygon_values<unit_area>(store_key, extension, sizeof(double) + 1, [](io::detail::byte_reader& r) {
        unit_area a;
        a.km2 = r.f64();
        a.repaired = r.u8() != 0;
        return a;
    });
}

void store_areas(const stored_areas& areas) noexcept {
    write_polygon_values(store_key, extension, areas, most_areas_stored,
                         [](io::detail::byte_writer& w, const unit_area& a) {
                             w.f64(a.km2);
                             w.u8(a.repaired ? 1 : 0);
                         });
}

} // namespace coopatlas::analysis::detail
