// Estimators of what a fitted scenario needs from samples: lognormal and empirical handle
// times, exponential and Kaplan-Meier patience from censored waits, and the day-to-day
// busyness of arrivals. Formulas in docs/fit.md.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "ccsim/scenario/distribution.hpp"

namespace ccsim {

// Lognormal by maximum likelihood: mu and sigma of log(x), sigma with divisor n.
struct LognormalFit {
  double mu = 0.0;
  double sigma = 0.0;
  std::uint64_t n = 0;
  double mean() const;
  double sd() const;
};
// Needs at least two values, all > 0; nullopt otherwise.
std::optional<LognormalFit> fit_lognormal(std::span<const double> values);
// The scenario distribution: lognormal by mean and sd, or deterministic when sigma is 0.
DistributionSpec lognormal_spec(const LognormalFit& fit);

// The observed distribution: each distinct value weighted by its count, or, beyond
// kMaxEmpiricalValues distinct values, that many equal-probability quantile points (so that a
// fit of continuous data stays a file of reasonable size). Needs a non-empty sample.
inline constexpr std::size_t kMaxEmpiricalValues = 2000;
DistributionSpec empirical_spec(std::vector<double> values);

// A wait in the human queue as evidence about patience: `event` when the customer abandoned
// after `time_s` (patience = time_s), otherwise answered after `time_s` (patience >= time_s).
struct CensoredWait {
  double time_s = 0.0;
  bool event = false;
};

// Exponential patience by maximum likelihood: abandonments / total time waited by everyone.
struct ExponentialFit {
  std::uint64_t events = 0;
  double exposure_s = 0.0;
  // nullopt without an abandonment (patience without end) or without time waited.
  std::optional<double> mean_s() const;
};
ExponentialFit fit_exponential(std::span<const CensoredWait> sample);

// The Kaplan-Meier estimate of the survival function S(t) = P(patience > t) at each time with an
// event. Ties: the answered at t are still at risk at t (they waited that long).
struct KaplanMeierStep {
  double time_s = 0.0;
  double survival = 1.0;  // just after time_s
  std::uint64_t at_risk = 0;
  std::uint64_t events = 0;
};
std::vector<KaplanMeierStep> kaplan_meier(std::span<const CensoredWait> sample);

// Patience as an empirical distribution: the Kaplan-Meier jumps up to the last time at which
// at least `min_at_risk` customers were still waiting, then the remaining mass as an exponential
// tail (its rate from the waits beyond that time, or from all waits when none abandoned there)
// cut into `tail_points` equal-probability points. nullopt without an abandonment.
struct KaplanMeierOptions {
  std::uint64_t min_at_risk = 30;
  int tail_points = 20;
};
std::optional<DistributionSpec> kaplan_meier_spec(std::span<const CensoredWait> sample,
                                                  const KaplanMeierOptions& options = {});

// Time-of-day factors: a quantity's level in each band of the day (an hour, say) relative to the
// whole day's, shrunk towards 1 where the band's data is thin. Each band's log-ratio r_b, with
// sampling variance v_b, is shrunk by empirical Bayes (a normal prior of mean 0 and variance
// tau^2 = max(0, mean(r_b^2 - v_b)) over the bands with data) to r_b tau^2 / (tau^2 + v_b); the
// factor is its exponential, 1 for a band without data.
struct BandRatio {
  double log_ratio = 0.0;
  double variance = 0.0;
  bool present = false;
};
std::vector<double> shrunk_factors(const std::vector<BandRatio>& bands);

// Handle-time factors from (band, handle time) pairs: the band's geometric mean over the whole
// sample's, its log with the sampling variance s^2 / n_b (s^2 the sample variance of the log
// handle times; bands of fewer than two values have no estimate). Values <= 0 are ignored.
std::vector<double> handle_factors(std::span<const std::size_t> band,
                                   std::span<const double> handle_s, std::size_t bands);
// Patience factors from banded censored waits: the exponential fit's mean patience in the band
// over the whole sample's, with the sampling variance 1 / abandonments of its log (bands without
// an abandonment have no estimate).
std::vector<double> patience_factors(std::span<const std::size_t> band,
                                     std::span<const CensoredWait> waits, std::size_t bands);

// Day-to-day busyness from daily totals: cv^2 = max(0, (s^2 - m) / m^2), s^2 the sample variance
// and m the mean. A Poisson day has s^2 = m, so the excess is the gamma factor's variance
// (docs/fit.md). 0 with fewer than two days.
double busyness_cv2(std::span<const double> daily_totals);

}  // namespace ccsim
