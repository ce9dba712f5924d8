// ccsim backtest: a scenario simulated over as many days as a log holds, compared with the log
// per interval of the day and overall, beside two baselines (the exact Erlang A of each interval
// and the training period's average). One replication is one day; `periods` copies of the
// logged days are simulated. In a replay, each simulated day takes its logged day's arrival
// instants, its staffing, or both. Definitions in docs/fit.md, statistics in docs/validation.md.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "ccsim/calibration/log_selection.hpp"
#include "ccsim/calibration/staffing_inference.hpp"
#include "ccsim/scenario/scenario.hpp"
#include "ccsim/stats/hypothesis.hpp"
#include "ccsim/stats/statistics.hpp"

namespace ccsim {

enum class BacktestMetric : std::uint8_t { offered, abandon_rate, service_level, asa_s };
inline constexpr std::array<BacktestMetric, 4> kBacktestMetrics = {
    BacktestMetric::offered, BacktestMetric::abandon_rate, BacktestMetric::service_level,
    BacktestMetric::asa_s};
std::string_view to_string(BacktestMetric metric);

// What each simulated day takes from its logged day instead of the scenario.
struct ReplayChoice {
  bool arrivals = false;  // the logged arrival instants, with their segments
  bool staffing = false;  // the staffing inferred from that day's log
  bool any() const { return arrivals || staffing; }
};

struct BacktestOptions {
  double interval_s = 1800.0;
  int periods = 10;  // simulated copies of the logged days
  int threads = 0;   // 0: every hardware thread
  double confidence = 0.95;
  ReplayChoice replay;
  // Replayed staffing is inferred from each logged day with these (as `fit` does).
  StaffingOptions staffing;
  // The period the scenario was fitted on, for the training-average baseline and the Erlang A
  // baseline's exponential patience; null: no training baseline, and Erlang A takes the
  // scenario's mean patience.
  const SelectedLog* training = nullptr;
  // Intervals with fewer queue entrants than this per logged day, on average, are left out of
  // the error summaries and of the family of tests (the night's trickle says nothing).
  double scored_min_entrants_per_day = 10.0;
  // Replayed arrivals of a scenario with retrials: the logged retrials, linked by caller id as
  // `fit --retrials on` links them within this window (retrials.hpp), are left out, weighted
  // for the ids the log lost, so that the simulated retrials are not added to them.
  double retrial_window_s = 10800.0;
  bool retrial_weight_lost_ids = false;
  std::function<void(int done)> on_progress;
};

// One metric in one interval (or the whole day).
struct MetricComparison {
  std::optional<double> observed;     // over all logged days (offered: per day)
  std::uint64_t observed_n = 0;       // contacts behind it (offered: days)
  std::optional<double> observed_se;  // its standard error from the day-to-day spread
  Estimate simulated;                 // mean over simulated days, with its CI
  // observed - simulated, its standard error (replay: from the paired residuals of the days;
  // otherwise both errors, independent), the standardized difference, its two-sided p-value
  // (Student t), and the p-value adjusted for the family of scored cells (Holm) and its
  // Benjamini-Hochberg q-value.
  std::optional<double> difference;
  std::optional<double> difference_se;
  std::optional<double> z;
  std::optional<double> p_value;
  std::optional<double> p_holm;
  std::optional<double> q_value;
  // The baselines' predictions of the observed figure.
  std::optional<double> erlang_a;
  std::optional<double> training;
};

using MetricComparisons = std::array<MetricComparison, kBacktestMetrics.size()>;
using MetricValues = std::array<std::optional<double>, kBacktestMetrics.size()>;

struct BacktestRow {
  double start_s = 0.0;
  bool scored = false;  // in the error summaries and the family of tests
  MetricComparisons metrics;
};

// Mean absolute error over the scored intervals of each predictor's pooled figure, per metric,
// over a set of logged days (all of them, or one calendar month).
struct ErrorSummary {
  std::string label;  // "all", or the month "YYYY-MM"
  std::uint64_t days = 0;
  MetricValues ccsim;
  MetricValues erlang_a;
  MetricValues training;
  // The mean absolute error a correct model would make: sqrt(2/pi) times the mean over the same
  // intervals of the observed figure's standard error (in a replay, of the paired residuals).
  MetricValues floor;
};

// The whole-day figure of a set of logged days among the same days' figures in each simulated
// period: its rank, for every metric.
struct PeriodRank {
  std::string label;  // "all", or the month "YYYY-MM"
  std::uint64_t days = 0;
  MetricValues observed;
  std::array<std::optional<Rank>, kBacktestMetrics.size()> rank;
};

// One logged day beside its simulated copies (mean over periods): whole day and per interval.
struct DayResidual {
  std::int32_t day = 0;
  MetricValues observed;
  MetricValues simulated;
  std::vector<MetricValues> residual_by_interval;  // observed - simulated
};

struct TestFamily {
  std::uint64_t cells = 0;  // scored interval x metric cells with a p-value
  std::uint64_t rejected_holm = 0;
  std::uint64_t rejected_bh = 0;
  double alpha = 0.05;  // 1 - confidence
};

struct Backtest {
  std::string scenario;
  std::vector<std::int32_t> days;  // logged, days since 1970-01-01
  std::vector<std::int32_t> training_days;
  int periods = 0;
  std::uint64_t simulated_days = 0;
  double interval_s = 1800.0;
  double service_level_threshold_s = 20.0;
  double confidence = 0.95;
  ReplayChoice replay;
  double scored_min_entrants_per_day = 10.0;
  // The Erlang A baseline's inputs that do not vary by interval.
  double erlang_a_handle_s = 0.0;
  std::optional<double> erlang_a_patience_s;
  bool erlang_a_patience_from_training = false;
  MetricComparisons overall;
  std::vector<BacktestRow> by_interval;
  TestFamily family;
  std::vector<ErrorSummary> errors;  // all days, then each calendar month
  std::vector<PeriodRank> ranks;     // all days, then each calendar month
  // Probability integral transforms of single logged days (whole day) and of single day x scored
  // interval cells among their simulated counterparts, per metric.
  std::array<RankHistogram, kBacktestMetrics.size()> day_ranks;
  std::array<RankHistogram, kBacktestMetrics.size()> cell_ranks;
  std::vector<DayResidual> residuals;
};

// Why `scenario` cannot be backtested against daily logs, as "/json/pointer: expected …, got …",
// or nullopt. It must be one day long at most, with t = 0 at midnight.
std::optional<std::string> backtest_scenario_problem(const Scenario& scenario);

Backtest run_backtest(const Scenario& scenario, const SelectedLog& log,
                      const BacktestOptions& options);

nlohmann::json to_json(const Backtest& backtest);
void write_table(std::ostream& out, const Backtest& backtest);

}  // namespace ccsim
