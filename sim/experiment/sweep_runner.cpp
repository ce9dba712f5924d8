#include "ccsim/experiment/sweep_runner.hpp"

#include <iterator>
#include <utility>

namespace ccsim {

void SweepRunner::collect_values(std::size_t point, const Scenario& scenario) {
  point_values_.reset();
  if (plan_.settings().baseline && point != 0) {
    point_values_.emplace(scenario, plan_.settings().by_segment);
  }
}

// `consume`, each tally first added to the point's values when they are collected.
TallyConsumer SweepRunner::recording(const TallyConsumer& consume) {
  return [this, &consume](int replication, Tally& tally) {
    if (point_values_) point_values_->add(tally);
    consume(replication, tally);
  };
}

// Point 0's tallies are kept under --baseline: every later point is paired with them.
PreciseRun SweepRunner::remember(std::size_t point, const Scenario& scenario, PreciseRun run) {
  if (plan_.settings().baseline && point == 0) {
    baseline_scenario_ = scenario;
    baseline_ = run.tallies;
  }
  return run;
}

PreciseRun SweepRunner::run(std::size_t point, const Scenario& scenario) {
  SweepBatchRunners here;
  here.whole = [this](const Scenario& s, int first, int count) {
    return run_replications(s, first, count, options_);
  };
  here.streamed = [this](const Scenario& s, int first, int count, const TallyConsumer& consume) {
    for_each_replication(s, first, count, options_, consume);
  };
  return run(point, scenario, here);
}

PreciseRun SweepRunner::run(std::size_t point, const Scenario& scenario,
                            const SweepBatchRunners& batches) {
  const SweepSettings& settings = plan_.settings();
  collect_values(point, scenario);
  if (settings.baseline && point == 0) {
    return remember(point, scenario,
                    run_to_precision(scenario, settings.precision, settings.max_replications,
                                     [&](int first, int count) {
                                       return batches.whole(scenario, first, count);
                                     }));
  }
  return run_to_precision(scenario, settings.precision, settings.max_replications,
                          [&](int first, int count, const TallyConsumer& consume) {
                            batches.streamed(scenario, first, count, recording(consume));
                          });
}

PreciseRun SweepRunner::replay(std::size_t point, const Scenario& scenario,
                               const std::vector<Tally>& ran) {
  const SweepSettings& settings = plan_.settings();
  point_values_.reset();  // the tallies received are kept: the pairing is made from them
  return remember(point, scenario,
                  run_to_precision(scenario, settings.precision, settings.max_replications,
                                   [&](int first, int count) {
                                     const auto from = ran.begin() + first;
                                     return std::vector<Tally>(from, from + count);
                                   }));
}

PreciseRun SweepRunner::run_keeping_tallies(const Scenario& scenario) const {
  const SweepSettings& settings = plan_.settings();
  return run_to_precision(
      scenario, settings.precision, settings.max_replications,
      [&](int first, int count) { return run_replications(scenario, first, count, options_); });
}

JsonDocument SweepRunner::row(std::size_t point, const Scenario& scenario, const PreciseRun& run) {
  SweepPointOutcome outcome;
  outcome.point = point;
  outcome.seed = scenario.seed;
  outcome.results = &run.results;
  if (run.precision) outcome.precision = &*run.precision;
  Comparison comparison;
  if (plan_.settings().baseline) {
    // Paired over every replication of this point: point 0 is run further when this point
    // took more (the same seeds, so replication r of both is paired), and its figures over
    // exactly these replications go in the row beside the difference.
    const bool by_segment = plan_.settings().by_segment;
    const std::size_t pairs = point_values_
                                  ? static_cast<std::size_t>(point_values_->replications())
                                  : run.tallies.size();
    if (baseline_.size() < pairs) {
      std::vector<Tally> more =
          run_replications(baseline_scenario_, static_cast<int>(baseline_.size()),
                           static_cast<int>(pairs - baseline_.size()), options_);
      std::move(more.begin(), more.end(), std::back_inserter(baseline_));
    }
    std::vector<ComparedRun> runs;
    ComparedRun& base = runs.emplace_back(baseline_scenario_, by_segment);
    for (std::size_t r = 0; r < pairs; ++r) base.add(baseline_[r]);
    if (point_values_) {
      runs.push_back(std::move(*point_values_));
      point_values_.reset();
    } else {
      ComparedRun& own = runs.emplace_back(scenario, by_segment);
      for (const Tally& t : run.tallies) own.add(t);
    }
    comparison =
        compare_runs({baseline_scenario_, scenario}, runs, scenario.confidence, by_segment);
    outcome.baseline = &comparison;
  }
  return sweep_row(plan_.grid(), plan_.settings(), outcome);
}

SweepRows run_sweep(const SweepPlan& plan, const RunOptions& options,
                    const std::function<void(std::size_t done)>& on_point) {
  SweepRows out;
  SweepRunner runner(plan, options);
  for (std::size_t point = 0; point < plan.points(); ++point) {
    const Scenario scenario = plan.point_scenario(point);
    const PreciseRun run = runner.run(point, scenario);
    out.rows.push_back(runner.row(point, scenario, run));
    out.replications += run.results.replications;
    if (run.precision && !run.precision->met) ++out.precision_unmet;
    if (on_point) on_point(point + 1);
  }
  return out;
}

}  // namespace ccsim
