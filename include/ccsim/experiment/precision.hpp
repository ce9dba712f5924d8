// Target precision: replications run until every named metric's confidence interval is narrow
// enough, or a cap is reached, by a two-stage procedure that corrects for stopping on the data
// (docs/sweep.md, "Target precision").
#pragma once

#include <cstdint>
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
// The first batch: at least this many replications (more when the scenario or --replications
// asks), so that the first variance estimate has 9 degrees of freedom, not 1.
constexpr int kMinFirstBatch = 10;
// The fewest events behind a targeted metric's interval before it may decide anything: fewer,
// and the spread between replications says little about the spread of the figure.
constexpr std::uint64_t kMinTargetEvents = 10;
// The smallest batch added after the planned total, and the fraction of the replications done
// below which no batch goes: many tiny batches would each pay a merge and leave threads idle.
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

// Where the procedure is: the pilot (first stage) grows until every target's interval can be
// trusted; the total is then planned from it once (Stein's second stage); only if a target
// still misses at the planned total is a further total planned from there.
enum class PrecisionStage { pilot, planned };

struct PrecisionOutcome {
  std::vector<PrecisionTarget> targets;
  std::vector<std::optional<double>> half_widths;  // reached, per target; nullopt: no interval
  // Per target, why its interval cannot decide yet: "no interval", "an interval of zero
  // width", "3 events" (fewer than kMinTargetEvents); empty when it can.
  std::vector<std::string> unusable;
  int replications = 0;
  int max_replications = 0;
  bool met = false;  // every interval usable and its half-width at or below its target
  PrecisionStage stage = PrecisionStage::pilot;
  int first_batch = 0;  // replications before the first look
  int pilot = 0;        // the first stage's replications (0 while it lasts)
  int planned = 0;      // the total planned from the pilot (0 before)
  // Per target, the first stage's per-replication standard deviation: Stein's interval at n
  // replications is mean ± t_{pilot−1} · pilot_sd / √n.
  std::vector<double> pilot_sd;
};

// Why `e` cannot decide a precision target (see PrecisionOutcome::unusable); empty if it can.
// The events of a rate are the smaller of its numerator and the trials that are not events
// (a rate of 0.002 from 3,000 contacts has 6 events); of any other metric, its n.
std::string unusable_interval(const Estimate& e);

// The outcome of `results` against `targets` (stage fields left to the caller).
PrecisionOutcome assess_precision(const Results& results,
                                  const std::vector<PrecisionTarget>& targets,
                                  int max_replications);

// How many replications to add, by stage:
//   pilot: while some target's interval cannot decide (unusable_interval), double n; once every
//     one can, the pilot is over (the caller records it) and the total is planned as below;
//   planning (Stein 1945): a half-width shrinks as 1/√n, so the total is
//       N = ⌈n · max_i (hw_i / target_i)²⌉
//     from the pilot's half-widths, which use the pilot's Student quantile t_{n−1}, larger than
//     the final one: the conservative margin that makes up for planning on an estimate. The
//     whole of N − n is run before the next look, so the data decide once, not at every batch;
//   planned: should a target still miss at N (its variance came out larger than the pilot's),
//     the same formula from there, at least max(kMinPrecisionBatch, ⌈n / 8⌉) more.
// Every batch is bounded by the cap. 0 when the targets are met or the cap is reached.
int next_precision_batch(const PrecisionOutcome& outcome);

// Hands each tally of a batch over, in replication order.
using TallyConsumer = std::function<void(int replication, Tally& tally)>;
// Runs replications [first, first + count) and hands each one's tally to `consume` in index
// order, as it ends (for_each_replication): the run keeps running sums, never the tallies.
using StreamingBatchRunner =
    std::function<void(int first, int count, const TallyConsumer& consume)>;
// Runs replications [first, first + count) and returns their tallies in index order.
using BatchRunner = std::function<std::vector<Tally>(int first, int count)>;

struct PreciseRun {
  // Every replication's tally, kept only by the overload that takes whole batches (a sweep
  // pairs each point with its baseline replication by replication); empty when streamed.
  std::vector<Tally> tallies;
  Results results;
  std::optional<PrecisionOutcome> precision;  // present when there are targets
};

// Without targets, runs scenario.replications replications. With targets, a first batch of
// max(kMinFirstBatch, scenario.replications) (within the cap), then batches
// chosen by next_precision_batch until the targets are met or max_replications is reached.
// Replication indices continue 0, 1, 2, … across batches, so the figures are those of a plain
// run of as many replications, except that from the end of the first stage each targeted
// metric's interval is widened, where it is narrower, to Stein's: mean ± t_{pilot−1} · pilot_sd
// / √n (the interval whose coverage does not depend on where the run stopped). The total is
// planned on the widened half-widths, so Stein's is within the target at the total planned.
// The decisions depend on the tallies only: given the tallies of a finished run as batches,
// it makes the same decisions and gives the same figures (a process that receives them).
// Throws std::invalid_argument, before any replication, when targets are given and
// max_replications is below scenario.replications (a cap never cuts what was asked), or when
// the scenario's queue cannot drain (queue_growth refused).
// Memory does not grow with the replications: each tally is merged (ResultsAccumulator) as it
// arrives, in replication order, and the results of each look are read off the running sums.
PreciseRun run_to_precision(const Scenario& scenario, const std::vector<PrecisionTarget>& targets,
                            int max_replications, const StreamingBatchRunner& run_batch);
// The same from whole batches, whose tallies are kept in PreciseRun::tallies.
PreciseRun run_to_precision(const Scenario& scenario, const std::vector<PrecisionTarget>& targets,
                            int max_replications, const BatchRunner& run_batch);

// The "precision" member of the results JSON, and its line under the table.
nlohmann::json to_json(const PrecisionOutcome& outcome);
void write_line(std::ostream& out, const PrecisionOutcome& outcome);

}  // namespace ccsim
