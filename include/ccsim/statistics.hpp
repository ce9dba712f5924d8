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
Estimate ratio_estimate(std::span<const double> x, std::span<const double> y, double confidence,
                        std::uint64_t n);

// Plain mean of per-replication values with a Student-t interval.
Estimate mean_estimate(std::span<const double> values, double confidence, std::uint64_t n);

}  // namespace ccsim
