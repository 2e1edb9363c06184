#include <coopatlas/analysis/kde.hpp>
#include <coopatlas/error.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>

namespace ca = coopatlas::analysis;
namespace cg = coopatlas::geometry;

namespace {

// 1 km cells (CRS in metres) centred on integer kilometres: cell centres at k km.
ca::raster_grid km_grid(int half_width) {
    const double e = (half_width + 0.5) * 1000;
    return ca::raster_grid::with_cell_size(cg::box{-e, -e, e, e}, 1000);
}

double sum(const ca::kde_result& r) {
    double s = 0;
    for (double v : r.values) s += v;
    return s;
}

} // namespace

TEST(raster_grid, cell_centres_follow_the_grid_definition) {
    const auto g = ca::raster_grid::with_size(cg::box{0, 0, 10, 4}, 5, 2);
    EXPECT_DOUBLE_EQ(g.cell_width(), 2.0);
    EXPECT_DOUBLE_EQ(g.cell_height(), 2.0);
    EXPECT_DOUBLE_EQ(g.x(0), 1.0);
    EXPECT_DOUBLE_EQ(g.x(4), 9.0);
    EXPECT_DOUBLE_EQ(g.y(0), 3.0);  // row 0 is the northern one
    EXPECT_DOUBLE_EQ(g.y(1), 1.0);
    // a cell size that does not divide the box extends it east and north
    const auto h = ca::raster_grid::with_cell_size(cg::box{0, 0, 10, 4}, 3);
    EXPECT_EQ(h.columns, 4u);
    EXPECT_EQ(h.rows, 2u);
    EXPECT_DOUBLE_EQ(h.max_x, 12.0);
    EXPECT_DOUBLE_EQ(h.max_y, 6.0);
}

TEST(kde, gaussian_of_one_point_integrates_to_one) {
    const cg::point p{0, 0};
    ca::kde_options o;
    o.bandwidth = 10'000;  // 10 km = 10 cells
    const auto r = ca::kernel_density({&p, 1}, {}, km_grid(120), o);
    // values are per km² and cells are 1 km²: the Riemann sum is the integral
    EXPECT_NEAR(sum(r), 1.0, 1e-7);
}

TEST(kde, gaussian_value_at_the_centre_and_around) {
    const cg::point p{0, 0};
    ca::kde_options o;
    o.bandwidth = 10'000;
    const auto r = ca::kernel_density({&p, 1}, {}, km_grid(60), o);
    const double sigma_km = 10;
    const double centre = 1 / (2 * std::numbers::pi * sigma_km * sigma_km);  // per km²
    EXPECT_NEAR(r.at(60, 60), centre, 1e-15);
    EXPECT_NEAR(r.peak, centre, 1e-15);
    // 3 km east and 4 km south: d = 5 km
    EXPECT_NEAR(r.at(64, 63), centre * std::exp(-25.0 / 200), 1e-15);
    // 20 km north: 2 sigma
    EXPECT_NEAR(r.at(40, 60), centre * std::exp(-2.0), 1e-15);
}

TEST(kde, quartic_matches_its_closed_form) {
    const cg::point p{0, 0};
    ca::kde_options o;
    o.kernel = ca::kernel_shape::quartic;
    o.bandwidth = 8'000;  // radius 8 km
    const auto r = ca::kernel_density({&p, 1}, {}, km_grid(20), o);
    const double h = 8;
    const double k0 = 3 / (std::numbers::pi * h * h);
    auto expected = [&](double d) { return d < h ? k0 * std::pow(1 - d * d / (h * h), 2) : 0.0; };
    EXPECT_NEAR(r.at(20, 20), k0, 1e-15);
    EXPECT_NEAR(r.at(20, 24), expected(4), 1e-15);   // d = h/2: k0 · 9/16
    EXPECT_NEAR(r.at(20, 24), k0 * 9 / 16, 1e-15);
    EXPECT_NEAR(r.at(23, 24), expected(5), 1e-15);   // 3-4-5
    EXPECT_EQ(r.at(20, 28), 0.0);                    // d = h: edge of the support
    EXPECT_EQ(r.at(14, 14), 0.0);                    // d = 8.49 km
    EXPECT_EQ(r.error_bound, 0.0);
    // the quartic kernel integrates to 1 as well (coarser: its support is only 8 cells wide)
    EXPECT_NEAR(sum(r), 1.0, 2e-3);
}

TEST(kde, weights_scale_and_points_superpose) {
    const std::vector<cg::point> pts{{0, 0}, {5000, 0}};
    ca::kde_options o;
    o.bandwidth = 4'000;
    const auto one = ca::kernel_density({pts.data(), 1}, {}, km_grid(30), o);
    const auto two = ca::kernel_density({pts.data() + 1, 1}, {}, km_grid(30), o);
    const std::vector<double> w{2.0, 0.5};
    const auto both = ca::kernel_density(pts, w, km_grid(30), o);
    for (std::size_t i = 0; i < both.values.size(); i += 37)
        EXPECT_NEAR(both.values[i], 2.0 * one.values[i] + 0.5 * two.values[i], 1e-15);
    EXPECT_DOUBLE_EQ(both.total_weight, 2.5);
}

TEST(kde, truncated_gaussian_stays_within_its_bound_of_a_direct_sum) {
    // random points, some outside the grid; compared with a plain double loop over every pair
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> ux(-20'000, 220'000), uy(-20'000, 170'000), uw(0.5, 3);
    std::vector<cg::point> pts(300);
    std::vector<double> w(pts.size());
    for (std::size_t i = 0; i < pts.size(); ++i) {
        pts[i] = {ux(rng), uy(rng)};
        w[i] = uw(rng);
    }
    const auto grid = ca::raster_grid::with_size(cg::box{0, 0, 200'000, 150'000}, 100, 75);
    ca::kde_options o;
    o.bandwidth = 6'000;
    o.tolerance = 1e-7;
    o.threads = 2;
    const auto r = ca::kernel_density(pts, w, grid, o);
    EXPECT_LT(r.cutoff, 37 * o.bandwidth);  // it did truncate
    EXPECT_GT(r.cutoff, 3 * o.bandwidth);
    const double norm = 1e6 / (2 * std::numbers::pi * o.bandwidth * o.bandwidth);
    double max_diff = 0, peak = 0;
    for (std::size_t row = 0; row < grid.rows; ++row) {
        for (std::size_t col = 0; col < grid.columns; ++col) {
            const double x = 0 + (col + 0.5) * 2000, y = 150'000 - (row + 0.5) * 2000;
            double v = 0;
            for (std::size_t i = 0; i < pts.size(); ++i) {
                const double dx = x - pts[i].x, dy = y - pts[i].y;
                v += w[i] * std::exp(-(dx * dx + dy * dy) / (2 * o.bandwidth * o.bandwidth));
            }
            v *= norm;
            peak = std::max(peak, v);
            max_diff = std::max(max_diff, std::abs(v - r.at(row, col)));
        }
    }
    EXPECT_LE(max_diff, r.error_bound + 1e-12 * peak);
    EXPECT_LE(max_diff, 1e-7 * peak);
    EXPECT_LE(r.error_bound, 1e-7 * peak);
    EXPECT_NEAR(r.peak, peak, 1e-7 * peak);
}

TEST(kde, single_and_multi_threaded_agree) {
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> u(0, 100'000);
    std::vector<cg::point> pts(200);
    for (auto& p : pts) p = {u(rng), u(rng)};
    const auto grid = ca::raster_grid::with_size(cg::box{0, 0, 100'000, 100'000}, 64, 64);
    for (auto kernel : {ca::kernel_shape::gaussian, ca::kernel_shape::quartic}) {
        ca::kde_options o;
        o.kernel = kernel;
        o.bandwidth = 5'000;
        o.threads = 1;
        const auto a = ca::kernel_density(pts, {}, grid, o);
        o.threads = 3;
        const auto b = ca::kernel_density(pts, {}, grid, o);
        EXPECT_EQ(a.values, b.values) << ca::to_string(kernel);
    }
}

TEST(kde, rejects_bad_input) {
    const cg::point p{0, 0};
    ca::kde_options o;
    EXPECT_THROW((void)ca::kernel_density({&p, 1}, {}, km_grid(5), o), coopatlas::error);  // no bandwidth
    o.bandwidth = 1000;
    const std::vector<double> negative{-1.0};
    EXPECT_THROW((void)ca::kernel_density({&p, 1}, negative, km_grid(5), o), coopatlas::error);
    const std::vector<double> two{1.0, 1.0};
    EXPECT_THROW((void)ca::kernel_density({&p, 1}, two, km_grid(5), o), coopatlas::error);
    EXPECT_THROW((void)ca::parse_kernel_shape("epanechnikov"), coopatlas::error);
    EXPECT_EQ(ca::parse_kernel_shape("biweight"), ca::kernel_shape::quartic);
}
