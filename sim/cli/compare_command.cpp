// ccsim compare A.json B.json … [--by segment] [--json] [--out FILE]
//                               [--replications R] [--threads T] [--seed S] [--confidence C]
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

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

int execute(const CompareArgs& args) {
  std::vector<Scenario> scenarios;
  bool bad = false;
  for (const std::string& path : args.paths) {
    // Every file is checked, so all their problems are reported at once.
    if (std::optional<Scenario> s = load_or_report(path)) {
      scenarios.push_back(std::move(*s));
    } else {
      bad = true;
    }
  }
  if (bad) return kExitBadInput;
  if (!output_usable_or_report(args.out)) return kExitBadInput;
  RunOptions options;
  options.threads = args.threads.value_or(0);
  // Every scenario runs with the first one's seed and replication count, so replication r of
  // each sees the same customers (common random numbers) and the differences are paired.
  const Comparison comparison =
      compare_scenarios(std::move(scenarios), {args.replications, args.seed, args.confidence},
                        options, args.by == "segment");
  const nlohmann::json json = to_json(comparison);
  emit(json, args.out, args.json, [&](std::ostream& out) { write_table(out, comparison); });
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
  return [args] { return execute(*args); };
}

}  // namespace ccsim::cli
