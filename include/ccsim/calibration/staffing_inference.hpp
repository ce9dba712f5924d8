// Agents on duty, inferred from the agents' busy periods in a call log (logs have no rosters).
// The estimators and their biases are described in docs/fit.md.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ccsim/calibration/log_selection.hpp"
#include "ccsim/scenario/schedule.hpp"

namespace ccsim {

enum class StaffingEstimator : std::uint8_t {
  // Agents ready to take a call: present (in a working spell) minus their not-ready time
  // between calls. A gap after a call that ended while someone waited is all not-ready time (a
  // ready agent would have taken that caller at once); a gap after a call that ended with
  // nobody waiting holds the expected not-ready time E[min(W, gap)], W drawn from the former.
  ready,
  // Time average of agents in a working spell: their services joined across gaps of at most
  // the spell gap.
  present,
  // Distinct agents who served at some point in the interval, averaged over days.
  distinct,
};

struct StaffingOptions {
  StaffingEstimator estimator = StaffingEstimator::ready;
  double interval_s = 1800.0;  // the reporting and arrival interval
  double step_s = 300.0;       // the staffing schedule's step; divides interval_s
  double spell_gap_s = 900.0;  // longest idle gap inside one working spell
  // Shift edges: a spell is widened to the shift boundary (a multiple of shift_grid_s) before
  // its first call and after its last when the boundary is at most edge_s away and nobody waited
  // in between; without a grid (0), by edge_s. edge_s = 0 keeps spells as served.
  double edge_s = 900.0;
  double shift_grid_s = 1800.0;
};

// A service left out of the busy periods: longer than a day, or so far beyond the log's other
// handle times that one such record alone would move the staffing of every interval (a handle
// of 1e9 s folds thousands of days onto one). Each is reported (fit names them on stderr and in
// the scenario's description).
struct SetAsideService {
  std::int32_t day = 0;        // index into SelectedLog::days
  double queue_entry_s = 0.0;  // since the day's midnight
  double handle_s = 0.0;
  std::int32_t agent = kNoAgent;
};

// The longest service kept: min(one day, max(kOutlierMedianFactor x the median, the median of
// the log handle times + kOutlierSpread robust standard deviations (1.4826 MAD) above it)).
inline constexpr double kOutlierSpread = 6.0;
inline constexpr double kOutlierMedianFactor = 20.0;

struct StaffingProfile {
  // Per interval of the day, averaged over the selected days.
  std::vector<double> present;   // agents in a working spell (time average)
  std::vector<double> ready;     // present minus not-ready (time average)
  std::vector<double> busy;      // agents serving (time average)
  std::vector<double> distinct;  // distinct agents who served in the interval
  std::vector<double> estimate;  // the chosen estimator
  // Gaps inside spells after a call that ended while someone waited: the not-ready sample.
  std::uint64_t not_ready_gaps = 0;
  double mean_not_ready_s = 0.0;
  // Whole agents per step: the estimate rounded with error diffusion, so that the staffing of
  // each interval averages to its estimate within 1/(steps per interval) of an agent.
  Schedule agents;
  double longest_kept_s = 0.0;             // the outlier fence
  std::vector<SetAsideService> set_aside;  // services beyond it, in log order
};

// One selected day's staffing, before any averaging over days: per step of the schedule, the
// time averages of agents present, ready and busy (a replay drives each simulated day with its
// logged day's own staffing), and per interval the distinct agents seen serving.
struct DayStaffing {
  std::vector<double> present;   // per step
  std::vector<double> ready;     // per step
  std::vector<double> busy;      // per step
  std::vector<double> distinct;  // per interval
};

struct DailyStaffing {
  double interval_s = 1800.0;
  double step_s = 300.0;
  std::vector<DayStaffing> days;  // parallel to SelectedLog::days
  // Gaps inside spells after a call that ended while someone waited: the not-ready sample,
  // pooled over the days.
  std::uint64_t not_ready_gaps = 0;
  double mean_not_ready_s = 0.0;
  double longest_kept_s = 0.0;             // the outlier fence
  std::vector<SetAsideService> set_aside;  // services beyond it, in log order

  // The chosen estimator's agents on day `day`, per step (fractional).
  std::vector<double> estimate(std::size_t day, StaffingEstimator estimator) const;
  // The same in whole agents per step, rounded with error diffusion.
  Schedule schedule(std::size_t day, StaffingEstimator estimator) const;
};

// "N services set aside …: DATE HH:MM:SS (handle S s), …" naming at most `most` of them, or
// empty when none was.
std::string set_aside_text(const StaffingProfile& profile, const SelectedLog& log,
                           std::size_t most = 10);

DailyStaffing infer_daily_staffing(const SelectedLog& log, const StaffingOptions& options);
// The average day of infer_daily_staffing.
StaffingProfile infer_staffing(const SelectedLog& log, const StaffingOptions& options);

// Rounds `values` to whole numbers >= 0 carrying each rounding error to the next value: every
// partial sum stays within 1/2 of the exact one.
std::vector<double> diffuse_rounding(const std::vector<double>& values);

}  // namespace ccsim
