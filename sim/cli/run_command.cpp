// ccsim run SCENARIO.json|- [--replications R] [--threads T] [--seed S] [--confidence C]
//                         [--precision METRIC=HALFWIDTH …] [--max-replications N]
//                         [--json] [--out FILE] [--trace FILE.csv]
//                         [--csv FILE [--csv-sep SEP] [--csv-decimal MARK]]
// Under mpirun the replications are spread over the processes; the first one prints and writes.
#include <unistd.h>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "ccsim/experiment/precision.hpp"
#include "ccsim/experiment/run_request.hpp"
#include "ccsim/io/report.hpp"
#include "ccsim/io/trace.hpp"
#include "ccsim/parallel/runner.hpp"
#include "ccsim/scenario/scenario.hpp"
#include "ccsim/stats/results.hpp"
#include "cluster.hpp"
#include "commands.hpp"
#include "progress.hpp"

namespace ccsim::cli {

namespace {

struct RunArgs : RunFlags, PrecisionFlags, CsvFlags {
  std::string scenario_path;
  std::string trace;  // one CSV row per contact (docs/formats.md)
};

int execute(const RunArgs& args, Mode mode) {
  Cluster cluster;
  const bool root = cluster.is_root();
  if (args.scenario_path == kStdinPath && cluster.size() > 1) {
    if (root)
      std::cerr << "-: expected a scenario file under several processes, got standard input "
                   "(it reaches the first process only)\n";
    return kExitBadInput;
  }
  // Every process reads the scenario; the first one reports its problems. Deciding together
  // keeps a process from waiting for work that will never come.
  std::optional<Scenario> loaded = load_or_report(args.scenario_path, args.overrides(), root);
  if (!cluster.all(loaded.has_value())) return kExitBadInput;
  Scenario& scenario = *loaded;
  const std::string label =
      args.scenario_path == kStdinPath ? std::string(kStdinLabel) : args.scenario_path;
  if (!cluster.all(queue_growth_acceptable_or_report(scenario, label, root))) return kExitBadInput;
  const auto targets = precision_targets_or_report(args, scenario, root);
  if (!cluster.all(targets.has_value())) return kExitBadInput;
  // A trace is written by the one process that runs every replication, in one batch: its rows
  // are joined in replication order once the replication count is known.
  const bool trace_allowed = args.trace.empty() || (targets->empty() && cluster.size() == 1);
  if (root && !trace_allowed)
    std::cerr << "--trace: expected a single-process run without --precision, got "
              << (cluster.size() > 1 ? "several processes" : "--precision") << "\n";
  if (!cluster.all(trace_allowed)) return kExitBadInput;
  // The outputs are opened (checked, locked) by the process that writes them, before any work.
  std::unique_ptr<OutputFile> out;
  std::unique_ptr<OutputFile> trace_file;
  std::unique_ptr<OutputFile> csv;
  const std::optional<CsvStyle> style =
      root ? csv_style_or_report(args) : std::optional<CsvStyle>(CsvStyle{});
  bool usable = style.has_value();
  if (root && usable) {
    usable =
        open_output_or_report(args.out, {"--out", {args.scenario_path}, {}, false}, out) &&
        open_output_or_report(args.trace,
                              {"--trace", {args.scenario_path}, {{"--out", args.out}}, false},
                              trace_file) &&
        open_output_or_report(
            args.path,
            {"--csv", {args.scenario_path}, {{"--out", args.out}, {"--trace", args.trace}}, false},
            csv);
  }
  if (!cluster.all(usable)) return kExitBadInput;
  if (mode == Mode::check) return kExitOk;

  RunOptions options;
  options.threads = threads_to_use(args.threads);
  if (!root) {
    cluster.serve(scenario, options);
    return kExitOk;
  }

  std::unique_ptr<TraceWriter> trace;
  if (trace_file) {
    trace = std::make_unique<TraceWriter>(scenario, *trace_file, 0, scenario.replications);
    options.contact_sink = [&trace](int replication) { return trace->sink_for(replication); };
    options.on_in_order = [&trace](int replication) { trace->replication_done(replication); };
  }

  const auto start = std::chrono::steady_clock::now();
  const int max_replications = args.max_replications.value_or(kDefaultMaxReplications);
  PreciseRun run = run_to_precision(scenario, *targets, max_replications,
                                    [&](int first, int count, const TallyConsumer& consume) {
                                      Progress progress("replications", first + count);
                                      RunOptions batch = options;
                                      batch.on_progress = [&progress, first](int done) {
                                        progress.update(first + done);
                                      };
                                      cluster.run_spread(scenario, first, count, batch, consume);
                                    });
  cluster.end_service();
  const double wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (trace) trace->finish();

  stamp_run_info(run.results, wall_s, options.threads);
  nlohmann::json json = to_json(run);
  if (cluster.size() > 1) json["run_info"]["processes"] = cluster.size();
  if (csv) csv->write_whole(csv_text(tidy_table(run.results), *style));
  emit(json, out.get(), args.json, [&](std::ostream& text) {
    write_table(text, run.results);
    if (run.precision) write_line(text, *run.precision);
  });
  return run.precision && !run.precision->met ? kExitTargetNotMet : kExitOk;
}

}  // namespace

Action add_run_command(CLI::App& app) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand("run", "Simulate a scenario and report its metrics with CIs");
  cmd->add_option("scenario", args->scenario_path, "Scenario file (JSON), or - for standard input")
      ->required();
  add_run_flags(cmd, *args, "results");
  add_precision_flags(cmd, *args);
  cmd->add_option("--trace", args->trace,
                  "Also write one CSV row per simulated contact to this file (docs/formats.md)")
      ->check(non_empty_path());
  add_csv_flags(cmd, *args, "the results");
  return [args](Mode mode) { return execute(*args, mode); };
}

}  // namespace ccsim::cli
