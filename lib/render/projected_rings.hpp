#pragma once
// Rings already projected, found again by their coordinates. The layers and labels of a
// map often hold the same outlines: a background of countries, a choropleth of those
// countries and their labels each carry their own copy of every ring. Projecting a copy
// that was seen before costs a hash and a comparison instead of PROJ's work per vertex
// (a geodesic inverse per vertex in an ellipsoidal azimuthal projection).

#include <coopatlas/config.hpp>
#include <coopatlas/geometry/geometry.hpp>
#include <coopatlas/geometry/projection.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

namespace coopatlas::render::detail {

class COOPATLAS_API projected_rings {
  public:
    explicit projected_rings(const geometry::projection& p) : projection_(p) {}

    /// Rings of fewer vertices (no area) are projected each time. The smallest are kept
    /// too: a world's islands are 14,000 rings of a few vertices each, and in an
    /// ellipsoidal azimuthal projection a vertex costs more than a ring's hash.
    static constexpr std::size_t least_kept = 4;

    /// `src` through the projection, vertex for vertex (points PROJ cannot take are
    /// non-finite, as projection::forward leaves them). The reference stays valid while
    /// this object lives, unless `src` has fewer than least_kept vertices: then it is
    /// valid until the next call.
    const geometry::ring& forward(const geometry::ring& src);

    /// Projects the rings not kept yet on a few threads (each with a projection of its own,
    /// made from the same CRSs), so that forward() finds them: a world map has hundreds of
    /// thousands of vertices to project before anything else can be laid out. Each ring
    /// gets the numbers forward() alone would give it.
    ///
    /// A call first reads the rings an earlier run kept for this projection and this set of
    /// rings in the atlas cache folder (ring_store.hpp); a call that projects many rings
    /// keeps the set there.
    void project_all(const std::vector<const geometry::ring*>& rings);

    /// Rings projected by a call that keep the others in the cache folder: below this,
    /// reading them back saves next to nothing.
    static constexpr std::size_t worth_storing = 20'000;

    /// How many rings were read from the cache folder.
    [[nodiscard]] std::size_t rings_read_from_cache() const noexcept { return read_from_cache_; }

    /// The boxes tested for culling (reproject_near), with what they gave: the frame's
    /// rings are selected once ahead of time and again when painted. A key holds the box,
    /// the frame's extent and page box, and the page area, as numbers.
    using reach_key = std::array<double, 16>;
    [[nodiscard]] std::optional<bool> known_reach(const reach_key& key) const;
    void keep_reach(const reach_key& key, bool reaches);

  private:
    struct key_hash {
        std::size_t operator()(const reach_key& k) const noexcept;
    };
    const geometry::ring* find(std::size_t hash, const geometry::ring& src) const;
    void read_cache(std::uint64_t set);
    void keep_in_cache(std::uint64_t set, const std::vector<std::pair<std::size_t, const geometry::ring*>>& asked) const;
    std::unordered_map<reach_key, bool, key_hash> reach_;

    struct entry {
        geometry::ring source;  // a copy: the ring it came from may be gone when another comes
        geometry::ring projected;
    };
    const geometry::projection& projection_;
    std::unordered_multimap<std::size_t, entry> kept_;
    geometry::ring scratch_;
    std::size_t read_from_cache_ = 0;
};

} // namespace coopatlas::render::detail
