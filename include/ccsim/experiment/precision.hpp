// Target precision: replications run in batches until every named metric's confidence interval
// is narrow enough, or a cap is reached.
#pragma once

#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "ccsim/scenario/scenario.hpp"
#include "ccsim/stats/results.hpp"
#include "ccsim/stats/tally.hpp"

namespace ccsim {

// The cap when none is given: enough for a half-width about a tenth of a plain run's, well
// short of a runaway.
constexpr int kDefaultMaxReplications = 1000;
// The smallest batch added, and the fraction of the replications done below which no batch
// goes: many tiny batches would each pay a merge and leave threads idle.
constexpr int kMinPrecisionBatch = 2;
constexpr int kMinBatchFractionDenominator = 8;

struct PrecisionTarget {
  std::string metric;  // an overall metric of the results ("abandon_rate")
  double half_width = 0.0;
};

// "METRIC=HALFWIDTH" with a positive finite half-width; throws std::invalid_argument whose
// message reads "expected …, got …".
PrecisionTarget parse_precision_target(std::string_view text);

// The names a target may use: the overall metrics of the results, in their documented order.
std::vector<std::string> precision_metric_names(const Scenario& scenario);
// One line per target naming no such metric, with a suggestion when one is close:
// `--precision: expected a metric of the results (abandon_rate, …), got "abandn_rate" (did you
// mean "abandon_rate"?)`.
std::vector<std::string> precision_problems(const std::vector<PrecisionTarget>& targets,
                                            const Scenario& scenario);

struct PrecisionOutcome {
  std::vector<PrecisionTarget> targets;
  std::vector<std::optional<double>> half_widths;  // reached, per target; nullopt: no interval
  int replications = 0;
  int max_replications = 0;
  bool met = false;  // every half-width at or below its target
};

PrecisionOutcome assess_precision(const Results& results,
                                  const std::vector<PrecisionTarget>& targets,
                                  int max_replications);

// How many replications to add to reach the targets: a half-width shrinks as 1/√n, so
//   n_needed = ⌈n · max_i (hw_i / target_i)²⌉
// over the targets not met, bounded below by max(kMinPrecisionBatch, ⌈n / 8⌉) and above by n
// (at most doubling: hw is itself an estimate, noisy at small n), and by the cap. A target with
// no interval yet doubles n. 0 when the targets are met or the cap is reached.
int next_precision_batch(const PrecisionOutcome& outcome);

// Runs replications [first, first + count) and returns their tallies in index order.
using BatchRunner = std::function<std::vector<Tally>(int first, int count)>;

struct PreciseRun {
  std::vector<Tally> tallies;
  Results results;
  std::optional<PrecisionOutcome> precision;  // present when there are targets
};

// Runs scenario.replications replications, then (with targets) batches chosen by
// next_precision_batch until the targets are met or max_replications is reached. Throws
// std::invalid_argument, before any replication, when targets are given and max_replications
// is below scenario.replications (a cap never cuts what was asked).
// Replication indices continue 0, 1, 2, … across batches, so the result is exactly that of a
// plain run of as many replications.
PreciseRun run_to_precision(const Scenario& scenario, const std::vector<PrecisionTarget>& targets,
                            int max_replications, const BatchRunner& run_batch);

// The "precision" member of the results JSON, and its line under the table.
nlohmann::json to_json(const PrecisionOutcome& outcome);
void write_line(std::ostream& out, const PrecisionOutcome& outcome);

}  // namespace ccsim
