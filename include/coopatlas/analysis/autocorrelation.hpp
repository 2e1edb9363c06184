#pragma once
/// \file
/// \brief Spatial autocorrelation: global Moran's I, local Moran (LISA) and
/// Getis-Ord Gi*, over spatial_weights.
///
/// Provenance: P. A. P. Moran (1950); moments under normality and randomisation
/// from A. D. Cliff and J. K. Ord, Spatial Processes (1981), eqs. 1.35–1.36;
/// local Moran and conditional permutation from L. Anselin, "Local indicators of
/// spatial association — LISA", Geographical Analysis 27 (1995) 93–115; Gi* from
/// J. K. Ord and A. Getis, Geographical Analysis 27 (1995) 286–306. Conventions
/// (pseudo p-value (M + 1) / (P + 1) on the nearer tail, quadrants, m2 = Σz²/n)
/// follow PySAL esda and GeoDa, so results can be compared with them; one
/// difference: ties with the observed value count in both tails (M is the
/// smaller of #(I_perm >= I) and #(I_perm <= I)), which only matters for
/// discrete permutation distributions (few neighbours, few distinct values).
///
/// Reproducibility: permutations draw from std::mt19937_64 seeded with
/// `seed` (default 12345) through a portable bounded draw, so a given input,
/// weights and seed give the same p-values on every platform.
///
/// Thread-safety: pure functions; may run concurrently.

#include <coopatlas/analysis/weights.hpp>
#include <coopatlas/config.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace coopatlas::analysis {

/// \brief Options shared by the permutation tests.
struct autocorrelation_options {
    std::size_t permutations = 999; ///< 0 disables the permutation test
    std::uint64_t seed = 12345;     ///< seed of std::mt19937_64
    double significance = 0.05;     ///< pseudo p-value at or below which a LISA is significant
};

/// \brief Global Moran's I and its inference.
struct COOPATLAS_API global_moran {
    std::size_t n = 0;            ///< units used
    double i = 0;                 ///< Moran's I
    double expected = 0;          ///< E[I] = -1 / (n - 1)
    double variance_normal = 0;   ///< Var[I] under normality
    double variance_random = 0;   ///< Var[I] under randomisation
    double z_normal = 0;          ///< (I - E[I]) / sqrt(Var normal)
    double z_random = 0;          ///< (I - E[I]) / sqrt(Var randomisation)
    double p_normal = 0;          ///< two-sided p-value of z_normal
    double p_random = 0;          ///< two-sided p-value of z_random
    std::size_t permutations = 0; ///< permutations run
    double p_permutation = 0; ///< pseudo p-value (M + 1) / (P + 1), M = permuted I at least as extreme (nearer tail)
    double mean_permuted = 0; ///< mean of the permuted I
    double z_permutation = 0; ///< (I - mean) / standard deviation of the permuted I
    std::uint64_t seed = 0;   ///< seed used
};

/// \brief Moran scatterplot quadrant of a unit: its value against the spatial lag.
enum class lisa_quadrant {
    not_significant,
    high_high, ///< hot spot: high value among high neighbours
    low_low,   ///< cold spot
    high_low,  ///< high outlier among low neighbours
    low_high,  ///< low outlier among high neighbours
    island,    ///< no neighbour: no local statistic
};

/// \brief "HH", "LL", "HL", "LH", "ns" or "island".
COOPATLAS_API std::string to_string(lisa_quadrant q);

/// \brief Local Moran I_i for every unit, with conditional permutation inference.
struct COOPATLAS_API local_moran {
    std::vector<double> i;   ///< I_i = z_i Σ_j w_ij z_j / m2, m2 = Σ z² / n
    std::vector<double> lag; ///< spatial lag of the centred values, Σ_j w_ij z_j
    std::vector<double> p;   ///< conditional permutation pseudo p-value (1 for islands and without permutations)
    std::vector<lisa_quadrant> quadrant; ///< quadrant of each unit, whatever its significance
    std::vector<lisa_quadrant> cluster;  ///< quadrant when p <= significance, else not_significant (island kept)
    std::size_t permutations = 0;
    std::uint64_t seed = 0;
};

/// \brief Getis-Ord Gi*: a z-score per unit (positive = cluster of high values).
struct COOPATLAS_API getis_ord {
    std::vector<double> z; ///< Gi* (itself a standard normal deviate under the null)
    std::vector<double> p; ///< two-sided normal p-value of z
};

/// \brief Global Moran's I of `values` with weights `w` (used as given: row
/// standardise first for the usual convention). Throws coopatlas::error when
/// sizes differ, a value is not finite, n < 4 (the randomisation variance needs
/// it) or the values are all equal.
COOPATLAS_API global_moran moran(std::span<const double> values, const spatial_weights& w,
                                 const autocorrelation_options& options = {});

/// \brief Local Moran with conditional permutations: unit i keeps its value and
/// its neighbours draw |N_i| values at random, without replacement, from the
/// n - 1 others. Same errors as moran().
COOPATLAS_API local_moran local_moran_statistics(std::span<const double> values, const spatial_weights& w,
                                                 const autocorrelation_options& options = {});

/// \brief Gi* on the binary pattern of `w` with each unit included in its own
/// neighbourhood (w_ii = 1), as defined by Ord and Getis; the weights' values
/// and standardisation are not used. Islands, and units whose neighbourhood is
/// every unit, have no Gi*: z and p are NaN. Same errors as moran().
COOPATLAS_API getis_ord getis_ord_star(std::span<const double> values, const spatial_weights& w);

} // namespace coopatlas::analysis
