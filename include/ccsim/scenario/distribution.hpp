// Probability distributions of durations, each stated by its mean in seconds.
#pragma once

#include <boost/random/discrete_distribution.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <boost/random/weibull_distribution.hpp>
#include <string_view>
#include <vector>

#include "ccsim/engine/random_stream.hpp"

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

// Draws from a DistributionSpec with Boost.Random's distributions (not std::, whose algorithms
// differ between standard libraries). Built once per Simulation; drawing allocates nothing and
// dispatches without a virtual call.
class Sampler {
 public:
  Sampler() = default;
  explicit Sampler(const DistributionSpec& spec);

  // The exponential, the distribution of the Erlang models and by far the most drawn, is tested
  // first and drawn inline; the other families go through one out-of-line switch, whose call
  // costs little beside their own algorithms. Either way the draw is the same Boost call.
  double operator()(RandomStream& rng) {
    if (kind_ == DistKind::exponential) [[likely]] {
      return exponential_(rng);
    }
    return draw_other(rng);
  }

 private:
  double draw_other(RandomStream& rng);

  DistKind kind_ = DistKind::deterministic;
  double value_ = 0.0;
  boost::random::exponential_distribution<double> exponential_;
  boost::random::uniform_real_distribution<double> uniform_;
  boost::random::lognormal_distribution<double> lognormal_;
  boost::random::gamma_distribution<double> gamma_;
  boost::random::weibull_distribution<double> weibull_;
  boost::random::discrete_distribution<std::size_t, double> empirical_;
  std::vector<double> values_;
};

}  // namespace ccsim
