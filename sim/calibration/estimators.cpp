// Estimators of handle time, patience and busyness from samples.
#include "ccsim/calibration/estimators.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace ccsim {

double LognormalFit::mean() const {
  return std::exp(mu + sigma * sigma / 2.0);
}

double LognormalFit::sd() const {
  return mean() * std::sqrt(std::expm1(sigma * sigma));
}

std::optional<LognormalFit> fit_lognormal(std::span<const double> values) {
  if (values.size() < 2) return std::nullopt;
  double sum = 0.0;
  for (const double x : values) {
    if (!(x > 0.0) || !std::isfinite(x)) return std::nullopt;
    sum += std::log(x);
  }
  const double n = static_cast<double>(values.size());
  LognormalFit fit;
  fit.n = values.size();
  fit.mu = sum / n;
  double squares = 0.0;
  for (const double x : values) {
    const double d = std::log(x) - fit.mu;
    squares += d * d;
  }
  fit.sigma = std::sqrt(squares / n);
  return fit;
}

DistributionSpec lognormal_spec(const LognormalFit& fit) {
  if (!(fit.sigma > 0.0)) return DistributionSpec::of(DistKind::deterministic, fit.mean());
  return DistributionSpec::of(DistKind::lognormal, fit.mean(), fit.sd());
}

DistributionSpec empirical_spec(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  DistributionSpec spec;
  spec.kind = DistKind::empirical;
  for (std::size_t i = 0; i < values.size();) {
    std::size_t j = i;
    while (j < values.size() && values[j] == values[i]) ++j;
    spec.values.push_back(values[i]);
    spec.weights.push_back(static_cast<double>(j - i));
    i = j;
  }
  if (spec.values.size() > kMaxEmpiricalValues) {
    // Quantiles at the midpoints of kMaxEmpiricalValues equal-probability bins.
    spec.values.clear();
    spec.weights.clear();
    const double n = static_cast<double>(values.size());
    for (std::size_t k = 0; k < kMaxEmpiricalValues; ++k) {
      const double p = (static_cast<double>(k) + 0.5) / static_cast<double>(kMaxEmpiricalValues);
      const auto index = std::min(values.size() - 1, static_cast<std::size_t>(p * n));
      spec.values.push_back(values[index]);
    }
  }
  spec.mean = spec.exact_mean();
  return spec;
}

std::optional<double> ExponentialFit::mean_s() const {
  if (events == 0 || !(exposure_s > 0.0)) return std::nullopt;
  return exposure_s / static_cast<double>(events);
}

ExponentialFit fit_exponential(std::span<const CensoredWait> sample) {
  ExponentialFit fit;
  for (const CensoredWait& w : sample) {
    fit.events += w.event;
    fit.exposure_s += w.time_s;
  }
  return fit;
}

std::vector<KaplanMeierStep> kaplan_meier(std::span<const CensoredWait> sample) {
  std::vector<CensoredWait> sorted(sample.begin(), sample.end());
  std::sort(sorted.begin(), sorted.end(),
            [](const CensoredWait& a, const CensoredWait& b) { return a.time_s < b.time_s; });
  std::vector<KaplanMeierStep> steps;
  double survival = 1.0;
  std::uint64_t at_risk = sorted.size();
  for (std::size_t i = 0; i < sorted.size();) {
    std::size_t j = i;
    std::uint64_t events = 0;
    while (j < sorted.size() && sorted[j].time_s == sorted[i].time_s) events += sorted[j++].event;
    if (events > 0) {
      survival *= 1.0 - static_cast<double>(events) / static_cast<double>(at_risk);
      steps.push_back({sorted[i].time_s, survival, at_risk, events});
    }
    at_risk -= j - i;
    i = j;
  }
  return steps;
}

std::optional<DistributionSpec> kaplan_meier_spec(std::span<const CensoredWait> sample,
                                                  const KaplanMeierOptions& options) {
  const std::vector<KaplanMeierStep> steps = kaplan_meier(sample);
  if (steps.empty()) return std::nullopt;
  // The body: every jump while enough customers were still waiting for it to mean something.
  std::size_t body = 0;
  while (body < steps.size() && steps[body].at_risk >= options.min_at_risk) ++body;
  if (body == 0) body = 1;  // a tiny sample: its first jump, and the tail for the rest
  DistributionSpec spec;
  spec.kind = DistKind::empirical;
  double previous = 1.0;
  for (std::size_t i = 0; i < body; ++i) {
    spec.values.push_back(steps[i].time_s);
    spec.weights.push_back(previous - steps[i].survival);
    previous = steps[i].survival;
  }
  const double tail_mass = previous;
  if (tail_mass > 0.0) {
    // Beyond the body, an exponential tail: its rate from what happened past the cut.
    const double cut_s = steps[body - 1].time_s;
    ExponentialFit beyond;
    for (const CensoredWait& w : sample) {
      if (w.time_s <= cut_s) continue;
      beyond.events += w.event;
      beyond.exposure_s += w.time_s - cut_s;
    }
    const std::optional<double> tail_mean =
        beyond.mean_s() ? beyond.mean_s() : fit_exponential(sample).mean_s();
    if (!tail_mean) {
      // Nobody waited at all: all that is known is that patience outlasted the longest wait.
      double longest_s = cut_s;
      for (const CensoredWait& w : sample) longest_s = std::max(longest_s, w.time_s);
      spec.values.push_back(longest_s);
      spec.weights.push_back(tail_mass);
      spec.mean = spec.exact_mean();
      return spec;
    }
    const int points = std::max(1, options.tail_points);
    for (int k = 0; k < points; ++k) {
      const double p = (static_cast<double>(k) + 0.5) / static_cast<double>(points);
      spec.values.push_back(cut_s - *tail_mean * std::log1p(-p));
      spec.weights.push_back(tail_mass / static_cast<double>(points));
    }
  }
  spec.mean = spec.exact_mean();
  return spec;
}

std::vector<double> shrunk_factors(const std::vector<BandRatio>& bands) {
  double excess = 0.0;
  int present = 0;
  for (const BandRatio& b : bands) {
    if (!b.present) continue;
    excess += b.log_ratio * b.log_ratio - b.variance;
    ++present;
  }
  const double tau2 = present > 0 ? std::max(0.0, excess / present) : 0.0;
  std::vector<double> factors;
  for (const BandRatio& b : bands) {
    const double weight = b.present && tau2 > 0.0 ? tau2 / (tau2 + b.variance) : 0.0;
    factors.push_back(std::exp(weight * b.log_ratio));
  }
  return factors;
}

std::vector<double> handle_factors(std::span<const std::size_t> band,
                                   std::span<const double> handle_s, std::size_t bands) {
  // On the log scale: the ratio of geometric means is the maximum-likelihood scale ratio of a
  // lognormal with one shape, and one service of a billion seconds moves it by its logarithm
  // over the band's count, where it would multiply an arithmetic mean a thousandfold.
  std::vector<double> sum(bands, 0.0);
  std::vector<double> count(bands, 0.0);
  double total = 0.0;
  double squares = 0.0;
  double n = 0.0;
  for (std::size_t i = 0; i < handle_s.size(); ++i) {
    if (!(handle_s[i] > 0.0)) continue;
    const double x = std::log(handle_s[i]);
    sum[band[i]] += x;
    count[band[i]] += 1.0;
    total += x;
    squares += x * x;
    n += 1.0;
  }
  std::vector<BandRatio> ratios(bands);
  if (n < 2.0) return shrunk_factors(ratios);
  const double mean = total / n;
  const double variance = std::max(0.0, squares / n - mean * mean) * n / (n - 1.0);
  for (std::size_t b = 0; b < bands; ++b) {
    if (count[b] < 2.0) continue;
    ratios[b] = {sum[b] / count[b] - mean, variance / count[b], true};
  }
  return shrunk_factors(ratios);
}

std::vector<double> patience_factors(std::span<const std::size_t> band,
                                     std::span<const CensoredWait> waits, std::size_t bands) {
  std::vector<ExponentialFit> fits(bands);
  ExponentialFit all;
  for (std::size_t i = 0; i < waits.size(); ++i) {
    fits[band[i]].events += waits[i].event;
    fits[band[i]].exposure_s += waits[i].time_s;
    all.events += waits[i].event;
    all.exposure_s += waits[i].time_s;
  }
  std::vector<BandRatio> ratios(bands);
  const std::optional<double> mean = all.mean_s();
  if (!mean) return shrunk_factors(ratios);
  for (std::size_t b = 0; b < bands; ++b) {
    const std::optional<double> band_mean = fits[b].mean_s();
    if (!band_mean) continue;
    ratios[b] = {std::log(*band_mean / *mean), 1.0 / static_cast<double>(fits[b].events), true};
  }
  return shrunk_factors(ratios);
}

double busyness_cv2(std::span<const double> daily_totals) {
  const std::size_t n = daily_totals.size();
  if (n < 2) return 0.0;
  const double mean =
      std::accumulate(daily_totals.begin(), daily_totals.end(), 0.0) / static_cast<double>(n);
  if (!(mean > 0.0)) return 0.0;
  double squares = 0.0;
  for (const double x : daily_totals) squares += (x - mean) * (x - mean);
  const double variance = squares / static_cast<double>(n - 1);
  return std::max(0.0, (variance - mean) / (mean * mean));
}

}  // namespace ccsim
