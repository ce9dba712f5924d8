// Time-of-day factors of handle time and patience: the scenario's segments carry them, the engine
// scales each customer's draws by those of their arrival time, fit estimates them (shrunk where
// data is thin), and the backtest's Erlang A baseline sees them.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "ccsim/calibration/backtest.hpp"
#include "ccsim/calibration/estimators.hpp"
#include "ccsim/engine/simulation.hpp"
#include "ccsim/scenario/scenario.hpp"
#include "test_support.hpp"

namespace {

using namespace ccsim;

// One segment, one reason: handle exponential of mean `handle_s`, patience exponential of mean
// `patience_s`, with the segment's factors given as JSON (null: none).
Scenario one_segment(double handle_s, double patience_s, const nlohmann::json& handle_factor,
                     const nlohmann::json& patience_factor) {
  nlohmann::json segment = {{"name", "all"},
                            {"reasons", {{"call", 1}}},
                            {"patience_s", {{"dist", "exponential"}, {"mean", patience_s}}}};
  if (!handle_factor.is_null()) segment["handle_factor"] = handle_factor;
  if (!patience_factor.is_null()) segment["patience_factor"] = patience_factor;
  const nlohmann::json j = {
      {"horizon_s", 7200},
      {"seed", 5},
      {"arrivals", {{"per_hour", 400}}},
      {"staffing", {{"groups", {{{"name", "agents"}, {"agents", 5}}}}}},
      {"reasons",
       {{{"name", "call"}, {"human_handle_s", {{"dist", "exponential"}, {"mean", handle_s}}}}}},
      {"population", {{"segments", {segment}}}}};
  return parse_scenario(j.dump(), "factors.json");
}

Tally run_general(const Scenario& s) {
  return Simulation(s, 0, Simulation::Engine::general).run();
}

}  // namespace

TEST_CASE("A segment's factors load as schedules, and default to 1", "[time_of_day]") {
  const Scenario plain = one_segment(60.0, 120.0, nullptr, nullptr);
  CHECK(plain.segments[0].handle_factor.values == std::vector<double>{1.0});
  const Scenario varied =
      one_segment(60.0, 120.0, 1.5, {{"interval_s", 3600}, {"factors", {0.5, 2}}});
  CHECK(varied.segments[0].handle_factor.values == std::vector<double>{1.5});
  CHECK(varied.segments[0].patience_factor.interval_s == 3600.0);
  CHECK(varied.segments[0].patience_factor.at(4000.0) == 2.0);
}

TEST_CASE("A handle factor of 2 is a handle time twice as long, draw for draw", "[time_of_day]") {
  // Exponential draws scale exactly with their mean (a power of two), so the two runs are the
  // same run: every counter equal.
  const Tally doubled = run_general(one_segment(60.0, 120.0, 2.0, nullptr));
  const Tally longer = run_general(one_segment(120.0, 120.0, nullptr, nullptr));
  CHECK(doubled.totals().answered == longer.totals().answered);
  CHECK(doubled.totals().abandoned == longer.totals().abandoned);
  CHECK(doubled.totals().answered_wait_s == longer.totals().answered_wait_s);
  const Tally halved = run_general(one_segment(60.0, 120.0, nullptr, 0.5));
  const Tally shorter = run_general(one_segment(60.0, 60.0, nullptr, nullptr));
  CHECK(halved.totals().abandoned == shorter.totals().abandoned);
  CHECK(halved.totals().wait_s == shorter.totals().wait_s);
}

TEST_CASE("Factors apply by the hour a customer arrives in", "[time_of_day]") {
  // Handle time doubled in the first hour only: the second hour's callers are those of a plain
  // run, but they meet the queue the first hour left, so only the first hour is compared.
  const Scenario varied =
      one_segment(60.0, 120.0, {{"interval_s", 3600}, {"factors", {2, 1}}}, nullptr);
  const Scenario doubled = one_segment(120.0, 120.0, nullptr, nullptr);
  Scenario a = varied;
  Scenario b = doubled;
  a.report_interval_s = b.report_interval_s = 3600.0;
  const Tally ta = run_general(a);
  const Tally tb = run_general(b);
  CHECK(ta.by_interval[0].answered_wait_s == tb.by_interval[0].answered_wait_s);
  CHECK(ta.by_interval[0].abandoned == tb.by_interval[0].abandoned);
  // In the second hour the plain handle time halves the load: less abandonment.
  CHECK(ta.by_interval[1].abandoned < tb.by_interval[1].abandoned);
}

TEST_CASE("Time-of-day factors shrink to 1 without signal and keep a strong one", "[time_of_day]") {
  // Log-ratios as large as their sampling error: no evidence of a profile, all factors 1.
  CHECK(shrunk_factors({{0.1, 0.01, true}, {-0.1, 0.01, true}, {0.0, 0.0, false}}) ==
        std::vector<double>{1.0, 1.0, 1.0});
  // Ratios far above their error (tau^2 = 0.0399): kept to within their error.
  const std::vector<double> f =
      shrunk_factors({{0.2, 1e-4, true}, {-0.2, 1e-4, true}, {0.0, 0.0, false}});
  CHECK(f[0] == Approx(std::exp(0.2 * 0.0399 / (0.0399 + 1e-4))));
  CHECK(f[1] < 1.0);
  CHECK(f[2] == 1.0);
  // Handle times: band 1's are twice band 0's, 100 of each (log sd 0.36 overall): the ratio
  // of their geometric means is shrunk by a few per cent only. With 4 of each, by about a third
  // of its logarithm.
  std::vector<std::size_t> band;
  std::vector<double> handle_s;
  for (int k = 0; k < 100; ++k) {
    for (const std::size_t b : {0, 1}) {
      band.push_back(b);
      handle_s.push_back((b + 1) * (90.0 + 20.0 * (k % 2)));
    }
  }
  const std::vector<double> h = handle_factors(band, handle_s, 2);
  CHECK(h[1] / h[0] == Approx(2.0).epsilon(0.02));
  band.resize(8);
  handle_s.resize(8);
  const std::vector<double> few = handle_factors(band, handle_s, 2);
  CHECK(few[1] / few[0] < 1.8);
  CHECK(few[1] / few[0] > 1.5);
}

TEST_CASE("Fitting a trace recovers its hourly handle and patience factors", "[time_of_day]") {
  // synthetic-hours.json scales handle times by 1.25, 1, 1, 0.8, 0.8, 1, 1, 1.25 and patience
  // by 0.6, 1, 1, 1.5, 1.5, 1, 1, 0.6 over its eight hours. Factors are relative to the whole
  // day, so ratios between hours are checked: about 4,000 services an hour give a handle-time
  // ratio within 4% (4 standard errors of two log means, cv 0.67), and 300-900 abandonments an
  // hour a patience ratio within 30%.
  const auto dir = std::filesystem::temp_directory_path() / "ccsim-time-of-day";
  std::filesystem::create_directories(dir);
  const std::string trace = (dir / "trace.csv").string();
  const std::string fitted = (dir / "fitted.json").string();
  REQUIRE(test::run_ccsim("run " + test::source_path("tests/data/calllog/synthetic-hours.json") +
                          " --trace " + trace)
              .status == 0);
  REQUIRE(test::run_ccsim("fit " + trace + " --days all --out " + fitted).status == 0);
  const Scenario s = load_scenario_file(fitted);
  const Schedule& handle = s.segments[0].handle_factor;
  const Schedule& patience = s.segments[0].patience_factor;
  REQUIRE(handle.interval_s == 3600.0);
  const auto at = [](const Schedule& f, int hour) { return f.at(hour * 3600.0 + 1.0); };
  CHECK(at(handle, 0) / at(handle, 1) == Approx(1.25).epsilon(0.04));
  CHECK(at(handle, 3) / at(handle, 2) == Approx(0.8).epsilon(0.04));
  CHECK(at(handle, 7) / at(handle, 6) == Approx(1.25).epsilon(0.04));
  CHECK(at(patience, 0) / at(patience, 1) == Approx(0.6).epsilon(0.3));
  CHECK(at(patience, 4) / at(patience, 5) == Approx(1.5).epsilon(0.3));
  std::filesystem::remove_all(dir);
}

TEST_CASE("The Erlang A baseline sees the interval's factors", "[time_of_day]") {
  // Handle time doubled in the first hour: Erlang A's load doubles there.
  Scenario s = one_segment(60.0, 120.0, {{"interval_s", 3600}, {"factors", {2, 1}}}, nullptr);
  s.horizon_s = 7200.0;
  SelectedLog log;
  log.days = {0};
  for (int k = 0; k < 700; ++k) {
    Entrant e;
    e.answered = true;
    e.arrival_s = e.queue_entry_s = 7200.0 * (k + 0.5) / 700.0;
    e.handle_s = 60.0;
    log.entrants.push_back(e);
  }
  BacktestOptions options;
  options.interval_s = 3600.0;
  options.periods = 2;
  options.threads = 1;
  // A one-day log against a scenario of two hours: the rest of the day is empty.
  const Backtest b = run_backtest(s, log, options);
  const double first = *b.by_interval[0].metrics[1].erlang_a;
  const double second = *b.by_interval[1].metrics[1].erlang_a;
  CHECK(first > second);
  const Scenario doubled = one_segment(120.0, 120.0, nullptr, nullptr);
  const Backtest d = run_backtest(doubled, log, options);
  CHECK(*d.by_interval[0].metrics[1].erlang_a == Approx(first));
}
