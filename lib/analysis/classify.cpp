#include <coopatlas/analysis/classify.hpp>

#include <coopatlas/error.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>
#include <utility>

namespace coopatlas::analysis {

namespace {

/// Distinct sorted values with their multiplicities: every method works on these
/// so that equal values always land in the same class.
struct distinct_values {
    std::vector<double> value;
    std::vector<std::size_t> count;
    std::size_t total = 0;
};

distinct_values make_distinct(std::vector<double> sorted) {
    distinct_values d;
    for (double v : sorted) {
        if (!d.value.empty() && d.value.back() == v) {
            ++d.count.back();
        } else {
            d.value.push_back(v);
            d.count.push_back(1);
        }
    }
    d.total = sorted.size();
    return d;
}

/// Breaks from inner bounds: bounds outside the open data range are dropped, so
/// the first class starts at the minimum and the last ends at the maximum.
std::vector<double> bounded(double lo, double hi, std::vector<double> inner) {
    std::sort(inner.begin(), inner.end());
    std::vector<double> breaks{lo};
    for (double b : inner)
        if (std::isfinite(b) && b > breaks.back() && b < hi) breaks.push_back(b);
    if (hi > lo || breaks.size() == 1) breaks.push_back(hi);
    return breaks;
}

std::vector<double> equal_interval_breaks(const distinct_values& d, std::size_t k) {
    const double lo = d.value.front();
    const double hi = d.value.back();
    std::vector<double> inner;
    for (std::size_t i = 1; i < k; ++i)
        inner.push_back(lo + (hi - lo) * static_cast<double>(i) / static_cast<double>(k));
    return bounded(lo, hi, std::move(inner));
}

/// Quantile breaks on data values. The i-th break is the distinct value whose
/// cumulative count is nearest to i·n/k, kept strictly after the previous break
/// and early enough to leave one distinct value for each remaining class: ties
/// shift a break instead of emptying a class.
std::vector<double> quantile_breaks(const distinct_values& d, std::size_t k) {
    const std::size_t m = d.value.size();
    k = std::min(k, m);
    std::vector<std::size_t> cumulative(m);
    std::partial_sum(d.count.begin(), d.count.end(), cumulative.begin());
    std::vector<double> breaks{d.value.front()};
    std::size_t first_allowed = 0;
    for (std::size_t i = 1; i < k; ++i) {
        const double target = static_cast<double>(i) * static_cast<double>(d.total) / static_cast<double>(k);
        const std::size_t last_allowed = m - 1 - (k - i);
        std::size_t best = first_allowed;
        double best_gap = std::numeric_limits<double>::infinity();
        for (std::size_t j = first_allowed; j <= last_allowed; ++j) {
            const double gap = std::abs(static_cast<double>(cumulative[j]) - target);
            if (gap < best_gap) {
                best_gap = gap;
                best = j;
            }
            if (static_cast<double>(cumulative[j]) > target) break;
        }
        breaks.push_back(d.value[best]);
        first_allowed = best + 1;
    }
    if (m > 1)
        breaks.push_back(d.value.back());
    else
        breaks.push_back(d.value.front());
    return breaks;
}

/// Exact Fisher-Jenks: the partition of the sorted values into k contiguous
/// groups with the least total within-group sum of squared deviations.
///
/// Provenance: W. D. Fisher, "On grouping for maximum homogeneity", JASA 53
/// (1958) 789–798, dynamic programme; G. F. Jenks, "Optimal data classification
/// for choropleth maps", Univ. of Kansas Occasional Paper 2 (1977). The cost is
/// a Monge array, so the optimal split of the last group is monotone in its end
/// (as used by Wang & Song's Ckmeans.1d.dp, R Journal 3 (2011)); each layer is
/// filled by divide and conquer in O(m log m), giving O(k m log m) instead of
/// Fisher's O(k m²). Equal values are weighted points and never split.
class fisher_jenks_solver {
  public:
    explicit fisher_jenks_solver(const distinct_values& d) : m_(d.value.size()) {
        // Centre on the mean before accumulating so that the sums of squares keep
        // their precision when values are large and close together.
        double mean = 0;
        for (std::size_t i = 0; i < m_; ++i)
            mean += d.value[i] * static_cast<double>(d.count[i]);
        mean /= static_cast<double>(d.total);
        w_.assign(m_ + 1, 0);
        s_.assign(m_ + 1, 0);
        q_.assign(m_ + 1, 0);
        for (std::size_t i = 0; i < m_; ++i) {
            const double w = static_cast<double>(d.count[i]);
            const double x = d.value[i] - mean;
            w_[i + 1] = w_[i] + w;
            s_[i + 1] = s_[i] + w * x;
            q_[i + 1] = q_[i] + w * x * x;
        }
    }

    /// Sum of squared deviations of distinct values [i, j] (inclusive).
    [[nodiscard]] double ssd(std::size_t i, std::size_t j) const noexcept {
        const double w = w_[j + 1] - w_[i];
        const double s = s_[j + 1] - s_[i];
        const double q = q_[j + 1] - q_[i];
        return std::max(0.0, q - s * s / w);
    }

    /// Start index of each of the k groups (first is 0).
    [[nodiscard]] std::vector<std::size_t> solve(std::size_t k) {
        // cost_[j]: best cost of the first j+1 values in c groups; split_[c][j]:
        // start of the last group in that optimum.
        std::vector<double> previous(m_);
        for (std::size_t j = 0; j < m_; ++j)
            previous[j] = ssd(0, j);
        std::vector<std::vector<std::size_t>> split(k, std::vector<std::size_t>(m_, 0));
        for (std::size_t c = 1; c < k; ++c) {
            std::vector<double> current(m_, std::numeric_limits<double>::infinity());
            // With c+1 groups the prefix must hold at least c+1 values.
            fill(c, previous, current, split[c], c, m_ - 1, c, m_ - 1);
            previous = std::move(current);
        }
        std::vector<std::size_t> starts(k);
        std::size_t end = m_ - 1;
        for (std::size_t c = k; c-- > 1;) {
            starts[c] = split[c][end];
            end = starts[c] - 1;
        }
        starts[0] = 0;
        return starts;
    }

  private:
    // Fills current[lo..hi], knowing the optimal last-group start lies in [from, to].
    void fill(std::size_t c, const std::vector<double>& previous, std::vector<double>& current,
              std::vector<std::size_t>& split, std::size_t lo, std::size_t hi, std::size_t from, std::size_t to) {
        if (lo > hi) return;
        const std::size_t mid = lo + (hi - lo) / 2;
        double best = std::numeric_limits<double>::infinity();
        std::size_t best_start = std::max(from, c);
        for (std::size_t start = std::max(from, c); start <= std::min(to, mid); ++start) {
            const double cost = previous[start - 1] + ssd(start, mid);
            if (cost < best) {
                best = cost;
                best_start = start;
            }
        }
        current[mid] = best;
        split[mid] = best_start;
        if (mid > lo) fill(c, previous, current, split, lo, mid - 1, from, best_start);
        fill(c, previous, current, split, mid + 1, hi, best_start, to);
    }

    std::size_t m_;
    std::vector<double> w_, s_, q_;
};

std::vector<double> fisher_jenks_breaks(const distinct_values& d, std::size_t k) {
    const std::size_t m = d.value.size();
    k = std::min(k, m);
    if (k <= 1) return {d.value.front(), d.value.back()};
    const std::vector<std::size_t> starts = fisher_jenks_solver(d).solve(k);
    std::vector<double> breaks{d.value.front()};
    for (std::size_t c = 1; c < k; ++c)
        breaks.push_back(d.value[starts[c] - 1]);
    breaks.push_back(d.value.back());
    return breaks;
}

/// Head/tail breaks (B. Jiang, "Head/tail breaks: a new classification scheme
/// for data with a heavy-tailed distribution", Professional Geographer 65
/// (2013) 482–494): split at the mean, recurse on the head (values above the
/// mean) while it is a minority of at most 40 % of the current values (the
/// threshold of Jiang's head/tail breaks 2.0). The breaks are the means.
std::vector<double> head_tail_breaks(const std::vector<double>& sorted, std::size_t k) {
    std::vector<double> breaks{sorted.front()};
    std::size_t begin = 0;
    while (breaks.size() < k) {
        const std::size_t n = sorted.size() - begin;
        if (n < 2) break;
        const double mean = std::accumulate(sorted.begin() + static_cast<std::ptrdiff_t>(begin), sorted.end(), 0.0) /
                            static_cast<double>(n);
        const auto head = std::upper_bound(sorted.begin() + static_cast<std::ptrdiff_t>(begin), sorted.end(), mean);
        const auto head_size = static_cast<std::size_t>(sorted.end() - head);
        if (head_size == 0 || head == sorted.begin() + static_cast<std::ptrdiff_t>(begin)) break;
        breaks.push_back(mean);
        begin = static_cast<std::size_t>(head - sorted.begin());
        if (static_cast<double>(head_size) > 0.4 * static_cast<double>(n)) break;
    }
    breaks.push_back(sorted.back());
    return breaks;
}

double mean_of(const std::vector<double>& v) {
    return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

/// Population standard deviation (the data are the whole set of mapped units).
double std_dev_of(const std::vector<double>& v, double mean) {
    double s = 0;
    for (double x : v)
        s += (x - mean) * (x - mean);
    return std::sqrt(s / static_cast<double>(v.size()));
}

/// Classes one standard deviation wide: an even k puts the mean on a break
/// (bounds at mean + j·s), an odd k centres the middle class on the mean
/// (bounds at mean ± (j + ½)·s); the outermost classes are open-ended.
std::vector<double> std_deviation_breaks(const std::vector<double>& sorted, std::size_t k) {
    const double mean = mean_of(sorted);
    const double s = std_dev_of(sorted, mean);
    std::vector<double> inner;
    if (s > 0 && k > 1) {
        const auto half = static_cast<long>(k / 2);
        if (k % 2 == 0) {
            for (long j = -(half - 1); j <= half - 1; ++j)
                inner.push_back(mean + static_cast<double>(j) * s);
        } else {
            for (long j = -half; j < half; ++j)
                inner.push_back(mean + (static_cast<double>(j) + 0.5) * s);
        }
    }
    return bounded(sorted.front(), sorted.back(), std::move(inner));
}

/// Tukey's hinges: medians of the lower and upper halves, each half including
/// the median when n is odd (Tukey, Exploratory Data Analysis, 1977).
double median_of(const std::vector<double>& sorted, std::size_t begin, std::size_t end) {
    const std::size_t n = end - begin;
    const std::size_t mid = begin + n / 2;
    return n % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

std::vector<double> box_plot_breaks(const std::vector<double>& sorted) {
    const std::size_t n = sorted.size();
    const double median = median_of(sorted, 0, n);
    const std::size_t half = (n + 1) / 2;
    const double lower_hinge = median_of(sorted, 0, half);
    const double upper_hinge = median_of(sorted, n - half, n);
    const double iqr = upper_hinge - lower_hinge;
    return bounded(sorted.front(), sorted.back(),
                   {lower_hinge - 1.5 * iqr, lower_hinge, median, upper_hinge, upper_hinge + 1.5 * iqr});
}

/// Decimals that show every break within half a percent of the range, and keep
/// distinct breaks distinct.
int decimals_for(const std::vector<double>& breaks) {
    const double spread = breaks.back() - breaks.front();
    double tolerance = spread * 0.005;
    if (!(tolerance > 0)) tolerance = std::max(std::abs(breaks.front()) * 1e-6, 1e-9);
    for (int d = 0; d < 8; ++d) {
        const double scale = std::pow(10.0, d);
        bool ok = true;
        for (std::size_t i = 0; ok && i < breaks.size(); ++i) {
            const double r = std::round(breaks[i] * scale) / scale;
            if (std::abs(r - breaks[i]) > tolerance) ok = false;
            if (i > 0 && breaks[i] > breaks[i - 1] &&
                std::round(breaks[i] * scale) == std::round(breaks[i - 1] * scale))
                ok = false;
        }
        if (ok) return d;
    }
    return 8;
}

std::string format_number(double v, int decimals) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, v);
    std::string s = buffer;
    // "-0.0" reads as a bug on a legend.
    if (s.front() == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
    return s;
}

} // namespace

std::size_t classification::class_of(double value) const noexcept {
    if (counts.empty() || breaks.size() < 2) return 0;
    const auto inner_begin = breaks.begin() + 1;
    const auto inner_end = breaks.end() - 1;
    return static_cast<std::size_t>(std::lower_bound(inner_begin, inner_end, value) - inner_begin);
}

classification classify(std::span<const double> values, classification_method method, std::size_t k,
                        std::span<const double> user_breaks) {
    if (k == 0 && method != classification_method::user_defined && method != classification_method::box_plot)
        throw error("classification needs at least one class (k = 0)");
    std::vector<double> sorted;
    sorted.reserve(values.size());
    for (double v : values)
        if (std::isfinite(v)) sorted.push_back(v);
    if (sorted.empty()) throw error("classification needs at least one finite value");
    std::sort(sorted.begin(), sorted.end());
    const distinct_values d = make_distinct(sorted);

    classification out;
    out.method = method;
    switch (method) {
    case classification_method::equal_interval:
        out.breaks = equal_interval_breaks(d, k);
        break;
    case classification_method::quantiles:
        out.breaks = quantile_breaks(d, k);
        break;
    case classification_method::fisher_jenks:
        out.breaks = fisher_jenks_breaks(d, k);
        break;
    case classification_method::head_tail:
        out.breaks = head_tail_breaks(sorted, k);
        break;
    case classification_method::std_deviation:
        out.breaks = std_deviation_breaks(sorted, k);
        break;
    case classification_method::box_plot:
        out.breaks = box_plot_breaks(sorted);
        break;
    case classification_method::user_defined: {
        if (user_breaks.empty()) throw error("user-defined classification needs at least one break");
        for (std::size_t i = 0; i < user_breaks.size(); ++i) {
            if (!std::isfinite(user_breaks[i])) throw error("user-defined breaks must be finite numbers");
            if (i > 0 && !(user_breaks[i] > user_breaks[i - 1]))
                throw error("user-defined breaks must be strictly ascending (" + std::to_string(user_breaks[i - 1]) +
                            " then " + std::to_string(user_breaks[i]) + ")");
        }
        out.breaks = bounded(d.value.front(), d.value.back(), {user_breaks.begin(), user_breaks.end()});
        break;
    }
    }

    out.counts.assign(out.breaks.size() - 1, 0);
    for (double v : sorted)
        ++out.counts[out.class_of(v)];
    // Whole numbers (counts, years): each label names the integers its class holds, so that
    // no value reads as belonging to two classes ("2 – 4", "5 – 9" rather than "2 – 5", "5 – 9").
    const bool whole = std::all_of(sorted.begin(), sorted.end(),
                                   [](double v) { return std::abs(v) < 9e15 && v == std::floor(v); });
    const int decimals = decimals_for(out.breaks);
    for (std::size_t i = 0; i + 1 < out.breaks.size(); ++i) {
        if (whole) {
            // classes are closed above: the first holds breaks[0], the others start past breaks[i]
            const double low = i == 0 ? std::ceil(out.breaks[0]) : std::floor(out.breaks[i]) + 1;
            const double high = std::floor(out.breaks[i + 1]);
            if (low == high) {
                out.labels.push_back(format_number(low, 0));
                continue;
            }
            if (low < high) {
                out.labels.push_back(interval_label(low, high, 0));
                continue;
            }
        }
        out.labels.push_back(interval_label(out.breaks[i], out.breaks[i + 1], decimals));
    }
    return out;
}

classification_method parse_classification_method(std::string_view name) {
    std::string n(name);
    std::replace(n.begin(), n.end(), '_', '-');
    std::transform(n.begin(), n.end(), n.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (n == "quantiles" || n == "quantile") return classification_method::quantiles;
    if (n == "equal-interval" || n == "equal") return classification_method::equal_interval;
    if (n == "jenks" || n == "fisher-jenks" || n == "natural-breaks") return classification_method::fisher_jenks;
    if (n == "head-tail" || n == "headtail") return classification_method::head_tail;
    if (n == "std-dev" || n == "std-deviation" || n == "stddev") return classification_method::std_deviation;
    if (n == "box-plot" || n == "boxplot") return classification_method::box_plot;
    if (n == "user" || n == "user-defined") return classification_method::user_defined;
    throw error("unknown classification method '" + std::string(name) +
                "' (expected quantiles, equal-interval, jenks, head-tail, std-dev, box-plot or user)");
}

std::string to_string(classification_method m) {
    switch (m) {
    case classification_method::equal_interval:
        return "equal-interval";
    case classification_method::quantiles:
        return "quantiles";
    case classification_method::fisher_jenks:
        return "fisher-jenks";
    case classification_method::head_tail:
        return "head-tail";
    case classification_method::std_deviation:
        return "std-dev";
    case classification_method::box_plot:
        return "box-plot";
    case classification_method::user_defined:
        return "user";
    }
    return "unknown";
}

std::string interval_label(double low, double high, int decimals) {
    decimals = std::clamp(decimals, 0, 12);
    return format_number(low, decimals) + " \u2013 " + format_number(high, decimals);
}

} // namespace coopatlas::analysis
