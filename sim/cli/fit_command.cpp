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
  cmd->add_option("--staffing", args->fit.staffing,
                  "Staffing estimator: ready, present or distinct (docs/fit.md)")
      ->check(CLI::IsMember({"ready", "present", "distinct"}))
      ->capture_default_str();
  cmd->add_option("--staffing-gap-min", args->fit.spell_gap_min,
                  "Longest idle gap, in minutes, inside one agent's working spell")
      ->check(at_least(0.0, "a number of minutes"))
      ->capture_default_str();
  cmd->add_option("--staffing-edge-min", args->fit.edge_min,
                  "Idle minutes at most by which a spell is widened to its shift's edge before "
                  "its first call and after its last (stopped by a caller waiting); 0: none")
      ->check(at_least(0.0, "a number of minutes"))
      ->capture_default_str();
  cmd->add_option("--shift-grid-min", args->fit.shift_grid_min,
                  "Shifts start and end on multiples of this many minutes; 0: spells are widened "
                  "by --staffing-edge-min whatever the clock")
      ->check(at_least(0.0, "a number of minutes"))
      ->capture_default_str();
  cmd->add_option("--staffing-step-min", args->fit.step_min,
                  "Step of the staffing schedule, in minutes; divides --interval-min")
      ->check(at_least(1, "a whole number of minutes"))
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
  cmd->add_option("--out,-o", args->out, "Scenario file to write")
      ->required()
      ->check(non_empty_path());
  return [args](Mode mode) { return execute(*args, mode); };
}

}  // namespace ccsim::cli
