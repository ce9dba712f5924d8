// Tests of a model against observations: p-values of standardized differences, adjustments for
// testing many cells at once, and ranks of observations among simulated values (probability
// integral transforms), with the rank histogram that judges their calibration.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace ccsim {

// Two-sided p-value of a standardized difference z: P(|T| >= |z|), T Student t with `df`
// degrees of freedom (df = 0: standard normal).
double two_sided_p_value(double z, std::uint64_t df);

// Holm's step-down adjustment (family-wise error): p_(i) -> max_{j <= i} min(1, (m - j + 1) p_(j))
// over the ascending order, returned in the order given. Rejecting the cells whose adjusted p is
// below alpha keeps the chance of any false rejection below alpha.
std::vector<double> holm_adjusted(std::span<const double> p_values);
// Benjamini-Hochberg q-values (false discovery rate): q_(i) = min_{j >= i} min(1, m p_(j) / j).
std::vector<double> benjamini_hochberg(std::span<const double> p_values);

// Where an observed value falls among `n` simulated values of the same quantity.
struct Rank {
  std::uint64_t below = 0;  // simulated values strictly below the observed one
  std::uint64_t equal = 0;
  std::uint64_t n = 0;

  // Two-sided Monte Carlo p-value, ties counted against the model:
  // min(1, 2 min(below + equal + 1, n - below + 1) / (n + 1)).
  double two_sided_p() const;
  // The randomized probability integral transform (Czado, Gneiting & Held 2009):
  // (below + w (equal + 1)) / (n + 1) for a uniform w. Exactly uniform on (0, 1) when the
  // observation is exchangeable with the simulated values, ties or not.
  double pit(double w) const;
};
Rank rank_among(double observed, std::span<const double> simulated);

// A histogram of PIT values in equal bins. Flat when the model is calibrated; U-shaped when
// observations spread more than simulated values (the model is overconfident); hump-shaped when
// they spread less; sloped when the model is biased.
struct RankHistogram {
  explicit RankHistogram(int bins = 10) : counts(static_cast<std::size_t>(bins), 0) {}
  std::vector<std::uint64_t> counts;
  std::uint64_t inside_50 = 0;  // PIT in [0.25, 0.75]: inside the central 50% of simulated values
  std::uint64_t inside_90 = 0;  // PIT in [0.05, 0.95]

  void add(double pit);
  std::uint64_t total() const;
  // Pearson's chi-square test of uniformity (bins - 1 degrees of freedom); nullopt with fewer
  // than 5 expected per bin, where the chi-square approximation fails.
  std::optional<double> uniformity_p() const;
};

// A uniform on [0, 1) that depends only on its key: the w of Rank::pit for ranks that must be
// the same at every run.
double keyed_uniform(std::uint64_t key);

}  // namespace ccsim
