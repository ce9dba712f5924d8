// Estimators of fitted scenarios, checked against figures computed by hand.
#include <catch2/catch.hpp>
#include <cmath>
#include <numeric>
#include <random>

#include "ccsim/calibration/estimators.hpp"
#include "ccsim/calibration/staffing_inference.hpp"

using namespace ccsim;

TEST_CASE("The lognormal MLE is the mean and divisor-n spread of the logs", "[fit]") {
  const std::vector<double> values = {1.0, std::exp(1.0), std::exp(2.0)};
  const auto fit = fit_lognormal(values);
  REQUIRE(fit);
  CHECK(fit->mu == Approx(1.0));
  CHECK(fit->sigma == Approx(std::sqrt(2.0 / 3.0)));
  CHECK(fit->mean() == Approx(std::exp(1.0 + 1.0 / 3.0)));
  CHECK(fit->sd() == Approx(fit->mean() * std::sqrt(std::exp(2.0 / 3.0) - 1.0)));
  const DistributionSpec spec = lognormal_spec(*fit);
  CHECK(spec.kind == DistKind::lognormal);
  CHECK(spec.exact_mean() == Approx(fit->mean()));
  CHECK(std::sqrt(spec.exact_variance()) == Approx(fit->sd()));
}

TEST_CASE("The lognormal MLE needs two values > 0", "[fit]") {
  CHECK_FALSE(fit_lognormal(std::vector<double>{5.0}));
  CHECK_FALSE(fit_lognormal(std::vector<double>{5.0, 0.0}));
  const auto same = fit_lognormal(std::vector<double>{5.0, 5.0});
  REQUIRE(same);
  CHECK(lognormal_spec(*same).kind == DistKind::deterministic);
}

TEST_CASE("The empirical distribution weights each distinct value by its count", "[fit]") {
  const DistributionSpec spec = empirical_spec({3.0, 1.0, 3.0, 2.0});
  CHECK(spec.values == std::vector<double>{1.0, 2.0, 3.0});
  CHECK(spec.weights == std::vector<double>{1.0, 1.0, 2.0});
  CHECK(spec.mean == Approx(2.25));
}

TEST_CASE("A continuous sample becomes equal-probability quantile points", "[fit]") {
  std::vector<double> values(10000);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<double>(i) + 0.5;
  const DistributionSpec spec = empirical_spec(values);
  CHECK(spec.values.size() == kMaxEmpiricalValues);
  CHECK(spec.weights.empty());
  CHECK(spec.mean == Approx(5000.0).epsilon(0.001));
}

TEST_CASE("Exponential patience is abandonments over the time everyone waited", "[fit]") {
  const std::vector<CensoredWait> waits = {{10.0, true}, {20.0, false}, {30.0, true}};
  const ExponentialFit fit = fit_exponential(waits);
  CHECK(fit.events == 2);
  CHECK(fit.exposure_s == 60.0);
  CHECK(*fit.mean_s() == 30.0);
  CHECK_FALSE(fit_exponential(std::vector<CensoredWait>{{5.0, false}}).mean_s());
}

TEST_CASE("Kaplan-Meier keeps the answered at risk at their own time", "[fit]") {
  const std::vector<CensoredWait> waits = {
      {4.0, true}, {1.0, true}, {3.0, false}, {3.0, true}, {2.0, false}};
  const auto steps = kaplan_meier(waits);
  REQUIRE(steps.size() == 3);
  CHECK(steps[0].time_s == 1.0);
  CHECK(steps[0].at_risk == 5);
  CHECK(steps[0].survival == Approx(0.8));
  CHECK(steps[1].time_s == 3.0);
  CHECK(steps[1].at_risk == 3);
  CHECK(steps[1].survival == Approx(0.8 * 2.0 / 3.0));
  CHECK(steps[2].survival == Approx(0.0));

  KaplanMeierOptions options;
  options.min_at_risk = 1;
  const auto spec = kaplan_meier_spec(waits, options);
  REQUIRE(spec);
  CHECK(spec->values == std::vector<double>{1.0, 3.0, 4.0});
  CHECK(spec->weights[0] == Approx(0.2));
  CHECK(spec->weights[1] == Approx(0.8 / 3.0));
  CHECK(spec->weights[2] == Approx(0.8 * 2.0 / 3.0));
}

TEST_CASE("Kaplan-Meier mass left after the last jump goes to an exponential tail", "[fit]") {
  // One abandonment at 10 s, three answered at 100 s: S = 0.75 after 10 s. Nobody abandons past
  // 10 s, so the tail's mean is the exponential MLE of all waits: 310 s / 1 abandonment.
  const std::vector<CensoredWait> waits = {
      {10.0, true}, {100.0, false}, {100.0, false}, {100.0, false}};
  KaplanMeierOptions options;
  options.min_at_risk = 1;
  options.tail_points = 20;
  const auto spec = kaplan_meier_spec(waits, options);
  REQUIRE(spec);
  REQUIRE(spec->values.size() == 21);
  CHECK(std::accumulate(spec->weights.begin(), spec->weights.end(), 0.0) == Approx(1.0));
  double tail = 0.0;
  for (std::size_t i = 1; i < spec->values.size(); ++i) {
    CHECK(spec->values[i] > 10.0);
    tail += spec->values[i] * spec->weights[i];
  }
  // Midpoint quantiles of 20 equal bins understate an exponential's mean by under 5%.
  CHECK(tail / 0.75 == Approx(10.0 + 310.0).epsilon(0.05));
  CHECK_FALSE(kaplan_meier_spec(std::vector<CensoredWait>{{5.0, false}}));
}

TEST_CASE("Busyness is the variance of daily totals beyond Poisson's", "[fit]") {
  CHECK(busyness_cv2(std::vector<double>{90.0, 110.0}) == Approx((200.0 - 100.0) / 10000.0));
  CHECK(busyness_cv2(std::vector<double>{100.0, 100.0}) == 0.0);
  CHECK(busyness_cv2(std::vector<double>{100.0}) == 0.0);
}

TEST_CASE("Diffused rounding keeps every partial sum within half a unit", "[fit]") {
  CHECK(diffuse_rounding({0.4, 0.4, 0.4}) == std::vector<double>{0.0, 1.0, 0.0});
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> value(0.0, 9.0);
  std::vector<double> values(500);
  for (double& v : values) v = value(rng);
  const std::vector<double> rounded = diffuse_rounding(values);
  double exact = 0.0;
  double sum = 0.0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    exact += values[i];
    sum += rounded[i];
    CHECK(rounded[i] == std::round(rounded[i]));
    CHECK(std::abs(sum - exact) <= 0.5 + 1e-9);
  }
}
