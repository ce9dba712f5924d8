// The counts behind the backtest's metrics, per day and interval of the day, for the log, the
// simulation and the baselines alike; private to the library.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "ccsim/calibration/backtest.hpp"
#include "ccsim/stats/tally.hpp"

namespace ccsim::backtest_detail {

inline constexpr double kSecondsPerDay = 86400.0;

// The counts behind the four metrics, for one day and one interval (or the whole day). A
// baseline's cells hold expected counts.
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

Cell cell_of(const Counters& counters);

// Numerator and denominator of a metric on one cell; offered is a count per day.
double numerator(BacktestMetric metric, const Cell& cell);
double denominator(BacktestMetric metric, const Cell& cell);
// The metric's value on a cell, or nullopt without a denominator.
std::optional<double> value_of(BacktestMetric metric, const Cell& cell);

// Cells by period, day and slot (the intervals of the day, then the whole day).
class CellTable {
 public:
  CellTable() = default;
  CellTable(std::size_t periods, std::size_t days, std::size_t intervals)
      : periods_(periods),
        days_(days),
        slots_(intervals + 1),
        cells_(periods * days * (intervals + 1)) {}
  std::size_t periods() const { return periods_; }
  std::size_t days() const { return days_; }
  std::size_t intervals() const { return slots_ - 1; }
  std::size_t whole_day() const { return slots_ - 1; }  // the slot of the whole day
  Cell& at(std::size_t period, std::size_t day, std::size_t slot) {
    return cells_[(period * days_ + day) * slots_ + slot];
  }
  const Cell& at(std::size_t period, std::size_t day, std::size_t slot) const {
    return cells_[(period * days_ + day) * slots_ + slot];
  }
  // Sets each day's whole-day slot to the sum of its intervals.
  void total_days();

 private:
  std::size_t periods_ = 0;
  std::size_t days_ = 0;
  std::size_t slots_ = 1;
  std::vector<Cell> cells_;
};

// The interval of the day an arrival falls in (clock time folded onto one day).
std::size_t interval_index(double arrival_s, double interval_s, std::size_t intervals);

// The log's cells: one period, its days, by the interval its contacts arrived in (clock time
// folded onto one day).
CellTable logged_cells(const SelectedLog& log, double interval_s, double threshold_s);

// The baselines' cells: Erlang A's expected counts per logged day (one period), and the
// training period's totals per slot, summed over its days (one period, one day), if any.
struct Baselines {
  CellTable erlang_a;
  std::optional<CellTable> training;
  std::size_t training_days = 0;
  double handle_s = 0.0;
  std::optional<double> patience_s;
  bool patience_from_training = false;
};

// The inputs of each logged day that a replay takes from the log, as the baselines see them:
// the day's queue entrants per interval, and its staffing in whole agents.
struct DayInputs {
  std::vector<std::vector<double>> entrants;  // [day][interval], when arrivals are replayed
  // [day][interval][scenario segment], when arrivals are replayed: the mix Erlang A averages.
  std::vector<std::vector<std::vector<double>>> segment_entrants;
  std::vector<Schedule> agents;  // [day], when staffing is replayed
};

Baselines compute_baselines(const Scenario& scenario, const CellTable& logged,
                            const DayInputs& inputs, const BacktestOptions& options);

// Fills the comparisons, tests, error summaries, ranks and residuals of `out`.
void compare(const CellTable& logged, const CellTable& simulated, const Baselines& baselines,
             const BacktestOptions& options, Backtest& out);

}  // namespace ccsim::backtest_detail
