// Behaviour of the engine on small, checkable cases.
#include <catch2/catch.hpp>

#include "ccsim/queueing/erlang.hpp"
#include "ccsim/stats/results.hpp"
#include "ccsim/parallel/runner.hpp"
#include "ccsim/engine/simulation.hpp"
#include "test_support.hpp"

using namespace ccsim;

namespace {

Results run_all(const Scenario& scenario) {
  const auto tallies = run_replications(scenario, 0, scenario.replications, RunOptions{});
  return merge_tallies(scenario, tallies, scenario.confidence);
}

}  // namespace

TEST_CASE("Every counted customer ends answered, abandoned or unfinished", "[engine]") {
  for (const double lambda : {1000.0, 2880.0, 6000.0}) {
    test::MmnSpec spec;
    spec.lambda_per_hour = lambda;
    const Tally tally = Simulation(test::mmn_scenario(spec), 0).run();
    const Counters t = tally.totals();
    CHECK(t.offered == t.answered + t.abandoned + t.unfinished);
    CHECK(t.unfinished == 0);
    CHECK(tally.waits.count() == t.answered + t.abandoned);
  }
}

TEST_CASE("With zero agents everyone waits and abandons", "[engine]") {
  test::MmnSpec spec;
  spec.agents = 0;
  const Results r = run_all(test::mmn_scenario(spec));
  CHECK(*r.metric("abandon_rate").mean == 1.0);
  CHECK(*r.metric("p_wait").mean == 1.0);
  CHECK_FALSE(r.metric("asa_s").mean.has_value());
  CHECK(r.metric("asa_s").n == 0);
  CHECK_FALSE(r.metric("occupancy").mean.has_value());
  // Everyone waits out their own patience: the mean wait is the mean patience.
  CHECK(*r.metric("mean_wait_s").ci_low <= 120.0);
  CHECK(120.0 <= *r.metric("mean_wait_s").ci_high);
}

TEST_CASE("With zero arrivals the waiting metrics are null and agents idle", "[engine]") {
  test::MmnSpec spec;
  spec.lambda_per_hour = 0.0;
  const Results r = run_all(test::mmn_scenario(spec));
  CHECK(r.customers == 0);
  CHECK_FALSE(r.metric("abandon_rate").mean.has_value());
  CHECK(r.metric("abandon_rate").n == 0);
  CHECK_FALSE(r.metric("wait_p90_s").mean.has_value());
  CHECK(*r.metric("occupancy").mean == 0.0);
}

TEST_CASE("Zero agents and no patience leave customers unfinished, not lost", "[engine]") {
  test::MmnSpec spec;
  spec.agents = 0;
  spec.patience_s = std::nullopt;
  spec.horizon_s = 600.0;
  spec.warmup_s = 0.0;
  const Counters t = Simulation(test::mmn_scenario(spec), 0).run().totals();
  CHECK(t.offered > 0);
  CHECK(t.unfinished == t.offered);
  CHECK(t.answered + t.abandoned == 0);
}

TEST_CASE("Piecewise arrival rates give the scheduled number of arrivals", "[engine]") {
  // 3600/h then 0/h, repeated: over four hours, 7200 arrivals expected.
  Scenario s = test::mmn_scenario({});
  s.arrivals_per_hour = Schedule{3600.0, {3600.0, 0.0}};
  s.horizon_s = 4 * 3600.0;
  s.warmup_s = 0.0;
  s.replications = 40;
  double total = 0.0;
  for (int r = 0; r < s.replications; ++r) total += Simulation(s, r).run().arrivals;
  const double expected = 7200.0 * s.replications;
  // Poisson: sd = sqrt(expected); five of them.
  CHECK(std::abs(total - expected) <= 5.0 * std::sqrt(expected));
}

TEST_CASE("Customers arriving in a zero-rate interval do not exist", "[engine]") {
  Scenario s = test::mmn_scenario({});
  s.arrivals_per_hour = Schedule{1800.0, {0.0, 7200.0}};
  s.horizon_s = 1800.0;  // only the zero-rate interval
  s.warmup_s = 0.0;
  CHECK(Simulation(s, 0).run().arrivals == 0);
}

TEST_CASE("Agents finishing after a staffing drop count as available", "[engine]") {
  // 50 agents for 30 minutes, then none: busy agents finish their contacts on overtime, which
  // is counted in available time, so occupancy never exceeds 1.
  Scenario s = test::mmn_scenario({});
  s.humans = Schedule{1800.0, {50.0, 0.0}};
  s.horizon_s = 3600.0;
  s.warmup_s = 0.0;
  const Tally t = Simulation(s, 0).run();
  CHECK(t.available_agent_s > 50.0 * 1800.0);
  CHECK(t.busy_agent_s <= t.available_agent_s);
}

TEST_CASE("More agents mean less abandonment with the same customers", "[engine]") {
  test::MmnSpec few;
  few.agents = 45;
  test::MmnSpec more = few;
  more.agents = 55;
  CHECK(*run_all(test::mmn_scenario(few)).metric("abandon_rate").mean >
        *run_all(test::mmn_scenario(more)).metric("abandon_rate").mean);
}

TEST_CASE("Customers arriving in the warm-up are simulated but not counted", "[engine]") {
  test::MmnSpec spec;
  spec.warmup_s = 18000.0;
  spec.horizon_s = 36000.0;
  const Tally t = Simulation(test::mmn_scenario(spec), 0).run();
  CHECK(t.arrivals > t.totals().offered);
  CHECK(t.totals().offered == Approx(t.arrivals / 2.0).epsilon(0.05));
}

TEST_CASE("A horizon longer than a day folds the interval breakdown onto one day", "[engine]") {
  // Memory must not grow with the horizon: three days of hourly intervals report 24 of them,
  // each aggregating its hour of every day.
  test::MmnSpec spec;
  spec.horizon_s = 3 * 86400.0;
  spec.replications = 4;
  const Scenario s = test::mmn_scenario(spec);
  const Tally t = Simulation(s, 0).run();
  CHECK(t.by_interval.size() == 24);
  const Results r = run_all(s);
  REQUIRE(r.by_interval.size() == 24);
  CHECK(r.by_interval[5].start_s == 5 * 3600.0);
  // A time average stays a time average: busy agents = offered load x (1 - P(abandon)), the
  // exact Erlang A figure, inside the folded interval's CI.
  ErlangInput exact;
  exact.lambda_per_s = spec.lambda_per_hour / 3600.0;
  exact.handle_s = spec.handle_s;
  exact.agents = spec.agents;
  exact.patience_s = spec.patience_s;
  const double busy = exact.lambda_per_s * exact.handle_s * (1.0 - *erlang(exact).abandon_rate);
  const Estimate& e = find_metric(r.by_interval[5].metrics, "busy_agents");
  CHECK(*e.ci_low <= busy);
  CHECK(busy <= *e.ci_high);
}

TEST_CASE("Reporting intervals whose bounds round unevenly still cover the run exactly once",
          "[engine]") {
  // With a width of 1000.3 s, 3 × width rounds to a time that division puts in interval 2; with
  // 7.7 s and this horizon, 130 × 7.7 (the end of the last interval) rounds below the horizon.
  // Each interval's agent time must still add up to the agents on duty over [0, horizon].
  struct Grid {
    double width_s;
    double horizon_s;
  };
  for (const Grid g : {Grid{1000.3, 36000.0}, Grid{7.7, 1001.0000000000001}}) {
    test::MmnSpec spec;
    spec.horizon_s = g.horizon_s;
    spec.warmup_s = 0.0;
    spec.replications = 1;
    Scenario s = test::mmn_scenario(spec);
    s.report_interval_s = g.width_s;
    for (const auto engine : {Simulation::Engine::automatic, Simulation::Engine::general}) {
      const Tally t = Simulation(s, 0, engine).run();
      double available_agent_s = 0.0;
      for (const IntervalTime& it : t.interval_time) available_agent_s += it.available_agent_s;
      INFO("width " << g.width_s << ", general engine " << (engine == Simulation::Engine::general));
      CHECK(available_agent_s == Approx(static_cast<double>(spec.agents) * g.horizon_s));
    }
  }
}
