// The simulation against the exact steady-state formulas: the exact value must lie inside the
// simulated confidence interval, and the interval must be narrow enough to mean something.
#include <catch2/catch.hpp>

#include "ccsim/parallel/runner.hpp"
#include "ccsim/queueing/erlang.hpp"
#include "ccsim/stats/results.hpp"
#include "test_support.hpp"

using namespace ccsim;
using test::check_covers;

namespace {

// A 99.9% interval per assertion keeps the chance that any of the ~15 assertions below fails by
// bad luck near 1.5%, while the half-width bounds stop a vague run from passing.
constexpr double kTestConfidence = 0.999;
constexpr double kMaxAbandonHalfWidth = 0.003;
constexpr double kMaxServiceLevelHalfWidth = 0.01;
constexpr double kThresholdS = 20.0;
constexpr double kSecondsPerHour = 3600.0;

Results simulate(const test::MmnSpec& spec) {
  const Scenario scenario = test::mmn_scenario(spec);
  const auto tallies = run_replications(scenario, 0, scenario.replications, RunOptions{});
  return merge_tallies(scenario, tallies, kTestConfidence);
}

ErlangResult exact(const test::MmnSpec& spec) {
  ErlangInput input;
  input.lambda_per_s = spec.lambda_per_hour / kSecondsPerHour;
  input.handle_s = spec.handle_s;
  input.agents = spec.agents;
  input.patience_s = spec.patience_s;
  input.threshold_s = kThresholdS;
  return erlang(input);
}

// Long enough runs at every load, the overloaded one included (its service level varies most
// between replications): 48 replications of 30 hours after a one-hour warm-up.
test::MmnSpec erlang_a_point(double lambda_per_hour, std::uint64_t seed) {
  test::MmnSpec spec;
  spec.lambda_per_hour = lambda_per_hour;
  spec.horizon_s = 108000.0;
  spec.warmup_s = 3600.0;
  spec.replications = 48;
  spec.seed = seed;
  return spec;
}

void check_erlang_a_point(const test::MmnSpec& spec) {
  const Results sim = simulate(spec);
  const ErlangResult ex = exact(spec);
  check_covers(sim, "abandon_rate", *ex.abandon_rate, kMaxAbandonHalfWidth);
  check_covers(sim, "service_level", *ex.service_level, kMaxServiceLevelHalfWidth);
  check_covers(sim, "p_wait", *ex.p_wait);
  check_covers(sim, "mean_wait_s", *ex.mean_wait_s);
  check_covers(sim, "occupancy", *ex.occupancy);
}

}  // namespace

TEST_CASE("Simulated Erlang A at light load (rho 0.8) covers the exact figures", "[validation]") {
  check_erlang_a_point(erlang_a_point(2400.0, 101));
}

TEST_CASE("Simulated Erlang A at heavy load (rho 0.98) covers the exact figures", "[validation]") {
  check_erlang_a_point(erlang_a_point(2940.0, 102));
}

TEST_CASE("Simulated Erlang A overloaded (rho 1.2) covers the exact figures", "[validation]") {
  check_erlang_a_point(erlang_a_point(3600.0, 103));
}

TEST_CASE("Simulated Erlang C service level and waits cover the exact figures", "[validation]") {
  // rho = 0.9 without abandonment relaxes slowly (time scale ~ 1 / (mu (1 - sqrt rho))^2, about
  // 6 hours here), hence the long warm-up and horizon.
  test::MmnSpec spec;
  spec.lambda_per_hour = 2700.0;
  spec.patience_s = std::nullopt;
  spec.horizon_s = 300000.0;
  spec.warmup_s = 40000.0;
  spec.replications = 24;
  spec.seed = 104;
  const Results sim = simulate(spec);
  const ErlangResult ex = exact(spec);
  check_covers(sim, "service_level", *ex.service_level, kMaxServiceLevelHalfWidth);
  check_covers(sim, "p_wait", *ex.p_wait);
  check_covers(sim, "asa_s", *ex.asa_s);
  CHECK(*sim.metric("abandon_rate").mean == 0.0);
}

TEST_CASE("Zero patience gives Erlang B blocking exactly", "[validation]") {
  test::MmnSpec spec;
  spec.lambda_per_hour = 2880.0;
  spec.patience_s = 0.0;
  spec.horizon_s = 90000.0;
  spec.replications = 24;
  spec.seed = 105;
  const Results sim = simulate(spec);
  const ErlangResult ex = exact(spec);
  check_covers(sim, "abandon_rate", *ex.abandon_rate, kMaxAbandonHalfWidth);
  check_covers(sim, "occupancy", *ex.occupancy);
  CHECK(*sim.metric("mean_wait_s").mean == 0.0);
}
