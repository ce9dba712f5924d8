#include "ccsim/stats/statistics.hpp"

#include <boost/math/distributions/students_t.hpp>
#include <cmath>

namespace ccsim {

double student_t_quantile(double confidence, std::uint64_t degrees_of_freedom) {
  const boost::math::students_t dist(static_cast<double>(degrees_of_freedom));
  return boost::math::quantile(dist, (1.0 + confidence) / 2.0);
}

namespace {

void set_interval(Estimate& e, double se, std::size_t k, double confidence) {
  e.sd = se * std::sqrt(static_cast<double>(k));
  const double half = student_t_quantile(confidence, k - 1) * se;
  e.ci_low = *e.mean - half;
  e.ci_high = *e.mean + half;
}

}  // namespace

Estimate ratio_estimate(std::span<const double> x, std::span<const double> y, double confidence,
                        std::uint64_t n) {
  Estimate e;
  e.n = n;
  const std::size_t k = x.size();
  double sum_x = 0.0;
  double sum_y = 0.0;
  // Summed in replication order: the same figures at any thread count.
  for (std::size_t r = 0; r < k; ++r) {
    sum_x += x[r];
    sum_y += y[r];
  }
  // No denominator is no data, whatever `n` would have counted: null with n = 0 (docs/metrics.md).
  if (k == 0 || !(sum_y > 0.0)) {
    e.n = 0;
    return e;
  }
  const double ratio = sum_x / sum_y;
  e.mean = ratio;
  if (k < 2) return e;
  double ss = 0.0;
  for (std::size_t r = 0; r < k; ++r) {
    const double residual = x[r] - ratio * y[r];
    ss += residual * residual;
  }
  const double mean_y = sum_y / static_cast<double>(k);
  const double se = std::sqrt(ss / (static_cast<double>(k) * static_cast<double>(k - 1))) / mean_y;
  set_interval(e, se, k, confidence);
  return e;
}

Estimate paired_ratio_difference(std::span<const double> xa, std::span<const double> ya,
                                 std::span<const double> xb, std::span<const double> yb,
                                 double confidence) {
  Estimate e;
  const std::size_t k = xa.size();
  double sxa = 0.0, sya = 0.0, sxb = 0.0, syb = 0.0;
  for (std::size_t r = 0; r < k; ++r) {
    sxa += xa[r];
    sya += ya[r];
    sxb += xb[r];
    syb += yb[r];
  }
  e.n = k;
  if (k == 0 || !(sya > 0.0) || !(syb > 0.0)) {
    e.n = 0;
    return e;
  }
  const double ra = sxa / sya;
  const double rb = sxb / syb;
  e.mean = rb - ra;
  if (k < 2) return e;
  const double mean_ya = sya / static_cast<double>(k);
  const double mean_yb = syb / static_cast<double>(k);
  double ss = 0.0;
  for (std::size_t r = 0; r < k; ++r) {
    const double residual = (xb[r] - rb * yb[r]) / mean_yb - (xa[r] - ra * ya[r]) / mean_ya;
    ss += residual * residual;
  }
  const double se = std::sqrt(ss / (static_cast<double>(k) * static_cast<double>(k - 1)));
  set_interval(e, se, k, confidence);
  return e;
}

Estimate mean_estimate(std::span<const double> values, double confidence, std::uint64_t n) {
  Estimate e;
  e.n = n;
  const std::size_t k = values.size();
  if (k == 0) return e;
  double sum = 0.0;
  for (double v : values) sum += v;
  const double mean = sum / static_cast<double>(k);
  e.mean = mean;
  if (k < 2) return e;
  double ss = 0.0;
  for (double v : values) ss += (v - mean) * (v - mean);
  const double se = std::sqrt(ss / static_cast<double>(k - 1) / static_cast<double>(k));
  set_interval(e, se, k, confidence);
  return e;
}

}  // namespace ccsim
