// The fewest human agents per interval meeting targets in every interval of a simulated day:
// per-interval Erlang staffing (SIPP) refined by whole-day simulation with common random
// numbers. The method is in docs/staffing.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ccsim/scenario/scenario.hpp"
#include "ccsim/staffing/staffing_target.hpp"
#include "ccsim/stats/results.hpp"

namespace ccsim {

// The staffing grid: the scenario's reporting intervals over one day at most.
struct StaffingGrid {
  double interval_s = 0.0;
  std::size_t count = 0;
  double start_s(std::size_t i) const { return static_cast<double>(i) * interval_s; }
};

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

// What a schedule promises in each interval (docs/staffing.md, "The guarantee").
enum class StaffGuarantee {
  // The expected figure (the mean over days) meets every target.
  expected,
  // The day's realised figure meets every target with probability at least 1 − risk
  // (chance-constrained staffing), in each interval or, `joint`, in all together.
  risk,
};

// The replications a decision starts from, at least: the one-sided bounds the decisions rest on
// miss within about a point of nominal from 16 replications on (docs/metrics.md).
constexpr int kMinSearchReplications = 16;
// The most replications any schedule gets by default.
constexpr int kDefaultStaffMaxReplications = 512;
// The fewest replications of the verification on fresh seeds.
constexpr int kMinVerifyReplications = 32;

// Where the search is, for a progress line.
struct StaffProgress {
  std::string phase;           // "sipp", "raise", "lower", "resolve", "check", "verify"
  std::size_t resolved = 0;    // intervals whose decision is settled (phase "resolve" and after)
  std::size_t intervals = 0;   // of the grid
  int simulations = 0;         // schedules simulated so far
  long long replications = 0;  // whole-day replications run so far
};

struct StaffOptions {
  std::vector<Target> targets;
  std::optional<long> max_agents;  // per interval, all groups together; default below
  int threads = 0;
  // The replications every decision starts from: max(scenario.replications, this). The search
  // adds replications (doubling) near each decision until it is settled, up to max_replications.
  int min_replications = kMinSearchReplications;
  int max_replications = kDefaultStaffMaxReplications;
  StaffGuarantee guarantee = StaffGuarantee::expected;
  double risk = 0.0;   // with StaffGuarantee::risk, in (0, 0.5]
  bool joint = false;  // with StaffGuarantee::risk: all intervals of a day together (Bonferroni)
  // Replications of the verification on fresh seeds; 0: as many as the most any schedule of the
  // search had, at least kMinVerifyReplications.
  int verify_replications = 0;
  std::function<void(const StaffProgress&)> on_progress;
};

// The search's choices as a caller states them (the command line's flags, the Python module's
// keyword arguments): each absent one keeps StaffOptions' default.
struct StaffChoices {
  std::optional<double> risk;  // the chance-constrained guarantee, with `joint`
  bool joint = false;
  std::optional<long> max_agents;
  std::optional<int> max_replications;
  std::optional<int> verify_replications;
};
StaffOptions staff_options(const StaffChoices& choices, const std::vector<Target>& targets,
                           int threads);

// How one interval's targets fare in a run: a target is met "on the mean" when its estimate
// meets it (risk: when the estimated probability of a day meeting it is at least 1 − risk).
struct IntervalCheck {
  bool holds = true;                        // every target met (or no data to judge)
  std::vector<std::size_t> failing;         // targets missed on the mean (indices)
  std::vector<std::size_t> failing_surely;  // … whose whole CI is on the wrong side
};
// Checks every interval of `results` on the mean; an interval with no data for a target's
// metric puts no constraint on it.
std::vector<IntervalCheck> check_targets(const Results& results,
                                         const std::vector<Target>& targets);

// How the count of one interval was settled.
struct IntervalDecision {
  // Replications the decision was settled on (or stopped at).
  int replications = 0;
  // Settled at the stated confidence: the count meets the targets, and one fewer (exact), two
  // fewer (within one agent) or, in a pool of more than 200, 1% fewer (within 1%) misses them;
  // or the count is 0. Not settled ("open"): the count meets them, and `misses_at`, when there
  // is one, is a count shown to miss them, further below.
  bool resolved = false;
  bool exact = false;
  // The count shown to miss them nearest below.
  std::optional<long> misses_at;
};

struct StaffResult {
  bool feasible = false;
  std::string infeasible;  // why, when not feasible
  StaffingGrid grid;
  long max_agents = 0;
  bool max_agents_default = true;
  StaffGuarantee guarantee = StaffGuarantee::expected;
  double risk = 0.0;  // as asked
  bool joint = false;
  double interval_risk = 0.0;  // risk per interval (risk, or risk / intervals with load)
  double confidence = 0.95;
  int start_replications = 0;  // of every decision
  int max_replications = 0;
  // The looks a decision may take (one per doubling of its replications) and the level of each:
  // 1 − (1 − confidence) / looks, so that a decision holds at `confidence` whichever settles it.
  int looks = 1;
  double decision_confidence = 0.95;
  SippInputs sipp_inputs;
  std::vector<std::optional<long>> sipp;  // Erlang staffing per interval
  std::vector<long> sipp_run_agents;      // the SIPP schedule as simulated (cap where none)
  Results sipp_run;                       // the whole-day run of the SIPP schedule
  std::vector<IntervalCheck> sipp_checks;
  std::vector<long> required;  // the schedule found (empty when not feasible)
  std::vector<IntervalDecision> decisions;
  // The verification: the schedule found on fresh seeds, independent of the search's.
  std::uint64_t verify_seed = 0;
  int verify_replications = 0;
  Results verified_run;
  std::vector<IntervalCheck> verified_checks;
  // Risk: per interval, the share of verified days whose realised figures met every target,
  // and (joint) the share of days on which every interval did.
  std::vector<Estimate> verified_meet_share;
  std::optional<Estimate> verified_day_share;
  int simulations = 0;             // schedules simulated, the SIPP estimate's included
  long long replications_run = 0;  // whole-day replications of the search and verification

  // One sentence: the guarantee the schedule carries.
  std::string guarantee_statement() const;
};

// Default cap: 4 x the peak offered load + 20 (utilisation 25% at the peak), at least the SIPP
// staffing.
long default_max_agents(const SippInputs& inputs, const std::vector<std::optional<long>>& sipp);

// The seed of the verification runs: independent of `seed`'s streams.
std::uint64_t verification_seed(std::uint64_t seed);

// The search (docs/staffing.md). `scenario` carries the seed and confidence to use, and the
// replications to start from; every simulation of the search uses that seed (common random
// numbers), and the verification another. Every interval's customers count, the warm-up's too:
// they load the system and are staffed like the others. Callable from the library: `compare
// --staff-to` staffs a scenario through it.
StaffResult staff(const Scenario& scenario, const StaffOptions& options);

}  // namespace ccsim
