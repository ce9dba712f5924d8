// Runs a scenario file and prints three of its metrics with their confidence intervals, then
// the results JSON that `ccsim run --json` prints.
//   ccsim_example_run SCENARIO.json [REPLICATIONS]
#include <ccsim/io/json_text.hpp>
#include <ccsim/parallel/runner.hpp>
#include <ccsim/scenario/scenario.hpp>
#include <ccsim/stats/results.hpp>
#include <cstdio>
#include <string>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s SCENARIO.json [REPLICATIONS]\n", argv[0]);
    return 2;
  }
  ccsim::Scenario scenario;
  try {
    scenario = ccsim::load_scenario_file(argv[1]);  // checked whole: every problem at once
  } catch (const ccsim::ScenarioError& e) {
    for (const std::string& line : e.problems()) std::fprintf(stderr, "%s\n", line.c_str());
    return 2;
  }
  if (argc > 2) scenario.replications = std::stoi(argv[2]);
  // Replication r always gets the same random numbers, whatever thread runs it.
  const auto tallies = ccsim::run_replications(scenario, 0, scenario.replications, {});
  const ccsim::Results results = ccsim::merge_tallies(scenario, tallies, scenario.confidence);
  for (const char* name : {"abandon_rate", "service_level", "asa_s"}) {
    const ccsim::Estimate& e = results.metric(name);
    if (!e.mean) std::printf("%-14s no data\n", name);
    if (e.mean) std::printf("%-14s %.4f  [%.4f, %.4f]\n", name, *e.mean, *e.ci_low, *e.ci_high);
  }
  std::printf("%s\n", ccsim::to_json_text(results).c_str());
}
