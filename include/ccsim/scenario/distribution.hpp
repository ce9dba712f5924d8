// Probability distributions of durations, each stated by its mean in seconds, as a scenario
// states them; the engine draws from them with a Sampler (sim/scenario/sampler.hpp, private).
#pragma once

#include <string_view>
#include <vector>

namespace ccsim {

enum class DistKind { exponential, deterministic, uniform, lognormal, gamma, weibull, empirical };

std::string_view to_string(DistKind kind);

// What a scenario file says. `param` is the second parameter of the two-parameter families:
// uniform: half-width; lognormal: standard deviation (s); gamma: coefficient of variation;
// weibull: shape. Empirical uses `values` and `weights` (weights need not sum to 1) and its
// `mean` is derived from them.
struct DistributionSpec {
  DistKind kind = DistKind::exponential;
  double mean = 1.0;
  double param = 0.0;
  std::vector<double> values;
  std::vector<double> weights;

  // A parametric distribution (not empirical) in one expression.
  static DistributionSpec of(DistKind kind, double mean, double param = 0.0) {
    DistributionSpec spec;
    spec.kind = kind;
    spec.mean = mean;
    spec.param = param;
    return spec;
  }

  // Exact moments of the distribution as specified.
  double exact_mean() const;
  double exact_variance() const;
};

}  // namespace ccsim
