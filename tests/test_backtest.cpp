// run_backtest in process: the observed figure against the simulated mean with both errors, the
// baselines, the error summaries and the ranks.
#include <catch2/catch.hpp>
#include <cmath>

#include "ccsim/calibration/backtest.hpp"
#include "ccsim/queueing/erlang.hpp"
#include "test_support.hpp"

namespace {

using namespace ccsim;

constexpr std::size_t kAbandon = 1;
constexpr std::size_t kServiceLevel = 2;

// `count` entrants spread evenly over day `day`, every `abandon_every`-th abandoning after 30 s,
// the others answered after `wait_s`.
void add_day(SelectedLog& log, std::int32_t day, int count, int abandon_every = 0,
             double wait_s = 0.0) {
  for (int k = 0; k < count; ++k) {
    Entrant e;
    e.day = day;
    e.answered = abandon_every == 0 || k % abandon_every != 0;
    e.handle_usable = e.answered;
    e.arrival_s = e.queue_entry_s = 86400.0 * (k + 0.5) / count;
    e.handle_s = e.answered ? 60.0 : 0.0;
    e.waited_s = e.answered ? wait_s : 30.0;
    log.entrants.push_back(e);
  }
}

Scenario poisson_day(double lambda_per_hour, long agents, std::optional<double> patience_s) {
  test::MmnSpec spec;
  spec.lambda_per_hour = lambda_per_hour;
  spec.handle_s = 60.0;
  spec.patience_s = patience_s;
  spec.agents = agents;
  spec.horizon_s = 86400.0;
  spec.warmup_s = 0.0;
  return test::mmn_scenario(spec);
}

}  // namespace

TEST_CASE("A pooled figure is judged with the observed days' error and the simulation's",
          "[backtest]") {
  // Poisson arrivals at 60 an hour: 1440 a day. Two logged days of 1440 and 2000: observed mean
  // 1720 with a day-to-day standard error of 280 (their sd 396 over sqrt 2), far above the
  // simulated mean's (sqrt(1440 / 100) = 3.8), so z is about 1 and says nothing.
  const Scenario scenario = poisson_day(60.0, 20, std::nullopt);
  SelectedLog log;
  log.days = {0, 1};
  add_day(log, 0, 1440);
  add_day(log, 1, 2000);
  BacktestOptions options;
  options.periods = 50;
  options.threads = 2;
  const Backtest b = run_backtest(scenario, log, options);
  CHECK(b.simulated_days == 100);
  const MetricComparison& offered = b.overall[0];
  CHECK(*offered.observed == 1720.0);
  CHECK(offered.observed_n == 2);
  CHECK(*offered.observed_se == Approx(280.0));
  CHECK(std::abs(*offered.simulated.mean - 1440.0) < 4.0 * std::sqrt(1440.0 / 100.0));
  CHECK(*offered.difference == Approx(1720.0 - *offered.simulated.mean));
  CHECK(*offered.difference_se == Approx(280.0).epsilon(0.001));
  CHECK(std::abs(*offered.z - 1.0) < 0.05);
  CHECK(*offered.p_value > 0.4);  // Student t with about one degree of freedom
  // Nobody waits with 20 agents for one busy agent on average: service level 1.
  const MetricComparison& sl = b.overall[kServiceLevel];
  CHECK(*sl.observed == 1.0);
  CHECK(*sl.simulated.mean == Approx(1.0).margin(1e-3));
  REQUIRE(b.by_interval.size() == 48);
  CHECK(*b.by_interval[0].metrics[0].observed == Approx((30.0 + 41.5) / 2.0).margin(1.0));
  CHECK(b.by_interval[0].scored);  // 35 entrants a day
}

TEST_CASE("Backtest results do not depend on the thread count", "[backtest]") {
  const Scenario scenario = poisson_day(30.0, 1, 120.0);
  SelectedLog log;
  log.days = {0, 1};
  add_day(log, 0, 700, 5, 10.0);
  add_day(log, 1, 800, 4, 25.0);
  BacktestOptions options;
  options.periods = 6;
  options.threads = 1;
  const Backtest one = run_backtest(scenario, log, options);
  options.threads = 2;
  const Backtest two = run_backtest(scenario, log, options);
  for (std::size_t k = 0; k < kBacktestMetrics.size(); ++k) {
    CHECK(one.overall[k].simulated.mean == two.overall[k].simulated.mean);
    CHECK(one.overall[k].z == two.overall[k].z);
    CHECK(one.day_ranks[k].counts == two.day_ranks[k].counts);
    CHECK(one.cell_ranks[k].counts == two.cell_ranks[k].counts);
  }
}

TEST_CASE("The Erlang A baseline is the exact Erlang A of each interval", "[backtest]") {
  // M/M/3+M at 150 calls an hour, handle 60 s, patience 120 s: the scenario's own figures.
  const Scenario scenario = poisson_day(150.0, 3, 120.0);
  SelectedLog log;
  log.days = {0, 1, 2};
  for (std::int32_t d = 0; d < 3; ++d) add_day(log, d, 3600, 8, 15.0);
  BacktestOptions options;
  options.periods = 4;
  options.threads = 2;
  const Backtest b = run_backtest(scenario, log, options);
  ErlangInput input;
  input.lambda_per_s = 150.0 / 3600.0;
  input.handle_s = 60.0;
  input.agents = 3;
  input.patience_s = 120.0;
  input.threshold_s = 20.0;
  const ErlangResult exact = erlang(input);
  CHECK(b.erlang_a_handle_s == 60.0);
  CHECK(*b.erlang_a_patience_s == 120.0);
  CHECK_FALSE(b.erlang_a_patience_from_training);
  for (const BacktestRow& row : b.by_interval) {
    CHECK(*row.metrics[kAbandon].erlang_a == Approx(*exact.abandon_rate).epsilon(1e-12));
    CHECK(*row.metrics[kServiceLevel].erlang_a == Approx(*exact.service_level).epsilon(1e-12));
    CHECK(*row.metrics[0].erlang_a == Approx(75.0).epsilon(1e-12));  // calls per half hour
  }
  // A day of the simulated M/M/3+M averages to Erlang A within a few standard errors.
  const MetricComparison& abandon = b.overall[kAbandon];
  CHECK(std::abs(*abandon.simulated.mean - *exact.abandon_rate) <
        4.0 * (*abandon.simulated.ci_high - *abandon.simulated.ci_low) / 2.0 / 1.96);
}

TEST_CASE("Errors are the mean absolute differences over scored intervals; training from its log",
          "[backtest]") {
  const Scenario scenario = poisson_day(120.0, 3, 120.0);
  SelectedLog log;
  log.days = {10592, 10593, 10620};  // 1999-01-01, 1999-01-02, 1999-01-29
  for (std::int32_t d = 0; d < 3; ++d) add_day(log, d, 2000 + 100 * d, 5 + d, 12.0);
  // A night with no calls: unscored.
  std::erase_if(log.entrants, [](const Entrant& e) { return e.arrival_s < 3600.0; });
  BacktestOptions options;
  options.periods = 3;
  options.threads = 2;
  options.training = &log;  // trained on the same days: the training average is the observation
  const Backtest b = run_backtest(scenario, log, options);
  CHECK_FALSE(b.by_interval[0].scored);
  CHECK(b.by_interval[2].scored);
  REQUIRE(b.errors.size() == 2);  // all days, then January 1999
  CHECK(b.errors[0].label == "all");
  CHECK(b.errors[1].label == "1999-01");
  CHECK(b.errors[1].days == 3);
  double sum = 0.0;
  int n = 0;
  for (const BacktestRow& row : b.by_interval) {
    if (!row.scored) continue;
    sum += std::abs(*row.metrics[kAbandon].erlang_a - *row.metrics[kAbandon].observed);
    ++n;
    CHECK(*row.metrics[kAbandon].training == *row.metrics[kAbandon].observed);
  }
  CHECK(*b.errors[0].erlang_a[kAbandon] == Approx(sum / n));
  CHECK(*b.errors[0].training[kAbandon] == 0.0);
  CHECK(b.erlang_a_patience_from_training);
  // Patience MLE of the log: abandonments / time waited.
  double waited = 0.0;
  double abandoned = 0.0;
  for (const Entrant& e : log.entrants) {
    waited += e.waited_s;
    abandoned += e.answered ? 0.0 : 1.0;
  }
  CHECK(*b.erlang_a_patience_s == Approx(waited / abandoned));
}

TEST_CASE("A month far from the model ranks above every simulated month", "[backtest]") {
  // Logged days with twice the scenario's calls: each period's month is below the observed one.
  const Scenario scenario = poisson_day(30.0, 5, 300.0);
  SelectedLog log;
  log.days = {0, 1, 2, 3};
  for (std::int32_t d = 0; d < 4; ++d) add_day(log, d, 1440, 10);
  BacktestOptions options;
  options.periods = 19;
  options.threads = 2;
  const Backtest b = run_backtest(scenario, log, options);
  REQUIRE(b.ranks.size() == 2);
  const Rank& rank = *b.ranks[0].rank[0];
  CHECK(rank.n == 19);
  CHECK(rank.below == 19);
  CHECK(rank.two_sided_p() == Approx(0.1));
  // Every single day is above all of its simulated counterparts.
  CHECK(b.day_ranks[0].counts.back() == 4);
  CHECK(b.day_ranks[0].inside_90 == 0);
  CHECK(b.residuals.size() == 4);
  CHECK(*b.residuals[0].observed[0] == 1440.0);
  CHECK(b.residuals[0].residual_by_interval.size() == 48);
}

TEST_CASE("A replay of arrivals simulates exactly the logged calls of each day", "[backtest]") {
  // Days of 700, 900 and 1000 calls against a scenario of 30 an hour: replayed, every
  // simulated day has its logged day's calls, interval by interval, whatever the scenario's
  // rate. Means over three copies differ from the logged counts by rounding only, which is no
  // standard error to divide by.
  const Scenario scenario = poisson_day(30.0, 2, 120.0);
  SelectedLog log;
  log.days = {0, 1, 2};
  add_day(log, 0, 700, 5, 10.0);
  add_day(log, 1, 900, 4, 25.0);
  add_day(log, 2, 1000, 4, 25.0);
  BacktestOptions options;
  options.periods = 3;
  options.threads = 2;
  options.replay.arrivals = true;
  const Backtest b = run_backtest(scenario, log, options);
  for (const BacktestRow& row : b.by_interval) {
    CHECK(*row.metrics[0].simulated.mean == Approx(*row.metrics[0].observed));
    CHECK(*row.metrics[0].difference == Approx(0.0).margin(1e-9));
    CHECK_FALSE(row.metrics[0].z);  // no error to divide by
  }
  CHECK_FALSE(b.overall[0].z);
  REQUIRE(b.residuals.size() == 3);
  CHECK(*b.residuals[1].simulated[0] == 900.0);
  // The busier day abandons more in its simulated copies.
  CHECK(*b.residuals[1].simulated[kAbandon] > *b.residuals[0].simulated[kAbandon]);
  // Erlang A is given the same calls.
  CHECK(*b.overall[0].erlang_a == Approx(2600.0 / 3.0));
}

TEST_CASE("A replay of staffing gives each simulated day its logged day's agents", "[backtest]") {
  // Day 0: one agent serves from 09:00 to 17:00, back to back; day 1: three agents do. Replayed,
  // Erlang A sees one agent on day 0 and three on day 1; the scenario's 50 agents are unused.
  SelectedLog log;
  log.days = {0, 1};
  for (std::int32_t d = 0; d < 2; ++d) {
    for (std::int32_t a = 0; a < 1 + 2 * d; ++a) {
      for (int k = 0; k < 96; ++k) {
        Entrant e;
        e.day = d;
        e.agent = a;
        e.answered = e.handle_usable = true;
        e.arrival_s = e.queue_entry_s = 9 * 3600.0 + 300.0 * k;
        e.handle_s = 300.0;
        log.entrants.push_back(e);
      }
    }
  }
  // The simulated handle times are the scenario's (exponential, mean 300 s), not the log's.
  test::MmnSpec spec;
  spec.lambda_per_hour = 30.0;
  spec.handle_s = 300.0;
  spec.patience_s = 120.0;
  spec.agents = 50;
  spec.horizon_s = 86400.0;
  spec.warmup_s = 0.0;
  const Scenario scenario = test::mmn_scenario(spec);
  BacktestOptions options;
  options.periods = 2;
  options.threads = 2;
  options.replay.arrivals = true;
  options.replay.staffing = true;
  const Backtest b = run_backtest(scenario, log, options);
  // 12 calls an hour of 300 s on average for one agent: a load of 1 on one server, where
  // callers wait and some abandon (192 calls; none abandoning would take extraordinary luck).
  CHECK(*b.residuals[0].simulated[kAbandon] > 0.0);
  const MetricComparison& at_ten = b.by_interval[20].metrics[kAbandon];  // 10:00-10:30
  CHECK(at_ten.erlang_a.has_value());
  options.replay.staffing = false;
  const Backtest fixed = run_backtest(scenario, log, options);
  CHECK(*fixed.residuals[0].simulated[kAbandon] == 0.0);  // 50 agents: nobody waits
  CHECK(*fixed.by_interval[20].metrics[kAbandon].erlang_a < *at_ten.erlang_a);
}

TEST_CASE("A replay the scenario cannot take is refused, saying why", "[backtest]") {
  SelectedLog log;
  log.days = {0};
  log.segments = {"a", "b"};
  add_day(log, 0, 10);
  log.entrants[3].segment = 1;
  Scenario scenario = expand_shorthands(poisson_day(30.0, 2, 120.0));
  scenario.segments[0].name = "a";
  Segment other = scenario.segments[0];
  other.name = "c";
  scenario.segments[0].share = other.share = 0.5;
  scenario.segments.push_back(other);
  BacktestOptions options;
  options.periods = 1;
  options.replay.arrivals = true;
  CHECK_THROWS_WITH(run_backtest(scenario, log, options),
                    Catch::Contains("expected the log's segments among the scenario's (\"a\", "
                                    "\"c\"") &&
                        Catch::Contains("got \"b\" (1 arrivals)"));
  options.replay = {false, true};
  scenario.groups.push_back(scenario.groups[0]);
  scenario.groups[1].name = "second";
  CHECK_THROWS_WITH(run_backtest(scenario, log, options),
                    "--replay staffing: expected a scenario with one agent group (the log's "
                    "agents are one pool), got 2");
  Scenario short_day = poisson_day(30.0, 2, 120.0);
  short_day.horizon_s = 3600.0;
  options.replay = {true, false};
  CHECK_THROWS_WITH(run_backtest(short_day, log, options),
                    Catch::StartsWith("--replay arrivals: expected arrivals before the "
                                      "scenario's horizon (3600 s), got one at 4320 s on "
                                      "1970-01-01"));
}
