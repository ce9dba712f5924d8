// What a front end (the command line, the Python module) asks of a run, and the run it gets:
// one definition, so that `ccsim run` and `ccsim.run` give the same figures for the same input.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "ccsim/experiment/compare.hpp"
#include "ccsim/experiment/precision.hpp"
#include "ccsim/parallel/runner.hpp"
#include "ccsim/scenario/scenario.hpp"

namespace ccsim {

// Values that override the scenario's own when given (--replications, --seed, --confidence).
struct RunOverrides {
  std::optional<int> replications;
  std::optional<std::uint64_t> seed;
  std::optional<double> confidence;
};
// Checked first by the rules of the file's own values (ScenarioOverride): throws ScenarioError
// ("replications: expected an integer in [1, 10000], got 20000").
void apply_overrides(const RunOverrides& overrides, Scenario& scenario);
// The same values as the scenario loader takes them, each named by its key in messages.
std::vector<ScenarioOverride> as_scenario_overrides(const RunOverrides& overrides);

// The precision targets "METRIC=HALFWIDTH", checked against the scenario's metrics. Throws
// std::invalid_argument with one line per problem ("--precision: expected …, got …").
std::vector<PrecisionTarget> precision_targets(const std::vector<std::string>& texts,
                                               const Scenario& scenario);

// Replications of `scenario` on this process's threads, with targets as run_to_precision runs
// them; `max_replications` 0 means kDefaultMaxReplications.
PreciseRun run_here(const Scenario& scenario, const std::vector<PrecisionTarget>& targets,
                    int max_replications, const RunOptions& options);

// Fills run_info: wall time, customers a second, threads (0: every hardware thread), version.
void stamp_run_info(Results& results, double wall_s, int threads);

// The results JSON `ccsim run --json` prints: the results, and "precision" with targets.
nlohmann::json to_json(const PreciseRun& run);

// Every scenario run with the first one's seed, replications and confidence (or the overrides),
// so that replication r of each sees the same customers: `ccsim compare`. Each is named as
// comparison_labels() names it with `sources` (its file, when two share a name). Throws
// std::invalid_argument, before any run, when by_segment and the scenarios' segments differ.
Comparison compare_scenarios(std::vector<Scenario> scenarios, const RunOverrides& overrides,
                             const RunOptions& options, bool by_segment,
                             const std::vector<std::string>& sources = {});

}  // namespace ccsim
