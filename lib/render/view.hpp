#pragma once
// Where a frame's CRS lands on the page, and the projections between the CRSs of
// the layers and those of the frames.

#include <coopatlas/geometry/geometry.hpp>
#include <coopatlas/geometry/projection.hpp>
#include <coopatlas/render/map.hpp>

#include "render/display_list.hpp"
#include "render/projected_rings.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace coopatlas::render::detail {

/// Projections created once per (source, target) pair. Equivalent CRSs written
/// differently ("EPSG:4326" and its WKT) give no projection at all: coordinates pass
/// through untouched. One cache per thread (PROJ objects are not shared).
class crs_cache {
  public:
    crs_cache();
    ~crs_cache();
    crs_cache(const crs_cache&) = delete;
    crs_cache& operator=(const crs_cache&) = delete;

    /// nullptr when `from` and `to` are the same CRS; throws coopatlas::error for an unknown CRS.
    const geometry::projection* get(const std::string& from, const std::string& to);
    /// Whether two CRS definitions denote the same CRS.
    bool same(const std::string& a, const std::string& b);
    /// The rings `p` (one of get()'s) projected so far, shared by the layers and labels
    /// drawn with this cache; nullptr for a null `p`.
    projected_rings* rings(const geometry::projection* p);

  private:
    std::unique_ptr<geometry::projection> make_projection(const std::string& from, const std::string& to);
    struct impl;
    std::unique_ptr<impl> impl_;
};

/// An affine map from a frame's CRS to its box on the page (y down), same scale on both axes.
struct frame_view {
    std::string crs{};
    geometry::box extent{}; // in the CRS, grown to the aspect of `page`
    geometry::box page{};
    double scale = 1; // page units per CRS unit

    [[nodiscard]] geometry::point to_page(const geometry::point& p) const noexcept {
        return {page.min_x + (p.x - extent.min_x) * scale, page.min_y + (extent.max_y - p.y) * scale};
    }
    [[nodiscard]] geometry::point to_crs(const geometry::point& q) const noexcept {
        return {extent.min_x + (q.x - page.min_x) / scale, extent.max_y - (q.y - page.min_y) / scale};
    }
};

/// Centres `extent` in `page`, growing it along one axis to the page box's aspect.
frame_view make_view(const std::string& crs, const geometry::box& extent, const geometry::box& page);

/// Bounding box in the target CRS of a box of the source CRS, edges densified so that
/// curved projected edges are covered; `p` null = identity.
geometry::box project_box(const geometry::box& b, const geometry::projection* p);

/// A copy of the geometry in the view's CRS, without the polygons that could not show in
/// `cull` (a page box) once projected: those append_geometry would skip anyway, left out
/// before their vertices go through PROJ (a frame's surrounding countries are mostly far
/// from it). A polygon is left out when its source bounding box, edges densified and
/// projected, with a margin, misses `cull`: its vertices lie in that box, and a projection
/// continuous over it takes them inside the image of the box's edges.
/// Rings go through `rings` when given (it must hold `p`).
geometry::geometry reproject_near(const geometry::geometry& g, const geometry::projection* p, const frame_view& v,
                                  const geometry::box& cull, projected_rings* rings = nullptr);

/// The rings of `g` that reproject_near(g, &p, v, cull, rings) hands to `rings` (those of
/// large polygons that may reach `cull`), appended to `out`: what a frame may project
/// ahead of time, all at once (projected_rings::project_all).
void rings_near(const geometry::geometry& g, const geometry::projection& p, const frame_view& v,
                const geometry::box& cull, projected_rings& rings, std::vector<const geometry::ring*>& out);

/// Projects ahead, on a few threads, the outlines the layers and labels of frame `f` (shown
/// in `v`) will project: a world map has hundreds of thousands of vertices, each an inverse
/// geodesic problem in an ellipsoidal azimuthal projection.
void project_ahead(const frame& f, const frame_view& v, crs_cache& crs);

/// Appends the rings / lines of a geometry (in the view's CRS) to a page path.
/// Vertices closer than `tolerance` page units to the previous kept one are dropped
/// (never the last of a part); parts whose bounding box misses `cull` are skipped.
/// Polygons give closed parts; lines open parts; points nothing.
void append_geometry(path& out, const geometry::geometry& g, const frame_view& v, double tolerance,
                     const geometry::box& cull);

/// A point standing for a geometry: the point itself, the first of a multipoint, the
/// middle vertex of a line, or for polygons a point well inside (pole of inaccessibility
/// when `pole`, else the point on surface). Empty for an empty geometry. The anchors of
/// large polygons are kept between runs (anchor_store.hpp): a change to this rule must
/// change that store's key.
std::optional<geometry::point> anchor_point(const geometry::geometry& g, bool pole = false);

} // namespace coopatlas::render::detail
