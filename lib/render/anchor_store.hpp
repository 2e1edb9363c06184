#pragma once
// Label anchors kept between runs in the atlas cache folder (io::atlas_cache_dir()). The
// pole of inaccessibility of a country (GEOS's largest inscribed circle) and its point on
// surface cost 40 ms of processor time for the world's countries, at every map labelling
// them; they depend on nothing but the polygon's coordinates, the rule of anchor_point and
// the GEOS release. A map's layout asks one memo for them; it reads back what earlier runs
// kept (analysis/polygon_store.hpp) and keeps what it found once the layout is done.
// Private to the library.
//
// Thread safety: one memo per thread; memos of several threads may keep() at once.

#include "analysis/polygon_store.hpp"

#include <coopatlas/config.hpp>
#include <coopatlas/geometry/geometry.hpp>

#include <cstddef>
#include <limits>
#include <optional>
#include <unordered_map>

namespace coopatlas::render::detail {

/// The two anchors of a polygon; NaN until found.
struct polygon_anchors {
    static constexpr double none = std::numeric_limits<double>::quiet_NaN();
    geometry::point pole{none, none};    ///< anchor_point(g, true)
    geometry::point surface{none, none}; ///< anchor_point(g, false)
};

using stored_anchors = analysis::detail::polygon_values<polygon_anchors>;

/// The anchors kept for this release of GEOS; none when the cache is off or nothing whole
/// is kept.
COOPATLAS_API stored_anchors read_stored_anchors();

/// Keeps `anchors` in place of what was kept: at most `most_anchors_stored` of them. Never
/// throws: a cache that cannot be written costs the next run the finding, nothing more.
COOPATLAS_API void store_anchors(const stored_anchors& anchors) noexcept;

/// A bound on the file: a million polygons are 56 MB.
inline constexpr std::size_t most_anchors_stored = 1'000'000;

class COOPATLAS_API anchor_memo {
  public:
    /// anchor_point(g, pole), found once per polygon or read back from the cache folder.
    /// Throws what anchor_point throws.
    std::optional<geometry::point> anchor(const geometry::geometry& g, bool pole);

    /// Keeps the anchors found here, with those other runs kept meanwhile, when they cost
    /// enough to be worth a file. Never throws.
    void keep() noexcept;

    /// Anchors found here rather than read back (for tests).
    [[nodiscard]] std::size_t found() const noexcept { return found_; }

  private:
    bool read_ = false;
    stored_anchors kept_;
    std::unordered_map<const geometry::multi_polygon*, analysis::detail::polygon_key> keys_; // one hash per polygon
    std::size_t found_ = 0;
    std::size_t found_vertices_ = 0;
};

/// Polygons of fewer vertices have their anchors found every time: cheaper than hashing.
/// (A pole of inaccessibility costs some 80 µs for a country of 100 to 200 vertices on a
/// world map, hashing those vertices well under one.)
inline constexpr std::size_t anchor_store_min_vertices = 32;

} // namespace coopatlas::render::detail
