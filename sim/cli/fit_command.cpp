// ccsim fit LOG… [--format …] [--interval-min 30] [--days weekdays|all] [--by type] [data choices]
//               [--patience km|exponential] [--handle lognormal|empirical]
//               [--staffing ready|present|distinct] --out SCENARIO.json
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "ccsim/calibration/fit.hpp"
#include "ccsim/io/output.hpp"
#include "ccsim/scenario/scenario.hpp"
#include "commands.hpp"
#include "log_flags.hpp"

namespace ccsim::cli {

namespace {

constexpr double kSecondsPerMinute = 60.0;
// A scenario's most segments (docs/scenario.md).
constexpr std::size_t kMaxFittedSegments = 1000;

struct FitArgs {
  LogFlags log;
  std::string patience = "km";
  std::string handle = "empirical";
  std::string staffing = "ready";
  double spell_gap_min = 15.0;
  int step_min = 5;
  std::string busyness = "on";
  double threshold_s = 20.0;
  std::string name;
  std::string out;
  bool step_given = false;
};

// Why the fitted scenario would not load, each problem said in the terms of the data and the
// flags: "the logs hold 20000 days, …; select fewer days with --exclude-date or fewer files".
std::vector<std::string> fitted_scenario_problems(const std::string& text,
                                                  const FittedScenario& fit, const FitArgs& args) {
  try {
    (void)parse_scenario(text, args.out);
    return {};
  } catch (const ScenarioError& e) {
    std::vector<std::string> lines;
    const std::string prefix = args.out + ": ";
    for (const std::string& line : e.problems()) {
      const std::string rest =
          line.compare(0, prefix.size(), prefix) == 0 ? line.substr(prefix.size()) : line;
      std::string why;
      if (rest.rfind("/replications:", 0) == 0) {
        why = "the logs hold " + std::to_string(fit.days.size()) +
              " days, one replication each, more than a scenario's " +
              std::to_string(kMaxScenarioReplications) +
              "; fit fewer days (fewer files, --days weekdays, --exclude-date)";
      } else if (rest.rfind("/population/segments", 0) == 0 && args.log.by != "none") {
        why = "--by " + args.log.by + " gives " + std::to_string(fit.segments.size()) +
              " segments; group them with --map-segment FROM=TO, or fit with --by none";
      } else if (rest.find("/agents") != std::string::npos) {
        why =
            "the staffing inferred from the agents' busy periods exceeds what a scenario "
            "holds; try --staffing present or distinct, or check the log's service times";
      }
      lines.push_back("ccsim fit: the fitted scenario would not load: " + rest +
                      (why.empty() ? "" : " (" + why + ")") + "; nothing written");
    }
    return lines;
  }
}

int execute(const FitArgs& args) {
  if (args.log.interval_min % args.step_min != 0) {
    if (args.step_given) {
      std::cerr << "--staffing-step-min: expected a divisor of --interval-min ("
                << args.log.interval_min << "), got " << args.step_min << "\n";
    } else {
      std::cerr << "--interval-min: expected a multiple of the staffing step (--staffing-step-min, "
                << args.step_min << " by default), got " << args.log.interval_min
                << "; give --staffing-step-min with a divisor of " << args.log.interval_min << "\n";
    }
    return kExitBadInput;
  }
  // The output is checked (never one of the logs, writable, not being written by another ccsim)
  // before the logs are read.
  std::unique_ptr<OutputFile> out;
  if (!open_output_or_report(args.out, {"--out", args.log.paths, {}, false}, out)) {
    return kExitBadInput;
  }
  const std::optional<LoadedLog> loaded = load_logs_or_report(args.log);
  if (!loaded) return kExitBadInput;
  // What a scenario cannot hold is refused before the fit, which would take time and memory in
  // proportion: segments, and days (one replication each).
  if (loaded->selected.segments.size() > kMaxFittedSegments) {
    std::cerr << "--by " << args.log.by << ": expected at most " << kMaxFittedSegments
              << " segments (a scenario's limit), got " << loaded->selected.segments.size()
              << " in the logs; group them with --map-segment FROM=TO, or fit with --by none\n";
    return kExitBadInput;
  }
  if (loaded->selected.days.size() > static_cast<std::size_t>(kMaxScenarioReplications)) {
    std::cerr << "ccsim fit: expected at most " << kMaxScenarioReplications
              << " days (a scenario's replications, one per day), got "
              << loaded->selected.days.size()
              << " in the logs; fit fewer days (fewer files, --days weekdays, --exclude-date)\n";
    return kExitBadInput;
  }

  FitOptions options;
  options.interval_s = args.log.interval_min * kSecondsPerMinute;
  options.patience =
      args.patience == "exponential" ? PatienceModel::exponential : PatienceModel::kaplan_meier;
  options.handle = args.handle == "empirical" ? HandleModel::empirical : HandleModel::lognormal;
  options.staffing.estimator = args.staffing == "present"    ? StaffingEstimator::present
                               : args.staffing == "distinct" ? StaffingEstimator::distinct
                                                             : StaffingEstimator::ready;
  options.staffing.spell_gap_s = args.spell_gap_min * kSecondsPerMinute;
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
  // The file must load as it is: checked before it is written, and refused (naming what in the
  // data led there and the flag that avoids it) rather than written unusable.
  if (const auto problems = fitted_scenario_problems(text, fit, args); !problems.empty()) {
    for (const std::string& line : problems) std::cerr << line << "\n";
    return kExitBadInput;
  }
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
  const CLI::Option* step =
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
  cmd->add_option("--out,-o", args->out, "Scenario file to write")
      ->required()
      ->check(non_empty_path());
  return [args, step] {
    args->step_given = step->count() > 0;
    return execute(*args);
  };
}

}  // namespace ccsim::cli
