// p-values, multiplicity adjustments and rank histograms.
#include "ccsim/stats/hypothesis.hpp"

#include <algorithm>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <numeric>

#include "ccsim/engine/random_stream.hpp"

namespace ccsim {

namespace {

// Indices of `values` in ascending order of value, ties in the order given.
std::vector<std::size_t> ascending(std::span<const double> values) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  return order;
}

}  // namespace

double two_sided_p_value(double z, std::uint64_t df) {
  if (!std::isfinite(z)) return std::isnan(z) ? 1.0 : 0.0;
  const double a = std::abs(z);
  if (df == 0) return 2.0 * boost::math::cdf(boost::math::complement(boost::math::normal(), a));
  const boost::math::students_t t(static_cast<double>(df));
  return 2.0 * boost::math::cdf(boost::math::complement(t, a));
}

std::vector<double> holm_adjusted(std::span<const double> p_values) {
  const std::size_t m = p_values.size();
  std::vector<double> adjusted(m, 1.0);
  double running = 0.0;
  const std::vector<std::size_t> order = ascending(p_values);
  for (std::size_t j = 0; j < m; ++j) {
    const double p = std::min(1.0, static_cast<double>(m - j) * p_values[order[j]]);
    running = std::max(running, p);
    adjusted[order[j]] = running;
  }
  return adjusted;
}

std::vector<double> benjamini_hochberg(std::span<const double> p_values) {
  const std::size_t m = p_values.size();
  std::vector<double> q(m, 1.0);
  double running = 1.0;
  const std::vector<std::size_t> order = ascending(p_values);
  for (std::size_t j = m; j-- > 0;) {
    const double value =
        std::min(1.0, static_cast<double>(m) * p_values[order[j]] / static_cast<double>(j + 1));
    running = std::min(running, value);
    q[order[j]] = running;
  }
  return q;
}

double Rank::two_sided_p() const {
  const double low = static_cast<double>(below + equal + 1);
  const double high = static_cast<double>(n - below + 1);
  return std::min(1.0, 2.0 * std::min(low, high) / static_cast<double>(n + 1));
}

double Rank::pit(double w) const {
  return (static_cast<double>(below) + w * static_cast<double>(equal + 1)) /
         static_cast<double>(n + 1);
}

Rank rank_among(double observed, std::span<const double> simulated) {
  Rank r;
  r.n = simulated.size();
  for (const double v : simulated) {
    r.below += v < observed;
    r.equal += v == observed;
  }
  return r;
}

void RankHistogram::add(double pit) {
  const auto bins = counts.size();
  const auto bin = std::min(bins - 1, static_cast<std::size_t>(pit * static_cast<double>(bins)));
  ++counts[bin];
  inside_50 += pit >= 0.25 && pit <= 0.75;
  inside_90 += pit >= 0.05 && pit <= 0.95;
}

std::uint64_t RankHistogram::total() const {
  return std::accumulate(counts.begin(), counts.end(), std::uint64_t{0});
}

std::optional<double> RankHistogram::uniformity_p() const {
  constexpr double kMinExpected = 5.0;
  const double expected = static_cast<double>(total()) / static_cast<double>(counts.size());
  if (counts.size() < 2 || expected < kMinExpected) return std::nullopt;
  double chi2 = 0.0;
  for (const std::uint64_t c : counts) {
    const double d = static_cast<double>(c) - expected;
    chi2 += d * d / expected;
  }
  const boost::math::chi_squared dist(static_cast<double>(counts.size() - 1));
  return boost::math::cdf(boost::math::complement(dist, chi2));
}

double keyed_uniform(std::uint64_t key) {
  constexpr double kTwoToMinus53 = 0x1.0p-53;
  return static_cast<double>(splitmix64(key) >> 11) * kTwoToMinus53;
}

}  // namespace ccsim
