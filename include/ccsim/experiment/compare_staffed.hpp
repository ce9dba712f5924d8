// Strategies compared at equal service (`ccsim compare --staff-to`): each scenario staffed by
// the staffing search to the same targets, written as `ccsim staff --out` writes it, then the
// staffed scenarios compared with common random numbers (docs/staffing.md, "Comparing at equal
// service").
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ccsim/experiment/compare.hpp"
#include "ccsim/parallel/runner.hpp"
#include "ccsim/staffing/staffing.hpp"

namespace ccsim {

// One scenario to staff: the scenario as loaded, its file's text (with any --set changes made
// in it) and where it came from (for labels and messages).
struct StaffingInput {
  Scenario scenario;
  std::string text;
  std::string source;
};

struct StaffedComparison {
  std::vector<StaffResult> results;      // one per scenario staffed, in order
  std::vector<std::string> files;        // the staffed scenario files (`staff --out`'s text)
  std::optional<Comparison> comparison;  // absent when a scenario cannot meet the targets
  std::string infeasible;                // "LABEL: why", when absent
};

// Staffs every input with `options` (the first one's seed, replications and confidence for
// every one, so the searches see the same customers), stopping at the first that no schedule
// meets. The staffed files carry `shrinkage` (or each scenario's own, staffing_shrinkage) and
// the verification's seed; the comparison runs them all on the first one's verification seed
// and replications, fresh draws that the search never saw, and starts with the schedule's
// exact figures: agent_hours_per_day, head_hours_per_day, peak_agents, peak_heads.
// `on_staffing`, when set, is told each scenario's label before its search (for a progress
// line; the search's own progress goes to options.on_progress).
StaffedComparison compare_at_equal_service(
    const std::vector<StaffingInput>& inputs, const StaffOptions& options,
    std::optional<double> shrinkage, const RunOptions& run_options, bool by_segment,
    const std::function<void(const std::string& label)>& on_staffing = {});

}  // namespace ccsim
