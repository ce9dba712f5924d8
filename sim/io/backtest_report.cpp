// ccsim backtest's outputs: the comparison JSON and the table a planner reads.
#include <cmath>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>

#include "ccsim/calibration/backtest.hpp"
#include "ccsim/calibration/call_log.hpp"
#include "io/estimate_json.hpp"

namespace ccsim {

namespace {

constexpr int kSchemaVersion = 1;
constexpr int kClockWidth = 13;
constexpr int kValueWidth = 10;
constexpr int kRangeWidth = 22;
constexpr int kFlagWidth = 8;

using detail::optional_number;

nlohmann::json to_json(const Estimate& e) {
  return detail::estimate_json(e);
}

nlohmann::json to_json(const MetricComparison& m) {
  return {{"observed", optional_number(m.observed)},
          {"observed_n", m.observed_n},
          {"simulated", to_json(m.simulated)},
          {"day_range",
           m.day_low ? nlohmann::json::array({*m.day_low, *m.day_high}) : nlohmann::json(nullptr)},
          {"inside", m.inside ? nlohmann::json(*m.inside) : nlohmann::json(nullptr)},
          {"observed_days", m.observed_days},
          {"observed_days_inside", optional_number(m.observed_days_inside)}};
}

nlohmann::json to_json(const MetricComparisons& set) {
  nlohmann::json out = nlohmann::json::object();
  for (std::size_t k = 0; k < kBacktestMetrics.size(); ++k) {
    out[std::string(to_string(kBacktestMetrics[k]))] = to_json(set[k]);
  }
  return out;
}

// Figures as a planner reads them: rates to three decimals, seconds and calls to one.
std::string value_text(BacktestMetric metric, const std::optional<double>& value) {
  if (!value) return "-";
  std::ostringstream out;
  const bool rate =
      metric == BacktestMetric::abandon_rate || metric == BacktestMetric::service_level;
  out << std::fixed << std::setprecision(rate ? 3 : 1) << *value;
  return out.str();
}

std::string range_text(BacktestMetric metric, const std::optional<double>& low,
                       const std::optional<double>& high) {
  if (!low || !high) return "-";
  std::string text = "[";  // appended, not "[" + …: GCC 12 warns falsely on that form
  text += value_text(metric, low);
  text += ", ";
  text += value_text(metric, high);
  return text + "]";
}

std::string clock_text(double seconds) {
  const auto s = static_cast<long>(std::llround(seconds));
  std::ostringstream out;
  out << std::setfill('0') << std::setw(2) << s / 3600 << ":" << std::setw(2) << s / 60 % 60;
  return out.str();
}

void write_row(std::ostream& out, const std::string& label, BacktestMetric metric,
               const MetricComparison& m) {
  const std::string days_inside =
      m.observed_days_inside ? std::to_string(std::lround(*m.observed_days_inside * 100.0)) + "%"
                             : "-";
  out << std::left << std::setw(kClockWidth) << label << std::right << std::setw(kValueWidth)
      << value_text(metric, m.observed) << std::setw(kValueWidth)
      << value_text(metric, m.simulated.mean) << std::setw(kRangeWidth)
      << range_text(metric, m.simulated.ci_low, m.simulated.ci_high) << std::setw(kRangeWidth)
      << range_text(metric, m.day_low, m.day_high) << std::setw(kFlagWidth)
      << (m.inside ? (*m.inside ? "yes" : "NO") : "-") << std::setw(kFlagWidth + 4) << days_inside
      << "\n";
}

}  // namespace

nlohmann::json to_json(const Backtest& b) {
  nlohmann::json days = nlohmann::json::array();
  for (const std::int32_t d : b.days) days.push_back(civil_date(d));
  nlohmann::json intervals = nlohmann::json::array();
  for (const BacktestRow& row : b.by_interval) {
    nlohmann::json entry = to_json(row.metrics);
    entry["start_s"] = row.start_s;
    intervals.push_back(std::move(entry));
  }
  return {{"schema_version", kSchemaVersion},
          {"scenario", b.scenario},
          {"days", std::move(days)},
          {"periods", b.periods},
          {"simulated_days", b.simulated_days},
          {"interval_s", b.interval_s},
          {"service_level_threshold_s", b.service_level_threshold_s},
          {"confidence", b.confidence},
          {"day_range_quantiles", {kDayRangeLow, kDayRangeHigh}},
          {"overall", to_json(b.overall)},
          {"by_interval", std::move(intervals)}};
}

void write_table(std::ostream& out, const Backtest& b) {
  const int percent = static_cast<int>(b.confidence * 100.0 + 0.5);
  out << "backtest of " << b.scenario << " against " << b.days.size() << " logged days ("
      << civil_date(b.days.front()) << " to " << civil_date(b.days.back())
      << "): " << b.simulated_days << " simulated days (" << b.periods << " x " << b.days.size()
      << "), service level within " << b.service_level_threshold_s << " s\n"
      << "simulated: mean over simulated days with its " << percent
      << "% CI; day range: 2.5-97.5% of single simulated days; inside: the observed figure in "
         "that range; days in: logged days whose own figure is in it\n";
  for (std::size_t k = 0; k < kBacktestMetrics.size(); ++k) {
    const BacktestMetric metric = kBacktestMetrics[k];
    out << "\n"
        << std::left << std::setw(kClockWidth) << to_string(metric) << std::right
        << std::setw(kValueWidth) << "observed" << std::setw(kValueWidth) << "simulated"
        << std::setw(kRangeWidth) << (std::to_string(percent) + "% CI") << std::setw(kRangeWidth)
        << "day range" << std::setw(kFlagWidth) << "inside" << std::setw(kFlagWidth + 4)
        << "days in"
        << "\n";
    for (const BacktestRow& row : b.by_interval) {
      const MetricComparison& offered = row.metrics[0];
      // Intervals nobody called in, in the log or the simulation, say nothing.
      if (!(offered.observed.value_or(0.0) > 0.0) &&
          !(offered.simulated.mean.value_or(0.0) > 0.0)) {
        continue;
      }
      write_row(out, clock_text(row.start_s) + "-" + clock_text(row.start_s + b.interval_s), metric,
                row.metrics[k]);
    }
    write_row(out, "whole day", metric, b.overall[k]);
  }
}

}  // namespace ccsim
