#pragma once
// Rings already projected, found again by their coordinates. The layers and labels of a
// map often hold the same outlines: a background of countries, a choropleth of those
// countries and their labels each carry their own copy of every ring. Projecting a copy
// that was seen before costs a hash and a comparison instead of PROJ's work per vertex
// (a geodesic inverse per vertex in an ellipsoidal azimuthal projection).

#include <coopatlas/config.hpp>
#include <coopatlas/geometry/geometry.hpp>
#include <coopatlas/geometry/projection.hpp>

#include <cstddef>
#include <unordered_map>
#include <vector>

namespace coopatlas::render::detail {

class COOPATLAS_API projected_rings {
  public:
    explicit projected_rings(const geometry::projection& p) : projection_(p) {}

    /// Rings of fewer vertices are projected each time: hashing them would cost as much.
    static constexpr std::size_t least_kept = 48;

    /// `src` through the projection, vertex for vertex (points PROJ cannot take are
    /// non-finite, as projection::forward leaves them). The reference stays valid while
    /// this object lives, unless `src` has fewer than least_kept vertices: then it is
    /// valid until the next call.
    const geometry::ring& forward(const geometry::ring& src);

  private:
    struct entry {
        geometry::ring source;  // a copy: the ring it came from may be gone when another comes
        geometry::ring projected;
    };
    const geometry::projection& projection_;
    std::unordered_multimap<std::size_t, entry> kept_;
    geometry::ring scratch_;
};

} // namespace coopatlas::render::detail
