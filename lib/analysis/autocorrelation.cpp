#include <coopatlas/analysis/autocorrelation.hpp>

#include <coopatlas/error.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <utility>

namespace coopatlas::analysis {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

/// Unbiased integer in [0, bound) from the generator's full 64-bit output by
/// rejection (std::uniform_int_distribution is implementation-defined, which
/// would make p-values differ between standard libraries).
std::uint64_t draw_below(std::mt19937_64& rng, std::uint64_t bound) {
    const std::uint64_t threshold = (0 - bound) % bound; // 2^64 mod bound
    for (;;) {
        const std::uint64_t r = rng();
        if (r >= threshold) return r % bound;
    }
}

double two_sided_p(double z) {
    return std::isfinite(z) ? std::erfc(std::abs(z) / std::sqrt(2.0)) : nan;
}

/// Checks the inputs and returns the centred values z = x - mean.
std::vector<double> centred(std::span<const double> values, const spatial_weights& w, std::size_t minimum,
                            const char* what) {
    const std::string name(what);
    if (values.size() != w.size())
        throw error(name + ": " + std::to_string(values.size()) + " values but weights for " +
                    std::to_string(w.size()) + " units");
    if (values.size() < minimum)
        throw error(name + " needs at least " + std::to_string(minimum) + " units (got " +
                    std::to_string(values.size()) + ")");
    if (w.weights.size() != w.neighbours.size()) throw error(name + ": malformed weights");
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (!std::isfinite(values[i]))
            throw error(name + ": value of unit " + std::to_string(i) + " is missing or not finite");
        if (w.weights[i].size() != w.neighbours[i].size()) throw error(name + ": malformed weights");
    }
    const double mean = std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
    std::vector<double> z(values.size());
    double spread = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        z[i] = values[i] - mean;
        spread += z[i] * z[i];
    }
    if (!(spread > 0)) throw error(name + ": all values are equal, there is no variation to correlate");
    return z;
}

/// Σ_i z_i Σ_j w_ij z_j, and the same sum of absolute terms (the scale of its rounding error).
std::pair<double, double> cross_product(const std::vector<double>& z, const spatial_weights& w) {
    double s = 0, magnitude = 0;
    for (std::size_t i = 0; i < z.size(); ++i) {
        double lag = 0, abs_lag = 0;
        for (std::size_t n = 0; n < w.neighbours[i].size(); ++n) {
            const double term = w.weights[i][n] * z[w.neighbours[i][n]];
            lag += term;
            abs_lag += std::abs(term);
        }
        s += z[i] * lag;
        magnitude += std::abs(z[i]) * abs_lag;
    }
    return {s, magnitude};
}

/// Equal statistics summed in another order differ in their last bits: two
/// values closer than this relative to their summands' magnitude are tied.
constexpr double tie_tolerance = 1e-12;

lisa_quadrant quadrant_of(double zi, double lag) {
    // As in GeoDa and PySAL, a value equal to the mean counts as low.
    if (zi > 0) return lag > 0 ? lisa_quadrant::high_high : lisa_quadrant::high_low;
    return lag > 0 ? lisa_quadrant::low_high : lisa_quadrant::low_low;
}

/// Pseudo p-value on the nearer tail: (M + 1) / (P + 1), M = the smaller of the
/// counts of permuted statistics >= and <= the observed one. Counting ties in
/// both tails keeps an observed extreme of a discrete distribution (few
/// neighbours, few distinct values) from looking significant: PySAL's
/// min(M>=, P − M>=) gives 1/(P + 1) when the observed value is the minimum.
double folded_pseudo_p(std::size_t at_least, std::size_t at_most, std::size_t permutations) {
    const std::size_t tail = std::min(at_least, at_most);
    return static_cast<double>(tail + 1) / static_cast<double>(permutations + 1);
}

} // namespace

std::string to_string(lisa_quadrant q) {
    switch (q) {
    case lisa_quadrant::not_significant:
        return "ns";
    case lisa_quadrant::high_high:
        return "HH";
    case lisa_quadrant::low_low:
        return "LL";
    case lisa_quadrant::high_low:
        return "HL";
    case lisa_quadrant::low_high:
        return "LH";
    case lisa_quadrant::island:
        return "island";
    }
    return "?";
}

global_moran moran(std::span<const double> values, const spatial_weights& w, const autocorrelation_options& options) {
    std::vector<double> z = centred(values, w, 4, "Moran's I");
    const std::size_t count = z.size();
    const auto n = static_cast<double>(count);

    // S0, S1 = ½ Σ (w_ij + w_ji)² = Σ w_ij² + Σ w_ij w_ji, S2 = Σ (w_i. + w_.i)².
    double s0 = 0, s1 = 0;
    std::vector<double> row(count, 0), column(count, 0);
    for (std::size_t i = 0; i < count; ++i) {
        for (std::size_t k = 0; k < w.neighbours[i].size(); ++k) {
            const std::size_t j = w.neighbours[i][k];
            const double wij = w.weights[i][k];
            s0 += wij;
            s1 += wij * wij;
            row[i] += wij;
            column[j] += wij;
            const auto& back = w.neighbours[j];
            const auto at = std::lower_bound(back.begin(), back.end(), i);
            if (at != back.end() && *at == i) s1 += wij * w.weights[j][static_cast<std::size_t>(at - back.begin())];
        }
    }
    if (!(s0 > 0)) throw error("Moran's I: no unit has a neighbour (all islands)");
    double s2 = 0;
    for (std::size_t i = 0; i < count; ++i)
        s2 += (row[i] + column[i]) * (row[i] + column[i]);

    double m2 = 0, m4 = 0;
    for (double v : z) {
        m2 += v * v;
        m4 += v * v * v * v;
    }

    global_moran g;
    g.n = count;
    g.seed = options.seed;
    const auto [observed, observed_magnitude] = cross_product(z, w);
    g.i = n / s0 * observed / m2;
    g.expected = -1.0 / (n - 1);
    const double e2 = g.expected * g.expected;
    g.variance_normal = (n * n * s1 - n * s2 + 3 * s0 * s0) / ((n * n - 1) * s0 * s0) - e2;
    const double b2 = n * m4 / (m2 * m2); // kurtosis
    g.variance_random =
        (n * ((n * n - 3 * n + 3) * s1 - n * s2 + 3 * s0 * s0) - b2 * ((n * n - n) * s1 - 2 * n * s2 + 6 * s0 * s0)) /
            ((n - 1) * (n - 2) * (n - 3) * s0 * s0) -
        e2;
    g.z_normal = (g.i - g.expected) / std::sqrt(g.variance_normal);
    g.z_random = (g.i - g.expected) / std::sqrt(g.variance_random);
    g.p_normal = two_sided_p(g.z_normal);
    g.p_random = two_sided_p(g.z_random);

    g.permutations = options.permutations;
    if (options.permutations > 0) {
        std::mt19937_64 rng(options.seed);
        std::size_t at_least = 0, at_most = 0;
        double sum = 0, sum2 = 0;
        for (std::size_t p = 0; p < options.permutations; ++p) {
            for (std::size_t k = count - 1; k > 0; --k)
                std::swap(z[k], z[draw_below(rng, k + 1)]); // Fisher-Yates
            const auto [permuted, magnitude] = cross_product(z, w);
            const double ip = n / s0 * permuted / m2;
            const double tie = tie_tolerance * n / s0 * std::max(magnitude, observed_magnitude) / m2;
            if (ip >= g.i - tie) ++at_least;
            if (ip <= g.i + tie) ++at_most;
            sum += ip;
            sum2 += ip * ip;
        }
        const auto pcount = static_cast<double>(options.permutations);
        g.p_permutation = folded_pseudo_p(at_least, at_most, options.permutations);
        g.mean_permuted = sum / pcount;
        const double var = options.permutations > 1 ? (sum2 - sum * sum / pcount) / (pcount - 1) : 0;
        g.z_permutation = var > 0 ? (g.i - g.mean_permuted) / std::sqrt(var) : nan;
    } else {
        g.p_permutation = nan;
        g.mean_permuted = nan;
        g.z_permutation = nan;
    }
    return g;
}

local_moran local_moran_statistics(std::span<const double> values, const spatial_weights& w,
                                   const autocorrelation_options& options) {
    const std::vector<double> z = centred(values, w, 3, "local Moran");
    const std::size_t count = z.size();
    double m2 = 0;
    for (double v : z)
        m2 += v * v;
    m2 /= static_cast<double>(count);

    local_moran out;
    out.permutations = options.permutations;
    out.seed = options.seed;
    out.i.assign(count, 0);
    out.lag.assign(count, 0);
    out.p.assign(count, 1);
    out.quadrant.assign(count, lisa_quadrant::island);
    out.cluster.assign(count, lisa_quadrant::island);

    // A permutation of all indices: for unit i, i is swapped to the end and the
    // neighbours are drawn by a partial Fisher-Yates shuffle of the n - 1 others.
    std::vector<std::size_t> order(count), position(count);
    std::iota(order.begin(), order.end(), 0);
    std::iota(position.begin(), position.end(), 0);
    auto swap_at = [&](std::size_t a, std::size_t b) {
        std::swap(order[a], order[b]);
        position[order[a]] = a;
        position[order[b]] = b;
    };
    std::mt19937_64 rng(options.seed);

    for (std::size_t i = 0; i < count; ++i) {
        const auto& nb = w.neighbours[i];
        const auto& wt = w.weights[i];
        if (nb.empty()) continue;
        double lag = 0, observed_magnitude = 0;
        for (std::size_t k = 0; k < nb.size(); ++k) {
            lag += wt[k] * z[nb[k]];
            observed_magnitude += std::abs(wt[k] * z[nb[k]]);
        }
        out.lag[i] = lag;
        out.i[i] = z[i] * lag / m2;
        out.quadrant[i] = quadrant_of(z[i], lag);
        out.cluster[i] = lisa_quadrant::not_significant;
        if (options.permutations == 0) continue;

        swap_at(position[i], count - 1);
        const std::size_t others = count - 1;
        const std::size_t draws = std::min(nb.size(), others);
        std::size_t at_least = 0, at_most = 0;
        for (std::size_t p = 0; p < options.permutations; ++p) {
            double permuted_lag = 0, magnitude = 0;
            for (std::size_t k = 0; k < draws; ++k) {
                swap_at(k, k + static_cast<std::size_t>(draw_below(rng, others - k)));
                const double term = wt[k] * z[order[k]];
                permuted_lag += term;
                magnitude += std::abs(term);
            }
            const double ip = z[i] * permuted_lag / m2;
            const double tie = tie_tolerance * std::abs(z[i]) * std::max(magnitude, observed_magnitude) / m2;
            if (ip >= out.i[i] - tie) ++at_least;
            if (ip <= out.i[i] + tie) ++at_most;
        }
        out.p[i] = folded_pseudo_p(at_least, at_most, options.permutations);
        if (out.p[i] <= options.significance) out.cluster[i] = out.quadrant[i];
    }
    return out;
}

getis_ord getis_ord_star(std::span<const double> values, const spatial_weights& w) {
    (void)centred(values, w, 3, "Getis-Ord Gi*");
    const std::size_t count = values.size();
    const auto n = static_cast<double>(count);
    double sum = 0, sum2 = 0;
    for (double x : values) {
        sum += x;
        sum2 += x * x;
    }
    const double mean = sum / n;
    const double s = std::sqrt(std::max(0.0, sum2 / n - mean * mean));

    getis_ord out;
    out.z.assign(count, nan);
    out.p.assign(count, nan);
    for (std::size_t i = 0; i < count; ++i) {
        const auto& nb = w.neighbours[i];
        if (nb.empty()) continue;
        // Binary weights with the unit itself: Σ w_ij = Σ w_ij² = 1 + |N_i|.
        const double wi = 1.0 + static_cast<double>(nb.size());
        double local = values[i];
        for (std::size_t j : nb)
            local += values[j];
        const double denominator = s * std::sqrt((n * wi - wi * wi) / (n - 1));
        if (!(denominator > 0)) continue;
        out.z[i] = (local - mean * wi) / denominator;
        out.p[i] = two_sided_p(out.z[i]);
    }
    return out;
}

} // namespace coopatlas::analysis
