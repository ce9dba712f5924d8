// ccsim run SCENARIO.json [--replications R] [--threads T] [--seed S] [--confidence C]
//                         [--json] [--out FILE] [--trace FILE.csv]
#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>
#include <unistd.h>

#include "ccsim/report.hpp"
#include "ccsim/results.hpp"
#include "ccsim/runner.hpp"
#include "ccsim/scenario.hpp"
#include "ccsim/trace.hpp"
#include "commands.hpp"
#include "progress.hpp"

namespace ccsim::cli {

namespace {

struct RunArgs : RunFlags {
  std::string scenario_path;
  std::string trace;  // one CSV row per contact (docs/formats.md)
};

int execute(const RunArgs& args) {
  std::optional<Scenario> loaded = load_or_report(args.scenario_path);
  if (!loaded) return kExitBadInput;
  Scenario& scenario = *loaded;
  if (args.replications) scenario.replications = *args.replications;
  if (args.seed) scenario.seed = *args.seed;
  if (args.confidence) scenario.confidence = *args.confidence;
  if (!output_usable_or_report(args.out)) return kExitBadInput;
  if (!output_usable_or_report(args.trace)) return kExitBadInput;

  RunOptions options;
  options.threads = args.threads.value_or(0);
  auto progress = std::make_shared<Progress>("replications", scenario.replications);
  options.on_progress = [progress](int done) { progress->update(done); };
  std::unique_ptr<TraceWriter> trace;
  if (!args.trace.empty()) {
    trace = std::make_unique<TraceWriter>(scenario, args.trace, 0, scenario.replications);
    options.contact_sink = [&trace](int replication) { return trace->sink_for(replication); };
  }

  const auto start = std::chrono::steady_clock::now();
  const std::vector<Tally> tallies =
      run_replications(scenario, 0, scenario.replications, options);
  const double wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  progress.reset();
  if (trace) trace->finish();

  Results results = merge_tallies(scenario, tallies, scenario.confidence);
  results.run_info.wall_s = wall_s;
  results.run_info.customers_per_s =
      wall_s > 0.0 ? static_cast<double>(results.customers) / wall_s : 0.0;
  results.run_info.threads =
      options.threads > 0 ? options.threads : static_cast<int>(std::thread::hardware_concurrency());
  results.run_info.version = CCSIM_VERSION;

  const nlohmann::json json = to_json(results);
  emit(json, args.out, args.json, [&](std::ostream& out) { write_table(out, results); });
  return kExitOk;
}

}  // namespace

Action add_run_command(CLI::App& app) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand("run", "Simulate a scenario and report its metrics with CIs");
  cmd->add_option("scenario", args->scenario_path, "Scenario file (JSON)")->required();
  add_run_flags(cmd, *args, "results");
  cmd->add_option("--trace", args->trace,
                  "Also write one CSV row per simulated contact to this file (docs/formats.md)");
  return [args] { return execute(*args); };
}

}  // namespace ccsim::cli
