// ccsim staff SCENARIO.json --target METRIC>=VALUE [--target …] [--set POINTER=VALUE …]
//                           [--risk EPS [--joint]] [--shrinkage S] [--max-agents N]
//                           [--replications R] [--max-replications N]
//                           [--verify-replications N] [--threads T] [--seed S] [--confidence C]
//                           [--json] [--out SCENARIO_OUT.json] [--csv FILE …]
#include <unistd.h>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "ccsim/experiment/run_request.hpp"
#include "ccsim/io/report.hpp"
#include "ccsim/io/staffing_report.hpp"
#include "ccsim/staffing/staffing.hpp"
#include "commands.hpp"
#include "progress.hpp"
#include "scenario_sets.hpp"
#include "staff_flags.hpp"

namespace ccsim::cli {

namespace {

struct StaffArgs : ScenarioFlags, CsvFlags, StaffSearchFlags {
  std::string scenario_path;
  std::vector<std::string> sets;
  std::optional<int> threads;
  bool json = false;
  std::string out;
};

int execute(const StaffArgs& args, Mode mode) {
  const std::optional<std::vector<Target>> targets = targets_or_report(args.targets, "--target");
  std::optional<std::vector<ScenarioVariant>> loaded =
      load_variants_or_report(args.scenario_path, args.sets, args.overrides(), true, 1);
  if (!targets || !loaded) return kExitBadInput;
  Scenario& scenario = loaded->front().scenario;
  if (const auto problems = staff_flag_problems(args, scenario, args.scenario_path);
      !problems.empty()) {
    for (const std::string& line : problems) std::cerr << line << "\n";
    return kExitBadInput;
  }
  std::unique_ptr<OutputFile> out;
  std::unique_ptr<OutputFile> csv;
  const std::optional<CsvStyle> style = csv_style_or_report(args);
  if (!style || !open_output_or_report(args.out, {"--out", {args.scenario_path}, {}, false}, out) ||
      !open_output_or_report(args.path,
                             {"--csv", {args.scenario_path}, {{"--out", args.out}}, false}, csv)) {
    return kExitBadInput;
  }
  StaffingGrid grid;
  try {
    grid = staffing_grid(scenario);
  } catch (const std::invalid_argument& e) {
    std::cerr << args.scenario_path << ": /report_interval_s: " << e.what() << "\n";
    return kExitBadInput;
  }
  const std::optional<double> shrinkage = staffing_shrinkage(scenario, args.shrinkage);
  std::optional<std::string> text;
  if (out) {
    // The file --out will write, checked with a stand-in schedule before any simulation: a
    // schedule the loader would refuse is found now, not after the search.
    // The file as written, or with the --set changes made in it.
    text = args.sets.empty() ? loaded->front().text : loaded->front().document.dump(2) + "\n";
    try {
      (void)scenario_with_agents(*text, args.out, scenario, grid, std::vector<long>(grid.count, 1),
                                 shrinkage);
    } catch (const ScenarioError& e) {
      for (const std::string& line : e.problems()) std::cerr << line << "\n";
      return kExitBadInput;
    }
  }
  if (mode == Mode::check) return kExitOk;

  StaffOptions options = staff_options(args, *targets, threads_to_use(args.threads));
  auto status = std::make_shared<StaffStatusLine>("staff");
  options.on_progress = [status](const StaffProgress& p) { status->show(p); };
  const auto start = std::chrono::steady_clock::now();
  const StaffResult result = staff(scenario, options);
  const double wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  status.reset();

  const StaffReport report{scenario, *targets, result, shrinkage, wall_s};
  if (result.feasible && out) {
    out->write_whole(staffed_scenario(*text, args.scenario_path, scenario, result, shrinkage));
  }
  if (result.feasible && csv) csv->write_whole(csv_text(tidy_table(report), *style));
  print([&](std::ostream& stream) {
    if (args.json) {
      stream << to_json(report).dump(2) << "\n";
    } else {
      write_table(stream, report);
    }
  });
  if (!result.feasible) {
    std::cerr << "ccsim staff: " << result.infeasible << "\n";
    return kExitTargetNotMet;
  }
  return kExitOk;
}

}  // namespace

Action add_staff_command(CLI::App& app) {
  auto args = std::make_shared<StaffArgs>();
  CLI::App* cmd = app.add_subcommand(
      "staff", "Find the fewest human agents per interval meeting targets in every interval");
  cmd->add_option("scenario", args->scenario_path, "Scenario file (JSON)")->required();
  add_staff_search_flags(cmd, *args, "--target", true);
  add_set_flag(cmd, args->sets,
               "Change the file at a JSON pointer before staffing it, as sweep's --set (one "
               "value each)");
  add_scenario_flags(cmd, *args,
                     "Replications every decision starts from (overrides the file; at least 2; "
                     "the search uses at least " +
                         std::to_string(kMinSearchReplications) + ")");
  add_threads_flag(cmd, args->threads);
  cmd->add_flag("--json", args->json, "Print the staffing JSON on stdout, nothing else");
  cmd->add_option("--out,-o", args->out,
                  "Write the scenario with the schedule found, seeded as the verification (runs "
                  "as-is) to this file")
      ->check(non_empty_path());
  add_csv_flags(cmd, *args, "the schedule and its verified figures");
  return [args](Mode mode) { return execute(*args, mode); };
}

}  // namespace ccsim::cli
