// The fewest human agents per interval meeting targets in every interval of a simulated day:
// per-interval Erlang staffing (SIPP) refined by whole-day simulation with common random
// numbers. The method is in docs/staffing.md.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ccsim/stats/results.hpp"
#include "ccsim/scenario/scenario.hpp"
#include "ccsim/staffing/staffing_target.hpp"

namespace ccsim {

// The staffing grid: the scenario's reporting intervals over one day at most.
struct StaffingGrid {
  double interval_s = 0.0;
  std::size_t count = 0;
  double start_s(std::size_t i) const { return static_cast<double>(i) * interval_s; }
};

// "H:MM" from t = 0, the label of an interval starting at `start_s`.
std::string interval_clock(double start_s);

// The grid of `scenario`. Throws std::invalid_argument when the horizon is longer than a day
// and the interval does not divide a day (the reported day would not line up with the repeated
// staffing schedule).
StaffingGrid staffing_grid(const Scenario& scenario);

// `scenario` with `agents[i]` human agents in interval i. A scenario with several groups keeps
// their proportions in each interval (split_agents); the shorthand pool takes them all.
Scenario with_agents(const Scenario& scenario, const StaffingGrid& grid,
                     const std::vector<long>& agents);
// `total` agents split over groups in proportion to `weights` by largest remainder (ties to the
// earlier group); equal weights when they sum to zero.
std::vector<long> split_agents(long total, const std::vector<double>& weights);
// Agents by group (rows) and interval (columns) that with_agents gives.
std::vector<std::vector<long>> agents_by_group(const Scenario& scenario, const StaffingGrid& grid,
                                               const std::vector<long>& agents);

// The Erlang inputs of each interval's SIPP staffing.
struct SippInputs {
  // "scenario": read exactly from a single human queue (human_only, no returns, no callbacks,
  // voice only); "ample_run": measured by one simulation with ample staffing.
  std::string source;
  double handle_s = 0.0;
  std::optional<double> patience_s;  // pooled over segments; nullopt: Erlang C; 0: Erlang B
  std::vector<double> offered_load;  // R_i, Erlangs, by interval
  std::vector<long> ample_agents;    // the staffing of the ample run (ample_run only)
  int simulations = 0;               // runs spent measuring
};

// Estimates the SIPP inputs of `scenario` (replications, seed and confidence as set in it):
// from the scenario when it is a single human queue, else measure_sipp_inputs.
SippInputs estimate_sipp_inputs(const Scenario& scenario, const StaffingGrid& grid, int threads);
// The ample-run estimate: R_i the mean busy agents of interval i with staffing so ample that
// nobody waits, handle time = busy agent time / human-queue entrants, patience pooled over
// segments by their entrants (bot-escalated ones shortened by escalated_patience_factor).
SippInputs measure_sipp_inputs(const Scenario& scenario, const StaffingGrid& grid, int threads);
// Per-interval Erlang staffing for the targets the Erlang formulas know (the others are left to
// the simulation): 0 without load; nullopt where the formulas can meet no n; ceil(R_i) when no
// target is an Erlang metric.
std::vector<std::optional<long>> sipp_staffing(const SippInputs& inputs,
                                               const std::vector<Target>& targets,
                                               double threshold_s);

struct StaffOptions {
  std::vector<Target> targets;
  std::optional<long> max_agents;  // per interval, all groups together; default below
  int threads = 0;
  // Called after each simulation with the number run so far and the phase ("sipp", "raise",
  // "lower").
  std::function<void(int simulations, const std::string& phase)> on_simulation;
};

// Failures of one interval: the targets whose CI bound misses.
struct IntervalCheck {
  bool holds = true;
  std::vector<std::size_t> failing;       // indices into the targets
  std::vector<std::size_t> failing_mean;  // those whose mean misses too (not only the bound)
};
// Checks every interval of `results`: a target holds in an interval when its CI bound (lower
// for >=, upper for <=) meets it, or when the interval has no data for its metric.
std::vector<IntervalCheck> check_targets(const Results& results,
                                         const std::vector<Target>& targets);

struct StaffResult {
  bool feasible = false;
  std::string infeasible;  // why, when not feasible
  StaffingGrid grid;
  long max_agents = 0;
  bool max_agents_default = true;
  SippInputs sipp_inputs;
  std::vector<std::optional<long>> sipp;  // Erlang staffing per interval
  std::vector<long> sipp_run_agents;      // the SIPP schedule as simulated (cap where none)
  std::vector<long> required;             // the schedule found (empty when not feasible)
  Results sipp_run;                       // the whole-day run of the SIPP schedule
  std::vector<IntervalCheck> sipp_checks;
  Results verified_run;  // the whole-day run of `required`
  std::vector<IntervalCheck> verified_checks;
  int simulations = 0;  // whole-day runs, the SIPP estimate's included
};

// Default cap: 4 x the peak offered load + 20 (utilisation 25% at the peak), at least the SIPP
// staffing.
long default_max_agents(const SippInputs& inputs, const std::vector<std::optional<long>>& sipp);

// The search. `scenario` carries the replications, seed and confidence to use; every
// simulation uses that seed (common random numbers).
StaffResult staff(const Scenario& scenario, const StaffOptions& options);

}  // namespace ccsim
