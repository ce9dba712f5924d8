// ccsim fit LOG… [--format …] [--interval-min 30] [--days weekdays|all] [--by type] [data choices]
//               [--patience km|exponential] [--handle lognormal|empirical]
//               [--staffing ready|present|distinct] --out SCENARIO.json
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "ccsim/calibration/fit.hpp"
#include "ccsim/io/report.hpp"
#include "ccsim/scenario/scenario.hpp"
#include "commands.hpp"
#include "log_flags.hpp"

namespace ccsim::cli {

namespace {

constexpr double kSecondsPerMinute = 60.0;

struct FitArgs {
  LogFlags log;
  std::string patience = "km";
  std::string handle = "empirical";
  std::string staffing = "ready";
  double spell_gap_min = 15.0;
  double edge_min = 15.0;
  double shift_grid_min = 30.0;
  int step_min = 5;
  std::string busyness = "on";
  double threshold_s = 20.0;
  std::string name;
  std::string out;
};

int execute(const FitArgs& args) {
  if (args.log.interval_min % args.step_min != 0) {
    std::cerr << "--staffing-step-min: expected a divisor of --interval-min ("
              << args.log.interval_min << "), got " << args.step_min << "\n";
    return kExitBadInput;
  }
  if (!output_usable_or_report(args.out)) return kExitBadInput;
  const std::optional<LoadedLog> loaded = load_logs_or_report(args.log);
  if (!loaded) return kExitBadInput;

  FitOptions options;
  options.interval_s = args.log.interval_min * kSecondsPerMinute;
  options.patience =
      args.patience == "exponential" ? PatienceModel::exponential : PatienceModel::kaplan_meier;
  options.handle = args.handle == "empirical" ? HandleModel::empirical : HandleModel::lognormal;
  options.staffing.estimator = args.staffing == "present"    ? StaffingEstimator::present
                               : args.staffing == "distinct" ? StaffingEstimator::distinct
                                                             : StaffingEstimator::ready;
  options.staffing.spell_gap_s = args.spell_gap_min * kSecondsPerMinute;
  options.staffing.edge_s = args.edge_min * kSecondsPerMinute;
  options.staffing.shift_grid_s = args.shift_grid_min * kSecondsPerMinute;
  options.staffing.step_s = args.step_min * kSecondsPerMinute;
  options.busyness = args.busyness == "on";
  options.service_level_threshold_s = args.threshold_s;
  const std::string stem = std::filesystem::path(args.out).stem().string();
  options.name = !args.name.empty() ? args.name : stem.empty() ? "fitted" : stem;
  options.sources = args.log.paths;
  options.notes.push_back(loaded->choices_text);

  FittedScenario fit;
  try {
    fit = fit_scenario(loaded->selected, options);
  } catch (const SelectionError& e) {
    std::cerr << "ccsim: " << e.what() << "\n";
    return kExitBadInput;
  }
  const std::string text = to_scenario_json(fit).dump(2) + "\n";
  // The file must load as it is: checked before it is written.
  try {
    (void)parse_scenario(text, args.out);
  } catch (const ScenarioError& e) {
    for (const std::string& line : e.problems()) std::cerr << line << "\n";
    return kExitFailure;
  }
  write_file_atomically(args.out, text);
  write_fit_summary(std::cout, fit, loaded->selected);
  std::cout << "\nwrote " << args.out << "\n";
  return kExitOk;
}

}  // namespace

Action add_fit_command(CLI::App& app) {
  auto args = std::make_shared<FitArgs>();
  CLI::App* cmd = app.add_subcommand(
      "fit",
      "Estimate a scenario (arrivals, busyness, handle time, patience, staffing) from "
      "call logs");
  cmd->add_option("logs", args->log.paths, "Call log files")->required()->expected(1, -1);
  add_log_flags(cmd, args->log);
  cmd->add_option("--patience", args->patience,
                  "Patience model: km (Kaplan-Meier, exponential tail) or exponential (MLE)")
      ->check(CLI::IsMember({"km", "exponential"}))
      ->capture_default_str();
  cmd->add_option("--handle", args->handle, "Handle time model: empirical or lognormal (MLE)")
      ->check(CLI::IsMember({"lognormal", "empirical"}))
      ->capture_default_str();
  cmd->add_option("--staffing", args->staffing,
                  "Staffing estimator: ready, present or distinct (docs/fit.md)")
      ->check(CLI::IsMember({"ready", "present", "distinct"}))
      ->capture_default_str();
  cmd->add_option("--staffing-gap-min", args->spell_gap_min,
                  "Longest idle gap, in minutes, inside one agent's working spell")
      ->check(at_least(0.0, "a number of minutes"))
      ->capture_default_str();
  cmd->add_option("--staffing-edge-min", args->edge_min,
                  "Idle minutes at most by which a spell is widened to its shift's edge before "
                  "its first call and after its last (stopped by a caller waiting); 0: none")
      ->check(at_least(0.0, "a number of minutes"))
      ->capture_default_str();
  cmd->add_option("--shift-grid-min", args->shift_grid_min,
                  "Shifts start and end on multiples of this many minutes; 0: spells are widened "
                  "by --staffing-edge-min whatever the clock")
      ->check(at_least(0.0, "a number of minutes"))
      ->capture_default_str();
  cmd->add_option("--staffing-step-min", args->step_min,
                  "Step of the staffing schedule, in minutes; divides --interval-min")
      ->check(at_least(1, "a whole number of minutes"))
      ->capture_default_str();
  cmd->add_option("--busyness", args->busyness, "Day-to-day busyness from daily totals: on or off")
      ->check(CLI::IsMember({"on", "off"}))
      ->capture_default_str();
  cmd->add_option("--service-level-threshold-s", args->threshold_s,
                  "Service-level threshold written into the scenario")
      ->check(at_least(0.0, "a number of seconds"))
      ->capture_default_str();
  cmd->add_option("--name", args->name, "Scenario name (default: the output file's stem)");
  cmd->add_option("--out,-o", args->out, "Scenario file to write")->required();
  return [args] { return execute(*args); };
}

}  // namespace ccsim::cli
