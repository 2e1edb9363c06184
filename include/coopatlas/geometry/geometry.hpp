#pragma once
/// \file
/// \brief Plain in-memory geometry: structs over std::vector, no library types.
///
/// Coordinates are (x, y) = (longitude, latitude) in degrees unless a projection
/// says otherwise. Rings are closed (first point repeated last); outer rings are
/// counter-clockwise and holes clockwise after normalize(). Polygons are always
/// held as multi_polygon so that every areal unit has one type.

#include <coopatlas/config.hpp>

#include <cstddef>
#include <limits>
#include <variant>
#include <vector>

namespace coopatlas::geometry {

/// \brief A position; x is longitude (or easting), y latitude (or northing).
struct point {
    double x = 0.0;
    double y = 0.0;
    friend bool operator==(const point&, const point&) = default;
};

/// \brief A polyline (distinct type from multi_point so that the variant can hold both).
struct line_string : std::vector<point> {
    using std::vector<point>::vector;
};
using multi_line_string = std::vector<line_string>;
using ring = std::vector<point>;

/// \brief One outer ring and its holes.
struct polygon {
    ring outer;
    std::vector<ring> inners;
};

using multi_polygon = std::vector<polygon>;

/// \brief A set of points.
struct multi_point : std::vector<point> {
    using std::vector<point>::vector;
};

/// \brief Axis-aligned bounding box; empty when min > max.
struct COOPATLAS_API box {
    double min_x = std::numeric_limits<double>::infinity();
    double min_y = std::numeric_limits<double>::infinity();
    double max_x = -std::numeric_limits<double>::infinity();
    double max_y = -std::numeric_limits<double>::infinity();

    [[nodiscard]] bool empty() const noexcept { return min_x > max_x || min_y > max_y; }
    void expand(const point& p) noexcept;
    void expand(const box& b) noexcept;
    [[nodiscard]] bool contains(const point& p) const noexcept {
        return p.x >= min_x && p.x <= max_x && p.y >= min_y && p.y <= max_y;
    }
    [[nodiscard]] bool intersects(const box& b) const noexcept {
        return !(b.min_x > max_x || b.max_x < min_x || b.min_y > max_y || b.max_y < min_y);
    }
    [[nodiscard]] point center() const noexcept { return {(min_x + max_x) / 2, (min_y + max_y) / 2}; }
};

/// \brief Any geometry an entity or a layer can carry; monostate means none.
using geometry = std::variant<std::monostate, point, multi_point, line_string, multi_line_string, multi_polygon>;

COOPATLAS_API box envelope(const geometry& g);
COOPATLAS_API box envelope(const multi_polygon& mp);
COOPATLAS_API bool is_empty(const geometry& g) noexcept;

/// \brief Number of vertices, all parts and rings included.
COOPATLAS_API std::size_t vertex_count(const geometry& g) noexcept;
/// \brief Vertices of a polygon (its outer ring and holes), of a multipolygon: the sums of
/// the rings' sizes.
COOPATLAS_API std::size_t vertex_count(const polygon& p) noexcept;
COOPATLAS_API std::size_t vertex_count(const multi_polygon& mp) noexcept;

/// \brief Planar signed area of a ring (shoelace), positive when counter-clockwise.
COOPATLAS_API double signed_area(const ring& r) noexcept;

/// \brief Closes rings and orients them (outer counter-clockwise, holes clockwise).
COOPATLAS_API void normalize(multi_polygon& mp);

/// \brief Planar point-in-polygon (even-odd over all rings); boundary points are outside.
COOPATLAS_API bool strictly_inside(const point& p, const polygon& poly) noexcept;
COOPATLAS_API bool strictly_inside(const point& p, const multi_polygon& mp) noexcept;

} // namespace coopatlas::geometry
