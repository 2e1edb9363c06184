#pragma once
// Rings for the tests of projected rings: small circles anywhere on the globe.

#include <coopatlas/geometry/geometry.hpp>

#include <cmath>
#include <cstddef>

namespace coopatlas::render::detail {

/// A closed ring of n vertices (n + 1 with the closing one) on a circle of 2 degrees about (lon, lat).
inline geometry::ring circle(double lon, double lat, std::size_t n) {
    geometry::ring r;
    for (std::size_t i = 0; i < n; ++i) {
        const double a = 2 * M_PI * static_cast<double>(i) / static_cast<double>(n);
        r.push_back({lon + 2 * std::cos(a), lat + 2 * std::sin(a)});
    }
    r.push_back(r.front());
    return r;
}

} // namespace coopatlas::render::detail
