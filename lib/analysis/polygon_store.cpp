#include "analysis/polygon_store.hpp"

#include <bit>
#include <functional>
#include <string_view>

namespace coopatlas::analysis::detail {

namespace {

std::string_view bytes_of(const geometry::ring& r) {
    static_assert(sizeof(geometry::point) == 2 * sizeof(double), "points are two packed doubles");
    return {reinterpret_cast<const char*>(r.data()), r.size() * sizeof(geometry::point)};
}

} // namespace

polygon_key key_of(const geometry::multi_polygon& poly) {
    polygon_key k;
    auto add = [&k](const geometry::ring& r) {
        const std::string_view b = bytes_of(r);
        // ring by ring, so that where one ring ends and the next starts counts too
        k.first = (std::rotl(k.first, 17) ^ io::detail::payload_checksum(b)) * 0x9E3779B97F4A7C15ull;
        k.second = (k.second ^ std::hash<std::string_view>{}(b)) * 0x100000001B3ull + r.size();
        k.vertices += r.size();
    };
    for (const auto& part : poly) {
        add(part.outer);
        for (const auto& hole : part.inners)
            add(hole);
        k.first ^= 0xA5A5A5A5A5A5A5A5ull; // a part ends
        k.second = std::rotl(k.second, 29);
    }
    return k;
}

} // namespace coopatlas::analysis::detail
