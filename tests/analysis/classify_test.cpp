#include <coopatlas/analysis/classify.hpp>
#include <coopatlas/error.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <vector>

namespace ca = coopatlas::analysis;
using ca::classification_method;

namespace {

/// Within-class sum of squared deviations of a classification, straight from the definition.
double total_ssd(const std::vector<double>& values, const ca::classification& c) {
    std::vector<std::vector<double>> groups(c.classes());
    for (double v : values)
        groups[c.class_of(v)].push_back(v);
    double total = 0;
    for (const auto& g : groups) {
        if (g.empty()) continue;
        const double mean = std::accumulate(g.begin(), g.end(), 0.0) / static_cast<double>(g.size());
        for (double v : g)
            total += (v - mean) * (v - mean);
    }
    return total;
}

double ssd_of(const std::vector<double>& sorted, std::size_t begin, std::size_t end) {
    double mean = 0;
    for (std::size_t i = begin; i < end; ++i)
        mean += sorted[i];
    mean /= static_cast<double>(end - begin);
    double s = 0;
    for (std::size_t i = begin; i < end; ++i)
        s += (sorted[i] - mean) * (sorted[i] - mean);
    return s;
}

/// Least SSD over every way of cutting the sorted values into k contiguous
/// non-empty groups that never separates equal values (brute-force enumeration).
double brute_force_jenks(std::vector<double> values, std::size_t k) {
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    double best = std::numeric_limits<double>::infinity();
    std::vector<std::size_t> cuts(k - 1);
    // Recursive enumeration of cut positions 1 <= c1 < c2 < ... < n.
    auto search = [&](auto&& self, std::size_t depth, std::size_t from) -> void {
        if (depth == k - 1) {
            double cost = 0;
            std::size_t begin = 0;
            for (std::size_t c : cuts) {
                cost += ssd_of(values, begin, c);
                begin = c;
            }
            cost += ssd_of(values, begin, n);
            best = std::min(best, cost);
            return;
        }
        for (std::size_t c = from; c + (k - 2 - depth) < n; ++c) {
            if (values[c] == values[c - 1]) continue; // would split equal values
            cuts[depth] = c;
            self(self, depth + 1, c + 1);
        }
    };
    search(search, 0, 1);
    return best;
}

/// Fisher's original O(k n²) dynamic programme, written out independently.
double fisher_dp(std::vector<double> v, std::size_t k) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    std::vector<std::vector<double>> best(k + 1, std::vector<double>(n + 1, std::numeric_limits<double>::infinity()));
    best[0][0] = 0;
    for (std::size_t c = 1; c <= k; ++c)
        for (std::size_t j = c; j <= n; ++j)
            for (std::size_t i = c - 1; i < j; ++i) {
                if (i > 0 && v[i] == v[i - 1]) continue;
                if (best[c - 1][i] == std::numeric_limits<double>::infinity()) continue;
                best[c][j] = std::min(best[c][j], best[c - 1][i] + ssd_of(v, i, j));
            }
    return best[k][n];
}

} // namespace

TEST(classify, interval_label_uses_an_en_dash) {
    EXPECT_EQ(ca::interval_label(12.5, 25.0, 1), "12.5 \u2013 25.0");
    EXPECT_EQ(ca::interval_label(-0.04, 3, 1), "0.0 \u2013 3.0"); // no "-0.0" on a legend
    EXPECT_EQ(ca::interval_label(1000, 25000, 0), "1000 \u2013 25000");
}

TEST(classify, equal_interval_bounds_counts_and_labels) {
    const std::vector<double> v{0, 5, 12.5, 20, 30, 50};
    const auto c = ca::classify(v, classification_method::equal_interval, 4);
    ASSERT_EQ(c.classes(), 4u);
    EXPECT_EQ(c.breaks, (std::vector<double>{0, 12.5, 25, 37.5, 50}));
    EXPECT_EQ(c.counts, (std::vector<std::size_t>{3, 1, 1, 1})); // 12.5 belongs to the lower class
    EXPECT_EQ(c.labels[0], "0.0 \u2013 12.5");
    EXPECT_EQ(c.labels[1], "12.5 \u2013 25.0");
    EXPECT_EQ(c.labels[3], "37.5 \u2013 50.0");
}

TEST(classify, equal_interval_keeps_a_gap_as_an_empty_class) {
    const std::vector<double> v{0, 1, 2, 9, 10};
    const auto c = ca::classify(v, classification_method::equal_interval, 5);
    EXPECT_EQ(c.breaks, (std::vector<double>{0, 2, 4, 6, 8, 10}));
    EXPECT_EQ(c.counts, (std::vector<std::size_t>{3, 0, 0, 0, 2}));
    EXPECT_EQ(c.labels[0], "0 \u2013 2");
}

TEST(classify, whole_numbers_get_labels_that_do_not_overlap) {
    // Classes are closed above: with breaks 2, 5, 9, 12 the classes hold 2..5, 6..9 and 10..12.
    const std::vector<double> v{2, 3, 5, 6, 9, 12};
    const std::vector<double> inner{5, 9};
    const auto c = ca::classify(v, classification_method::user_defined, 0, inner);
    EXPECT_EQ(c.breaks, (std::vector<double>{2, 5, 9, 12}));
    EXPECT_EQ(c.counts, (std::vector<std::size_t>{3, 2, 1}));
    EXPECT_EQ(c.labels, (std::vector<std::string>{"2 \u2013 5", "6 \u2013 9", "10 \u2013 12"}));
    // a break between two integers, and a class that holds a single integer
    const std::vector<double> w{1, 2, 3, 4, 8};
    const std::vector<double> cuts{2.5, 3.5};
    const auto d = ca::classify(w, classification_method::user_defined, 0, cuts);
    EXPECT_EQ(d.labels, (std::vector<std::string>{"1 \u2013 2", "3", "4 \u2013 8"}));
    // one value that is not whole keeps the bounds as they are
    const std::vector<double> x{2, 3, 5.5, 9};
    const auto e = ca::classify(x, classification_method::user_defined, 0, inner);
    EXPECT_EQ(e.labels[1].front(), '5'); // from the break 5, not from 6
}

TEST(classify, quantiles_without_ties_split_evenly) {
    std::vector<double> v(10);
    std::iota(v.begin(), v.end(), 1.0);
    const auto c = ca::classify(v, classification_method::quantiles, 5);
    EXPECT_EQ(c.breaks, (std::vector<double>{1, 2, 4, 6, 8, 10}));
    EXPECT_EQ(c.counts, (std::vector<std::size_t>(5, 2)));
}

TEST(classify, quantiles_with_ties_never_leave_a_class_empty) {
    // Seven equal values would put the first two quantile cuts on the same value.
    const std::vector<double> v{1, 1, 1, 1, 1, 1, 1, 2, 3, 4};
    const auto c = ca::classify(v, classification_method::quantiles, 3);
    ASSERT_EQ(c.classes(), 3u);
    EXPECT_EQ(c.breaks, (std::vector<double>{1, 1, 2, 4}));
    EXPECT_EQ(c.counts, (std::vector<std::size_t>{7, 1, 2}));
    for (std::size_t n : c.counts)
        EXPECT_GT(n, 0u);
}

TEST(classify, quantiles_with_random_ties_are_never_empty) {
    std::mt19937_64 rng(42);
    std::uniform_int_distribution<int> small(0, 6);
    for (int round = 0; round < 200; ++round) {
        std::vector<double> v(1 + rng() % 40);
        for (double& x : v)
            x = small(rng) * small(rng);
        std::vector<double> distinct = v;
        std::sort(distinct.begin(), distinct.end());
        distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
        for (std::size_t k = 1; k <= 8; ++k) {
            const auto c = ca::classify(v, classification_method::quantiles, k);
            EXPECT_EQ(c.classes(), std::min(k, distinct.size()));
            for (std::size_t n : c.counts)
                EXPECT_GT(n, 0u);
            EXPECT_EQ(std::accumulate(c.counts.begin(), c.counts.end(), std::size_t{0}), v.size());
        }
    }
}

TEST(classify, fewer_distinct_values_than_classes_gives_fewer_classes) {
    const std::vector<double> v{5, 5, 5, 7};
    for (auto m : {classification_method::quantiles, classification_method::fisher_jenks}) {
        const auto c = ca::classify(v, m, 4);
        EXPECT_EQ(c.breaks, (std::vector<double>{5, 5, 7})) << ca::to_string(m);
        EXPECT_EQ(c.counts, (std::vector<std::size_t>{3, 1})) << ca::to_string(m);
    }
    const std::vector<double> same{3, 3, 3};
    const auto c = ca::classify(same, classification_method::equal_interval, 5);
    EXPECT_EQ(c.breaks, (std::vector<double>{3, 3}));
    EXPECT_EQ(c.counts, (std::vector<std::size_t>{3}));
}

TEST(classify, jenks_matches_the_worked_example) {
    // Twelve values in three natural groups (the example of the jenkspy
    // documentation); the optimum, checked by enumerating all 55 cut pairs by
    // hand, is {1.2 1.3 2.3} {3.9 4.1 4.3 4.3 5.0} {7.1 7.3 7.3 7.8}, SSD 1.6955.
    const std::vector<double> v{1.3, 7.1, 7.3, 2.3, 3.9, 4.1, 7.8, 1.2, 4.3, 7.3, 5.0, 4.3};
    const auto c = ca::classify(v, classification_method::fisher_jenks, 3);
    EXPECT_EQ(c.breaks, (std::vector<double>{1.2, 2.3, 5.0, 7.8}));
    EXPECT_EQ(c.counts, (std::vector<std::size_t>{3, 5, 4}));
    EXPECT_NEAR(total_ssd(v, c), 1.6955, 1e-9);
    EXPECT_EQ(c.labels[1], "2.3 \u2013 5.0");
}

TEST(classify, jenks_is_optimal_against_brute_force_enumeration) {
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> u(0, 100);
    for (int round = 0; round < 60; ++round) {
        std::vector<double> v(3 + rng() % 10);
        for (double& x : v)
            x = (round % 3 == 0) ? std::round(u(rng) / 20) : u(rng); // every third round has ties
        std::vector<double> distinct = v;
        std::sort(distinct.begin(), distinct.end());
        distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
        for (std::size_t k = 2; k <= std::min<std::size_t>(5, distinct.size()); ++k) {
            const auto c = ca::classify(v, classification_method::fisher_jenks, k);
            ASSERT_EQ(c.classes(), k);
            EXPECT_NEAR(total_ssd(v, c), brute_force_jenks(v, k), 1e-7) << "round " << round << " k " << k;
        }
    }
}

TEST(classify, jenks_matches_fisher_quadratic_programme_on_larger_sets) {
    std::mt19937_64 rng(11);
    std::lognormal_distribution<double> heavy(2.0, 1.0);
    std::vector<double> v(300);
    for (double& x : v)
        x = std::round(heavy(rng) * 10) / 10;
    for (std::size_t k : {3u, 5u, 7u}) {
        const auto c = ca::classify(v, classification_method::fisher_jenks, k);
        EXPECT_NEAR(total_ssd(v, c), fisher_dp(v, k), 1e-6 * fisher_dp(v, 1));
    }
}

TEST(classify, jenks_keeps_precision_with_large_close_values) {
    // Values around 1e9 that differ by units: naive sums of squares lose them.
    const std::vector<double> v{1e9 + 1, 1e9 + 2, 1e9 + 3, 1e9 + 101, 1e9 + 102, 1e9 + 103};
    const auto c = ca::classify(v, classification_method::fisher_jenks, 2);
    EXPECT_EQ(c.breaks, (std::vector<double>{1e9 + 1, 1e9 + 3, 1e9 + 103}));
}

TEST(classify, head_tail_follows_jiangs_example) {
    // Jiang (2013): the ten values 1, 1/2, ..., 1/10 give three classes of 7, 2 and 1.
    std::vector<double> v;
    for (int i = 1; i <= 10; ++i)
        v.push_back(1.0 / i);
    double harmonic = 0;
    for (int i = 1; i <= 10; ++i)
        harmonic += 1.0 / i;
    const auto c = ca::classify(v, classification_method::head_tail, 10);
    ASSERT_EQ(c.classes(), 3u);
    EXPECT_NEAR(c.breaks[1], harmonic / 10, 1e-12);                 // mean of all
    EXPECT_NEAR(c.breaks[2], (1.0 + 1.0 / 2 + 1.0 / 3) / 3, 1e-12); // mean of the head
    EXPECT_EQ(c.counts, (std::vector<std::size_t>{7, 2, 1}));
    // k caps the number of classes.
    EXPECT_EQ(ca::classify(v, classification_method::head_tail, 2).counts, (std::vector<std::size_t>{7, 3}));
}

TEST(classify, std_deviation_even_and_odd_class_counts) {
    const std::vector<double> v{2, 4, 4, 4, 5, 5, 7, 9}; // mean 5, population s.d. 2
    const auto even = ca::classify(v, classification_method::std_deviation, 4);
    EXPECT_EQ(even.breaks, (std::vector<double>{2, 3, 5, 7, 9}));
    EXPECT_EQ(even.counts, (std::vector<std::size_t>{1, 5, 1, 1}));
    const auto odd = ca::classify(v, classification_method::std_deviation, 5);
    // Bounds 2, 4, 6, 8: the bound at the minimum is dropped.
    EXPECT_EQ(odd.breaks, (std::vector<double>{2, 4, 6, 8, 9}));
    EXPECT_EQ(odd.counts, (std::vector<std::size_t>{4, 2, 1, 1}));
}

TEST(classify, box_plot_uses_tukey_hinges_and_fences) {
    std::vector<double> v(11);
    std::iota(v.begin(), v.end(), 1.0); // hinges 3.5 and 8.5, fences -4 and 16 outside the data
    auto c = ca::classify(v, classification_method::box_plot, 6);
    EXPECT_EQ(c.breaks, (std::vector<double>{1, 3.5, 6, 8.5, 11}));
    EXPECT_EQ(c.counts, (std::vector<std::size_t>{3, 3, 2, 3}));
    v.push_back(40); // n = 12: median 6.5, hinges 3.5 and 9.5, upper fence 9.5 + 1.5·6 = 18.5
    c = ca::classify(v, classification_method::box_plot, 6);
    EXPECT_EQ(c.breaks, (std::vector<double>{1, 3.5, 6.5, 9.5, 18.5, 40}));
    EXPECT_EQ(c.counts, (std::vector<std::size_t>{3, 3, 3, 2, 1}));
}

TEST(classify, user_defined_breaks) {
    const std::vector<double> v{5, 10, 15, 25};
    const std::vector<double> user{0, 10, 20, 100}; // 0 and 100 lie outside the data
    const auto c = ca::classify(v, classification_method::user_defined, 0, user);
    EXPECT_EQ(c.breaks, (std::vector<double>{5, 10, 20, 25}));
    EXPECT_EQ(c.counts, (std::vector<std::size_t>{2, 1, 1}));
    const std::vector<double> bad{10, 5};
    EXPECT_THROW((void)ca::classify(v, classification_method::user_defined, 0, bad), coopatlas::error);
    EXPECT_THROW((void)ca::classify(v, classification_method::user_defined, 0), coopatlas::error);
}

TEST(classify, class_of_and_non_finite_values) {
    const std::vector<double> v{std::nan(""), 0, 10, 20, std::numeric_limits<double>::infinity(), 30, 40};
    const auto c = ca::classify(v, classification_method::equal_interval, 4);
    EXPECT_EQ(c.breaks, (std::vector<double>{0, 10, 20, 30, 40}));
    EXPECT_EQ(c.counts, (std::vector<std::size_t>{2, 1, 1, 1}));
    EXPECT_EQ(c.class_of(-5), 0u);
    EXPECT_EQ(c.class_of(10), 0u);
    EXPECT_EQ(c.class_of(10.5), 1u);
    EXPECT_EQ(c.class_of(99), 3u);
    const std::vector<double> none{std::nan("")};
    EXPECT_THROW((void)ca::classify(none, classification_method::quantiles, 3), coopatlas::error);
    EXPECT_THROW((void)ca::classify(v, classification_method::quantiles, 0), coopatlas::error);
}

TEST(classify, method_names_round_trip) {
    for (auto m :
         {classification_method::equal_interval, classification_method::quantiles, classification_method::fisher_jenks,
          classification_method::head_tail, classification_method::std_deviation, classification_method::box_plot,
          classification_method::user_defined})
        EXPECT_EQ(ca::parse_classification_method(ca::to_string(m)), m);
    EXPECT_EQ(ca::parse_classification_method("jenks"), classification_method::fisher_jenks);
    try {
        (void)ca::parse_classification_method("natural");
        FAIL() << "no exception";
    } catch (const coopatlas::error& e) {
        EXPECT_NE(std::string(e.what()).find("jenks"), std::string::npos);
    }
}

TEST(classify, same_input_same_output) {
    std::mt19937_64 rng(3);
    std::uniform_real_distribution<double> u(0, 1);
    std::vector<double> v(500);
    for (double& x : v)
        x = u(rng);
    for (auto m : {classification_method::quantiles, classification_method::fisher_jenks}) {
        const auto a = ca::classify(v, m, 6);
        std::vector<double> shuffled = v;
        std::shuffle(shuffled.begin(), shuffled.end(), rng);
        const auto b = ca::classify(shuffled, m, 6);
        EXPECT_EQ(a.breaks, b.breaks);
        EXPECT_EQ(a.labels, b.labels);
    }
}
