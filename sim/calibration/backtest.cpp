// ccsim backtest: per-day cells of the log beside per-day cells of the simulation, which runs
// the logged days `periods` times, in chunks so that memory holds cells, never tallies.
#include "ccsim/calibration/backtest.hpp"

#include <algorithm>
#include <cmath>

#include "calibration/backtest_cells.hpp"
#include "calibration/replay.hpp"
#include "ccsim/parallel/runner.hpp"
#include "ccsim/scenario/json_checker.hpp"

namespace ccsim {

namespace backtest_detail {

Cell cell_of(const Counters& c) {
  return {static_cast<double>(c.offered), static_cast<double>(c.answered),
          static_cast<double>(c.abandoned), static_cast<double>(c.answered_within_threshold),
          c.answered_wait_s};
}

double numerator(BacktestMetric metric, const Cell& c) {
  switch (metric) {
    case BacktestMetric::offered:
      return c.offered;
    case BacktestMetric::abandon_rate:
      return c.abandoned;
    case BacktestMetric::service_level:
      return c.within;
    case BacktestMetric::asa_s:
      return c.answered_wait_s;
  }
  return 0.0;
}

double denominator(BacktestMetric metric, const Cell& c) {
  switch (metric) {
    case BacktestMetric::offered:
      return 1.0;
    case BacktestMetric::abandon_rate:
    case BacktestMetric::service_level:
      return c.answered + c.abandoned;
    case BacktestMetric::asa_s:
      return c.answered;
  }
  return 0.0;
}

std::optional<double> value_of(BacktestMetric metric, const Cell& c) {
  const double y = denominator(metric, c);
  if (!(y > 0.0)) return std::nullopt;
  return numerator(metric, c) / y;
}

void CellTable::total_days() {
  for (std::size_t p = 0; p < periods_; ++p) {
    for (std::size_t d = 0; d < days_; ++d) {
      Cell sum;
      for (std::size_t i = 0; i < intervals(); ++i) sum.add(at(p, d, i));
      at(p, d, whole_day()) = sum;
    }
  }
}

std::size_t interval_index(double arrival_s, double interval_s, std::size_t intervals) {
  const double clock_s = std::fmod(arrival_s, kSecondsPerDay);
  return std::min(intervals - 1, static_cast<std::size_t>(clock_s / interval_s));
}

CellTable logged_cells(const SelectedLog& log, double interval_s, double threshold_s) {
  const auto intervals = static_cast<std::size_t>(std::llround(kSecondsPerDay / interval_s));
  CellTable table(1, log.days.size(), intervals);
  for (const Entrant& e : log.entrants) {
    Cell c;
    c.offered = 1.0;
    c.answered = e.answered ? 1.0 : 0.0;
    c.abandoned = e.answered ? 0.0 : 1.0;
    c.within = e.answered && e.waited_s <= threshold_s ? 1.0 : 0.0;
    c.answered_wait_s = e.answered ? e.waited_s : 0.0;
    table.at(0, static_cast<std::size_t>(e.day), interval_index(e.arrival_s, interval_s, intervals))
        .add(c);
  }
  table.total_days();
  return table;
}

}  // namespace backtest_detail

using namespace backtest_detail;

std::string_view to_string(BacktestMetric metric) {
  switch (metric) {
    case BacktestMetric::offered:
      return "offered";
    case BacktestMetric::abandon_rate:
      return "abandon_rate";
    case BacktestMetric::service_level:
      return "service_level";
    case BacktestMetric::asa_s:
      return "asa_s";
  }
  return "";
}

std::optional<std::string> backtest_scenario_problem(const Scenario& scenario) {
  if (scenario.horizon_s > kSecondsPerDay) {
    return "/horizon_s: expected one day at most (<= 86400, t = 0 at midnight) to compare with "
           "daily logs, got " +
           format_number(scenario.horizon_s);
  }
  return std::nullopt;
}

Backtest run_backtest(const Scenario& given, const SelectedLog& log,
                      const BacktestOptions& options) {
  Scenario scenario = given;
  scenario.report_interval_s = options.interval_s;
  // The log counts every contact of each day from midnight: so does the simulation.
  scenario.warmup_s = 0.0;
  const std::size_t days = log.days.size();
  const auto periods = static_cast<std::size_t>(options.periods);
  const CellTable logged =
      logged_cells(log, options.interval_s, scenario.service_level_threshold_s);
  const std::size_t intervals = logged.intervals();
  const ReplayDays replay =
      options.replay.any() ? replay_days(scenario, log, logged, options) : ReplayDays{};

  // Replication r = period * days + day simulates logged day `day` in copy `period`. Each tally
  // is reduced to its cells as soon as it is handed over: memory holds cells, never tallies.
  CellTable simulated(periods, days, intervals);
  const int count = options.periods * static_cast<int>(days);
  RunOptions run;
  run.threads = options.threads;
  run.on_progress = options.on_progress;
  if (options.replay.any()) {
    run.input = [&](int r) {
      const auto day = static_cast<std::size_t>(r) % days;
      RunOptions::ReplicationInput input;
      if (!replay.scenarios.empty()) input.scenario = &replay.scenarios[day];
      if (!replay.arrivals.empty()) input.arrivals = &replay.arrivals[day];
      return input;
    };
  }
  for_each_replication(scenario, 0, count, run, [&](int replication, Tally& t) {
    const auto r = static_cast<std::size_t>(replication);
    for (std::size_t i = 0; i < intervals && i < t.by_interval.size(); ++i) {
      simulated.at(r / days, r % days, i) = cell_of(t.by_interval[i]);
    }
  });
  simulated.total_days();

  const Baselines baselines = compute_baselines(scenario, logged, replay.inputs, options);

  Backtest b;
  b.scenario = scenario.name;
  b.days = log.days;
  if (options.training != nullptr) b.training_days = options.training->days;
  b.periods = options.periods;
  b.simulated_days = static_cast<std::uint64_t>(count);
  b.interval_s = options.interval_s;
  b.service_level_threshold_s = scenario.service_level_threshold_s;
  b.confidence = options.confidence;
  b.replay = options.replay;
  b.scored_min_entrants_per_day = options.scored_min_entrants_per_day;
  b.erlang_a_handle_s = baselines.handle_s;
  b.erlang_a_patience_s = baselines.patience_s;
  b.erlang_a_patience_from_training = baselines.patience_from_training;
  compare(logged, simulated, baselines, options, b);
  return b;
}

}  // namespace ccsim
