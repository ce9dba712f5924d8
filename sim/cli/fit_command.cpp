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
  StaffingFlags staffing;
  std::string busyness = "on";
  std::vector<std::string> by_hour = {"handle", "patience"};
  int band_min = 60;
  double threshold_s = 20.0;
  std::string name;
  std::string out;
};

int execute(const FitArgs& args) {
  const std::optional<StaffingOptions> staffing =
      staffing_options_or_report(args.staffing, args.log.interval_min);
  if (!staffing) return kExitBadInput;
  if (!output_usable_or_report(args.out)) return kExitBadInput;
  const std::optional<LoadedLog> loaded = load_logs_or_report(args.log);
  if (!loaded) return kExitBadInput;

  FitOptions options;
  options.interval_s = args.log.interval_min * kSecondsPerMinute;
  options.patience =
      args.patience == "exponential" ? PatienceModel::exponential : PatienceModel::kaplan_meier;
  options.handle = args.handle == "empirical" ? HandleModel::empirical : HandleModel::lognormal;
  options.staffing = *staffing;
  options.busyness = args.busyness == "on";
  options.handle_by_hour = false;
  options.patience_by_hour = false;
  for (const std::string& what : args.by_hour) {
    options.handle_by_hour = options.handle_by_hour || what == "handle";
    options.patience_by_hour = options.patience_by_hour || what == "patience";
  }
  options.band_s = args.band_min * kSecondsPerMinute;
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
  add_staffing_flags(cmd, args->staffing);
  cmd->add_option("--by-hour", args->by_hour,
                  "Time-of-day factors of each segment's handle time and patience: handle, "
                  "patience, both (handle,patience), or none")
      ->delimiter(',')
      ->check(CLI::IsMember({"none", "handle", "patience"}))
      ->capture_default_str();
  cmd->add_option("--by-hour-band-min", args->band_min,
                  "The band of the day the time-of-day factors are estimated for, in minutes")
      ->check(day_divisor())
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
