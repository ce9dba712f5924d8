// ccsim compare A.json [B.json …] [--set POINTER=VALUES …] [--by segment] [--json] [--out FILE]
//                               [--csv FILE …]
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
#include "scenario_sets.hpp"

namespace ccsim::cli {

namespace {

// Points of --set a comparison takes per file: a table, not a sweep (which has no such bound),
// and every compared scenario is held in memory.
constexpr std::size_t kMaxComparedPoints = 100;

struct CompareArgs : RunFlags, CsvFlags {
  std::vector<std::string> paths;
  std::vector<std::string> sets;
  std::string by;
};

int execute(const CompareArgs& args, Mode mode) {
  std::vector<Scenario> scenarios;
  std::vector<std::string> sources;  // the file, and the --set point's values when several
  bool bad = false;
  std::set<std::string> reported;
  for (const std::string& path : args.paths) {
    // Every file is checked, so all their problems are reported at once; a flag's problem, the
    // same for every file, once.
    auto variants = load_variants_or_report(path, args.sets, args.overrides(), true,
                                            kMaxComparedPoints, &reported);
    if (!variants) {
      bad = true;
      continue;
    }
    for (ScenarioVariant& v : *variants) {
      scenarios.push_back(std::move(v.scenario));
      sources.push_back(std::move(v.source));
    }
  }
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    // Run with the first one's replications and seed, but each with its own queue.
    if (!queue_growth_acceptable_or_report(scenarios[i], sources[i])) bad = true;
  }
  if (bad) return kExitBadInput;
  if (scenarios.size() < 2) {
    std::cerr << "compare: expected two scenarios or more (files, or points of --set), got "
              << scenarios.size() << "\n";
    return kExitBadInput;
  }
  if (args.by == "segment") {
    if (const auto problem =
            segment_names_differ(scenarios, comparison_labels(scenarios, sources))) {
      std::cerr << *problem << "\n";
      return kExitBadInput;
    }
  }
  std::unique_ptr<OutputFile> out;
  std::unique_ptr<OutputFile> csv;
  const std::optional<CsvStyle> style = csv_style_or_report(args);
  if (!style || !open_output_or_report(args.out, {"--out", args.paths, {}, false}, out) ||
      !open_output_or_report(args.path, {"--csv", args.paths, {{"--out", args.out}}, false}, csv)) {
    return kExitBadInput;
  }
  if (mode == Mode::check) return kExitOk;
  RunOptions options;
  options.threads = threads_to_use(args.threads);
  // Every scenario runs with the first one's seed and replication count (the flags' values were
  // applied to every file), so replication r of each sees the same customers (common random
  // numbers) and the differences are paired.
  const Comparison comparison =
      compare_scenarios(std::move(scenarios), {}, options, args.by == "segment", sources);
  const nlohmann::json json = to_json(comparison);
  if (csv) csv->write_whole(csv_text(tidy_table(comparison), *style));
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
  cmd->add_option("scenarios", args->paths,
                  "Scenario files (JSON); the first (at the first --set point) is the baseline")
      ->required()
      ->expected(1, -1);
  add_set_flag(cmd, args->sets,
               "Change every file at a JSON pointer, as sweep's --set; several values compare "
               "each file at every point");
  cmd->add_option("--by", args->by, "Also break down by: segment")
      ->check(CLI::IsMember({"segment"}));
  add_run_flags(cmd, *args, "comparison");
  add_csv_flags(cmd, *args, "the comparison");
  return [args](Mode mode) { return execute(*args, mode); };
}

}  // namespace ccsim::cli
