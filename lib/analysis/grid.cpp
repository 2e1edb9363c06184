#include <coopatlas/analysis/grid.hpp>
#include <coopatlas/error.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <unordered_map>

namespace coopatlas::analysis {

grid_shape parse_grid_shape(std::string_view name) {
    if (name == "square") return grid_shape::square;
    if (name == "hex" || name == "hexagon") return grid_shape::hexagon;
    throw error("unknown grid shape '" + std::string(name) + "'; use square or hex");
}

std::string to_string(grid_shape s) { return s == grid_shape::square ? "square" : "hexagon"; }

double cell_area(grid_shape shape, double cell_size) {
    return shape == grid_shape::square ? cell_size * cell_size : std::numbers::sqrt3 / 2 * cell_size * cell_size;
}

namespace {
// Pointy-topped hexagons of circumradius R = s/√3: axial (q, r) has its centre at
// x = s (q + r/2), y = 1.5 R r. Offset "odd-r": column = q + (r - (r & 1)) / 2.
long long floor_div2(long long v) { return v >= 0 ? v / 2 : -((-v + 1) / 2); }

std::pair<long long, long long> axial_to_offset(long long q, long long r) { return {q + floor_div2(r), r}; }
std::pair<long long, long long> offset_to_axial(long long col, long long row) { return {col - floor_div2(row), row}; }
} // namespace

geometry::point cell_centre(grid_shape shape, double s, long long column, long long row) {
    if (shape == grid_shape::square)
        return {(static_cast<double>(column) + 0.5) * s, (static_cast<double>(row) + 0.5) * s};
    const auto [q, r] = offset_to_axial(column, row);
    const double radius = s / std::numbers::sqrt3;
    return {s * (static_cast<double>(q) + static_cast<double>(r) / 2), 1.5 * radius * static_cast<double>(r)};
}

namespace {
// A cell index as an integer; throws when the point is too far from the origin for one.
long long index_of(double v) {
    if (!(std::abs(v) < 4e18)) throw error("grid cell index out of range: is the point far outside the CRS's area?");
    return static_cast<long long>(v);
}
} // namespace

std::pair<long long, long long> cell_of(grid_shape shape, double s, const geometry::point& p) {
    if (shape == grid_shape::square) return {index_of(std::floor(p.x / s)), index_of(std::floor(p.y / s))};
    const double radius = s / std::numbers::sqrt3;
    // fractional axial coordinates, then cube rounding (x + y + z = 0)
    const double fq = (std::numbers::sqrt3 / 3 * p.x - p.y / 3) / radius;
    const double fr = (2.0 / 3 * p.y) / radius;
    const double fs = -fq - fr;
    double q = std::round(fq), r = std::round(fr), t = std::round(fs);
    const double dq = std::abs(q - fq), dr = std::abs(r - fr), dt = std::abs(t - fs);
    if (dq > dr && dq > dt) q = -r - t;
    else if (dr > dt) r = -q - t;
    return axial_to_offset(index_of(q), index_of(r));
}

geometry::multi_polygon cell_outline(grid_shape shape, double s, long long column, long long row) {
    const geometry::point c = cell_centre(shape, s, column, row);
    geometry::ring ring;
    if (shape == grid_shape::square) {
        const double h = s / 2;
        ring = {{c.x - h, c.y - h}, {c.x + h, c.y - h}, {c.x + h, c.y + h}, {c.x - h, c.y + h}, {c.x - h, c.y - h}};
    } else {
        const double radius = s / std::numbers::sqrt3;
        // pointy top: vertices at 30°, 90°, …, counter-clockwise from the east-north-east one
        for (int k = 0; k < 6; ++k) {
            const double a = std::numbers::pi / 180 * (30 + 60 * k);
            ring.push_back({c.x + radius * std::cos(a), c.y + radius * std::sin(a)});
        }
        ring.push_back(ring.front());
    }
    return {geometry::polygon{std::move(ring), {}}};
}

grid_aggregation aggregate_on_grid(std::span<const geometry::point> points, std::span<const double> weights,
                                   grid_shape shape, double cell_size, bool include_empty) {
    if (!(cell_size > 0) || !std::isfinite(cell_size)) throw error("the grid cell size must be a positive number");
    if (!weights.empty() && weights.size() != points.size())
        throw error("grid aggregation: " + std::to_string(weights.size()) + " weights for " +
                    std::to_string(points.size()) + " points");
    struct key_hash {
        std::size_t operator()(const std::pair<long long, long long>& k) const noexcept {
            return std::hash<long long>()(k.first * 0x9E3779B97F4A7C15ULL) ^ std::hash<long long>()(k.second);
        }
    };
    std::unordered_map<std::pair<long long, long long>, std::size_t, key_hash> index;
    grid_aggregation out;
    out.shape = shape;
    out.cell_size = cell_size;
    out.cell_area = cell_area(shape, cell_size);
    for (std::size_t i = 0; i < points.size(); ++i) {
        const auto& p = points[i];
        if (!std::isfinite(p.x) || !std::isfinite(p.y))
            throw error("grid aggregation: point " + std::to_string(i + 1) + " has no finite coordinates");
        const auto key = cell_of(shape, cell_size, p);
        auto [it, added] = index.try_emplace(key, out.cells.size());
        if (added) out.cells.push_back({key.first, key.second, cell_centre(shape, cell_size, key.first, key.second), 0, 0});
        grid_cell& c = out.cells[it->second];
        ++c.count;
        c.weight += weights.empty() ? 1.0 : weights[i];
    }
    out.points = points.size();
    if (include_empty && !out.cells.empty()) {
        long long c0 = out.cells[0].column, c1 = c0, r0 = out.cells[0].row, r1 = r0;
        for (const auto& c : out.cells) {
            c0 = std::min(c0, c.column);
            c1 = std::max(c1, c.column);
            r0 = std::min(r0, c.row);
            r1 = std::max(r1, c.row);
        }
        if (static_cast<double>(c1 - c0 + 1) * static_cast<double>(r1 - r0 + 1) > 5e7)
            throw error("the grid would have more than 5·10^7 cells; choose a larger cell size");
        for (long long r = r0; r <= r1; ++r)
            for (long long c = c0; c <= c1; ++c)
                if (index.try_emplace({c, r}, out.cells.size()).second)
                    out.cells.push_back({c, r, cell_centre(shape, cell_size, c, r), 0, 0});
    }
    std::sort(out.cells.begin(), out.cells.end(), [](const grid_cell& a, const grid_cell& b) {
        return a.row != b.row ? a.row < b.row : a.column < b.column;
    });
    return out;
}

} // namespace coopatlas::analysis
