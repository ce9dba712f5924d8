// ccsim backtest: per-day tallies of the simulation beside per-day counts of the log.
#include "ccsim/calibration/backtest.hpp"

#include <algorithm>
#include <cmath>

#include "ccsim/parallel/runner.hpp"
#include "ccsim/scenario/json_checker.hpp"
#include "ccsim/stats/tally.hpp"

namespace ccsim {

namespace {

constexpr double kSecondsPerDay = 86400.0;

// The counts behind the four metrics, for one day and one interval (or the whole day).
struct Cell {
  double offered = 0.0;
  double answered = 0.0;
  double abandoned = 0.0;
  double within = 0.0;  // answered within the threshold
  double answered_wait_s = 0.0;

  void add(const Cell& other) {
    offered += other.offered;
    answered += other.answered;
    abandoned += other.abandoned;
    within += other.within;
    answered_wait_s += other.answered_wait_s;
  }
};

Cell cell_of(const Counters& c) {
  return {static_cast<double>(c.offered), static_cast<double>(c.answered),
          static_cast<double>(c.abandoned), static_cast<double>(c.answered_within_threshold),
          c.answered_wait_s};
}

// Numerator and denominator of a metric on one cell; offered is a count per day.
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

// The kind of each metric, for the shape of its interval (statistics.hpp).
MetricKind kind_of(BacktestMetric metric) {
  const bool rate =
      metric == BacktestMetric::abandon_rate || metric == BacktestMetric::service_level;
  return rate ? MetricKind::rate : MetricKind::non_negative;
}

// The p-quantile of sorted values, linear between order statistics (Hyndman & Fan type 7).
double quantile(const std::vector<double>& sorted, double p) {
  const double h = (static_cast<double>(sorted.size()) - 1.0) * p;
  const auto low = static_cast<std::size_t>(std::floor(h));
  const std::size_t high = std::min(low + 1, sorted.size() - 1);
  return sorted[low] + (h - static_cast<double>(low)) * (sorted[high] - sorted[low]);
}

MetricComparison compare(BacktestMetric metric, const std::vector<Cell>& logged,
                         const std::vector<Cell>& simulated, double confidence) {
  MetricComparison m;
  double x = 0.0;
  double y = 0.0;
  for (const Cell& c : logged) {
    x += numerator(metric, c);
    y += denominator(metric, c);
  }
  m.observed_n = static_cast<std::uint64_t>(y);
  if (y > 0.0) m.observed = x / y;

  std::vector<double> xs;
  std::vector<double> ys;
  std::vector<double> per_day;
  for (const Cell& c : simulated) {
    xs.push_back(numerator(metric, c));
    ys.push_back(denominator(metric, c));
    if (ys.back() > 0.0) per_day.push_back(xs.back() / ys.back());
  }
  if (metric == BacktestMetric::offered) {
    m.simulated = mean_estimate(xs, MetricKind::non_negative, confidence, xs.size());
  } else {
    double total = 0.0;
    for (const double v : ys) total += v;
    m.simulated =
        ratio_estimate(xs, ys, kind_of(metric), confidence, static_cast<std::uint64_t>(total));
  }
  if (per_day.empty()) return m;
  std::sort(per_day.begin(), per_day.end());
  m.day_low = quantile(per_day, kDayRangeLow);
  m.day_high = quantile(per_day, kDayRangeHigh);
  if (m.observed) m.inside = *m.observed >= *m.day_low && *m.observed <= *m.day_high;
  std::uint64_t inside = 0;
  for (const Cell& c : logged) {
    if (!(denominator(metric, c) > 0.0)) continue;
    const double value = numerator(metric, c) / denominator(metric, c);
    ++m.observed_days;
    inside += value >= *m.day_low && value <= *m.day_high;
  }
  if (m.observed_days > 0) {
    m.observed_days_inside = static_cast<double>(inside) / static_cast<double>(m.observed_days);
  }
  return m;
}

MetricComparisons compare_all(const std::vector<Cell>& logged, const std::vector<Cell>& simulated,
                              double confidence) {
  MetricComparisons out;
  for (std::size_t k = 0; k < kBacktestMetrics.size(); ++k) {
    out[k] = compare(kBacktestMetrics[k], logged, simulated, confidence);
  }
  return out;
}

}  // namespace

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
  const auto intervals =
      static_cast<std::size_t>(std::llround(kSecondsPerDay / options.interval_s));

  // Logged cells: by day, then by interval.
  std::vector<std::vector<Cell>> logged(intervals, std::vector<Cell>(days));
  std::vector<Cell> logged_days(days);
  for (const Entrant& e : log.entrants) {
    const double clock_s = std::fmod(e.arrival_s, kSecondsPerDay);
    const std::size_t i =
        std::min(intervals - 1, static_cast<std::size_t>(clock_s / options.interval_s));
    Cell c;
    c.offered = 1.0;
    c.answered = e.answered ? 1.0 : 0.0;
    c.abandoned = e.answered ? 0.0 : 1.0;
    c.within = e.answered && e.waited_s <= scenario.service_level_threshold_s ? 1.0 : 0.0;
    c.answered_wait_s = e.answered ? e.waited_s : 0.0;
    logged[i][static_cast<std::size_t>(e.day)].add(c);
    logged_days[static_cast<std::size_t>(e.day)].add(c);
  }

  RunOptions run;
  run.threads = options.threads;
  run.on_progress = options.on_progress;
  const int count = options.periods * static_cast<int>(days);
  const std::vector<Tally> tallies = run_replications(scenario, 0, count, run);

  // Simulated cells: one per replication, i.e. per simulated day.
  std::vector<std::vector<Cell>> simulated(intervals);
  std::vector<Cell> simulated_days;
  for (const Tally& t : tallies) {
    simulated_days.push_back(cell_of(t.totals()));
    for (std::size_t i = 0; i < intervals; ++i) {
      simulated[i].push_back(i < t.by_interval.size() ? cell_of(t.by_interval[i]) : Cell{});
    }
  }

  Backtest b;
  b.scenario = scenario.name;
  b.days = log.days;
  b.periods = options.periods;
  b.simulated_days = tallies.size();
  b.interval_s = options.interval_s;
  b.service_level_threshold_s = scenario.service_level_threshold_s;
  b.confidence = options.confidence;
  b.overall = compare_all(logged_days, simulated_days, options.confidence);
  for (std::size_t i = 0; i < intervals; ++i) {
    b.by_interval.push_back({static_cast<double>(i) * options.interval_s,
                             compare_all(logged[i], simulated[i], options.confidence)});
  }
  return b;
}

}  // namespace ccsim
