// Statistics of a sensitivity analysis: linear combinations of metrics measured on the same
// replications (common random numbers), rank correlations, and proportions.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "ccsim/stats/results.hpp"
#include "ccsim/stats/statistics.hpp"

namespace ccsim {

// One term of a combination: a metric of one run, times a coefficient.
struct PairedTerm {
  const MetricParts* parts;
  double coefficient;
};

// sum_i c_i M_i over runs whose replication r shares its random numbers (every run the same
// replication count k), each M_i a ratio of totals (or, ratio false, a mean). Delta method with
// per-replication residuals e_r = sum_i c_i (x_ir - M_i y_ir) / mean(y_i), so the correlation
// common random numbers create cancels out: se = sqrt(sum e_r^2 / (k (k - 1))), Student-t with
// k - 1 degrees of freedom. paired_ratio_difference is the case (-1, +1). `n` is k. No data
// (a zero denominator) gives a null mean.
Estimate paired_combination(std::span<const PairedTerm> terms, double confidence);

// Spearman's rank correlation (average ranks for ties); 0 when either side is constant.
double spearman(std::span<const double> a, std::span<const double> b);
// The same with a Fisher-z interval, se = 1.03 / sqrt(n - 3) (Fieller, Hartley & Pearson 1957);
// no interval below 4 pairs. `n` is the number of pairs.
Estimate spearman_estimate(std::span<const double> a, std::span<const double> b, double confidence);

// A proportion successes / trials with its Wilson score interval (it stays inside [0, 1] and
// means what it says at 0 and at 1, where the normal interval collapses).
Estimate proportion_estimate(std::uint64_t successes, std::uint64_t trials, double confidence);

}  // namespace ccsim
