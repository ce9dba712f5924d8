// Sensitivity of conclusions to assumed values: an assumptions file (pointer, low, high, source),
// a one-at-a-time tornado and a joint Latin-hypercube analysis, with common random numbers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ccsim/experiment/sweep.hpp"
#include "ccsim/parallel/runner.hpp"
#include "ccsim/scenario/scenario.hpp"
#include "ccsim/stats/results.hpp"
#include "ccsim/stats/statistics.hpp"

namespace ccsim {

// One assumed value and its plausible range. `pointer` is a sweep pointer ("*" and item names,
// docs/sweep.md); `multiply`: low and high are factors on the scenario's values (the base is 1),
// else values that replace them.
struct Assumption {
  std::string name;
  std::string pointer;
  SweepOp op = SweepOp::assign;
  double low = 0.0;
  double high = 0.0;
  std::string source;  // a source, or "assumption"
  // The value at no change: 1 for a factor, else the scenario's (every place the same).
  double base = 0.0;
};

struct AssumptionSet {
  std::string population;
  std::vector<Assumption> assumptions;
};

// Reads an assumptions file and checks it against the scenarios' documents: every pointer names
// a number in each scenario, low <= base <= high, names unique. Throws ScenarioError with one
// line per problem, "FILE: /assumptions/3/low: expected …, got …".
AssumptionSet parse_assumptions(const std::string& text, const std::string& file_label,
                                const std::vector<JsonDocument>& scenarios);

// The criterion: a metric of each scenario, and whether lower or higher is better (joint mode).
struct SensitivityCriterion {
  std::string metric;
  bool lower_is_better = true;
};
// Whether lower is better for a metric, when the metric says (churn, cost, waits: lower;
// service level, csat, resolution: higher); nullopt otherwise.
std::optional<bool> lower_is_better(const std::string& metric);

// The scenarios compared, with what applies to all of them.
struct SensitivityInputs {
  std::vector<JsonDocument> documents;  // each strategy's scenario JSON
  std::vector<std::string> labels;      // how results name them
  std::vector<std::string> sources;     // file labels, for messages
  std::vector<ScenarioOverride> overrides;
  AssumptionSet assumptions;
  SensitivityCriterion criterion;
  double confidence = 0.95;
};

// One assumption at a value (the others at their base): the document of scenario `s`, loaded.
// Throws ScenarioError naming the file and the assumption.
Scenario sensitivity_scenario(const SensitivityInputs& inputs, std::size_t scenario,
                              const std::vector<std::pair<std::size_t, double>>& values);

// What is measured: with one scenario, its metric; with several, scenario i's metric minus the
// first's (i >= 1), paired.
std::vector<std::string> sensitivity_quantities(const SensitivityInputs& inputs);

struct TornadoBar {
  std::string assumption;
  double low = 0.0, high = 0.0, base = 0.0;
  Estimate at_low, at_high;          // the quantity
  Estimate effect_low, effect_high;  // minus the quantity at the base, paired
  Estimate swing;                    // at_high - at_low, paired
};
struct TornadoResult {
  std::vector<std::string> quantities;
  std::vector<Estimate> at_base;              // per quantity
  std::vector<std::vector<TornadoBar>> bars;  // per quantity, widest |swing| first
  int replications = 0;
  std::size_t runs = 0;
};

struct JointResult {
  std::size_t draws = 0;
  std::vector<std::string> quantities;
  // Per scenario: the share of draws in which it is best on the criterion (Wilson interval).
  std::vector<Estimate> probability_best;
  // Per quantity: its mean over the draws, and the 5% and 95% quantiles of the draws' values.
  std::vector<double> mean, p05, p95;
  // Per quantity, per assumption: Spearman's rank correlation of the drawn value with it.
  std::vector<std::vector<Estimate>> rank_correlation;
  // Per draw: the assumptions' values and each scenario's metric (for plots and checks).
  std::vector<std::vector<double>> values;
  std::vector<std::vector<double>> metric;
  int replications = 0;
  std::size_t runs = 0;
};

struct SensitivityOptions {
  RunOptions run;
  // Called after each simulation run with the runs done and the total, one call at a time.
  std::function<void(std::size_t done, std::size_t total)> on_run;
  // Runs an interrupted analysis finished (a checkpoint), by key ("tornado/3", "joint/12": the
  // analysis and the run's index in it): the criterion's per-replication parts, used as they
  // are instead of running again. They must be those of the same inputs (the checkpoint's hash).
  const std::map<std::string, MetricParts>* finished = nullptr;
  // Called with each run's key and parts as it ends, one call at a time (to record it).
  std::function<void(const std::string& key, const MetricParts& parts)> on_parts;
};

// Every scenario at the base, then each assumption alone at its low and at its high end; every
// run with the first scenario's seed and replications (common random numbers throughout).
TornadoResult run_tornado(const SensitivityInputs& inputs, const SensitivityOptions& options);

// N draws of all assumptions together, a Latin hypercube over their ranges (uniform), keyed by
// (seed, assumption, draw) only; inside each draw every scenario runs on the same random numbers.
JointResult run_joint(const SensitivityInputs& inputs, std::size_t draws, std::uint64_t seed,
                      const SensitivityOptions& options);

// The Latin-hypercube values: [draw][assumption], each column one value in each of `draws`
// equal strata of [low, high], in an order keyed by (seed, assumption).
std::vector<std::vector<double>> latin_hypercube(const std::vector<Assumption>& assumptions,
                                                 std::size_t draws, std::uint64_t seed);

}  // namespace ccsim
