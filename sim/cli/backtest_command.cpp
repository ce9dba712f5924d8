// ccsim backtest SCENARIO.json LOG… [--format …] [--interval-min 30] [data choices as for fit]
//                    [--replay none|arrivals|staffing|arrivals,staffing] [staffing flags as for
//                    fit]
//                    [--train LOG…] [--scored-min-entrants 10]
//                    [--replications R] [--threads T] [--seed S] [--confidence C]
//                    [--json] [--out FILE]
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "ccsim/calibration/backtest.hpp"
#include "ccsim/io/report.hpp"
#include "commands.hpp"
#include "log_flags.hpp"
#include "progress.hpp"

namespace ccsim::cli {

namespace {

constexpr double kSecondsPerMinute = 60.0;
constexpr int kDefaultPeriods = 10;

struct BacktestArgs {
  std::string scenario_path;
  LogFlags log;
  StaffingFlags staffing;
  std::vector<std::string> replay;
  std::vector<std::string> train;
  double scored_min_entrants = 10.0;
  int periods = kDefaultPeriods;
  std::optional<int> threads;
  std::optional<std::uint64_t> seed;
  std::optional<double> confidence;
  bool json = false;
  std::string out;
};

int execute(const BacktestArgs& args) {
  std::optional<Scenario> loaded = load_or_report(args.scenario_path);
  if (!loaded) return kExitBadInput;
  Scenario& scenario = *loaded;
  if (const auto problem = backtest_scenario_problem(scenario)) {
    std::cerr << args.scenario_path << ": " << *problem << "\n";
    return kExitBadInput;
  }
  if (args.seed) scenario.seed = *args.seed;
  const std::optional<StaffingOptions> staffing =
      staffing_options_or_report(args.staffing, args.log.interval_min);
  if (!staffing) return kExitBadInput;
  if (!output_usable_or_report(args.out)) return kExitBadInput;
  const std::optional<LoadedLog> log = load_logs_or_report(args.log);
  if (!log) return kExitBadInput;
  std::optional<LoadedLog> training;
  if (!args.train.empty()) {
    LogFlags flags = args.log;
    flags.paths = args.train;
    training = load_logs_or_report(flags);
    if (!training) return kExitBadInput;
  }

  BacktestOptions options;
  options.interval_s = args.log.interval_min * kSecondsPerMinute;
  options.periods = args.periods;
  options.threads = args.threads.value_or(0);
  options.confidence = args.confidence.value_or(scenario.confidence);
  options.staffing = *staffing;
  for (const std::string& what : args.replay) {
    options.replay.arrivals = options.replay.arrivals || what == "arrivals";
    options.replay.staffing = options.replay.staffing || what == "staffing";
  }
  if (training) options.training = &training->selected;
  options.scored_min_entrants_per_day = args.scored_min_entrants;
  auto progress = std::make_shared<Progress>(
      "simulated days", args.periods * static_cast<int>(log->selected.days.size()));
  options.on_progress = [progress](int done) { progress->update(done); };
  Backtest backtest;
  try {
    backtest = run_backtest(scenario, log->selected, options);
  } catch (const SelectionError& e) {
    progress.reset();
    std::cerr << "ccsim: " << e.what() << "\n";
    return kExitBadInput;
  }
  progress.reset();
  emit(to_json(backtest), args.out, args.json,
       [&](std::ostream& out) { write_table(out, backtest); });
  return kExitOk;
}

}  // namespace

Action add_backtest_command(CLI::App& app) {
  auto args = std::make_shared<BacktestArgs>();
  CLI::App* cmd =
      app.add_subcommand("backtest",
                         "Simulate a scenario over as many days as the logs hold and compare, per "
                         "interval of the day, with what the logs show");
  cmd->add_option("scenario", args->scenario_path, "Scenario file (JSON), one day long")
      ->required();
  cmd->add_option("logs", args->log.paths, "Call log files")->required()->expected(1, -1);
  add_log_flags(cmd, args->log);
  cmd->add_option("--replay", args->replay,
                  "What each simulated day takes from its logged day: arrivals (the logged "
                  "instants and segments), staffing (inferred from that day), both "
                  "(arrivals,staffing), or none")
      ->delimiter(',')
      ->check(CLI::IsMember({"none", "arrivals", "staffing"}));
  add_staffing_flags(cmd, args->staffing);
  cmd->add_option("--train", args->train,
                  "The logs the scenario was fitted on (after the logs compared): the training "
                  "average baseline, and Erlang A's exponential patience")
      ->expected(1, -1);
  cmd->add_option("--scored-min-entrants", args->scored_min_entrants,
                  "Intervals with fewer queue entrants a logged day, on average, are left out of "
                  "the errors and the tests")
      ->check(at_least(0.0, "a number"))
      ->capture_default_str();
  cmd->add_option("--replications,-r", args->periods,
                  "Simulated copies of the logged days (each day is one replication)")
      ->check(at_least(1, "an integer"))
      ->capture_default_str();
  cmd->add_option("--threads,-t", args->threads, "Worker threads (default: all cores)")
      ->check(at_least(1, "an integer"));
  cmd->add_option("--seed,-s", args->seed, "Seed (overrides the file)");
  cmd->add_option("--confidence", args->confidence, "Confidence level of the intervals")
      ->check(open_interval(0.0, 1.0));
  cmd->add_flag("--json", args->json, "Print the backtest JSON on stdout, nothing else");
  cmd->add_option("--out,-o", args->out, "Also write the backtest JSON to this file");
  return [args] { return execute(*args); };
}

}  // namespace ccsim::cli
