#include "ccsim/stats/sensitivity_statistics.hpp"
#include "ccsim/stats/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace ccsim {

namespace {

double y_of(const MetricParts& p, std::size_t r) {
  return p.ratio ? p.y[r] : 1.0;
}

std::vector<double> average_ranks(std::span<const double> v) {
  std::vector<std::size_t> order(v.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
  std::vector<double> ranks(v.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && v[order[j + 1]] == v[order[i]]) ++j;
    const double rank = (static_cast<double>(i) + static_cast<double>(j)) / 2.0 + 1.0;
    for (std::size_t t = i; t <= j; ++t) ranks[order[t]] = rank;
    i = j + 1;
  }
  return ranks;
}

}  // namespace

Estimate paired_combination(std::span<const PairedTerm> terms, double confidence) {
  Estimate e;
  if (terms.empty()) return e;
  const std::size_t k = terms[0].parts->x.size();
  e.n = k;
  std::vector<double> ratio(terms.size());
  std::vector<double> mean_y(terms.size());
  double value = 0.0;
  for (std::size_t i = 0; i < terms.size(); ++i) {
    const MetricParts& p = *terms[i].parts;
    if (p.x.size() != k) return Estimate{};
    double sx = 0.0;
    double sy = 0.0;
    for (std::size_t r = 0; r < k; ++r) {  // replication order: the same at any thread count
      sx += p.x[r];
      sy += y_of(p, r);
    }
    if (k == 0 || !(sy > 0.0)) return Estimate{};
    ratio[i] = sx / sy;
    mean_y[i] = sy / static_cast<double>(k);
    value += terms[i].coefficient * ratio[i];
  }
  e.mean = value;
  if (k < 2) return e;
  double ss = 0.0;
  for (std::size_t r = 0; r < k; ++r) {
    double residual = 0.0;
    for (std::size_t i = 0; i < terms.size(); ++i) {
      const MetricParts& p = *terms[i].parts;
      residual += terms[i].coefficient * (p.x[r] - ratio[i] * y_of(p, r)) / mean_y[i];
    }
    ss += residual * residual;
  }
  const double se = std::sqrt(ss / (static_cast<double>(k) * static_cast<double>(k - 1)));
  e.sd = se * std::sqrt(static_cast<double>(k));
  const double half = student_t_quantile(confidence, k - 1) * se;
  e.ci_low = value - half;
  e.ci_high = value + half;
  return e;
}

double spearman(std::span<const double> a, std::span<const double> b) {
  const std::size_t n = std::min(a.size(), b.size());
  if (n < 2) return 0.0;
  const std::vector<double> ra = average_ranks(a.first(n));
  const std::vector<double> rb = average_ranks(b.first(n));
  const double mean = (static_cast<double>(n) + 1.0) / 2.0;
  double sab = 0.0, saa = 0.0, sbb = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    sab += (ra[i] - mean) * (rb[i] - mean);
    saa += (ra[i] - mean) * (ra[i] - mean);
    sbb += (rb[i] - mean) * (rb[i] - mean);
  }
  if (!(saa > 0.0) || !(sbb > 0.0)) return 0.0;
  return sab / std::sqrt(saa * sbb);
}

Estimate spearman_estimate(std::span<const double> a, std::span<const double> b,
                           double confidence) {
  Estimate e;
  const std::size_t n = std::min(a.size(), b.size());
  e.n = n;
  if (n < 2) return e;
  const double rho = spearman(a, b);
  e.mean = rho;
  if (n < 4) return e;
  // atanh(±1) is infinite: a perfect rank correlation keeps its bound.
  const double z = std::atanh(std::clamp(rho, -1.0 + 1e-12, 1.0 - 1e-12));
  const double half = normal_quantile(confidence) * 1.03 / std::sqrt(static_cast<double>(n) - 3.0);
  e.ci_low = std::tanh(z - half);
  e.ci_high = std::tanh(z + half);
  return e;
}

Estimate proportion_estimate(std::uint64_t successes, std::uint64_t trials, double confidence) {
  Estimate e;
  e.n = trials;
  if (trials == 0) return e;
  const double n = static_cast<double>(trials);
  const double p = static_cast<double>(successes) / n;
  const double z = normal_quantile(confidence);
  const double centre = (p + z * z / (2.0 * n)) / (1.0 + z * z / n);
  const double half = z / (1.0 + z * z / n) * std::sqrt(p * (1.0 - p) / n + z * z / (4.0 * n * n));
  e.mean = p;
  e.ci_low = std::max(0.0, centre - half);
  e.ci_high = std::min(1.0, centre + half);
  return e;
}

}  // namespace ccsim
