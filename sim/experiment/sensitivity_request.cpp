#include "ccsim/experiment/sensitivity_request.hpp"

#include <algorithm>
#include <utility>

#include "ccsim/experiment/compare.hpp"
#include "ccsim/stats/results.hpp"

namespace ccsim {

std::vector<std::string> sensitivity_metrics() {
  std::vector<std::string> names;
  for (const auto& [name, parts] : overall_metric_parts({})) names.push_back(name);
  return names;
}

SensitivityInputs sensitivity_inputs(SensitivityRequest request) {
  SensitivityInputs in;
  std::vector<std::string> problems;
  const std::vector<std::string> metrics = sensitivity_metrics();
  if (std::find(metrics.begin(), metrics.end(), request.metric) == metrics.end()) {
    std::string list;
    for (const std::string& m : metrics) list += (list.empty() ? "" : ", ") + m;
    problems.push_back("--metric: expected one of " + list + ", got " + request.metric);
  }
  if (request.lower_is_better) {
    in.criterion.lower_is_better = *request.lower_is_better;
  } else if (const auto lower = lower_is_better(request.metric)) {
    in.criterion.lower_is_better = *lower;
  } else if (request.joint && request.documents.size() > 1) {
    problems.push_back("--best: expected lower or higher for " + request.metric +
                       " (which is better is not known for it), got nothing");
  }
  in.criterion.metric = request.metric;
  if (!problems.empty()) throw ScenarioError(problems);
  in.assumptions =
      parse_assumptions(request.assumptions_text, request.assumptions_label, request.documents);
  std::vector<Scenario> scenarios;
  for (std::size_t s = 0; s < request.documents.size(); ++s) {
    scenarios.push_back(
        scenario_of_document(request.documents[s], request.sources[s], request.overrides));
  }
  in.documents = std::move(request.documents);
  in.sources = std::move(request.sources);
  in.labels = comparison_labels(scenarios, in.sources);
  in.overrides = std::move(request.overrides);
  in.confidence = scenarios.front().confidence;
  // Every run of the tornado is loaded now, so a value out of range stops it before it starts.
  for (std::size_t s = 0; s < in.documents.size(); ++s) {
    for (std::size_t a = 0; a < in.assumptions.assumptions.size(); ++a) {
      const Assumption& as = in.assumptions.assumptions[a];
      (void)sensitivity_scenario(in, s, {{a, as.low}});
      (void)sensitivity_scenario(in, s, {{a, as.high}});
    }
  }
  return in;
}

std::size_t sensitivity_runs(const SensitivityInputs& inputs, bool tornado, bool joint,
                             std::size_t draws) {
  const std::size_t n = inputs.documents.size();
  return (tornado ? n * (1 + 2 * inputs.assumptions.assumptions.size()) : 0) +
         (joint ? n * draws : 0);
}

SensitivityRun run_sensitivity(const SensitivityInputs& inputs, bool tornado, bool joint,
                               std::size_t draws, std::optional<std::uint64_t> draw_seed,
                               const SensitivityOptions& options) {
  SensitivityRun out;
  out.draw_seed = draw_seed.value_or(sensitivity_scenario(inputs, 0, {}).seed);
  const std::size_t total = sensitivity_runs(inputs, tornado, joint, draws);
  std::size_t before = 0;
  // One count over both analyses, as the caller's progress reads it.
  SensitivityOptions counted = options;
  if (options.on_run) {
    counted.on_run = [&](std::size_t done, std::size_t) { options.on_run(before + done, total); };
  }
  if (tornado) {
    out.tornado = run_tornado(inputs, counted);
    before = out.tornado->runs;
  }
  if (joint) out.joint = run_joint(inputs, draws, out.draw_seed, counted);
  return out;
}

}  // namespace ccsim
