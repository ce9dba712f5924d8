#include "ccsim/experiment/run_request.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <thread>

#include "ccsim/io/report.hpp"
#include "ccsim/scenario/json_checker.hpp"
#include "ccsim/version.hpp"
#include "io/join_lines.hpp"

namespace ccsim {

std::vector<ScenarioOverride> as_scenario_overrides(const RunOverrides& overrides) {
  std::vector<ScenarioOverride> out;
  if (overrides.replications) {
    out.push_back({"replications", "replications", std::to_string(*overrides.replications)});
  }
  if (overrides.seed) out.push_back({"seed", "seed", std::to_string(*overrides.seed)});
  if (overrides.confidence) {
    out.push_back({"confidence", "confidence", format_number(*overrides.confidence)});
  }
  return out;
}

void apply_overrides(const RunOverrides& overrides, Scenario& scenario) {
  // By the rules of the file's own values: one limit wherever a value comes from.
  check_overrides(as_scenario_overrides(overrides));
  if (overrides.replications) scenario.replications = *overrides.replications;
  if (overrides.seed) scenario.seed = *overrides.seed;
  if (overrides.confidence) scenario.confidence = *overrides.confidence;
}

std::vector<PrecisionTarget> precision_targets(const std::vector<std::string>& texts,
                                               const Scenario& scenario) {
  std::vector<PrecisionTarget> targets;
  for (const std::string& text : texts) targets.push_back(parse_precision_target(text));
  const std::vector<std::string> problems = precision_problems(targets, scenario);
  if (!problems.empty()) throw std::invalid_argument(detail::join_lines(problems));
  return targets;
}

PreciseRun run_here(const Scenario& scenario, const std::vector<PrecisionTarget>& targets,
                    int max_replications, const RunOptions& options) {
  return run_to_precision(scenario, targets,
                          max_replications > 0 ? max_replications : kDefaultMaxReplications,
                          [&](int first, int count, const TallyConsumer& consume) {
                            for_each_replication(scenario, first, count, options, consume);
                          });
}

void stamp_run_info(Results& results, double wall_s, int threads) {
  results.run_info.wall_s = wall_s;
  results.run_info.customers_per_s =
      wall_s > 0.0 ? static_cast<double>(results.customers) / wall_s : 0.0;
  results.run_info.threads =
      threads > 0 ? threads : static_cast<int>(std::thread::hardware_concurrency());
  results.run_info.version = kVersion;
}

nlohmann::json to_json(const PreciseRun& run) {
  nlohmann::json json = to_json(run.results);
  if (run.precision) json["precision"] = to_json(*run.precision);
  return json;
}

Comparison compare_scenarios(std::vector<Scenario> scenarios, const RunOverrides& overrides,
                             const RunOptions& options, bool by_segment,
                             const std::vector<std::string>& sources) {
  if (scenarios.empty()) throw std::invalid_argument("expected scenarios to compare, got none");
  check_overrides(as_scenario_overrides(overrides));
  const std::vector<std::string> labels = comparison_labels(scenarios, sources);
  if (by_segment) {
    if (const auto problem = segment_names_differ(scenarios, labels)) {
      throw std::invalid_argument(*problem);
    }
  }
  const Scenario& first = scenarios.front();
  const std::uint64_t seed = overrides.seed.value_or(first.seed);
  const int replications = overrides.replications.value_or(first.replications);
  const double confidence = overrides.confidence.value_or(first.confidence);
  // Each replication's compared values are kept as it ends, never its tally.
  std::vector<ComparedRun> runs;
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    Scenario& s = scenarios[i];
    s.seed = seed;
    s.replications = replications;
    s.name = labels[i];
    ComparedRun& run = runs.emplace_back(s, by_segment);
    for_each_replication(s, 0, replications, options, [&](int, Tally& t) { run.add(t); });
  }
  return compare_runs(scenarios, runs, confidence, by_segment);
}

}  // namespace ccsim
