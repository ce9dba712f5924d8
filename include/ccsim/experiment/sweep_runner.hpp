// The points of a sweep run one after another, each giving its row: with --baseline, each point
// is paired with point 0 replication by replication (common random numbers).
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

#include "ccsim/experiment/compare.hpp"
#include "ccsim/experiment/precision.hpp"
#include "ccsim/experiment/sweep_plan.hpp"
#include "ccsim/parallel/runner.hpp"

namespace ccsim {

// How a point's replications are run when not on this process's threads alone (a front end
// that spreads them over processes): the whole batch's tallies, or each handed to `consume` in
// replication order.
struct SweepBatchRunners {
  std::function<std::vector<Tally>(const Scenario&, int first, int count)> whole;
  std::function<void(const Scenario&, int first, int count, const TallyConsumer& consume)> streamed;
};

class SweepRunner {
 public:
  SweepRunner(const SweepPlan& plan, RunOptions options)
      : plan_(plan), options_(std::move(options)) {}

  // Runs `point` (whose scenario is `scenario`, from plan.point_scenario) to its precision
  // targets: here, or through `batches`. Only the tallies a pairing needs are kept: point 0's
  // under --baseline; every other point keeps running sums and the values its pairing takes.
  PreciseRun run(std::size_t point, const Scenario& scenario);
  PreciseRun run(std::size_t point, const Scenario& scenario, const SweepBatchRunners& batches);
  // The same procedure replayed on the tallies another process ran for `point`, batch by batch:
  // the same decisions, so the figures are bit-identical to those of the process that ran it.
  PreciseRun replay(std::size_t point, const Scenario& scenario, const std::vector<Tally>& ran);
  // A point run here with every tally kept (to be sent to the process that writes the rows).
  PreciseRun run_keeping_tallies(const Scenario& scenario) const;

  // The point's row (sweep_row), paired with point 0 under --baseline: point 0 must have been
  // run (or replayed) by this runner first.
  JsonDocument row(std::size_t point, const Scenario& scenario, const PreciseRun& run);

 private:
  void collect_values(std::size_t point, const Scenario& scenario);
  TallyConsumer recording(const TallyConsumer& consume);
  PreciseRun remember(std::size_t point, const Scenario& scenario, PreciseRun run);

  const SweepPlan& plan_;
  RunOptions options_;
  Scenario baseline_scenario_;
  std::vector<Tally> baseline_;
  std::optional<ComparedRun> point_values_;  // the current point's, when paired with point 0
};

// A whole sweep run here, without an output file: its rows in point order (sweep_row), the
// points whose precision targets were missed, and the replications run. `on_point` (when set)
// is called after each point with the number done.
struct SweepRows {
  std::vector<JsonDocument> rows;
  std::size_t precision_unmet = 0;
  long long replications = 0;
};
SweepRows run_sweep(const SweepPlan& plan, const RunOptions& options,
                    const std::function<void(std::size_t done)>& on_point = {});

}  // namespace ccsim
