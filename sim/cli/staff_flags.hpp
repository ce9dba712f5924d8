// The staffing search's flags, shared by `ccsim staff` (--target) and `ccsim compare
// --staff-to`: one definition of the targets' syntax and of the search's options.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ccsim/staffing/staffing.hpp"
#include "commands.hpp"
#include "progress.hpp"

namespace ccsim::cli {

// The search's choices (StaffChoices, turned into StaffOptions by ccsim::staff_options) with
// the targets' texts and the shrinkage --out carries.
struct StaffSearchFlags : StaffChoices {
  std::vector<std::string> targets;  // METRIC>=VALUE or METRIC<=VALUE texts
  std::optional<double> shrinkage;
};

// Registers the targets as `target_flag` (required by `staff`, optional for `compare`) and
// --risk, --joint, --shrinkage, --max-agents, --max-replications and --verify-replications,
// which need a target when it is optional. Returns the targets' option.
CLI::Option* add_staff_search_flags(CLI::App* cmd, StaffSearchFlags& flags,
                                    const std::string& target_flag, bool required);

// The targets, parsed; on problems prints them ("FLAG: …", one line each) and returns nullopt.
std::optional<std::vector<Target>> targets_or_report(const std::vector<std::string>& texts,
                                                     const std::string& flag);

// Problems of the flags against a scenario about to be staffed (too few replications to start
// from, a cap on replications below them), one line each naming `label`; empty when none.
std::vector<std::string> staff_flag_problems(const StaffSearchFlags& flags,
                                             const Scenario& scenario, const std::string& label);

// "staff: settling 5 of 24 intervals, 63 schedules, 4120 replications  ETA 41 s" on stderr
// while the search runs, when stderr is a terminal; `what` names the command, and `scenario`
// (compare --staff-to) the scenario being staffed. The ETA extrapolates the time per interval
// settled.
class StaffStatusLine {
 public:
  explicit StaffStatusLine(const std::string& what) : progress_(what, 0) {}
  void scenario(const std::string& label);
  void show(const StaffProgress& p);

 private:
  Progress progress_;
  std::string scenario_;
  bool resolving_ = false;
  std::chrono::steady_clock::time_point resolve_start_;
};

}  // namespace ccsim::cli
