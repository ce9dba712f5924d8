// What a replay takes from each logged day: its arrival instants with their segments, and its
// staffing inferred from that day's log; private to the library.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "calibration/backtest_cells.hpp"
#include "ccsim/engine/simulation.hpp"

namespace ccsim::backtest_detail {

// The scenario segment of each (log segment, priority class): -1 where the scenario has no such
// segment. A scenario of one segment takes every contact; otherwise names must match: `fit`
// names its segments after the log's (fitted_segment_name).
struct SegmentMap {
  std::vector<std::array<std::int64_t, 2>> index;  // [log segment][class]
  bool classes = false;
  bool one_segment = false;                 // every contact to the scenario's only segment
  std::int64_t of(const Entrant& e) const;  // an unknown class counts as regular
};
SegmentMap map_segments(const Scenario& full, const SelectedLog& log);

struct ReplayDays {
  // Per logged day, when staffing is replayed: the scenario with that day's staffing.
  std::vector<Scenario> scenarios;
  // Per logged day, when arrivals are replayed: its queue entrants as given arrivals.
  std::vector<std::vector<GivenArrival>> arrivals;
  // The same inputs as the baselines see them.
  DayInputs inputs;
};

// Throws SelectionError when the log and the scenario disagree: a segment of the log the
// scenario does not have, staffing for a scenario of several agent groups, an arrival at or
// after the scenario's horizon.
ReplayDays replay_days(const Scenario& scenario, const SelectedLog& log, const CellTable& logged,
                       const BacktestOptions& options);

}  // namespace ccsim::backtest_detail
