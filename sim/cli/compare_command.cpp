// ccsim compare A.json B.json … [--by segment] [--json] [--out FILE]
//                               [--replications R] [--threads T] [--seed S] [--confidence C]
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "ccsim/experiment/compare.hpp"
#include "ccsim/experiment/run_request.hpp"
#include "ccsim/io/report.hpp"
#include "ccsim/parallel/runner.hpp"
#include "ccsim/scenario/scenario.hpp"
#include "commands.hpp"

namespace ccsim::cli {

namespace {

struct CompareArgs : RunFlags {
  std::vector<std::string> paths;
  std::string by;
};

int execute(const CompareArgs& args, Mode mode) {
  std::vector<Scenario> scenarios;
  bool bad = false;
  std::set<std::string> reported;
  for (const std::string& path : args.paths) {
    // Every file is checked, so all their problems are reported at once; a flag's problem, the
    // same for every file, once.
    try {
      scenarios.push_back(load_scenario_file(path, args.overrides()));
    } catch (const ScenarioError& e) {
      for (const std::string& line : e.problems()) {
        if (reported.insert(line).second) std::cerr << line << "\n";
      }
      bad = true;
    }
  }
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    // Run with the first one's replications and seed, but each with its own queue.
    if (!queue_growth_acceptable_or_report(scenarios[i], args.paths[i])) bad = true;
  }
  if (bad) return kExitBadInput;
  if (args.by == "segment") {
    if (const auto problem =
            segment_names_differ(scenarios, comparison_labels(scenarios, args.paths))) {
      std::cerr << *problem << "\n";
      return kExitBadInput;
    }
  }
  std::unique_ptr<OutputFile> out;
  if (!open_output_or_report(args.out, {"--out", args.paths, {}, false}, out)) {
    return kExitBadInput;
  }
  if (mode == Mode::check) return kExitOk;
  RunOptions options;
  options.threads = threads_to_use(args.threads);
  // Every scenario runs with the first one's seed and replication count (the flags' values were
  // applied to every file), so replication r of each sees the same customers (common random
  // numbers) and the differences are paired.
  const Comparison comparison =
      compare_scenarios(std::move(scenarios), {}, options, args.by == "segment", args.paths);
  const nlohmann::json json = to_json(comparison);
  emit(json, out.get(), args.json, [&](std::ostream& text) { write_table(text, comparison); });
  return kExitOk;
}

}  // namespace

Action add_compare_command(CLI::App& app) {
  auto args = std::make_shared<CompareArgs>();
  CLI::App* cmd = app.add_subcommand(
      "compare",
      "Run scenarios with the same seed and show each metric's paired difference "
      "from the first");
  cmd->add_option("scenarios", args->paths, "Scenario files (JSON); the first is the baseline")
      ->required()
      ->expected(2, -1);
  cmd->add_option("--by", args->by, "Also break down by: segment")
      ->check(CLI::IsMember({"segment"}));
  add_run_flags(cmd, *args, "comparison");
  return [args](Mode mode) { return execute(*args, mode); };
}

}  // namespace ccsim::cli
