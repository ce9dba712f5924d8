#include "scenario/sampler.hpp"

#include <cmath>
#include <numeric>

namespace ccsim {

std::string_view to_string(DistKind kind) {
  switch (kind) {
    case DistKind::exponential:
      return "exponential";
    case DistKind::deterministic:
      return "deterministic";
    case DistKind::uniform:
      return "uniform";
    case DistKind::lognormal:
      return "lognormal";
    case DistKind::gamma:
      return "gamma";
    case DistKind::weibull:
      return "weibull";
    case DistKind::empirical:
      return "empirical";
  }
  return "unknown";
}

namespace {

double weighted_moment(const DistributionSpec& spec, int power) {
  const double total = std::accumulate(spec.weights.begin(), spec.weights.end(), 0.0);
  double sum = 0.0;
  for (std::size_t i = 0; i < spec.values.size(); ++i) {
    const double w = spec.weights.empty() ? 1.0 : spec.weights[i];
    sum += w * std::pow(spec.values[i], power);
  }
  return sum / (spec.weights.empty() ? static_cast<double>(spec.values.size()) : total);
}

// Parameters of the underlying normal of a lognormal with the given mean and sd.
struct LognormalParams {
  double mu;
  double sigma;
};
LognormalParams lognormal_params(double mean, double sd) {
  // (sd/mean)^2 overflows when the mean is tiny beside the sd; ln(1 + r^2) is then 2 ln r to
  // the last bit, computed from logarithms, which do not overflow.
  const double ratio2 = (sd * sd) / (mean * mean);
  const double sigma2 =
      std::isfinite(ratio2) ? std::log1p(ratio2) : 2.0 * (std::log(sd) - std::log(mean));
  return {std::log(mean) - sigma2 / 2.0, std::sqrt(sigma2)};
}

// Weibull scale b such that b * Gamma(1 + 1/k) equals the mean.
double weibull_scale(double mean, double shape) {
  return mean / std::tgamma(1.0 + 1.0 / shape);
}

}  // namespace

double DistributionSpec::exact_mean() const {
  if (kind == DistKind::empirical) return weighted_moment(*this, 1);
  return mean;
}

double DistributionSpec::exact_variance() const {
  switch (kind) {
    case DistKind::exponential:
      return mean * mean;
    case DistKind::deterministic:
      return 0.0;
    case DistKind::uniform:
      return param * param / 3.0;  // (2w)^2 / 12
    case DistKind::lognormal:
      return param * param;
    case DistKind::gamma:
      return (param * mean) * (param * mean);
    case DistKind::weibull: {
      const double b = weibull_scale(mean, param);
      return b * b * std::tgamma(1.0 + 2.0 / param) - mean * mean;
    }
    case DistKind::empirical: {
      const double m = weighted_moment(*this, 1);
      return weighted_moment(*this, 2) - m * m;
    }
  }
  return 0.0;
}

// Every family but the exponential, which operator() draws inline; its case completes the switch.
double Sampler::draw_other(RandomStream& rng) {
  switch (kind_) {
    case DistKind::exponential:
      return exponential_(rng);
    case DistKind::deterministic:
      return value_;
    case DistKind::uniform:
      return uniform_(rng);
    case DistKind::lognormal:
      return lognormal_(rng);
    case DistKind::gamma:
      return gamma_(rng);
    case DistKind::weibull:
      return weibull_(rng);
    case DistKind::empirical:
      return values_[empirical_(rng)];
  }
  return value_;
}

Sampler::Sampler(const DistributionSpec& spec) : kind_(spec.kind), value_(spec.mean) {
  switch (spec.kind) {
    case DistKind::exponential:
      exponential_ = boost::random::exponential_distribution<double>(1.0 / spec.mean);
      break;
    case DistKind::deterministic:
      break;
    case DistKind::uniform:
      uniform_ = boost::random::uniform_real_distribution<double>(spec.mean - spec.param,
                                                                  spec.mean + spec.param);
      // A zero half-width is a constant; Boost requires min < max.
      if (spec.param == 0.0) kind_ = DistKind::deterministic;
      break;
    case DistKind::lognormal: {
      const LognormalParams p = lognormal_params(spec.mean, spec.param);
      lognormal_ = boost::random::lognormal_distribution<double>(p.mu, p.sigma);
      break;
    }
    case DistKind::gamma: {
      // shape alpha = 1/cv^2, scale beta = mean * cv^2.
      const double alpha = 1.0 / (spec.param * spec.param);
      if (!std::isfinite(alpha)) {
        // cv^2 underflows (cv < 1e-154): every draw would be the mean to the last bit, and
        // Boost needs a finite shape.
        kind_ = DistKind::deterministic;
        break;
      }
      gamma_ = boost::random::gamma_distribution<double>(alpha, spec.mean / alpha);
      break;
    }
    case DistKind::weibull:
      weibull_ = boost::random::weibull_distribution<double>(spec.param,
                                                             weibull_scale(spec.mean, spec.param));
      break;
    case DistKind::empirical: {
      values_ = spec.values;
      if (spec.weights.empty()) {
        empirical_ = boost::random::discrete_distribution<std::size_t, double>(
            std::vector<double>(spec.values.size(), 1.0));
      } else {
        empirical_ = boost::random::discrete_distribution<std::size_t, double>(spec.weights);
      }
      break;
    }
  }
}

}  // namespace ccsim
