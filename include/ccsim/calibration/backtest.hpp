// ccsim backtest: a scenario simulated over as many days as a log holds, compared with the log
// per interval of the day and overall. One replication is one day; `periods` copies of the
// logged days are simulated. Definitions in docs/fit.md.
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
#include "ccsim/scenario/scenario.hpp"
#include "ccsim/stats/statistics.hpp"

namespace ccsim {

enum class BacktestMetric : std::uint8_t { offered, abandon_rate, service_level, asa_s };
inline constexpr std::array<BacktestMetric, 4> kBacktestMetrics = {
    BacktestMetric::offered, BacktestMetric::abandon_rate, BacktestMetric::service_level,
    BacktestMetric::asa_s};
std::string_view to_string(BacktestMetric metric);

// The range of single days a comparison is judged against: the central 95% of simulated days.
inline constexpr double kDayRangeLow = 0.025;
inline constexpr double kDayRangeHigh = 0.975;

struct BacktestOptions {
  double interval_s = 1800.0;
  int periods = 10;  // simulated copies of the logged days
  int threads = 0;   // 0: every hardware thread
  double confidence = 0.95;
  std::function<void(int done)> on_progress;
};

struct MetricComparison {
  std::optional<double> observed;  // over all logged days (offered: per day)
  std::uint64_t observed_n = 0;    // contacts behind it (offered: days)
  Estimate simulated;              // mean over simulated days, with its CI
  std::optional<double> day_low;   // kDayRangeLow quantile of simulated single days
  std::optional<double> day_high;  // kDayRangeHigh quantile
  std::optional<bool> inside;      // observed within [day_low, day_high]
  // Logged days with a value of their own, and the share of them inside the range (about 95%
  // when the model is right and the days are alike).
  std::uint64_t observed_days = 0;
  std::optional<double> observed_days_inside;
};

using MetricComparisons = std::array<MetricComparison, kBacktestMetrics.size()>;

struct BacktestRow {
  double start_s = 0.0;
  MetricComparisons metrics;
};

struct Backtest {
  std::string scenario;
  std::vector<std::int32_t> days;  // logged, days since 1970-01-01
  int periods = 0;
  std::uint64_t simulated_days = 0;
  double interval_s = 1800.0;
  double service_level_threshold_s = 20.0;
  double confidence = 0.95;
  MetricComparisons overall;
  std::vector<BacktestRow> by_interval;
};

// Why `scenario` cannot be backtested against daily logs, as "/json/pointer: expected …, got …",
// or nullopt. It must be one day long at most, with t = 0 at midnight.
std::optional<std::string> backtest_scenario_problem(const Scenario& scenario);

Backtest run_backtest(const Scenario& scenario, const SelectedLog& log,
                      const BacktestOptions& options);

nlohmann::json to_json(const Backtest& backtest);
void write_table(std::ostream& out, const Backtest& backtest);

}  // namespace ccsim
