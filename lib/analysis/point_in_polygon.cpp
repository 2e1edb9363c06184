#include <coopatlas/analysis/point_in_polygon.hpp>
#include <coopatlas/error.hpp>

#include "model/spatial_index.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <thread>

namespace coopatlas::analysis {

namespace {

using geometry::point;

struct edge {
    double ax, ay, bx, by;
};

// One polygon part (outer ring + holes): its edges bucketed into horizontal bands.
struct part {
    std::size_t owner = 0;  // polygon index
    geometry::box bounds;
    double band_y0 = 0;
    double band_scale = 0;  // bands per unit of y
    std::uint32_t bands = 1;
    std::vector<std::uint32_t> band_start;  // CSR offsets into band_edges, bands + 1
    std::vector<edge> band_edges;           // edges copied into every band they span

    [[nodiscard]] std::uint32_t band_of(double y) const noexcept {
        const double b = (y - band_y0) * band_scale;
        if (!(b >= 0)) return 0;
        return static_cast<std::uint32_t>(std::min(b, static_cast<double>(bands - 1)));
    }

    // Crossing number over the edges of p's band (all rings: holes flip parity too).
    // A point on an edge is outside (returns false at once).
    [[nodiscard]] bool strictly_contains(const point& p) const noexcept {
        if (!bounds.contains(p)) return false;
        const std::uint32_t b = band_of(p.y);
        bool inside = false;
        for (std::uint32_t k = band_start[b], end = band_start[b + 1]; k < end; ++k) {
            const edge& e = band_edges[k];
            const bool a_above = e.ay > p.y, b_above = e.by > p.y;
            if (a_above == b_above) {
                // both ends strictly above, or both at/below: only an on-edge case matters
                if (a_above || (e.ay < p.y && e.by < p.y)) continue;
                // p.y equals at least one end's y (the other at/below): horizontal edge or vertex level
                if (e.ay == e.by) {
                    if (p.x >= std::min(e.ax, e.bx) && p.x <= std::max(e.ax, e.bx)) return false;
                    continue;
                }
            }
            const double cross = (e.bx - e.ax) * (p.y - e.ay) - (e.by - e.ay) * (p.x - e.ax);
            if (cross == 0.0 && p.x >= std::min(e.ax, e.bx) && p.x <= std::max(e.ax, e.bx) &&
                p.y >= std::min(e.ay, e.by) && p.y <= std::max(e.ay, e.by))
                return false;
            // half-open rule: the edge counts when it crosses the ray's level, and p is
            // on its left (taking the edge upwards), i.e. the crossing lies to the right
            if (a_above != b_above && ((e.by > e.ay) ? cross > 0 : cross < 0)) inside = !inside;
        }
        return inside;
    }
};

void add_ring(const geometry::ring& r, std::vector<edge>& out) {
    const std::size_t n = r.size();
    if (n < 3) return;
    auto add = [&](const point& a, const point& b) {
        // zero-length edges add nothing; non-finite ones cannot be tested against
        if (!(a == b) && std::isfinite(a.x) && std::isfinite(a.y) && std::isfinite(b.x) && std::isfinite(b.y))
            out.push_back({a.x, a.y, b.x, b.y});
    };
    for (std::size_t i = 0; i + 1 < n; ++i) add(r[i], r[i + 1]);
    if (!(r.front() == r.back())) add(r.back(), r.front());
}

part make_part(std::size_t owner, const geometry::polygon& poly) {
    part pt;
    pt.owner = owner;
    std::vector<edge> edges;
    add_ring(poly.outer, edges);
    for (const auto& h : poly.inners) add_ring(h, edges);
    for (const auto& e : edges) {
        pt.bounds.expand(point{e.ax, e.ay});
        pt.bounds.expand(point{e.bx, e.by});
    }
    if (edges.empty()) {
        pt.band_start = {0, 0};
        return pt;
    }
    // about one band per edge: a horizontal line then meets few edges besides its crossings
    const double height = pt.bounds.max_y - pt.bounds.min_y;
    pt.bands = height > 0 ? static_cast<std::uint32_t>(std::clamp<std::size_t>(edges.size(), 1, 1u << 16)) : 1;
    pt.band_y0 = pt.bounds.min_y;
    pt.band_scale = height > 0 ? pt.bands / height : 0;
    std::vector<std::uint32_t> counts(pt.bands + 1, 0);
    auto span_of = [&](const edge& e) {
        return std::pair{pt.band_of(std::min(e.ay, e.by)), pt.band_of(std::max(e.ay, e.by))};
    };
    for (const auto& e : edges) {
        const auto [lo, hi] = span_of(e);
        for (std::uint32_t b = lo; b <= hi; ++b) ++counts[b + 1];
    }
    for (std::uint32_t b = 0; b < pt.bands; ++b) counts[b + 1] += counts[b];
    pt.band_start = counts;
    pt.band_edges.resize(counts.back());
    for (const auto& e : edges) {
        const auto [lo, hi] = span_of(e);
        for (std::uint32_t b = lo; b <= hi; ++b) pt.band_edges[counts[b]++] = e;
    }
    return pt;
}

// Uniform lookup grid: per cell, a list of (part << 1 | needs_exact_test).
struct lookup_grid {
    double x0 = 0, y0 = 0, sx = 0, sy = 0;  // cells per unit
    std::uint32_t nx = 0, ny = 0;
    std::vector<std::uint32_t> start;  // CSR offsets, nx * ny + 1
    std::vector<std::uint32_t> entries;

    // cell of a coordinate, clamped to the grid (the clamp happens in doubles: no overflow)
    [[nodiscard]] long clamp_col(double x) const noexcept {
        return static_cast<long>(std::clamp(std::floor((x - x0) * sx), 0.0, static_cast<double>(nx) - 1));
    }
    [[nodiscard]] long clamp_row(double y) const noexcept {
        return static_cast<long>(std::clamp(std::floor((y - y0) * sy), 0.0, static_cast<double>(ny) - 1));
    }
};

// A lookup-grid entry of a cell: (cell, part << 1 | needs_exact_test).
using cell_entry = std::pair<std::uint32_t, std::uint32_t>;

// Sizes the grid over `all` for about cells_per_edge cells per edge; returns the slack kept around each edge.
double place_grid(lookup_grid& grid, geometry::box all, std::size_t edges, const polygon_index_options& options) {
    // a margin so that every point strictly inside a part falls in a cell
    const double w0 = all.max_x - all.min_x, h0 = all.max_y - all.min_y;
    const double margin = 1e-9 * std::max({w0, h0, 1e-300}) + 1e-300;
    all.min_x -= margin;
    all.min_y -= margin;
    all.max_x += margin;
    all.max_y += margin;
    const double w = all.max_x - all.min_x, h = all.max_y - all.min_y;
    const double wanted = std::clamp(options.cells_per_edge * static_cast<double>(edges),
                                     static_cast<double>(options.min_cells), static_cast<double>(options.max_cells));
    // square-ish cells
    const double side = std::sqrt(w * h / wanted);
    grid.nx = static_cast<std::uint32_t>(std::clamp(std::ceil(w / side), 1.0, 65535.0));
    grid.ny = static_cast<std::uint32_t>(std::clamp(std::ceil(h / side), 1.0, 65535.0));
    grid.x0 = all.min_x;
    grid.y0 = all.min_y;
    grid.sx = grid.nx / w;
    grid.sy = grid.ny / h;
    const double cw = w / grid.nx, ch = h / grid.ny;
    // slack around each edge, far above rounding errors, far below a cell
    return 1e-7 * std::min(cw, ch);
}

// The cells a part's padded bounds cover, clamped to the grid; `at` numbers them row by row.
struct part_window {
    long c0 = 0, c1 = 0, r0 = 0, r1 = 0;
    long wc = 1; // columns
    [[nodiscard]] std::size_t cells() const noexcept { return static_cast<std::size_t>(wc * (r1 - r0 + 1)); }
    [[nodiscard]] std::size_t at(long r, long c) const noexcept {
        return static_cast<std::size_t>((r - r0) * wc + (c - c0));
    }
};

part_window window_of(const lookup_grid& grid, const part& pt, double pad) {
    part_window win;
    win.c0 = grid.clamp_col(pt.bounds.min_x - pad);
    win.c1 = grid.clamp_col(pt.bounds.max_x + pad);
    win.r0 = grid.clamp_row(pt.bounds.min_y - pad);
    win.r1 = grid.clamp_row(pt.bounds.max_y + pad);
    win.wc = win.c1 - win.c0 + 1;
    return win;
}

// cells every edge touches (closed cells, padded)
void mark_touched_cells(const lookup_grid& grid, const part& pt, const part_window& win, double pad,
                        std::vector<unsigned char>& touched) {
    for (const edge& e : pt.band_edges) {
        const double ylo = std::min(e.ay, e.by), yhi = std::max(e.ay, e.by);
        const long er0 = grid.clamp_row(ylo - pad), er1 = grid.clamp_row(yhi + pad);
        for (long r = er0; r <= er1; ++r) {
            double xlo = std::min(e.ax, e.bx), xhi = std::max(e.ax, e.bx);
            if (e.ay != e.by) {
                // x range of the edge within this row's (padded) band
                const double band_lo = std::max(ylo, grid.y0 + static_cast<double>(r) / grid.sy - pad);
                const double band_hi = std::min(yhi, grid.y0 + static_cast<double>(r + 1) / grid.sy + pad);
                const double t0 = (band_lo - e.ay) / (e.by - e.ay), t1 = (band_hi - e.ay) / (e.by - e.ay);
                const double xa = e.ax + std::clamp(t0, 0.0, 1.0) * (e.bx - e.ax);
                const double xb = e.ax + std::clamp(t1, 0.0, 1.0) * (e.bx - e.ax);
                xlo = std::max(xlo, std::min(xa, xb));
                xhi = std::min(xhi, std::max(xa, xb));
            }
            const long ca = std::max(win.c0, grid.clamp_col(xlo - pad)),
                       cb = std::min(win.c1, grid.clamp_col(xhi + pad));
            for (long c = ca; c <= cb; ++c)
                touched[win.at(r, c)] = 1;
        }
    }
}

// The x of the part's edges crossing the line y = yc, ascending.
void crossings_at(const part& pt, double yc, std::vector<double>& crossings) {
    crossings.clear();
    // edges are copied once per band they span: each band's crossings are its own
    const std::uint32_t b = pt.band_of(yc);
    for (std::uint32_t k = pt.band_start[b]; k < pt.band_start[b + 1]; ++k) {
        const edge& e = pt.band_edges[k];
        if ((e.ay > yc) != (e.by > yc))
            crossings.push_back(e.ax + (yc - e.ay) * (e.bx - e.ax) / (e.by - e.ay));
    }
    std::sort(crossings.begin(), crossings.end());
}

// Adds part `pi` to its cells: a touched cell needs the exact test, an untouched one is
// inside when its centre is (odd crossings to its left), else the part is absent from it.
void add_part_cells(const lookup_grid& grid, std::uint32_t pi, const part& pt, const part_window& win,
                    const std::vector<unsigned char>& touched, std::vector<double>& crossings,
                    std::vector<cell_entry>& cell_entries) {
    for (long r = win.r0; r <= win.r1; ++r) {
        crossings_at(pt, grid.y0 + (static_cast<double>(r) + 0.5) / grid.sy, crossings);
        std::size_t left = 0;  // crossings left of the current cell centre
        for (long c = win.c0; c <= win.c1; ++c) {
            const std::uint32_t cell = static_cast<std::uint32_t>(r) * grid.nx + static_cast<std::uint32_t>(c);
            if (touched[win.at(r, c)]) {
                cell_entries.emplace_back(cell, (pi << 1) | 1u);
                continue;
            }
            const double xc = grid.x0 + (static_cast<double>(c) + 0.5) / grid.sx;
            while (left < crossings.size() && crossings[left] < xc) ++left;
            if (left % 2 == 1) cell_entries.emplace_back(cell, pi << 1);
        }
    }
}

// CSR by cell, entries of a cell in part (= owner) order
void fill_grid(lookup_grid& grid, const std::vector<cell_entry>& cell_entries) {
    const std::size_t cells = static_cast<std::size_t>(grid.nx) * grid.ny;
    grid.start.assign(cells + 1, 0);
    for (const auto& [cell, entry] : cell_entries) ++grid.start[cell + 1];
    for (std::size_t i = 0; i < cells; ++i) grid.start[i + 1] += grid.start[i];
    grid.entries.resize(cell_entries.size());
    std::vector<std::uint32_t> fill(grid.start.begin(), grid.start.end() - 1);
    for (const auto& [cell, entry] : cell_entries) grid.entries[fill[cell]++] = entry;  // parts visited in order
}

} // namespace

struct polygon_index::impl {
    std::size_t polygons = 0;
    std::vector<part> parts;                            // grouped by owner, owners ascending
    std::vector<std::pair<std::size_t, std::size_t>> parts_of;  // owner -> [first, last) in parts
    std::unique_ptr<model::detail::spatial_index> tree;  // part envelopes
    lookup_grid grid;
    bool has_grid = false;

    // Calls hit(owner) once per polygon strictly containing p, owners ascending.
    template <class F>
    void visit(const point& p, F&& hit) const {
        if (has_grid) {
            // in doubles first: a point far outside (or NaN) must not reach an integer conversion
            const double fc = (p.x - grid.x0) * grid.sx, fr = (p.y - grid.y0) * grid.sy;
            if (!(fc >= 0 && fr >= 0 && fc < grid.nx && fr < grid.ny)) return;
            const std::size_t cell = static_cast<std::size_t>(fr) * grid.nx + static_cast<std::size_t>(fc);
            std::size_t last_owner = npos;
            for (std::uint32_t k = grid.start[cell], end = grid.start[cell + 1]; k < end; ++k) {
                const std::uint32_t e = grid.entries[k];
                const part& pt = parts[e >> 1];
                if (pt.owner == last_owner) continue;  // already counted through another part
                if ((e & 1u) == 0 || pt.strictly_contains(p)) {
                    last_owner = pt.owner;
                    hit(pt.owner);
                }
            }
            return;
        }
        thread_local std::vector<std::size_t> found;
        tree->query(p, found);
        std::sort(found.begin(), found.end());  // part numbers follow owner order
        std::size_t last_owner = npos;
        for (const std::size_t k : found) {
            const part& pt = parts[k];
            if (pt.owner == last_owner) continue;
            if (pt.strictly_contains(p)) {
                last_owner = pt.owner;
                hit(pt.owner);
            }
        }
    }

    void build_grid(const polygon_index_options& options);
};

void polygon_index::impl::build_grid(const polygon_index_options& options) {
    geometry::box all;
    std::size_t edges = 0;
    for (const auto& pt : parts) {
        all.expand(pt.bounds);
        edges += pt.band_edges.size();
    }
    if (all.empty() || parts.size() >= (1u << 31)) return;
    const double pad = place_grid(grid, all, edges, options);
    std::vector<cell_entry> cell_entries;
    std::vector<unsigned char> touched;
    std::vector<double> crossings;
    for (std::uint32_t pi = 0; pi < parts.size(); ++pi) {
        const part& pt = parts[pi];
        if (pt.band_edges.empty()) continue;
        const part_window win = window_of(grid, pt, pad);
        touched.assign(win.cells(), 0);
        mark_touched_cells(grid, pt, win, pad, touched);
        add_part_cells(grid, pi, pt, win, touched, crossings, cell_entries);
    }
    if (cell_entries.size() >= UINT32_MAX) return;  // too many overlapping parts: R-tree queries instead
    fill_grid(grid, cell_entries);
    has_grid = true;
}

polygon_index::polygon_index(const std::vector<geometry::multi_polygon>& polygons, const polygon_index_options& options)
    : impl_(std::make_unique<impl>()) {
    impl_->polygons = polygons.size();
    impl_->parts_of.reserve(polygons.size());
    for (std::size_t i = 0; i < polygons.size(); ++i) {
        const std::size_t first = impl_->parts.size();
        for (const auto& poly : polygons[i]) {
            part pt = make_part(i, poly);
            if (!pt.band_edges.empty()) impl_->parts.push_back(std::move(pt));
        }
        impl_->parts_of.emplace_back(first, impl_->parts.size());
    }
    std::vector<model::detail::spatial_index::item> items;
    items.reserve(impl_->parts.size());
    for (std::size_t k = 0; k < impl_->parts.size(); ++k) items.push_back({impl_->parts[k].bounds, k});
    impl_->tree = std::make_unique<model::detail::spatial_index>(items);
    if (options.use_grid) impl_->build_grid(options);
}

polygon_index::~polygon_index() = default;
polygon_index::polygon_index(polygon_index&&) noexcept = default;
polygon_index& polygon_index::operator=(polygon_index&&) noexcept = default;

std::size_t polygon_index::size() const noexcept { return impl_->polygons; }
std::size_t polygon_index::grid_columns() const noexcept { return impl_->has_grid ? impl_->grid.nx : 0; }
std::size_t polygon_index::grid_rows() const noexcept { return impl_->has_grid ? impl_->grid.ny : 0; }

bool polygon_index::contains(std::size_t i, const geometry::point& p) const noexcept {
    if (i >= impl_->polygons) return false;
    const auto [first, last] = impl_->parts_of[i];
    for (std::size_t k = first; k < last; ++k)
        if (impl_->parts[k].strictly_contains(p)) return true;
    return false;
}

void polygon_index::containing(const geometry::point& p, std::vector<std::size_t>& out) const {
    out.clear();
    impl_->visit(p, [&](std::size_t owner) { out.push_back(owner); });
}

std::vector<std::size_t> polygon_index::containing(const geometry::point& p) const {
    std::vector<std::size_t> out;
    containing(p, out);
    return out;
}

std::size_t polygon_index::first_containing(const geometry::point& p) const noexcept {
    std::size_t first = npos;
    impl_->visit(p, [&](std::size_t owner) { first = std::min(first, owner); });
    return first;
}

std::vector<std::size_t> polygon_index::candidates(const geometry::box& b) const {
    std::vector<std::size_t> found;
    impl_->tree->query(b, found);
    std::vector<std::size_t> owners;
    owners.reserve(found.size());
    for (const std::size_t k : found) owners.push_back(impl_->parts[k].owner);
    std::sort(owners.begin(), owners.end());
    owners.erase(std::unique(owners.begin(), owners.end()), owners.end());
    return owners;
}

namespace {
unsigned worker_count(unsigned threads, std::size_t work) {
    unsigned t = threads ? threads : std::max(1u, std::thread::hardware_concurrency());
    // below this many points a thread costs more than it saves
    constexpr std::size_t min_per_thread = 20000;
    return static_cast<unsigned>(std::clamp<std::size_t>(work / min_per_thread, 1, t));
}

template <class F>
void parallel_chunks(std::size_t n, unsigned threads, F&& f) {
    if (threads <= 1) {
        f(0u, std::size_t{0}, n);
        return;
    }
    std::vector<std::jthread> workers;
    for (unsigned t = 0; t < threads; ++t)
        workers.emplace_back([&, t] { f(t, n * t / threads, n * (t + 1) / threads); });
}
} // namespace

point_counts count_points(const polygon_index& index, std::span<const geometry::point> points, unsigned threads) {
    const auto& im = *index.impl_;
    const unsigned t = worker_count(threads, points.size());
    std::vector<point_counts> partial(t);
    parallel_chunks(points.size(), t, [&](unsigned w, std::size_t begin, std::size_t end) {
        point_counts& pc = partial[w];
        pc.counts.assign(im.polygons, 0);
        for (std::size_t i = begin; i < end; ++i) {
            unsigned hits = 0;
            im.visit(points[i], [&](std::size_t owner) {
                ++pc.counts[owner];
                ++hits;
            });
            pc.unmatched += hits == 0;
            pc.in_several += hits > 1;
        }
    });
    point_counts out = std::move(partial[0]);
    for (unsigned w = 1; w < t; ++w) {
        for (std::size_t i = 0; i < out.counts.size(); ++i) out.counts[i] += partial[w].counts[i];
        out.unmatched += partial[w].unmatched;
        out.in_several += partial[w].in_several;
    }
    return out;
}

std::vector<std::size_t> locate(const polygon_index& index, std::span<const geometry::point> points, unsigned threads) {
    const auto& im = *index.impl_;
    std::vector<std::size_t> out(points.size(), polygon_index::npos);
    parallel_chunks(points.size(), worker_count(threads, points.size()), [&](unsigned, std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i)
            im.visit(points[i], [&](std::size_t owner) { out[i] = std::min(out[i], owner); });
    });
    return out;
}

} // namespace coopatlas::analysis
