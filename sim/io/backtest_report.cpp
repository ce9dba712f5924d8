// ccsim backtest's table: per metric and interval, the observed figure with its day-to-day error,
// the simulated mean with its CI, the standardized difference and its q-value, and the baselines;
// then the tests, the predictors' errors, the ranks of months and the coverage of single days.
#include <cmath>
#include <iomanip>
#include <ostream>
#include <sstream>

#include "ccsim/calibration/backtest.hpp"
#include "ccsim/calibration/call_log.hpp"

namespace ccsim {

namespace {

constexpr int kClockWidth = 13;
constexpr int kValueWidth = 10;
constexpr int kRangeWidth = 22;
constexpr int kStatWidth = 8;
constexpr int kLabelWidth = 10;

// Figures as a planner reads them: rates to three decimals, seconds and calls to one.
std::string value_text(BacktestMetric metric, const std::optional<double>& value) {
  if (!value) return "-";
  std::ostringstream out;
  const bool rate =
      metric == BacktestMetric::abandon_rate || metric == BacktestMetric::service_level;
  out << std::fixed << std::setprecision(rate ? 3 : 1) << *value;
  return out.str();
}

std::string fixed_text(const std::optional<double>& value, int decimals) {
  if (!value) return "-";
  std::ostringstream out;
  out << std::fixed << std::setprecision(decimals) << *value;
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

std::string percent_text(std::uint64_t count, std::uint64_t total) {
  if (total == 0) return "-";
  return std::to_string(
             std::lround(100.0 * static_cast<double>(count) / static_cast<double>(total))) +
         "%";
}

void write_row(std::ostream& out, const std::string& label, BacktestMetric metric,
               const MetricComparison& m) {
  out << std::left << std::setw(kClockWidth) << label << std::right << std::setw(kValueWidth)
      << value_text(metric, m.observed) << std::setw(kStatWidth)
      << value_text(metric, m.observed_se) << std::setw(kValueWidth)
      << value_text(metric, m.simulated.mean) << std::setw(kRangeWidth)
      << range_text(metric, m.simulated.ci_low, m.simulated.ci_high) << std::setw(kStatWidth)
      << fixed_text(m.z, 1) << std::setw(kStatWidth) << fixed_text(m.q_value, 3)
      << std::setw(kValueWidth) << value_text(metric, m.erlang_a) << std::setw(kValueWidth)
      << value_text(metric, m.training) << "\n";
}

void write_header(std::ostream& out, const Backtest& b) {
  const int percent = static_cast<int>(b.confidence * 100.0 + 0.5);
  const std::string replay = b.replay.arrivals && b.replay.staffing ? "arrivals and staffing"
                             : b.replay.arrivals                    ? "arrivals"
                             : b.replay.staffing                    ? "staffing"
                                                                    : "none (forecast)";
  out << "backtest of " << b.scenario << " against " << b.days.size() << " logged days ("
      << civil_date(b.days.front()) << " to " << civil_date(b.days.back())
      << "), replay: " << replay << "; " << b.simulated_days << " simulated days (" << b.periods
      << " x " << b.days.size() << "), service level within " << b.service_level_threshold_s
      << " s\n"
      << "Erlang A baseline: mean handle " << fixed_text(b.erlang_a_handle_s, 1)
      << " s, exponential patience " << fixed_text(b.erlang_a_patience_s, 1) << " s (from the "
      << (b.erlang_a_patience_from_training ? "training log" : "scenario's mean patience")
      << "); training baseline: ";
  if (b.training_days.empty()) {
    out << "none (no --train log)\n";
  } else {
    out << b.training_days.size() << " days (" << civil_date(b.training_days.front()) << " to "
        << civil_date(b.training_days.back()) << ")\n";
  }
  out << "observed: over the logged days, with its standard error from their spread; ccsim: "
         "mean over simulated days with its "
      << percent << "% CI; z: (observed - ccsim) / its standard error ("
      << (b.replay.any() ? "paired by day" : "both errors")
      << "); q: Benjamini-Hochberg q-value over the scored cells; * marks intervals not scored "
         "(fewer than "
      << b.scored_min_entrants_per_day << " queue entrants a day)\n";
}

void write_errors(std::ostream& out, const Backtest& b) {
  std::size_t scored = 0;
  for (const BacktestRow& row : b.by_interval) scored += row.scored;
  out << "\nmean absolute error over the " << scored
      << " scored intervals of each predictor's figure, pooled over the days; floor: what a "
         "correct model would make, from the observed figures' standard errors:\n"
      << std::left << std::setw(kLabelWidth) << "days" << std::right << std::setw(6) << "count"
      << "  " << std::left << std::setw(15) << "metric" << std::right << std::setw(kValueWidth)
      << "ccsim" << std::setw(kValueWidth) << "Erlang A" << std::setw(kValueWidth) << "training"
      << std::setw(kValueWidth) << "floor"
      << "\n";
  for (const ErrorSummary& e : b.errors) {
    for (std::size_t k = 0; k < kBacktestMetrics.size(); ++k) {
      const BacktestMetric metric = kBacktestMetrics[k];
      out << std::left << std::setw(kLabelWidth) << (k == 0 ? e.label : "") << std::right
          << std::setw(6) << (k == 0 ? std::to_string(e.days) : "") << "  " << std::left
          << std::setw(15) << to_string(metric) << std::right << std::setw(kValueWidth)
          << value_text(metric, e.ccsim[k]) << std::setw(kValueWidth)
          << value_text(metric, e.erlang_a[k]) << std::setw(kValueWidth)
          << value_text(metric, e.training[k]) << std::setw(kValueWidth)
          << value_text(metric, e.floor[k]) << "\n";
    }
  }
}

void write_ranks(std::ostream& out, const Backtest& b) {
  out << "\nwhole-day figure of each set of days among the same days in each of the " << b.periods
      << " simulated periods: observed, rank (simulated below it), two-sided p"
      << (b.periods < 100 ? " (fewer than 100 periods: coarse)" : "") << "\n";
  for (const PeriodRank& r : b.ranks) {
    out << std::left << std::setw(kLabelWidth) << r.label << std::right;
    for (std::size_t k = 0; k < kBacktestMetrics.size(); ++k) {
      const BacktestMetric metric = kBacktestMetrics[k];
      out << "  " << to_string(metric) << " ";
      if (!r.rank[k]) {
        out << "-";
        continue;
      }
      out << value_text(metric, r.observed[k]) << " rank " << r.rank[k]->below << "/"
          << r.rank[k]->n << " p " << fixed_text(r.rank[k]->two_sided_p(), 2);
    }
    out << "\n";
  }
}

void write_coverage(std::ostream& out, const Backtest& b) {
  out << "\nsingle logged days among their simulated " << (b.replay.any() ? "copies" : "days")
      << " (probability integral transform): share inside the central 50% and 90%, and for whole "
         "days the uniformity test of the rank histogram (chi-square, 10 bins; the cells of one "
         "day are not independent, so they have none)\n";
  const auto line = [&](const char* what, const RankHistogram& h, bool independent) {
    const auto uniformity = independent ? h.uniformity_p() : std::nullopt;
    out << "   " << what << " " << percent_text(h.inside_50, h.total()) << " / "
        << percent_text(h.inside_90, h.total());
    if (independent) out << ", p " << (uniformity ? fixed_text(uniformity, 3) : std::string("-"));
    out << " (n " << h.total() << ")";
  };
  for (std::size_t k = 0; k < kBacktestMetrics.size(); ++k) {
    out << std::left << std::setw(15) << to_string(kBacktestMetrics[k]) << std::right;
    line("whole days", b.day_ranks[k], true);
    line("  day x interval", b.cell_ranks[k], false);
    out << "\n";
  }
}

}  // namespace

void write_table(std::ostream& out, const Backtest& b) {
  const int percent = static_cast<int>(b.confidence * 100.0 + 0.5);
  write_header(out, b);
  for (std::size_t k = 0; k < kBacktestMetrics.size(); ++k) {
    const BacktestMetric metric = kBacktestMetrics[k];
    out << "\n"
        << std::left << std::setw(kClockWidth) << to_string(metric) << std::right
        << std::setw(kValueWidth) << "observed" << std::setw(kStatWidth) << "se"
        << std::setw(kValueWidth) << "ccsim" << std::setw(kRangeWidth)
        << (std::to_string(percent) + "% CI") << std::setw(kStatWidth) << "z"
        << std::setw(kStatWidth) << "q" << std::setw(kValueWidth) << "Erlang A"
        << std::setw(kValueWidth) << "training"
        << "\n";
    for (const BacktestRow& row : b.by_interval) {
      const MetricComparison& offered = row.metrics[0];
      // Intervals nobody called in, in the log or the simulation, say nothing.
      if (!(offered.observed.value_or(0.0) > 0.0) &&
          !(offered.simulated.mean.value_or(0.0) > 0.0)) {
        continue;
      }
      write_row(out,
                clock_text(row.start_s) + "-" + clock_text(row.start_s + b.interval_s) +
                    (row.scored ? "" : "*"),
                metric, row.metrics[k]);
    }
    write_row(out, "whole day", metric, b.overall[k]);
  }
  out << "\ntests: " << b.family.cells << " scored cells (interval x metric); "
      << b.family.rejected_holm << " differ at " << fixed_text(b.family.alpha, 2)
      << " family-wise (Holm), " << b.family.rejected_bh << " at a false discovery rate of "
      << fixed_text(b.family.alpha, 2) << " (Benjamini-Hochberg)\n";
  write_errors(out, b);
  write_ranks(out, b);
  write_coverage(out, b);
}

}  // namespace ccsim
