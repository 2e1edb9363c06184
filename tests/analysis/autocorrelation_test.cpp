#include <coopatlas/analysis/autocorrelation.hpp>
#include <coopatlas/analysis/weights.hpp>
#include <coopatlas/error.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <vector>

namespace ca = coopatlas::analysis;
using ca::lisa_quadrant;

namespace {

/// Rook neighbours of a rows × cols lattice numbered row by row, built by hand.
ca::spatial_weights rook_lattice(int rows, int cols) {
    std::vector<std::vector<std::size_t>> lists(static_cast<std::size_t>(rows * cols));
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) {
            auto& l = lists[static_cast<std::size_t>(r * cols + c)];
            if (r > 0) l.push_back(static_cast<std::size_t>((r - 1) * cols + c));
            if (c > 0) l.push_back(static_cast<std::size_t>(r * cols + c - 1));
            if (c + 1 < cols) l.push_back(static_cast<std::size_t>(r * cols + c + 1));
            if (r + 1 < rows) l.push_back(static_cast<std::size_t>((r + 1) * cols + c));
        }
    return ca::spatial_weights::from_neighbours(std::move(lists), "rook");
}

using matrix = std::vector<std::vector<double>>;

matrix dense(const ca::spatial_weights& w) {
    matrix m(w.size(), std::vector<double>(w.size(), 0));
    for (std::size_t i = 0; i < w.size(); ++i)
        for (std::size_t k = 0; k < w.neighbours[i].size(); ++k)
            m[i][w.neighbours[i][k]] = w.weights[i][k];
    return m;
}

/// Moran's I straight from its definition over the full matrix:
/// I = n / S0 · Σ_i Σ_j w_ij (x_i − x̄)(x_j − x̄) / Σ_i (x_i − x̄)².
double moran_by_definition(const std::vector<double>& x, const matrix& w) {
    const double n = static_cast<double>(x.size());
    const double mean = std::accumulate(x.begin(), x.end(), 0.0) / n;
    double s0 = 0, num = 0, den = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        den += (x[i] - mean) * (x[i] - mean);
        for (std::size_t j = 0; j < x.size(); ++j) {
            s0 += w[i][j];
            num += w[i][j] * (x[i] - mean) * (x[j] - mean);
        }
    }
    return n / s0 * num / den;
}

struct moments {
    double normal, random;
};

/// Cliff & Ord's variances with S1 and S2 summed over the full matrix.
moments variances_by_definition(const std::vector<double>& x, const matrix& w) {
    const std::size_t size = x.size();
    const double n = static_cast<double>(size);
    double s0 = 0, s1 = 0, s2 = 0;
    for (std::size_t i = 0; i < size; ++i) {
        double row = 0, col = 0;
        for (std::size_t j = 0; j < size; ++j) {
            s0 += w[i][j];
            s1 += 0.5 * (w[i][j] + w[j][i]) * (w[i][j] + w[j][i]);
            row += w[i][j];
            col += w[j][i];
        }
        s2 += (row + col) * (row + col);
    }
    const double mean = std::accumulate(x.begin(), x.end(), 0.0) / n;
    double m2 = 0, m4 = 0;
    for (double v : x) {
        m2 += std::pow(v - mean, 2) / n;
        m4 += std::pow(v - mean, 4) / n;
    }
    const double b2 = m4 / (m2 * m2);
    const double e = -1 / (n - 1);
    const double normal = (n * n * s1 - n * s2 + 3 * s0 * s0) / ((n * n - 1) * s0 * s0) - e * e;
    const double k1 = n * ((n * n - 3 * n + 3) * s1 - n * s2 + 3 * s0 * s0);
    const double k2 = b2 * ((n * n - n) * s1 - 2 * n * s2 + 6 * s0 * s0);
    const double random = (k1 - k2) / ((n - 1) * (n - 2) * (n - 3) * s0 * s0) - e * e;
    return {normal, random};
}

const std::vector<double> one_to_nine{1, 2, 3, 4, 5, 6, 7, 8, 9};

} // namespace

TEST(autocorrelation, moran_on_a_three_by_three_rook_grid_by_hand) {
    // Values 1..9 row by row: z = x − 5, Σz² = 60; the 12 rook edges give
    // Σ z_i z_j = 36 (horizontal) + 4 (vertical) = 40, counted twice = 80; S0 = 24;
    // I = 9/24 · 80/60 = 0.5. S1 = 48, S2 = 4·(4·2² + 4·3² + 4²) = 272, so
    // Var_N = (81·48 − 9·272 + 3·24²)/(80·24²) − 1/64 = 0.053125;
    // b2 = 9·708/60² = 1.77 gives Var_R = 14575.68/193536 − 1/64 = 0.0596875.
    const auto w = rook_lattice(3, 3);
    const auto g = ca::moran(one_to_nine, w, {.permutations = 0});
    EXPECT_EQ(g.n, 9u);
    EXPECT_NEAR(g.i, 0.5, 1e-12);
    EXPECT_NEAR(g.expected, -0.125, 1e-12);
    EXPECT_NEAR(g.variance_normal, 0.053125, 1e-12);
    EXPECT_NEAR(g.variance_random, 0.0596875, 1e-12);
    EXPECT_NEAR(g.z_normal, 0.625 / std::sqrt(0.053125), 1e-9);
    EXPECT_NEAR(g.z_random, 0.625 / std::sqrt(0.0596875), 1e-9);
    EXPECT_NEAR(g.p_normal, std::erfc(0.625 / std::sqrt(0.053125) / std::sqrt(2.0)), 1e-12);
    EXPECT_TRUE(std::isnan(g.p_permutation));
}

TEST(autocorrelation, textbook_checkerboard_and_stripes) {
    // On a 4×4 rook lattice a checkerboard is perfect negative autocorrelation
    // (I = −1), alternating columns have as many like as unlike pairs (I = 0),
    // and two halves give 2·(3·4)... all alike except the 4 middle edges.
    const auto w = rook_lattice(4, 4);
    std::vector<double> board, stripes, halves;
    for (int r = 0; r < 4; ++r)
        for (int c = 0; c < 4; ++c) {
            board.push_back((r + c) % 2);
            stripes.push_back(c % 2);
            halves.push_back(c < 2 ? 0 : 1);
        }
    EXPECT_NEAR(ca::moran(board, w, {.permutations = 0}).i, -1.0, 1e-12);
    EXPECT_NEAR(ca::moran(stripes, w, {.permutations = 0}).i, 0.0, 1e-12);
    // Halves: z = ±½; 24 edges of which 4 cross the middle: Σ z z = 2·(20 − 4)/4 = 8,
    // Σ z² = 4, S0 = 48: I = 16/48 · 8/4 = 2/3.
    EXPECT_NEAR(ca::moran(halves, w, {.permutations = 0}).i, 2.0 / 3, 1e-12);
}

TEST(autocorrelation, moran_matches_the_definition_with_row_standardised_and_asymmetric_weights) {
    std::mt19937_64 rng(21);
    std::normal_distribution<double> normal(10, 3);
    auto lattice = rook_lattice(6, 7);
    lattice.row_standardise();
    // Random asymmetric neighbour lists with random positive weights.
    std::vector<std::vector<std::size_t>> lists(30);
    for (std::size_t i = 0; i < lists.size(); ++i)
        for (int k = 0; k < 4; ++k)
            lists[i].push_back(rng() % lists.size());
    auto random_w = ca::spatial_weights::from_neighbours(lists);
    for (auto& row : random_w.weights)
        for (double& v : row)
            v = 0.5 + static_cast<double>(rng() % 100) / 50;
    for (const auto* w : {&lattice, &random_w}) {
        std::vector<double> x(w->size());
        for (double& v : x)
            v = normal(rng);
        const auto g = ca::moran(x, *w, {.permutations = 0});
        const matrix m = dense(*w);
        EXPECT_NEAR(g.i, moran_by_definition(x, m), 1e-12);
        const moments v = variances_by_definition(x, m);
        EXPECT_NEAR(g.variance_normal, v.normal, 1e-12);
        EXPECT_NEAR(g.variance_random, v.random, 1e-12);
    }
}

TEST(autocorrelation, permutation_p_value_agrees_with_exhaustive_enumeration) {
    // 2×3 lattice: all 720 arrangements of the values give the exact
    // permutation distribution of I; 9999 random permutations must come close.
    const auto w = rook_lattice(2, 3);
    const std::vector<double> x{1, 2, 6, 3, 5, 9};
    const matrix m = dense(w);
    const double observed = moran_by_definition(x, m);
    std::vector<std::size_t> order(x.size());
    std::iota(order.begin(), order.end(), 0);
    std::size_t at_least = 0, at_most = 0, total = 0;
    do {
        std::vector<double> y;
        for (std::size_t k : order)
            y.push_back(x[k]);
        const double i = moran_by_definition(y, m);
        if (i >= observed - 1e-12) ++at_least;
        if (i <= observed + 1e-12) ++at_most;
        ++total;
    } while (std::next_permutation(order.begin(), order.end()));
    const double exact = static_cast<double>(std::min(at_least, at_most)) / static_cast<double>(total);

    const auto g = ca::moran(x, w, {.permutations = 9999, .seed = 1});
    EXPECT_EQ(g.permutations, 9999u);
    EXPECT_NEAR(g.p_permutation, exact, 0.015);
    EXPECT_GT(exact, 0.01);                         // the example must not be degenerate
    EXPECT_NEAR(g.mean_permuted, g.expected, 0.01); // E[I] = −1/(n − 1) under permutation
}

TEST(autocorrelation, permutations_are_reproducible_from_the_seed) {
    std::mt19937_64 rng(99);
    std::uniform_real_distribution<double> u(0, 1);
    std::vector<double> x(49);
    for (double& v : x)
        v = u(rng);
    auto w = rook_lattice(7, 7);
    w.row_standardise();
    const auto a = ca::moran(x, w, {.permutations = 199, .seed = 7});
    const auto b = ca::moran(x, w, {.permutations = 199, .seed = 7});
    EXPECT_EQ(a.p_permutation, b.p_permutation);
    EXPECT_EQ(a.mean_permuted, b.mean_permuted);
    EXPECT_EQ(a.seed, 7u);
    const auto c = ca::moran(x, w, {.permutations = 199, .seed = 8});
    EXPECT_NE(a.mean_permuted, c.mean_permuted);
    const auto la = ca::local_moran_statistics(x, w, {.permutations = 199, .seed = 7});
    const auto lb = ca::local_moran_statistics(x, w, {.permutations = 199, .seed = 7});
    EXPECT_EQ(la.p, lb.p);
    const auto lc = ca::local_moran_statistics(x, w, {.permutations = 199, .seed = 8});
    EXPECT_NE(la.p, lc.p);
}

TEST(autocorrelation, local_moran_by_hand) {
    // Values 1..9 on the 3×3 rook grid, m2 = Σz²/n = 60/9. South-west corner
    // (z = −4) has neighbours z = −3 and −1: binary lag −4, I = 16/(60/9) = 2.4;
    // the centre (z = 0) has I = 0. Σ_i I_i = S0 · I = 24 · 0.5 = 12.
    const auto w = rook_lattice(3, 3);
    const auto l = ca::local_moran_statistics(one_to_nine, w, {.permutations = 0});
    EXPECT_NEAR(l.i[0], 2.4, 1e-12);
    EXPECT_NEAR(l.lag[0], -4, 1e-12);
    EXPECT_NEAR(l.i[4], 0, 1e-12);
    EXPECT_NEAR(std::accumulate(l.i.begin(), l.i.end(), 0.0), 12, 1e-12);
    EXPECT_EQ(l.quadrant[0], lisa_quadrant::low_low);
    EXPECT_EQ(l.quadrant[8], lisa_quadrant::high_high);
    EXPECT_EQ(l.cluster[0], lisa_quadrant::not_significant); // no permutations: nothing is significant
    EXPECT_EQ(l.p[0], 1.0);

    auto rw = w;
    rw.row_standardise();
    const auto r = ca::local_moran_statistics(one_to_nine, rw, {.permutations = 0});
    EXPECT_NEAR(r.i[0], 1.2, 1e-12); // lag is the mean of −3 and −1
}

TEST(autocorrelation, local_moran_quadrants_of_outliers) {
    // 10 1 1 / 1 1 1 / 1 1 10 (row by row), mean 3: unit 0 is high among lows
    // (HL); unit 1 (z = −2) has neighbours z = 7, −2, −2: lag 3 > 0 (LH).
    const std::vector<double> x{10, 1, 1, 1, 1, 1, 1, 1, 10};
    const auto l = ca::local_moran_statistics(x, rook_lattice(3, 3), {.permutations = 0});
    EXPECT_EQ(l.quadrant[0], lisa_quadrant::high_low);
    EXPECT_EQ(l.quadrant[1], lisa_quadrant::low_high);
    EXPECT_EQ(l.quadrant[4], lisa_quadrant::low_low);
    EXPECT_EQ(ca::to_string(l.quadrant[0]), "HL");
    EXPECT_EQ(ca::to_string(l.quadrant[1]), "LH");
}

TEST(autocorrelation, conditional_permutation_agrees_with_enumeration) {
    // Corner 0 of the 1..9 grid, row-standardised: its two neighbours are drawn
    // from the 8 other values; enumerating the 56 ordered pairs gives the exact
    // conditional distribution (by hand: lag ≤ −2 needs the pairs {−3,−2} or
    // {−3,−1}, 4 ordered pairs of 56, p ≈ 0.0714).
    auto w = rook_lattice(3, 3);
    w.row_standardise();
    const auto l = ca::local_moran_statistics(one_to_nine, w, {.permutations = 9999, .seed = 3});
    std::vector<double> z;
    for (double v : one_to_nine)
        z.push_back(v - 5);
    const double m2 = 60.0 / 9;
    std::size_t at_least = 0, total = 0;
    for (std::size_t a = 1; a < 9; ++a)
        for (std::size_t b = 1; b < 9; ++b) {
            if (a == b) continue;
            ++total;
            if (z[0] * (0.5 * z[a] + 0.5 * z[b]) / m2 >= l.i[0] - 1e-12) ++at_least;
        }
    EXPECT_EQ(at_least, 4u);
    EXPECT_EQ(total, 56u);
    EXPECT_NEAR(l.p[0], 4.0 / 56, 0.01);
    EXPECT_EQ(l.cluster[0], lisa_quadrant::not_significant); // 0.07 > 0.05
    EXPECT_EQ(l.permutations, 9999u);
}

TEST(autocorrelation, an_extreme_of_a_discrete_distribution_is_not_significant) {
    // Unit 0 (value 0) has the two largest values as neighbours: the most
    // negative local I possible. Its two neighbours are drawn from 4 others, so
    // that arrangement has probability 2/12: the pseudo p-value must be near 1/6,
    // not 1/(P + 1) as when ties count in one tail only.
    auto w = ca::spatial_weights::from_neighbours({{1, 2}, {0}, {0}, {4}, {3}});
    w.row_standardise();
    const std::vector<double> x{0, 10, 9, 5, 6};
    const auto l = ca::local_moran_statistics(x, w, {.permutations = 9999, .seed = 4});
    EXPECT_NEAR(l.p[0], 1.0 / 6, 0.01);
    EXPECT_EQ(l.cluster[0], lisa_quadrant::not_significant);
}

TEST(autocorrelation, strong_cluster_is_significant) {
    // A 3×3 block of 100 in the south-west of a 6×6 lattice of small values.
    // The block's centre (unit 7) has four high neighbours; drawing four of the
    // eight other highs from 35 values has probability 8·7·6·5/(35·34·33·32) ≈ 0.0013.
    std::vector<double> x;
    for (int r = 0; r < 6; ++r)
        for (int c = 0; c < 6; ++c)
            x.push_back(r < 3 && c < 3 ? 100.0 : 1.0 + (r + c) % 3);
    auto w = rook_lattice(6, 6);
    w.row_standardise();
    const auto g = ca::moran(x, w);
    EXPECT_EQ(g.permutations, 999u);
    EXPECT_NEAR(g.p_permutation, 0.001, 1e-12); // no permutation reaches the observed I
    EXPECT_GT(g.z_random, 3);
    const auto l = ca::local_moran_statistics(x, w);
    EXPECT_EQ(l.cluster[7], lisa_quadrant::high_high);
    EXPECT_LT(l.p[7], 0.01);
    // Mirrored values make the block a cold spot with the same draws, hence the same p.
    std::vector<double> mirrored;
    for (double v : x)
        mirrored.push_back(-v);
    const auto m = ca::local_moran_statistics(mirrored, w);
    EXPECT_EQ(m.cluster[7], lisa_quadrant::low_low);
    EXPECT_EQ(m.p[7], l.p[7]);
}

TEST(autocorrelation, getis_ord_star_by_hand) {
    // 1..9 on the 3×3 rook grid, with each unit in its own neighbourhood:
    // x̄ = 5, S = √(285/9 − 25) = √(20/3). Centre: 2+4+5+6+8 = 25 = 5·x̄, Gi* = 0.
    // South-west corner: 1+2+4 = 7, W = 3: (7 − 15) / (S·√((9·3 − 9)/8)) = −8 / (1.5·S).
    const auto w = rook_lattice(3, 3);
    const auto g = ca::getis_ord_star(one_to_nine, w);
    const double s = std::sqrt(20.0 / 3);
    EXPECT_NEAR(g.z[4], 0, 1e-12);
    EXPECT_NEAR(g.z[0], -8 / (1.5 * s), 1e-12);
    EXPECT_NEAR(g.z[8], 8 / (1.5 * s), 1e-12);
    EXPECT_NEAR(g.p[0], std::erfc(8 / (1.5 * s) / std::sqrt(2.0)), 1e-12);
    // Row standardisation does not change Gi* (binary pattern by definition).
    auto rw = w;
    rw.row_standardise();
    EXPECT_EQ(ca::getis_ord_star(one_to_nine, rw).z, g.z);
}

TEST(autocorrelation, islands_and_bad_input) {
    auto w = ca::spatial_weights::from_neighbours({{1}, {0, 2}, {1, 3}, {2}, {}});
    const std::vector<double> x{1, 2, 3, 4, 5};
    const auto l = ca::local_moran_statistics(x, w, {.permutations = 99});
    EXPECT_EQ(l.quadrant[4], lisa_quadrant::island);
    EXPECT_EQ(l.cluster[4], lisa_quadrant::island);
    EXPECT_EQ(l.p[4], 1.0);
    const auto g = ca::getis_ord_star(x, w);
    EXPECT_TRUE(std::isnan(g.z[4]));
    EXPECT_FALSE(std::isnan(g.z[0]));

    const std::vector<double> short_x{1, 2, 3};
    EXPECT_THROW((void)ca::moran(short_x, w), coopatlas::error);
    const std::vector<double> flat{2, 2, 2, 2, 2};
    EXPECT_THROW((void)ca::moran(flat, w), coopatlas::error);
    const std::vector<double> missing{1, 2, std::nan(""), 4, 5};
    EXPECT_THROW((void)ca::local_moran_statistics(missing, w), coopatlas::error);
    const auto none = ca::spatial_weights::from_neighbours({{}, {}, {}, {}, {}});
    EXPECT_THROW((void)ca::moran(x, none), coopatlas::error);
}
