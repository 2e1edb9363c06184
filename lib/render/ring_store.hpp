#pragma once
// Projected rings kept between runs in the atlas cache folder (io::atlas_cache_dir()). In
// an ellipsoidal azimuthal projection each vertex costs a geodesic inverse: the 130,000
// vertices of the world's countries take 0.2 s, every time a map of them is drawn again.
// The rings a map projected are written down with their sources, under a key that names
// the projection (its CRSs and pipeline, and the PROJ release that runs it) and the set of
// rings asked for (a hash of their hashes): the next run of that map reads back its own
// outlines, whatever other maps in the projection kept, and finds each ring by its source's
// coordinates, so that it gets the very numbers PROJ gave. A file that does not read back
// whole (format, key, checksum) is not used. Private to the library.

#include <coopatlas/config.hpp>
#include <coopatlas/geometry/geometry.hpp>
#include <coopatlas/geometry/projection.hpp>

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace coopatlas::render::detail {

struct stored_ring {
    geometry::ring source;
    geometry::ring projected;
};

/// The rings kept for `p` and the set of rings `set`; none when the cache is off, `p` has
/// no pipeline, or nothing whole is kept for them.
COOPATLAS_API std::vector<stored_ring> read_stored_rings(const geometry::projection& p, std::uint64_t set);

/// Keeps (source, projected) pairs for `p` and `set`, in place of what was kept; at most
/// `most_vertices_stored` vertices, the first pairs first. Never throws: a cache that
/// cannot be written costs the next run the projection, nothing more.
COOPATLAS_API void store_rings(const geometry::projection& p, std::uint64_t set,
                               const std::vector<std::pair<const geometry::ring*, const geometry::ring*>>& rings) noexcept;

/// A bound on a file: 2 million vertices are 64 MB of sources and projections.
inline constexpr std::size_t most_vertices_stored = 2'000'000;

} // namespace coopatlas::render::detail
