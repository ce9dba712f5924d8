// Samplers: sample mean and variance match each distribution's exact moments.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "ccsim/engine/random_stream.hpp"
#include "scenario/sampler.hpp"

using namespace ccsim;

namespace {

constexpr int kSamples = 400000;
// Five standard errors: a correct sampler fails with probability below 1e-6 per check.
constexpr double kStandardErrors = 5.0;

void check_moments(const DistributionSpec& spec) {
  Sampler sampler(spec);
  RandomStream rng(RandomKey{7, 0}, 1, 0, Purpose::human_handle);
  std::vector<double> x(kSamples);
  double sum = 0.0;
  for (double& v : x) {
    v = sampler(rng);
    sum += v;
  }
  const double mean = sum / kSamples;
  double m2 = 0.0, m4 = 0.0;
  for (double v : x) {
    const double d = (v - mean) * (v - mean);
    m2 += d;
    m4 += d * d;
  }
  m2 /= kSamples;
  m4 /= kSamples;
  const double variance = m2 * kSamples / (kSamples - 1);
  const double se_mean = std::sqrt(variance / kSamples);
  // Standard error of the sample variance from the sample's own fourth moment.
  const double se_variance = std::sqrt(std::max(m4 - m2 * m2, 0.0) / kSamples);
  INFO(to_string(spec.kind) << ": mean " << mean << " vs " << spec.exact_mean() << ", variance "
                            << variance << " vs " << spec.exact_variance());
  CHECK(std::abs(mean - spec.exact_mean()) <= kStandardErrors * se_mean + 1e-12);
  CHECK(std::abs(variance - spec.exact_variance()) <= kStandardErrors * se_variance + 1e-12);
}

}  // namespace

TEST_CASE("Exponential samples have the stated mean and variance", "[distribution]") {
  check_moments(DistributionSpec::of(DistKind::exponential, 120.0));
}

TEST_CASE("Deterministic samples are the stated value", "[distribution]") {
  check_moments(DistributionSpec::of(DistKind::deterministic, 42.0));
}

TEST_CASE("Uniform samples have the stated mean and half-width", "[distribution]") {
  check_moments(DistributionSpec::of(DistKind::uniform, 60.0, 30.0));
}

TEST_CASE("Lognormal samples have the stated mean and sd", "[distribution]") {
  check_moments(DistributionSpec::of(DistKind::lognormal, 180.0, 120.0));
}

TEST_CASE("Gamma samples have the stated mean and cv", "[distribution]") {
  check_moments(DistributionSpec::of(DistKind::gamma, 90.0, 0.5));
  check_moments(DistributionSpec::of(DistKind::gamma, 90.0, 2.0));
}

TEST_CASE("Weibull samples have the stated mean and shape", "[distribution]") {
  check_moments(DistributionSpec::of(DistKind::weibull, 100.0, 0.7));
  check_moments(DistributionSpec::of(DistKind::weibull, 100.0, 2.5));
}

TEST_CASE("Empirical samples follow the given values and weights", "[distribution]") {
  DistributionSpec spec = DistributionSpec::of(DistKind::empirical, 0.0);
  spec.values = {10.0, 60.0, 300.0};
  spec.weights = {0.5, 0.3, 0.2};
  check_moments(spec);
}
