// Across-replication estimates and their confidence intervals, each built on the scale its kind
// of metric lives on (docs/metrics.md, "Intervals").
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace ccsim {

// What values a metric can take. The interval is built on a scale that keeps it inside them,
// where the sampling distribution is also closer to normal, so that each end holds as a
// one-sided bound at (1 + confidence) / 2.
enum class MetricKind {
  // Events among counted trials (abandoned / finished), in [0, 1]: a score (Wilson) interval on
  // the pooled counts, with the effective number of trials from the replications' spread, at
  // most the trials themselves (the binomial floor: a spread below it is the noise of few
  // replications); when every count is 0 or every trial an event, a rule-of-three bound.
  rate,
  // A share in [0, 1] that is not a count of events (csat, a sum of probabilities; occupancy, a
  // ratio of times): the same score interval without the binomial floor; with no spread at all
  // between replications, each replication counts as one trial.
  share,
  // A quantity >= 0 (waits, costs, customers): the delta method on the log scale.
  non_negative,
  // Anything signed (a difference): the delta method on the linear scale.
  unbounded,
};

// One metric as reported: {"mean", "sd", "n", "ci_low", "ci_high"} (+ "reason" when there is
// no interval). Values are nullopt when there is no data (n == 0) or, for the interval, fewer
// than two replications with data.
struct Estimate {
  std::optional<double> mean;
  std::optional<double> sd;  // per-replication standard deviation (see docs/metrics.md)
  std::uint64_t n = 0;       // contacts (or replications) behind the figure
  std::optional<double> ci_low;
  std::optional<double> ci_high;
  std::uint64_t replications = 0;  // replications with data: the interval has this minus 1 df
  MetricKind kind = MetricKind::unbounded;  // the scale its interval was built on

  std::optional<double> half_width() const {
    if (!ci_low || !ci_high) return std::nullopt;
    return (*ci_high - *ci_low) / 2.0;
  }
  // Why there is no interval: "no data", or "too little data" (one replication with data);
  // empty when there is one.
  std::string missing_interval_reason() const;
};

// Running sums of a ratio of totals sum(x) / sum(y) over replications (a mean: y = 1), added one
// replication at a time in replication order: everything its estimate and interval need, in
// constant memory, so replications can be merged as they end. sum_x and sum_y are summed in
// replication order, so the figures are the same at any thread or process count. The squares
// are taken around `shift`, the ratio of the first replication with data, so that the residual
// sum of squares sum_r (x_r - R y_r)^2 at the final ratio R is a small correction of a sum of
// small terms, not the difference of large ones (no cancellation when the spread is small).
struct RatioMoments {
  std::uint64_t replications = 0;  // values added
  std::uint64_t with_data = 0;     // of which with y > 0
  double sum_x = 0.0;
  double sum_y = 0.0;
  double shift = 0.0;
  double sum_uu = 0.0;  // u = x - shift * y
  double sum_uy = 0.0;
  double sum_yy = 0.0;

  void add(double x, double y) {
    // Replications before the first with data have y = 0: their u is x whatever the shift.
    if (with_data == 0 && y > 0.0) shift = x / y;
    ++replications;
    with_data += y > 0.0;
    sum_x += x;
    sum_y += y;
    const double u = x - shift * y;
    sum_uu += u * u;
    sum_uy += u * y;
    sum_yy += y * y;
  }
  // sum_r (x_r - ratio y_r)^2 = sum u^2 - 2 d sum u y + d^2 sum y^2, d = ratio - shift.
  double residual_sum_of_squares(double ratio) const {
    const double d = ratio - shift;
    return sum_uu - d * (2.0 * sum_uy - d * sum_yy);
  }
};

// Two-sided Student-t quantile t_{df, (1 + confidence) / 2}.
double student_t_quantile(double confidence, std::uint64_t degrees_of_freedom);
// Two-sided standard normal quantile z_{(1 + confidence) / 2} (1.96 at 0.95).
double normal_quantile(double confidence);

// The level of the two-sided interval whose ends are one-sided bounds at `one_sided_confidence`:
// 2 c − 1 (a 97.5% bound is an end of the 95% interval).
double two_sided_level(double one_sided_confidence);

// Ratio of totals, sum(x) / sum(y), over replications, with its delta-method standard error
//   R = X / Y,  se(R) = sqrt( sum_r (x_r - R y_r)^2 / (k (k - 1)) ) / (Y / k)
// where k counts the replications with data (y_r > 0): the others add nothing to either total,
// and the interval has k − 1 degrees of freedom. The interval is then built on the scale of
// `kind` (MetricKind). `sd` is se * sqrt(k): the spread of one replication. With no denominator
// (sum(y) = 0) there is no data: the values are null and `n` is 0, whatever `n` was given (a
// time ratio counts replications, which are not data when no time was spent).
Estimate ratio_estimate(std::span<const double> x, std::span<const double> y, MetricKind kind,
                        double confidence, std::uint64_t n);

Estimate ratio_estimate(const RatioMoments& moments, MetricKind kind, double confidence,
                        std::uint64_t n);

// Plain mean of per-replication values (each replication is data) with its interval on the
// scale of `kind`.
Estimate mean_estimate(std::span<const double> values, MetricKind kind, double confidence,
                       std::uint64_t n);

// The same from running sums whose y were all 1.
Estimate mean_estimate(const RatioMoments& moments, MetricKind kind, double confidence,
                       std::uint64_t n);

// An estimate `mean` with standard error `se` from `replications` replications with data, its
// interval on the scale of `kind`; `trials` is a rate's pooled denominator (its binomial floor
// and its bound when every count is 0). For estimators that are neither a ratio of totals nor
// a mean (a pooled quantile with the spread of per-replication quantiles).
Estimate estimate_from(double mean, double se, std::uint64_t replications, MetricKind kind,
                       double confidence, std::uint64_t n, double trials = 0.0);

// Widens e's interval to contain at least mean ± half_width, within the values its kind allows
// ([0, 1] for rates and shares, >= 0 for non-negative quantities). Nothing without a mean.
void widen_interval(Estimate& e, double half_width);

// Paired difference B − A of two ratios of totals measured on the same replications (common
// random numbers): D = X_b/Y_b − X_a/Y_a with the delta-method residuals
//   e_r = (x_br − R_b y_br) / mean(y_b) − (x_ar − R_a y_ar) / mean(y_a),
// se(D) = sqrt( sum e_r^2 / (k (k − 1)) ), k the replications with data in either, and a
// Student-t interval on the linear scale (a difference is signed). Positive correlation between
// the two runs, which common random numbers create, shrinks the residuals and so the interval.
Estimate paired_ratio_difference(std::span<const double> xa, std::span<const double> ya,
                                 std::span<const double> xb, std::span<const double> yb,
                                 double confidence);

}  // namespace ccsim
