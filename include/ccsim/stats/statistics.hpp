// Across-replication estimates with Student-t confidence intervals.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

namespace ccsim {

// One metric as reported: {"mean", "sd", "n", "ci_low", "ci_high"}. Values are nullopt when
// there is no data (n == 0) or, for the interval, fewer than two replications.
struct Estimate {
  std::optional<double> mean;
  std::optional<double> sd;  // per-replication standard deviation (see docs/metrics.md)
  std::uint64_t n = 0;       // contacts (or replications) behind the figure
  std::optional<double> ci_low;
  std::optional<double> ci_high;

  std::optional<double> half_width() const {
    if (!ci_low || !ci_high) return std::nullopt;
    return (*ci_high - *ci_low) / 2.0;
  }
};

// Two-sided Student-t quantile t_{df, (1 + confidence) / 2}.
double student_t_quantile(double confidence, std::uint64_t degrees_of_freedom);

// Ratio of totals, sum(x) / sum(y), over replications, with its delta-method interval:
//   R = X / Y,  se(R) = sqrt( sum_r (x_r - R y_r)^2 / (k (k - 1)) ) / mean(y)
// where k is the number of replications. `sd` is se * sqrt(k): the spread of one replication.
// With no denominator (sum(y) = 0) there is no data: the values are null and `n` is 0, whatever
// `n` was given (a time ratio counts replications, which are not data when no time was spent).
Estimate ratio_estimate(std::span<const double> x, std::span<const double> y, double confidence,
                        std::uint64_t n);

// Paired difference B − A of two ratios of totals measured on the same replications (common
// random numbers): D = X_b/Y_b − X_a/Y_a with the delta-method residuals
//   e_r = (x_br − R_b y_br) / mean(y_b) − (x_ar − R_a y_ar) / mean(y_a),
// se(D) = sqrt( sum e_r^2 / (k (k − 1)) ). Positive correlation between the two runs, which common
// random numbers create, shrinks the residuals and so the interval.
Estimate paired_ratio_difference(std::span<const double> xa, std::span<const double> ya,
                                 std::span<const double> xb, std::span<const double> yb,
                                 double confidence);

// Plain mean of per-replication values with a Student-t interval.
Estimate mean_estimate(std::span<const double> values, double confidence, std::uint64_t n);

}  // namespace ccsim
