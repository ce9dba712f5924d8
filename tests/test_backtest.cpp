// run_backtest in process: per-day ranges of a Poisson day, and the "inside" judgements.
#include <catch2/catch.hpp>
#include <cmath>

#include "ccsim/calibration/backtest.hpp"
#include "test_support.hpp"

namespace {

using namespace ccsim;

// `count` answered entrants spread evenly over day `day`, none waiting.
void add_day(SelectedLog& log, std::int32_t day, int count) {
  for (int k = 0; k < count; ++k) {
    Entrant e;
    e.day = day;
    e.answered = true;
    e.handle_usable = true;
    e.arrival_s = e.queue_entry_s = 86400.0 * (k + 0.5) / count;
    e.handle_s = 60.0;
    log.entrants.push_back(e);
  }
}

}  // namespace

TEST_CASE("A day's offered calls are judged against the range of simulated days", "[backtest]") {
  // Poisson arrivals at 60 an hour: 1440 a day, sd 37.9, so the central 95% of simulated days
  // is about [1366, 1514]. A logged day of 1440 is inside, one of 2000 is not.
  test::MmnSpec spec;
  spec.lambda_per_hour = 60.0;
  spec.handle_s = 60.0;
  spec.patience_s = std::nullopt;
  spec.agents = 20;
  spec.horizon_s = 86400.0;
  spec.warmup_s = 0.0;
  const Scenario scenario = test::mmn_scenario(spec);
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
  // 100 Poisson days: the mean within 4 standard errors of 1440, the range near its theory.
  CHECK(std::abs(*offered.simulated.mean - 1440.0) < 4.0 * std::sqrt(1440.0 / 100.0));
  CHECK(*offered.day_low == Approx(1440.0 - 1.96 * std::sqrt(1440.0)).epsilon(0.03));
  CHECK(*offered.day_high == Approx(1440.0 + 1.96 * std::sqrt(1440.0)).epsilon(0.03));
  CHECK_FALSE(*offered.inside);
  CHECK(offered.observed_days == 2);
  CHECK(*offered.observed_days_inside == 0.5);
  // Nobody waits with 20 agents for one busy agent on average: service level 1, ASA 0.
  const MetricComparison& sl = b.overall[2];
  CHECK(*sl.observed == 1.0);
  CHECK(*sl.simulated.mean == Approx(1.0).margin(1e-3));
  CHECK(*sl.inside);
  REQUIRE(b.by_interval.size() == 48);
  CHECK(*b.by_interval[0].metrics[0].observed == Approx((30.0 + 41.5) / 2.0).margin(1.0));
}

TEST_CASE("Backtest results do not depend on the thread count", "[backtest]") {
  test::MmnSpec spec;
  spec.lambda_per_hour = 30.0;
  spec.horizon_s = 86400.0;
  spec.warmup_s = 0.0;
  spec.agents = 1;
  SelectedLog log;
  log.days = {0};
  add_day(log, 0, 700);
  BacktestOptions options;
  options.periods = 6;
  options.threads = 1;
  const Backtest one = run_backtest(test::mmn_scenario(spec), log, options);
  options.threads = 2;
  const Backtest two = run_backtest(test::mmn_scenario(spec), log, options);
  for (std::size_t k = 0; k < kBacktestMetrics.size(); ++k) {
    CHECK(one.overall[k].simulated.mean == two.overall[k].simulated.mean);
    CHECK(one.overall[k].day_low == two.overall[k].day_low);
  }
}
