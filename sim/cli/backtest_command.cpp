// ccsim backtest SCENARIO.json LOG… [--format …] [--interval-min 30] [data choices as for fit]
//                    [--replay none|arrivals|staffing|arrivals,staffing] [staffing flags as for
//                    fit] [--train LOG…] [--scored-min-entrants 10]
//                    [--replications R] [--threads T] [--seed S] [--confidence C]
//                    [--json] [--out FILE]
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "ccsim/calibration/backtest_request.hpp"
#include "ccsim/io/report.hpp"
#include "commands.hpp"
#include "log_flags.hpp"
#include "progress.hpp"

namespace ccsim::cli {

namespace {

struct BacktestArgs : ScenarioFlags {
  std::string scenario_path;
  LogFlags log;
  BacktestRequest request;
  std::optional<int> threads;
  bool json = false;
  std::string out;
};

int execute(const BacktestArgs& args, Mode mode) {
  const std::vector<std::string> problems = backtest_request_problems(args.request, args.log);
  for (const std::string& line : problems) std::cerr << line << "\n";
  if (!problems.empty()) return kExitBadInput;
  std::optional<Scenario> loaded = load_or_report(args.scenario_path, args.overrides());
  if (!loaded) return kExitBadInput;
  Scenario& scenario = *loaded;
  if (const auto problem = backtest_scenario_problem(scenario)) {
    std::cerr << args.scenario_path << ": " << *problem << "\n";
    return kExitBadInput;
  }
  std::vector<std::string> inputs = args.log.paths;
  inputs.insert(inputs.end(), args.request.train.begin(), args.request.train.end());
  inputs.push_back(args.scenario_path);
  std::unique_ptr<OutputFile> out;
  if (!open_output_or_report(args.out, {"--out", inputs, {}, false}, out)) return kExitBadInput;
  const std::optional<LoadedLog> log = load_logs_or_report(args.log);
  if (!log) return kExitBadInput;
  std::optional<LoadedLog> training;
  if (!args.request.train.empty()) {
    LogFlags flags = args.log;
    flags.paths = args.request.train;
    training = load_logs_or_report(flags);
    if (!training) return kExitBadInput;
  }
  if (mode == Mode::check) return kExitOk;

  BacktestOptions options = backtest_options(args.request, args.log, scenario.confidence);
  options.threads = threads_to_use(args.threads);
  if (training) options.training = &training->selected;
  auto progress = std::make_shared<Progress>(
      "simulated days", args.request.periods * static_cast<int>(log->selected.days.size()));
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
  emit(to_json(backtest), out.get(), args.json,
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
  cmd->add_option("--replay", args->request.replay,
                  "What each simulated day takes from its logged day: arrivals (the logged "
                  "instants and segments), staffing (inferred from that day), both "
                  "(arrivals,staffing), or none")
      ->delimiter(',')
      ->check(CLI::IsMember({"none", "arrivals", "staffing"}));
  add_staffing_flags(cmd, args->request);
  add_retrial_link_flags(cmd, args->request.retrial_window_min, args->request.retrial_lost_ids);
  cmd->add_option("--train", args->request.train,
                  "The logs the scenario was fitted on (after the logs compared): the training "
                  "average baseline, and Erlang A's exponential patience")
      ->expected(1, -1);
  cmd->add_option("--scored-min-entrants", args->request.scored_min_entrants,
                  "Intervals with fewer queue entrants a logged day, on average, are left out of "
                  "the errors and the tests")
      ->check(at_least(0.0, "a number"))
      ->capture_default_str();
  cmd->add_option("--replications,-r", args->request.periods,
                  "Simulated copies of the logged days (each day is one replication)")
      ->check(at_least(1, "an integer"))
      ->capture_default_str();
  add_threads_flag(cmd, args->threads);
  add_scenario_flags(cmd, *args, "");
  cmd->add_flag("--json", args->json, "Print the backtest JSON on stdout, nothing else");
  cmd->add_option("--out,-o", args->out, "Also write the backtest JSON to this file")
      ->check(non_empty_path());
  return [args](Mode mode) { return execute(*args, mode); };
}

}  // namespace ccsim::cli
