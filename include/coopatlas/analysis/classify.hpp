#pragma once
/// \file
/// \brief Classification of numeric values into classes for choropleth maps.
///
/// Every method returns k+1 breaks (first = minimum, last = maximum), the count of
/// values in each class and interval labels such as "12.5 – 25.0". Class i holds
/// values v with breaks[i] < v <= breaks[i+1] (the first class also holds the
/// minimum). Equal values always share a class. Quantiles, Fisher-Jenks and
/// head/tail never return an empty class: with fewer distinct values than
/// classes they return fewer classes. Equal interval, standard deviation, box
/// plot and user-defined bounds are fixed by their definition: bounds outside
/// the data range are dropped (fewer classes), and an inner class the data
/// leave empty is kept with a count of 0 rather than moved.
///
/// Thread-safety: all functions are pure and may be called concurrently.

#include <coopatlas/config.hpp>

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace coopatlas::analysis {

enum class classification_method {
    equal_interval,
    quantiles,
    fisher_jenks,    ///< exact optimal breaks (Fisher 1958 dynamic programme)
    head_tail,       ///< Jiang 2013 head/tail breaks for heavy-tailed data (k is an upper bound)
    std_deviation,   ///< classes of one standard deviation around the mean
    box_plot,        ///< Tukey hinges and 1.5 IQR fences (6 classes)
    user_defined,    ///< breaks given by the user
};

/// \brief Result of a classification.
struct COOPATLAS_API classification {
    classification_method method = classification_method::quantiles;
    std::vector<double> breaks;        ///< k + 1 bounds, non-decreasing (breaks[1] == breaks[0] when class 0 holds only the minimum)
    std::vector<std::size_t> counts;   ///< k counts
    std::vector<std::string> labels;   ///< k interval labels; for whole-number data, the integers each class holds

    [[nodiscard]] std::size_t classes() const noexcept { return counts.size(); }
    /// Class index of a value (values outside the range go to the first or last class).
    [[nodiscard]] std::size_t class_of(double value) const noexcept;
};

/// \brief Classifies values (NaN and infinite values are ignored) into at most k classes.
/// k is ignored by box_plot (six classes at most) and user_defined (the inner
/// bounds are user_breaks). Throws coopatlas::error when there is no finite
/// value, k is 0 (other than for those two), or user breaks are missing or not
/// strictly ascending.
COOPATLAS_API classification classify(std::span<const double> values, classification_method method, std::size_t k,
                                      std::span<const double> user_breaks = {});

/// \brief "quantiles", "equal-interval", "jenks"/"fisher-jenks", "head-tail", "std-dev",
/// "box-plot", "user"; throws coopatlas::error listing the names otherwise.
COOPATLAS_API classification_method parse_classification_method(std::string_view name);
COOPATLAS_API std::string to_string(classification_method m);

/// \brief Interval label with a number of decimals chosen from the spread of the breaks.
COOPATLAS_API std::string interval_label(double low, double high, int decimals);

} // namespace coopatlas::analysis
