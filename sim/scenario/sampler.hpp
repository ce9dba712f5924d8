// Draws from the distributions a scenario states (DistributionSpec). Private to the library: it
// holds Boost.Random's distributions, which the public headers do not expose.
#pragma once

#include <boost/random/discrete_distribution.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <boost/random/weibull_distribution.hpp>
#include <vector>

#include "ccsim/engine/random_stream.hpp"
#include "ccsim/scenario/distribution.hpp"

namespace ccsim {

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
