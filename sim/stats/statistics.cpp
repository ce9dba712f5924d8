#include "ccsim/stats/statistics.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>

namespace ccsim {

double student_t_quantile(double confidence, std::uint64_t degrees_of_freedom) {
  const boost::math::students_t dist(static_cast<double>(degrees_of_freedom));
  return boost::math::quantile(dist, (1.0 + confidence) / 2.0);
}

double normal_quantile(double confidence) {
  return boost::math::quantile(boost::math::normal(), (1.0 + confidence) / 2.0);
}

double two_sided_level(double one_sided_confidence) {
  return 2.0 * one_sided_confidence - 1.0;
}

std::string Estimate::missing_interval_reason() const {
  if (ci_low && ci_high) return {};
  if (!mean) return "no data";
  return "too little data";
}

namespace {

// The score (Wilson) interval of a proportion p from `trials` trials, with quantile q:
//   centre = (p + q²/2m) / (1 + q²/m),  half = q / (1 + q²/m) · sqrt(p(1 − p)/m + q²/4m²).
// It lies in [0, 1] for any p in [0, 1], and at p = 0 it is [0, q²/(m + q²)]: the rule of three
// (3/m) at q² ≈ 3, wider with the Student quantile of few replications.
void set_score_interval(Estimate& e, double p, double trials, double q) {
  const double q2 = q * q;
  const double m = trials;
  const double centre = (p + q2 / (2.0 * m)) / (1.0 + q2 / m);
  const double half = q / (1.0 + q2 / m) * std::sqrt(p * (1.0 - p) / m + q2 / (4.0 * m * m));
  e.ci_low = std::clamp(centre - half, 0.0, 1.0);
  e.ci_high = std::clamp(centre + half, 0.0, 1.0);
  // The score interval contains p in exact arithmetic; keep it so after rounding.
  e.ci_low = std::min(*e.ci_low, p);
  e.ci_high = std::max(*e.ci_high, p);
}

// Sets the interval of e (whose mean is set) from the variance `var` of the estimator, with
// e.replications − 1 degrees of freedom.
void set_interval(Estimate& e, double var, MetricKind kind, double confidence, double trials) {
  e.kind = kind;
  const std::uint64_t k = e.replications;
  if (k < 2 || !e.mean) return;
  var = std::max(var, 0.0);
  const double se = std::sqrt(var);
  e.sd = se * std::sqrt(static_cast<double>(k));
  const double q = student_t_quantile(confidence, k - 1);
  const double m = *e.mean;
  switch (kind) {
    case MetricKind::rate:
    case MetricKind::share: {
      const double p = std::clamp(m, 0.0, 1.0);
      const bool floored = kind == MetricKind::rate && trials > 0.0;
      if (p > 0.0 && p < 1.0 && var > 0.0) {
        // Effective trials: those of a binomial proportion with the observed variance (the
        // pooled trials over the design effect).
        double effective = p * (1.0 - p) / var;
        if (floored) effective = std::min(effective, trials);
        set_score_interval(e, p, effective, q);
      } else if (floored) {
        // No spread at all: every count 0, every trial an event, or every replication alike.
        // The binomial noise of the pooled trials remains.
        set_score_interval(e, p, trials, q);
      } else {
        // A share with no spread at all (occupancy 0 on a day without calls): bounded as if each
        // replication were one trial, the least it can be worth.
        set_score_interval(e, p, static_cast<double>(k), q);
      }
      return;
    }
    case MetricKind::non_negative: {
      if (m > 0.0 && se > 0.0) {
        // Delta method for log(m): se / m. Exponentiated back, it never crosses 0, and it is
        // longer above than below, as the sampling law of a right-skewed mean is.
        const double spread = q * se / m;
        const double high = m * std::exp(spread);
        e.ci_low = m * std::exp(-spread);
        e.ci_high = std::isfinite(high) ? high : m + q * se;
      } else {
        e.ci_low = std::max(0.0, m - q * se);
        e.ci_high = m + q * se;
      }
      return;
    }
    case MetricKind::unbounded:
      e.ci_low = m - q * se;
      e.ci_high = m + q * se;
      return;
  }
}

}  // namespace

void widen_interval(Estimate& e, double half_width) {
  if (!e.mean) return;
  double low = *e.mean - half_width;
  double high = *e.mean + half_width;
  if (e.ci_low) low = std::min(low, *e.ci_low);
  if (e.ci_high) high = std::max(high, *e.ci_high);
  if (e.kind != MetricKind::unbounded) low = std::max(low, 0.0);
  if (e.kind == MetricKind::rate || e.kind == MetricKind::share) high = std::min(high, 1.0);
  e.ci_low = low;
  e.ci_high = high;
}

Estimate estimate_from(double mean, double se, std::uint64_t replications, MetricKind kind,
                       double confidence, std::uint64_t n, double trials) {
  Estimate e;
  e.kind = kind;
  e.n = n;
  e.mean = mean;
  e.replications = replications;
  set_interval(e, se * se, kind, confidence, trials);
  return e;
}

Estimate ratio_estimate(const RatioMoments& m, MetricKind kind, double confidence,
                        std::uint64_t n) {
  Estimate e;
  e.kind = kind;
  e.n = n;
  // No denominator is no data, whatever `n` would have counted: null with n = 0 (docs/metrics.md).
  if (m.replications == 0 || !(m.sum_y > 0.0)) {
    e.n = 0;
    return e;
  }
  const double ratio = m.sum_x / m.sum_y;
  e.mean = ratio;
  e.replications = m.with_data;
  if (m.with_data < 2) return e;
  const double ss = m.residual_sum_of_squares(ratio);
  const auto kd = static_cast<double>(m.with_data);
  const double mean_y = m.sum_y / kd;
  const double var = ss / (kd * (kd - 1.0)) / (mean_y * mean_y);
  set_interval(e, var, kind, confidence, m.sum_y);
  return e;
}

Estimate ratio_estimate(std::span<const double> x, std::span<const double> y, MetricKind kind,
                        double confidence, std::uint64_t n) {
  // Summed in replication order: the same figures at any thread count, and the same as the
  // running sums of replications merged as they end.
  RatioMoments m;
  for (std::size_t r = 0; r < x.size(); ++r) m.add(x[r], y[r]);
  return ratio_estimate(m, kind, confidence, n);
}

Estimate paired_ratio_difference(std::span<const double> xa, std::span<const double> ya,
                                 std::span<const double> xb, std::span<const double> yb,
                                 double confidence) {
  Estimate e;
  const std::size_t k = xa.size();
  double sxa = 0.0, sya = 0.0, sxb = 0.0, syb = 0.0;
  std::uint64_t with_data = 0;
  for (std::size_t r = 0; r < k; ++r) {
    sxa += xa[r];
    sya += ya[r];
    sxb += xb[r];
    syb += yb[r];
    with_data += ya[r] > 0.0 || yb[r] > 0.0;
  }
  e.n = k;
  if (k == 0 || !(sya > 0.0) || !(syb > 0.0)) {
    e.n = 0;
    return e;
  }
  const double ra = sxa / sya;
  const double rb = sxb / syb;
  e.mean = rb - ra;
  e.replications = with_data;
  if (with_data < 2) return e;
  const auto kd = static_cast<double>(with_data);
  const double mean_ya = sya / kd;
  const double mean_yb = syb / kd;
  double ss = 0.0;
  for (std::size_t r = 0; r < k; ++r) {
    const double residual = (xb[r] - rb * yb[r]) / mean_yb - (xa[r] - ra * ya[r]) / mean_ya;
    ss += residual * residual;
  }
  set_interval(e, ss / (kd * (kd - 1.0)), MetricKind::unbounded, confidence, 0.0);
  return e;
}

Estimate mean_estimate(const RatioMoments& m, MetricKind kind, double confidence, std::uint64_t n) {
  Estimate e;
  e.kind = kind;
  e.n = n;
  const std::uint64_t k = m.replications;
  if (k == 0) return e;
  const double mean = m.sum_x / static_cast<double>(k);
  e.mean = mean;
  e.replications = k;
  if (k < 2) return e;
  const auto kd = static_cast<double>(k);
  set_interval(e, m.residual_sum_of_squares(mean) / (kd - 1.0) / kd, kind, confidence, 0.0);
  return e;
}

Estimate mean_estimate(std::span<const double> values, MetricKind kind, double confidence,
                       std::uint64_t n) {
  RatioMoments m;
  for (double v : values) m.add(v, 1.0);
  return mean_estimate(m, kind, confidence, n);
}

}  // namespace ccsim
