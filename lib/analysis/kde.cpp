#include <coopatlas/analysis/kde.hpp>
#include <coopatlas/error.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <thread>

namespace coopatlas::analysis {

kernel_shape parse_kernel_shape(std::string_view name) {
    if (name == "gaussian") return kernel_shape::gaussian;
    if (name == "quartic" || name == "biweight") return kernel_shape::quartic;
    throw error("unknown kernel '" + std::string(name) + "'; use gaussian or quartic");
}

std::string to_string(kernel_shape k) { return k == kernel_shape::gaussian ? "gaussian" : "quartic"; }

// Centres as ((i + 0.5) * extent) / n, the same arithmetic as numpy's (arange(n) + 0.5) * extent / n.
double raster_grid::x(std::size_t column) const noexcept {
    return min_x + (static_cast<double>(column) + 0.5) * (max_x - min_x) / static_cast<double>(columns);
}

double raster_grid::y(std::size_t row) const noexcept {
    return max_y - (static_cast<double>(row) + 0.5) * (max_y - min_y) / static_cast<double>(rows);
}

raster_grid raster_grid::with_cell_size(const geometry::box& extent, double cell) {
    if (!(cell > 0) || !std::isfinite(cell)) throw error("cell size must be a positive number");
    if (extent.empty() || !std::isfinite(extent.min_x) || !std::isfinite(extent.max_y))
        throw error("the grid extent is empty");
    const double cols = std::max(1.0, std::ceil((extent.max_x - extent.min_x) / cell - 1e-9));
    const double rows = std::max(1.0, std::ceil((extent.max_y - extent.min_y) / cell - 1e-9));
    if (cols * rows > 1e9) throw error("the grid would have more than 10^9 cells; choose a larger cell size");
    raster_grid g;
    g.min_x = extent.min_x;
    g.min_y = extent.min_y;
    g.columns = static_cast<std::size_t>(cols);
    g.rows = static_cast<std::size_t>(rows);
    g.max_x = g.min_x + cols * cell;
    g.max_y = g.min_y + rows * cell;
    return g;
}

raster_grid raster_grid::with_size(const geometry::box& extent, std::size_t columns, std::size_t rows) {
    if (columns == 0 || rows == 0) throw error("the grid needs at least one column and one row");
    if (extent.empty() || extent.max_x == extent.min_x || extent.max_y == extent.min_y)
        throw error("the grid extent is empty");
    return raster_grid{extent.min_x, extent.min_y, extent.max_x, extent.max_y, columns, rows};
}

namespace {

// out[k - k0] = exp(-((origin + (k + 0.5) * step - c)^2) / (2 h^2)) for k in [k0, k1], with
// step signed. Starts at the index nearest c, then walks outwards with the exact recurrence
// g(k+1) = g(k) r(k), r(k+1) = r(k) q (Gaussian values on a regular lattice): the
// profile decreases outwards, so underflow only ever reaches values that are 0 anyway.
void gaussian_profile(double origin, double step, double c, double h, long k0, long k1, double* out) {
    const double inv = 1.0 / (2.0 * h * h);
    auto dist = [&](long k) { return origin + (static_cast<double>(k) + 0.5) * step - c; };
    const long km = std::clamp(std::lround((c - origin) / step - 0.5), k0, k1);
    const double dm = dist(km);
    const double gm = std::exp(-dm * dm * inv);
    const double q = std::exp(-2.0 * step * step * inv);
    out[km - k0] = gm;
    double g = gm, r = std::exp(-(2.0 * dm * step + step * step) * inv);
    for (long k = km + 1; k <= k1; ++k) {
        g *= r;
        r *= q;
        out[k - k0] = g;
    }
    g = gm;
    r = std::exp(-(-2.0 * dm * step + step * step) * inv);
    for (long k = km - 1; k >= k0; --k) {
        g *= r;
        r *= q;
        out[k - k0] = g;
    }
}

// y += a x over n values. Unrolled by four so that -O2 vectorizes it (GCC 12's default
// cost model at -O2 leaves loops of unknown length scalar, but packs straight-line code).
void axpy(double* __restrict y, const double* __restrict x, double a, std::size_t n) noexcept {
    std::size_t j = 0;
    for (; j + 4 <= n; j += 4) {
        y[j] += a * x[j];
        y[j + 1] += a * x[j + 1];
        y[j + 2] += a * x[j + 2];
        y[j + 3] += a * x[j + 3];
    }
    for (; j < n; ++j) y[j] += a * x[j];
}

struct footprint {
    long c0 = 0, c1 = -1, r0 = 0, r1 = -1;  // inclusive ranges; empty when c1 < c0 or r1 < r0
    double weight = 0;
    geometry::point p;
};

// Cells whose centre lies within `radius` of p (plus one cell of slack each way), clamped.
footprint footprint_of(const raster_grid& g, const geometry::point& p, double weight, double radius) {
    const double dx = g.cell_width(), dy = g.cell_height();
    footprint f;
    f.p = p;
    f.weight = weight;
    const double cx0 = std::floor((p.x - radius - g.min_x) / dx - 0.5) - 1;
    const double cx1 = std::ceil((p.x + radius - g.min_x) / dx - 0.5) + 1;
    const double ry0 = std::floor((g.max_y - p.y - radius) / dy - 0.5) - 1;
    const double ry1 = std::ceil((g.max_y - p.y + radius) / dy - 0.5) + 1;
    const double last_c = static_cast<double>(g.columns) - 1, last_r = static_cast<double>(g.rows) - 1;
    if (cx1 < 0 || ry1 < 0 || cx0 > last_c || ry0 > last_r) return f;  // empty
    f.c0 = static_cast<long>(std::max(cx0, 0.0));
    f.c1 = static_cast<long>(std::min(cx1, last_c));
    f.r0 = static_cast<long>(std::max(ry0, 0.0));
    f.r1 = static_cast<long>(std::min(ry1, last_r));
    return f;
}

// Runs f(bounds[t], bounds[t + 1]) for every block, one thread each.
template <class F>
void for_row_blocks(const std::vector<std::size_t>& bounds, F&& f) {
    if (bounds.size() <= 2) {
        f(bounds.front(), bounds.back());
        return;
    }
    std::vector<std::jthread> workers;
    for (std::size_t t = 0; t + 1 < bounds.size(); ++t)
        workers.emplace_back([&, t] { f(bounds[t], bounds[t + 1]); });
}

void check_arguments(std::span<const geometry::point> points, std::span<const double> weights, const raster_grid& grid,
                     const kde_options& options) {
    const double h = options.bandwidth;
    if (!(h > 0) || !std::isfinite(h)) throw error("the bandwidth must be a positive number");
    if (grid.columns == 0 || grid.rows == 0 || !(grid.max_x > grid.min_x) || !(grid.max_y > grid.min_y))
        throw error("the density grid is empty");
    if (!weights.empty() && weights.size() != points.size())
        throw error("kernel density: " + std::to_string(weights.size()) + " weights for " +
                    std::to_string(points.size()) + " points");
    if (!(options.tolerance >= 0)) throw error("the tolerance must not be negative");
}

struct weight_sums {
    double total = 0;          // over all the points
    double largest_inside = 0; // of a point inside the grid
};

weight_sums sum_weights(std::span<const geometry::point> points, std::span<const double> weights,
                        const raster_grid& grid) {
    const geometry::box extent{grid.min_x, grid.min_y, grid.max_x, grid.max_y};
    weight_sums sums;
    for (std::size_t i = 0; i < points.size(); ++i) {
        const double w = weights.empty() ? 1.0 : weights[i];
        if (!(w >= 0) || !std::isfinite(w))
            throw error("kernel density: weight " + std::to_string(i + 1) + " is negative or not finite");
        sums.total += w;
        if (extent.contains(points[i])) sums.largest_inside = std::max(sums.largest_inside, w);
    }
    return sums;
}

/// The kernel as it is added to the cells: its shape, bandwidth and normalising factor.
struct kernel {
    bool gaussian;
    double h;
    double norm;
};

kernel kernel_of(const kde_options& options) {
    const double h = options.bandwidth;
    const bool gaussian = options.kernel == kernel_shape::gaussian;
    const double norm = gaussian ? options.unit_area / (2 * std::numbers::pi * h * h)
                                 : options.unit_area * 3 / (std::numbers::pi * h * h);
    return {gaussian, h, norm};
}

/// Sets the radius beyond which a point adds nothing, and the error that truncation makes.
void set_cutoff(kde_result& res, const kernel& k, const weight_sums& sums, double tolerance) {
    const double dx = res.grid.cell_width(), dy = res.grid.cell_height();
    const double h = k.h;
    double c = 37;  // exp(-c²/2) below the normal double range
    if (k.gaussian && tolerance > 0 && sums.largest_inside > 0 && sums.total > 0) {
        const double half_diagonal2 = (dx * dx + dy * dy) / 4;
        const double peak_floor = sums.largest_inside * std::exp(-half_diagonal2 / (2 * h * h));
        // total · exp(-c²/2) <= tolerance · peak_floor
        const double ratio = sums.total / (tolerance * peak_floor);
        c = ratio > 1 ? std::min(37.0, std::sqrt(2 * std::log(ratio))) : 1.0;
        c = std::max(c, 1.0);
    }
    res.cutoff = k.gaussian ? c * h : h;
    res.error_bound = k.gaussian ? k.norm * sums.total * std::exp(-c * c / 2) : 0.0;
}

/// The footprints of the points with a weight that reach the grid, in the order they are added.
std::vector<footprint> footprints_on_grid(std::span<const geometry::point> points, std::span<const double> weights,
                                          const raster_grid& grid, double cutoff) {
    std::vector<footprint> work;
    work.reserve(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
        const double w = weights.empty() ? 1.0 : weights[i];
        if (w == 0) continue;
        footprint f = footprint_of(grid, points[i], w, cutoff);
        if (f.c1 >= f.c0 && f.r1 >= f.r0) work.push_back(f);
    }
    // bands of 8 rows north to south, west to east within a band: consecutive points then
    // touch mostly the same cells, which stay in cache
    std::sort(work.begin(), work.end(), [](const footprint& a, const footprint& b) {
        return a.r0 / 8 != b.r0 / 8 ? a.r0 < b.r0 : a.c0 < b.c0;
    });
    return work;
}

/// Row bounds of the threads' blocks: block t is rows [bounds[t], bounds[t + 1]).
std::vector<std::size_t> row_blocks(const std::vector<footprint>& work, std::size_t rows, unsigned threads_asked) {
    const unsigned hw = threads_asked ? threads_asked : std::max(1u, std::thread::hardware_concurrency());
    const unsigned threads = static_cast<unsigned>(std::clamp<std::size_t>(rows / 16, 1, hw));
    // row blocks of equal work (cells updated), not of equal height: points cluster
    std::vector<double> change(rows + 1, 0.0); // of the per-row work, at each row
    for (const footprint& f : work) {
        const double cols = static_cast<double>(f.c1 - f.c0 + 1);
        change[static_cast<std::size_t>(f.r0)] += cols;
        change[static_cast<std::size_t>(f.r1) + 1] -= cols;
    }
    std::vector<double> work_to(rows + 1, 0.0); // work of rows [0, r)
    double per_row = 0;
    for (std::size_t r = 0; r < rows; ++r) {
        per_row += change[r];
        work_to[r + 1] = work_to[r] + per_row;
    }
    std::vector<std::size_t> bounds{0};
    for (unsigned t = 1; t < threads; ++t) {
        const double target = work_to[rows] * t / threads;
        bounds.push_back(static_cast<std::size_t>(std::lower_bound(work_to.begin(), work_to.end(), target) - work_to.begin()));
    }
    bounds.push_back(rows);
    return bounds;
}

/// Adds the kernels of the footprints to the rows of one block; one per thread, with its own profiles.
class block_accumulator {
  public:
    block_accumulator(const raster_grid& grid, const kernel& k, double* values)
        : grid_(grid), k_(k), dx_(grid.cell_width()), dy_(grid.cell_height()), values_(values) {}

    void add(const std::vector<footprint>& work, std::size_t row_begin, std::size_t row_end) {
        const long rb = static_cast<long>(row_begin), re = static_cast<long>(row_end) - 1;
        for (const footprint& f : work) {
            const long r0 = std::max(f.r0, rb), r1 = std::min(f.r1, re);
            if (r1 < r0) continue;
            if (k_.gaussian)
                add_gaussian(f, r0, r1);
            else
                add_quartic(f, r0, r1);
        }
    }

  private:
    void add_gaussian(const footprint& f, long r0, long r1) {
        const std::size_t ncols = static_cast<std::size_t>(f.c1 - f.c0 + 1);
        kx_.resize(ncols);
        // the whole footprint's profile, whichever rows this thread owns: the values
        // then do not depend on the number of threads
        ky_.resize(static_cast<std::size_t>(f.r1 - f.r0 + 1));
        gaussian_profile(grid_.min_x, dx_, f.p.x, k_.h, f.c0, f.c1, kx_.data());
        gaussian_profile(grid_.max_y, -dy_, f.p.y, k_.h, f.r0, f.r1, ky_.data());
        for (long r = r0; r <= r1; ++r) {
            const double wy = k_.norm * f.weight * ky_[static_cast<std::size_t>(r - f.r0)];
            axpy(values_ + static_cast<std::size_t>(r) * grid_.columns + static_cast<std::size_t>(f.c0), kx_.data(), wy,
                 ncols);
        }
    }

    void add_quartic(const footprint& f, long r0, long r1) {
        const std::size_t ncols = static_cast<std::size_t>(f.c1 - f.c0 + 1);
        const double inv_h2 = 1.0 / (k_.h * k_.h);
        kx_.resize(ncols);
        for (std::size_t j = 0; j < ncols; ++j) {
            const double d = grid_.x(static_cast<std::size_t>(f.c0) + j) - f.p.x;
            kx_[j] = d * d * inv_h2;
        }
        for (long r = r0; r <= r1; ++r) {
            const double d = grid_.y(static_cast<std::size_t>(r)) - f.p.y;
            const double uy = d * d * inv_h2;
            if (uy >= 1) continue;
            double* row = values_ + static_cast<std::size_t>(r) * grid_.columns + static_cast<std::size_t>(f.c0);
            const double scale = k_.norm * f.weight;
            for (std::size_t j = 0; j < ncols; ++j) {
                const double t = 1 - (kx_[j] + uy);
                if (t > 0) row[j] += scale * t * t;
            }
        }
    }

    const raster_grid& grid_;
    const kernel k_;
    const double dx_, dy_;
    double* const values_; // rows × columns, row 0 north
    std::vector<double> kx_, ky_;
};

} // namespace

kde_result kernel_density(std::span<const geometry::point> points, std::span<const double> weights,
                          const raster_grid& grid, const kde_options& options) {
    check_arguments(points, weights, grid, options);

    kde_result res;
    res.grid = grid;
    res.values.assign(grid.columns * grid.rows, 0.0);
    const weight_sums sums = sum_weights(points, weights, grid);
    res.total_weight = sums.total;
    const kernel k = kernel_of(options);
    set_cutoff(res, k, sums, options.tolerance);

    const std::vector<footprint> work = footprints_on_grid(points, weights, grid, res.cutoff);
    const std::vector<std::size_t> bounds = row_blocks(work, grid.rows, options.threads);
    for_row_blocks(bounds, [&](std::size_t row_begin, std::size_t row_end) {
        block_accumulator(grid, k, res.values.data()).add(work, row_begin, row_end);
    });
    res.peak = res.values.empty() ? 0 : *std::max_element(res.values.begin(), res.values.end());
    return res;
}

} // namespace coopatlas::analysis
