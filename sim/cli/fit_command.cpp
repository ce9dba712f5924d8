// ccsim fit LOG… [--format …] [--interval-min 30] [--days weekdays|all] [--by type] [data choices]
//               [--patience km|exponential] [--handle lognormal|empirical]
//               [--staffing ready|present|distinct] --out SCENARIO.json
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "ccsim/calibration/fit_request.hpp"
#include "ccsim/io/output.hpp"
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

int execute(const FitArgs& args, Mode mode) {
  const std::vector<std::string> problems = fit_request_problems(args.fit, args.log);
  for (const std::string& line : problems) std::cerr << line << "\n";
  if (!problems.empty()) return kExitBadInput;
  // The output is checked (never one of the logs, writable, not being written by another ccsim)
  // before the logs are read.
  std::unique_ptr<OutputFile> out;
  if (!open_output_or_report(args.out, {"--out", args.log.paths, {}, false}, out)) {
    return kExitBadInput;
  }
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
  if (const std::string text = set_aside_text(fit.staffing, loaded->selected); !text.empty()) {
    std::cerr << "ccsim fit: " << text << "\n";
  }
  std::string text;
  // The file must load as it is: checked before it is written, and refused (naming what in the
  // data led there and the flag that avoids it) rather than written unusable.
  try {
    text = fitted_scenario_text(fit, args.out);
  } catch (const ScenarioError& e) {
    for (const std::string& line : e.problems()) std::cerr << line << "\n";
    return kExitBadInput;
  }
  if (mode == Mode::check) return kExitOk;
  out->write_whole(text);
  print([&](std::ostream& summary) {
    write_fit_summary(summary, fit, loaded->selected);
    summary << "\nwrote " << args.out << "\n";
  });
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
  cmd->add_option("--retrials", args->fit.retrials,
                  "Retrials linked by caller id: on fits their probability and delay and "
                  "writes first-attempt arrival rates; off leaves them in the arrivals")
      ->check(CLI::IsMember({"on", "off"}))
      ->capture_default_str();
  add_retrial_link_flags(cmd, args->fit.retrial_window_min, args->fit.retrial_lost_ids);
  cmd->add_option("--retrial-delay", args->fit.retrial_delay,
                  "Retrial delay: empirical (the linked delays) or exponential (MLE, truncated "
                  "at the window)")
      ->check(CLI::IsMember({"empirical", "exponential"}))
      ->capture_default_str();

  cmd->add_option("--service-level-threshold-s", args->fit.threshold_s,
                  "Service-level threshold written into the scenario")
      ->check(at_least(0.0, "a number of seconds"))
      ->capture_default_str();
  cmd->add_option("--name", args->fit.name, "Scenario name (default: the output file's stem)");
  cmd->add_option("--out,-o", args->out, "Scenario file to write")
      ->required()
      ->check(non_empty_path());
  return [args](Mode mode) { return execute(*args, mode); };
}

}  // namespace ccsim::cli
