#include <coopatlas/analysis/weights.hpp>

#include <coopatlas/error.hpp>
#include <coopatlas/geometry/geodesic.hpp>
#include <coopatlas/geometry/overlay.hpp>

#include "geometry/geos_context.hpp"
#include "model/spatial_index.hpp"

#include <boost/geometry/algorithms/comparable_distance.hpp>
#include <boost/geometry/geometries/box.hpp>
#include <boost/geometry/geometries/point.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <boost/geometry/strategies/strategies.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <optional>
#include <utility>

namespace coopatlas::analysis {

// ---------------------------------------------------------------------------
// spatial_weights

std::vector<std::size_t> spatial_weights::islands() const {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < neighbours.size(); ++i)
        if (neighbours[i].empty()) out.push_back(i);
    return out;
}

double spatial_weights::sum() const noexcept {
    double s = 0;
    for (const auto& row : weights)
        for (double w : row)
            s += w;
    return s;
}

double spatial_weights::mean_neighbours() const noexcept {
    if (neighbours.empty()) return 0;
    std::size_t total = 0;
    for (const auto& row : neighbours)
        total += row.size();
    return static_cast<double>(total) / static_cast<double>(neighbours.size());
}

bool spatial_weights::symmetric() const {
    for (std::size_t i = 0; i < neighbours.size(); ++i) {
        for (std::size_t n = 0; n < neighbours[i].size(); ++n) {
            const std::size_t j = neighbours[i][n];
            const auto& back = neighbours[j];
            const auto at = std::lower_bound(back.begin(), back.end(), i);
            if (at == back.end() || *at != i) return false;
            if (weights[j][static_cast<std::size_t>(at - back.begin())] != weights[i][n]) return false;
        }
    }
    return true;
}

void spatial_weights::row_standardise() {
    for (auto& row : weights) {
        double s = 0;
        for (double w : row)
            s += w;
        if (s != 0)
            for (double& w : row)
                w /= s;
    }
    row_standardised = true;
}

spatial_weights spatial_weights::from_neighbours(std::vector<std::vector<std::size_t>> lists, std::string kind) {
    spatial_weights w;
    w.kind = std::move(kind);
    const std::size_t n = lists.size();
    for (std::size_t i = 0; i < n; ++i) {
        auto& row = lists[i];
        for (std::size_t j : row)
            if (j >= n)
                throw error("spatial weights: neighbour " + std::to_string(j) + " of unit " + std::to_string(i) +
                            " is out of range (" + std::to_string(n) + " units)");
        std::sort(row.begin(), row.end());
        row.erase(std::unique(row.begin(), row.end()), row.end());
        row.erase(std::remove(row.begin(), row.end(), i), row.end());
        w.weights.emplace_back(row.size(), 1.0);
    }
    w.neighbours = std::move(lists);
    return w;
}

// ---------------------------------------------------------------------------
// contiguity

namespace {

using geometry::detail::geom_ptr;
using geometry::detail::geos_context;
using geometry::detail::prepared_ptr;

struct relate_deleter {
    GEOSContextHandle_t ctx;
    void operator()(char* s) const noexcept { GEOSFree_r(ctx, s); }
};

/// Whether the DE-9IM matrix of two areal units says they share a border of
/// positive length: boundaries meet in a line, or interiors overlap.
bool shares_border(const geos_context& ctx, const GEOSGeometry* a, const GEOSGeometry* b) {
    std::unique_ptr<char, relate_deleter> matrix(GEOSRelate_r(ctx.handle(), a, b), relate_deleter{ctx.handle()});
    if (!matrix) ctx.fail("relate failed");
    const char* m = matrix.get();
    return m[0] == '2' || m[4] == '1';
}

class contiguity_builder {
  public:
    contiguity_builder(const std::vector<geometry::multi_polygon>& units, const contiguity_options& options)
        : units_(units), options_(options), geoms_(units.size()), prepared_(units.size()), boundaries_(units.size()),
          buffers_(units.size()) {}

    spatial_weights build() {
        const double tol = options_.snap_tolerance;
        std::vector<model::detail::spatial_index::item> items;
        std::vector<geometry::box> boxes(units_.size());
        for (std::size_t i = 0; i < units_.size(); ++i) {
            if (units_[i].empty()) continue;
            geometry::box b = geometry::envelope(units_[i]);
            if (b.empty()) continue;
            b.min_x -= tol;
            b.min_y -= tol;
            b.max_x += tol;
            b.max_y += tol;
            boxes[i] = b;
            items.push_back({b, i});
        }
        const model::detail::spatial_index index(items);

        std::vector<std::vector<std::size_t>> lists(units_.size());
        std::vector<std::size_t> candidates;
        for (std::size_t i = 0; i < units_.size(); ++i) {
            if (boxes[i].empty()) continue;
            index.query(boxes[i], candidates);
            std::sort(candidates.begin(), candidates.end());
            for (std::size_t j : candidates) {
                if (j <= i) continue;
                if (adjacent(i, j)) {
                    lists[i].push_back(j);
                    lists[j].push_back(i);
                }
            }
        }
        return spatial_weights::from_neighbours(std::move(lists),
                                                options_.rule == contiguity::queen ? "queen" : "rook");
    }

  private:
    const GEOSGeometry* geom(std::size_t i) {
        if (!geoms_[i]) {
            geom_ptr g = geometry::detail::to_geos(ctx_, units_[i]);
            const char valid = GEOSisValid_r(ctx_.handle(), g.get());
            if (valid == 2) ctx_.fail("validity check failed");
            if (valid == 0)
                g = geometry::detail::wrap(ctx_, GEOSMakeValid_r(ctx_.handle(), g.get()), "make valid failed");
            geoms_[i] = std::move(g);
        }
        return geoms_[i].get();
    }

    const GEOSPreparedGeometry* prepared(std::size_t i) {
        if (!prepared_[i]) {
            const GEOSPreparedGeometry* p = GEOSPrepare_r(ctx_.handle(), geom(i));
            if (!p) ctx_.fail("prepare failed");
            prepared_[i] = prepared_ptr(p, geometry::detail::prepared_deleter{ctx_.handle()});
        }
        return prepared_[i].get();
    }

    const GEOSGeometry* boundary(std::size_t i) {
        if (!boundaries_[i])
            boundaries_[i] = geometry::detail::wrap(ctx_, GEOSBoundary_r(ctx_.handle(), geom(i)), "boundary failed");
        return boundaries_[i].get();
    }

    const GEOSGeometry* buffer(std::size_t i) {
        // Two segments per quarter circle: the buffer only needs to reach the tolerance.
        if (!buffers_[i])
            buffers_[i] = geometry::detail::wrap(ctx_, GEOSBuffer_r(ctx_.handle(), geom(i), options_.snap_tolerance, 2),
                                                 "buffer failed");
        return buffers_[i].get();
    }

    bool adjacent(std::size_t i, std::size_t j) {
        const double tol = options_.snap_tolerance;
        const char touching = GEOSPreparedIntersects_r(ctx_.handle(), prepared(i), geom(j));
        if (touching == 2) ctx_.fail("intersects failed");
        if (tol <= 0) {
            if (touching == 0) return false;
            return options_.rule == contiguity::queen || shares_border(ctx_, geom(i), geom(j));
        }
        if (touching == 0) {
            const char near = GEOSPreparedDistanceWithin_r(ctx_.handle(), prepared(i), geom(j), tol);
            if (near == 2) ctx_.fail("distance failed");
            if (near == 0) return false;
        }
        if (options_.rule == contiguity::queen) return true;
        if (touching == 1 && shares_border(ctx_, geom(i), geom(j))) return true;
        // Length of i's boundary lying within the tolerance of j.
        const geom_ptr near_part = geometry::detail::wrap(
            ctx_, GEOSIntersection_r(ctx_.handle(), boundary(i), buffer(j)), "intersection failed");
        double length = 0;
        if (GEOSLength_r(ctx_.handle(), near_part.get(), &length) == 0) ctx_.fail("length failed");
        return length > 4 * tol;
    }

    const std::vector<geometry::multi_polygon>& units_;
    contiguity_options options_;
    geos_context ctx_;
    std::vector<geom_ptr> geoms_;
    std::vector<prepared_ptr> prepared_;
    std::vector<geom_ptr> boundaries_;
    std::vector<geom_ptr> buffers_;
};

// ---------------------------------------------------------------------------
// k nearest neighbours

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
using bpoint = bg::model::point<double, 2, bg::cs::cartesian>;
using bbox = bg::model::box<bpoint>;
using indexed_point = std::pair<bpoint, std::size_t>;

// Smallest radius of curvature of the WGS 84 ellipsoid (meridional, at the
// equator, 6 335 439 m), rounded down: a lower bound turning metres into angles.
constexpr double min_radius_m = 6'335'000.0;
constexpr double deg = 180.0 / std::numbers::pi;

/// Lon/lat window sure to hold every point within `distance_m` of p: latitude
/// from the meridional bound, longitude from the haversine bound
/// sin(c/2) >= cos(φmax)·sin(Δλ/2) at the highest latitude φmax of the window.
struct window {
    double min_lat, max_lat, half_lon; // half_lon >= 180 means all longitudes
};

window window_around(const geometry::point& p, double distance_m) {
    const double c = distance_m / min_radius_m * 1.001 + 1e-12; // angle in radians, with margin
    window w{};
    w.min_lat = std::max(-90.0, p.y - c * deg);
    w.max_lat = std::min(90.0, p.y + c * deg);
    const double phi_max = std::max(std::abs(w.min_lat), std::abs(w.max_lat)) / deg;
    const double s = std::sin(std::min(c, std::numbers::pi) / 2) / std::cos(phi_max);
    w.half_lon = (s >= 1 || !std::isfinite(s)) ? 360.0 : 2 * std::asin(s) * deg * 1.001;
    return w;
}

} // namespace

spatial_weights contiguity_weights(const std::vector<geometry::multi_polygon>& units,
                                   const contiguity_options& options) {
    if (!(options.snap_tolerance >= 0) || !std::isfinite(options.snap_tolerance))
        throw error("contiguity: the snapping tolerance must be a finite number >= 0");
    return contiguity_builder(units, options).build();
}

spatial_weights knn_weights(const std::vector<geometry::point>& points, std::size_t k) {
    if (k == 0) throw error("k-nearest-neighbour weights need k >= 1");
    const std::size_t n = points.size();
    std::vector<std::vector<std::size_t>> lists(n);
    if (n > 1) {
        std::vector<indexed_point> values;
        values.reserve(n);
        for (std::size_t i = 0; i < n; ++i) {
            if (!std::isfinite(points[i].x) || !std::isfinite(points[i].y))
                throw error("k-nearest-neighbour weights: unit " + std::to_string(i) + " has no finite location");
            values.emplace_back(bpoint(points[i].x, points[i].y), i);
        }
        const bgi::rtree<indexed_point, bgi::rstar<16>> tree(values.begin(), values.end());
        const std::size_t kk = std::min(k, n - 1);
        std::vector<std::pair<double, std::size_t>> found;
        std::vector<indexed_point> hits;
        for (std::size_t i = 0; i < n; ++i) {
            const geometry::point& p = points[i];
            // Any kk other points bound the kk-th nearest distance from above.
            hits.clear();
            tree.query(bgi::nearest(bpoint(p.x, p.y), static_cast<unsigned>(kk + 1)), std::back_inserter(hits));
            double bound = 0;
            std::size_t used = 0;
            for (const auto& h : hits) {
                if (h.second == i || used == kk) continue;
                bound = std::max(bound, geometry::geodesic_distance(p, points[h.second]));
                ++used;
            }
            // Every point within the bound, across the antimeridian as well.
            const window w = window_around(p, bound);
            std::vector<std::pair<double, double>> lon_ranges;
            if (w.half_lon >= 180) {
                lon_ranges.emplace_back(-1e300, 1e300);
            } else {
                lon_ranges.emplace_back(p.x - w.half_lon, p.x + w.half_lon);
                if (p.x - w.half_lon < -180) lon_ranges.emplace_back(p.x - w.half_lon + 360, 1e300);
                if (p.x + w.half_lon > 180) lon_ranges.emplace_back(-1e300, p.x + w.half_lon - 360);
            }
            found.clear();
            for (const auto& [lo, hi] : lon_ranges) {
                hits.clear();
                tree.query(bgi::intersects(bbox(bpoint(lo, w.min_lat), bpoint(hi, w.max_lat))),
                           std::back_inserter(hits));
                for (const auto& h : hits)
                    if (h.second != i) found.emplace_back(geometry::geodesic_distance(p, points[h.second]), h.second);
            }
            std::sort(found.begin(), found.end());
            found.erase(std::unique(found.begin(), found.end()), found.end());
            for (std::size_t m = 0; m < kk && m < found.size(); ++m)
                lists[i].push_back(found[m].second);
        }
    }
    return spatial_weights::from_neighbours(std::move(lists), "knn-" + std::to_string(k));
}

geometry::point representative_point(const geometry::geometry& g) {
    struct visitor {
        std::optional<geometry::point> operator()(std::monostate) const { return std::nullopt; }
        std::optional<geometry::point> operator()(const geometry::point& p) const { return p; }
        std::optional<geometry::point> operator()(const geometry::multi_point& mp) const {
            if (mp.empty()) return std::nullopt;
            return mp.front();
        }
        std::optional<geometry::point> operator()(const geometry::line_string& ls) const {
            if (ls.empty()) return std::nullopt;
            return ls[ls.size() / 2];
        }
        std::optional<geometry::point> operator()(const geometry::multi_line_string& mls) const {
            for (const auto& ls : mls)
                if (!ls.empty()) return ls[ls.size() / 2];
            return std::nullopt;
        }
        std::optional<geometry::point> operator()(const geometry::multi_polygon& mp) const {
            if (mp.empty()) return std::nullopt;
            return geometry::point_on_surface(mp);
        }
    };
    if (auto p = std::visit(visitor{}, g)) return *p;
    throw error("an empty geometry has no representative point");
}

} // namespace coopatlas::analysis
