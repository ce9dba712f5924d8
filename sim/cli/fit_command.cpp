// ccsim fit LOG… [--format …] [--interval-min 30] [--days weekdays|all] [--by type] [data choices]
//               [--patience km|exponential] [--handle lognormal|empirical]
//               [--staffing ready|present|distinct] --out SCENARIO.json
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "ccsim/calibration/fit_request.hpp"
#include "ccsim/io/report.hpp"
#include "ccsim/scenario/scenario.hpp"
#include "commands.hpp"
#include "log_flags.hpp"

namespace ccsim::cli {

namespace {

struct FitArgs {
  LogFlags log;
  FitRequest fit;
  std::string out;
};

int execute(const FitArgs& args) {
  const std::vector<std::string> problems = fit_request_problems(args.fit, args.log);
  for (const std::string& line : problems) std::cerr << line << "\n";
  if (!problems.empty()) return kExitBadInput;
  if (!output_usable_or_report(args.out)) return kExitBadInput;
  const std::optional<LoadedLog> loaded = load_logs_or_report(args.log);
  if (!loaded) return kExitBadInput;

  const std::string stem = std::filesystem::path(args.out).stem().string();
  const FitOptions options =
      fit_options(args.fit, args.log, *loaded, stem.empty() ? "fitted" : stem);
  FittedScenario fit;
  try {
    fit = fit_scenario(loaded->selected, options);
  } catch (const SelectionError& e) {
    std::cerr << "ccsim: " << e.what() << "\n";
    return kExitBadInput;
  }
  std::string text;
  // The file must load as it is: checked before it is written.
  try {
    text = fitted_scenario_text(fit, args.out);
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
  cmd->add_option("--patience", args->fit.patience,
                  "Patience model: km (Kaplan-Meier, exponential tail) or exponential (MLE)")
      ->check(CLI::IsMember({"km", "exponential"}))
      ->capture_default_str();
  cmd->add_option("--handle", args->fit.handle, "Handle time model: empirical or lognormal (MLE)")
      ->check(CLI::IsMember({"lognormal", "empirical"}))
      ->capture_default_str();
  add_staffing_flags(cmd, args->fit);
  cmd->add_option("--by-hour", args->fit.by_hour,
                  "Time-of-day factors of each segment's handle time and patience: handle, "
                  "patience, both (handle,patience), or none")
      ->delimiter(',')
      ->check(CLI::IsMember({"none", "handle", "patience"}))
      ->capture_default_str();
  cmd->add_option("--by-hour-band-min", args->fit.by_hour_band_min,
                  "The band of the day the time-of-day factors are estimated for, in minutes")
      ->check(day_divisor())
      ->capture_default_str();
  cmd->add_option("--busyness", args->fit.busyness,
                  "Day-to-day busyness from daily totals: on or off")
      ->check(CLI::IsMember({"on", "off"}))
      ->capture_default_str();
  cmd->add_option("--service-level-threshold-s", args->fit.threshold_s,
                  "Service-level threshold written into the scenario")
      ->check(at_least(0.0, "a number of seconds"))
      ->capture_default_str();
  cmd->add_option("--name", args->fit.name, "Scenario name (default: the output file's stem)");
  cmd->add_option("--out,-o", args->out, "Scenario file to write")->required();
  return [args] { return execute(*args); };
}

}  // namespace ccsim::cli
