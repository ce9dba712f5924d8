// Writers of staffing answers: the inverse Erlang (`ccsim erlang --target`) and the simulated
// schedule search (`ccsim staff`). Shapes are documented in docs/staffing.md.
#pragma once

#include <iosfwd>
#include <span>

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>
#include <vector>

#include "ccsim/queueing/erlang_staffing.hpp"
#include "ccsim/staffing/staffing.hpp"
#include "ccsim/staffing/staffing_target.hpp"

namespace ccsim {

nlohmann::json to_json(const ErlangQueue& queue, std::span<const Target> targets,
                       const ErlangStaffing& staffing);
void write_table(std::ostream& out, const ErlangQueue& queue, std::span<const Target> targets,
                 const ErlangStaffing& staffing);

// What `ccsim staff` reports beside the search result.
struct StaffReport {
  const Scenario& scenario;  // as simulated (seed, replications, confidence)
  const std::vector<Target>& targets;
  const StaffResult& result;
  std::optional<double> shrinkage;
  double wall_s = 0.0;
};

nlohmann::json to_json(const StaffReport& report);
void write_table(std::ostream& out, const StaffReport& report);

// Agent-hours of a schedule on `grid` (agents[i] in interval i) over a horizon of `horizon_s`:
// the hours of the intervals that start before it, the last cut at it.
double schedule_agent_hours(const StaffingGrid& grid, double horizon_s,
                            const std::vector<long>& agents);

// Scheduled heads for `required` agents when a share `shrinkage` of paid time is unavailable
// (breaks, training, absence): ceil(required / (1 − shrinkage)).
long scheduled_heads(long required, double shrinkage);

// The scenario file `text` (already validated) with the staffing found: the shorthand pool's
// schedule, or each group's, replaced by `agents` on the staffing grid (written out over the
// whole horizon where the day's profile does not repeat a whole number of times), `shrinkage`
// set when given (the agents are those on duty, the cost that of the heads paid), and its seed,
// replications and confidence set to those of `scenario`, so that it runs as-is and reproduces
// the figures of that seed. Throws ScenarioError if the result does not load.
std::string scenario_with_agents(const std::string& text, const std::string& file_label,
                                 const Scenario& scenario, const StaffingGrid& grid,
                                 const std::vector<long>& agents, std::optional<double> shrinkage);

// The shrinkage a staffing report and its --out use: the one asked for, else the scenario's own
// staffing.shrinkage (none when it is 0).
std::optional<double> staffing_shrinkage(const Scenario& scenario, std::optional<double> asked);

// The scenario file of a feasible search (`ccsim staff --out`): scenario_with_agents with the
// schedule found, seeded and replicated as the verification, so that running it reproduces the
// figures printed beside the schedule.
std::string staffed_scenario(const std::string& text, const std::string& file_label,
                             const Scenario& scenario, const StaffResult& result,
                             std::optional<double> shrinkage);

}  // namespace ccsim
