// ccsim sweep SCENARIO.json --set POINTER=VALUES [--set …] --out FILE [--format csv|jsonl]
//             [--by segment] [--baseline] [--independent] [--resume]
//             [--replications R] [--threads T] [--seed S] [--confidence C]
//             [--precision METRIC=HALFWIDTH …] [--max-replications N]
//             [--csv-sep SEP] [--csv-decimal MARK]
// Rows go to FILE.partial as points complete, in point order; FILE appears, whole, at the end.
// Under mpirun the points (or, with fewer points than processes, each point's replications)
// are spread over the processes; the first one writes.
#include <chrono>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#include "ccsim/experiment/sweep_plan.hpp"
#include "ccsim/experiment/sweep_runner.hpp"
#include "stats/tally_codec.hpp"
#include "cluster.hpp"
#include "commands.hpp"
#include "progress.hpp"
#include "scenario_sets.hpp"

namespace ccsim::cli {

namespace {

struct SweepArgs : PrecisionFlags, ScenarioFlags, CsvStyleFlags {
  std::string scenario_path;
  std::vector<std::string> sets;
  std::string out;
  std::string format;  // empty: from the output's extension
  std::string by;
  bool baseline = false;
  bool independent = false;
  bool resume = false;
  std::optional<int> threads;
};

SweepFormat format_of(const SweepArgs& args) {
  if (args.format == "jsonl") return SweepFormat::jsonl;
  if (args.format == "csv") return SweepFormat::csv;
  if (args.format == "tidy") return SweepFormat::tidy;
  const auto ends_with = [&](const std::string& suffix) {
    return args.out.size() >= suffix.size() &&
           args.out.compare(args.out.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return ends_with(".jsonl") || ends_with(".ndjson") ? SweepFormat::jsonl : SweepFormat::csv;
}

// The whole sweep checked (library: SweepPlan::make); on problems prints them (when `report`),
// one line each, after any warning, and returns nullopt.
std::optional<SweepPlan> plan_or_report(const SweepArgs& args, bool report) {
  SweepRequest request;
  request.scenario_label = args.scenario_path;
  request.sets = args.sets;
  request.format = format_of(args);
  if (args.separator || args.decimal) {
    if (request.format == SweepFormat::jsonl) {
      if (report) {
        std::cerr << (args.separator ? "--csv-sep" : "--csv-decimal")
                  << ": expected a CSV output (--format csv or tidy), got jsonl\n";
      }
      return std::nullopt;
    }
    // The first process reports; the others' style is never written.
    const std::optional<CsvStyle> style = report ? csv_style_or_report(args) : CsvStyle{};
    if (!style) return std::nullopt;
    request.csv_style = *style;
  }
  request.by_segment = args.by == "segment";
  request.baseline = args.baseline;
  request.independent = args.independent;
  request.precision = args.precision;
  request.max_replications = args.max_replications;
  request.overrides = args.overrides();
  std::vector<std::string> warnings;
  const auto say = [&](const std::vector<std::string>& lines) {
    if (!report) return;
    for (const std::string& line : lines) std::cerr << line << "\n";
  };
  try {
    SweepPlan plan = SweepPlan::make(request, warnings);
    say(warnings);
    return plan;
  } catch (const ScenarioError& e) {
    say(warnings);
    say(e.problems());
    return std::nullopt;
  }
}

// What the first process found in the output, decided before the others start.
struct Start {
  int status = kExitOk;              // without a file: the status to stop with
  SweepStart from;                   // the points already written
  std::unique_ptr<OutputFile> file;  // set: the sweep runs
  std::unique_ptr<OutputFile> meta;  // a CSV file's header beside it (FILE.meta.json)
};

// Opens the output (FILE.partial, locked), continuing what an interrupted run of the same sweep
// left (--resume): FILE.partial, or else a complete FILE.
Start open_output(const SweepArgs& args, const SweepPlan& plan) {
  Start start;
  std::unique_ptr<OutputFile> file;
  if (!open_output_or_report(args.out, {"--out", {args.scenario_path}, {}, true}, file)) {
    start.status = kExitBadInput;
    return start;
  }
  // A CSV's header goes beside it, published with it: written first, read first on --resume.
  std::unique_ptr<OutputFile> meta;
  const bool csv = plan.settings().format != SweepFormat::jsonl;
  if (csv && !file->is_stream() &&
      !open_output_or_report(sweep_meta_path(args.out),
                             {"--out", {args.scenario_path}, {{"--out", args.out}}, true}, meta)) {
    start.status = kExitBadInput;
    return start;
  }
  std::vector<std::string> notes;
  try {
    start.from = start_sweep_output(plan, *file, meta.get(), args.resume, notes);
  } catch (const SweepError& e) {
    std::cerr << e.what() << "\n";
    start.status = kExitBadInput;
    return start;
  }
  for (const std::string& note : notes) std::cerr << note << "\n";
  if (start.from.complete) {
    start.status = start.from.unmet > 0 ? kExitTargetNotMet : kExitOk;
    return start;
  }
  start.file = std::move(file);
  start.meta = std::move(meta);
  return start;
}

// Runs the points over the processes of the job: each point on one process, or, with fewer
// points to run than processes, each point's replications spread over all of them.
class Sweeper {
 public:
  Sweeper(const SweepArgs& args, const SweepPlan& plan, Cluster& cluster)
      : args_(args),
        plan_(plan),
        cluster_(cluster),
        options_(run_options(args)),
        runner_(plan, options_) {}

  // The root: runs or receives each point in order and writes its row.
  int lead(Start& start) {
    const std::size_t done = start.from.done;
    const std::vector<std::size_t> work = sweep_work_list(plan_, done);
    const auto began = std::chrono::steady_clock::now();
    auto progress = std::make_unique<Progress>("points", static_cast<int>(plan_.points() - done));
    int written = 0;
    long long replications = 0;
    std::size_t unmet = start.from.unmet;
    for (std::size_t i = 0; i < work.size(); ++i) {
      const std::size_t point = work[i];
      const Scenario scenario = plan_.point_scenario(point);
      const PreciseRun run = obtain(work, i, scenario);
      if (point < done) continue;  // point 0 again, for the baseline only
      start.file->append(sweep_row_text(runner_.row(point, scenario, run), plan_.settings().format,
                                        plan_.settings().csv_style));
      replications += run.results.replications;
      if (run.precision && !run.precision->met) ++unmet;
      progress->update(++written, replications);
    }
    progress.reset();  // clears its line before the summary
    if (start.meta) start.meta->publish();
    start.file->publish();
    summarize(written, done, replications, unmet,
              std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count());
    return unmet > 0 ? kExitTargetNotMet : kExitOk;
  }

  // Any other process: computes its share and sends it to the root.
  void follow(std::size_t done) {
    const std::vector<std::size_t> work = sweep_work_list(plan_, done);
    for (std::size_t i = 0; i < work.size(); ++i) {
      const Scenario scenario = plan_.point_scenario(work[i]);
      if (spread(work)) {
        cluster_.serve(scenario, options_);
      } else if (owner(i) == cluster_.rank()) {
        cluster_.send_to_root(encode_tallies(runner_.run_keeping_tallies(scenario).tallies));
      }
    }
    cluster_.flush_sends();
  }

 private:
  static RunOptions run_options(const SweepArgs& args) {
    RunOptions options;
    options.threads = threads_to_use(args.threads);
    return options;
  }

  // With fewer points to run than processes, each point's replications are spread instead.
  bool spread(const std::vector<std::size_t>& work) const {
    return cluster_.size() > 1 && work.size() < static_cast<std::size_t>(cluster_.size());
  }
  int owner(std::size_t index) const { return static_cast<int>(index % cluster_.size()); }

  // Point `index` of the work list: run here, with the replications spread over the
  // processes, or received from the process that ran it.
  PreciseRun obtain(const std::vector<std::size_t>& work, std::size_t index,
                    const Scenario& scenario) {
    const std::size_t point = work[index];
    if (spread(work)) {
      SweepBatchRunners spread_batches;
      spread_batches.whole = [&](const Scenario& s, int first, int count) {
        return cluster_.run_spread(s, first, count, options_);
      };
      spread_batches.streamed = [&](const Scenario& s, int first, int count,
                                    const TallyConsumer& consume) {
        cluster_.run_spread(s, first, count, options_, consume);
      };
      PreciseRun run = runner_.run(point, scenario, spread_batches);
      cluster_.end_service();
      return run;
    }
    if (owner(index) == cluster_.rank()) return runner_.run(point, scenario);
    return runner_.replay(point, scenario, decode_tallies(cluster_.receive_from(owner(index))));
  }

  void summarize(int written, std::size_t resumed, long long replications, std::size_t unmet,
                 double wall_s) const {
    std::ostringstream line;
    line << std::fixed << std::setprecision(1) << "ccsim sweep: " << plan_.points() << " points in "
         << args_.out;
    if (resumed > 0) line << " (" << resumed << " from before)";
    line << "; ran " << written << " points, " << replications << " replications in "
         << std::setprecision(2) << wall_s << " s (" << std::setprecision(1)
         << (wall_s > 0 ? written / wall_s : 0.0) << " points/s, "
         << (wall_s > 0 ? static_cast<double>(replications) / wall_s : 0.0)
         << " replications/s) on " << cluster_.size() << " process(es)";
    if (unmet > 0) {
      line << "; precision targets not met at " << unmet << " point(s) (cap "
           << plan_.settings().max_replications << " replications)";
    }
    std::cerr << line.str() << "\n";
  }

  const SweepArgs& args_;
  const SweepPlan& plan_;
  Cluster& cluster_;
  RunOptions options_;
  SweepRunner runner_;
};

int execute(const SweepArgs& args, Mode mode) {
  Cluster cluster;
  const bool root = cluster.is_root();
  // Every process checks the whole sweep; the first one reports. They decide together, so
  // none waits for work that will never come.
  std::optional<SweepPlan> plan = plan_or_report(args, root);
  if (!cluster.all(plan.has_value())) return kExitBadInput;
  Start start;
  if (root) {
    try {
      start = open_output(args, *plan);
    } catch (const std::exception& e) {
      // Said here, not in main: the other processes must hear the decision first.
      std::cerr << "ccsim: " << e.what() << "\n";
      start.status = kExitFailure;
    }
  }
  // The root's decision: go on (its output is open), or stop with this status.
  constexpr int kGo = -1;
  const int decision = cluster.broadcast(start.file ? kGo : start.status);
  if (decision != kGo) return decision;
  if (mode == Mode::check) return kExitOk;
  start.from.done = static_cast<std::size_t>(cluster.broadcast(static_cast<int>(start.from.done)));
  Sweeper sweeper(args, *plan, cluster);
  try {
    if (!root) {
      sweeper.follow(start.from.done);
      return kExitOk;
    }
    return sweeper.lead(start);
  } catch (const std::exception& e) {
    if (cluster.size() == 1) throw;
    std::cerr << "ccsim: " << e.what() << "\n";
    cluster.abort_job(kExitFailure);
  }
}

}  // namespace

Action add_sweep_command(CLI::App& app) {
  auto args = std::make_shared<SweepArgs>();
  CLI::App* cmd = app.add_subcommand(
      "sweep",
      "Run a scenario at every combination of values set at JSON pointers, one output "
      "row per point (docs/sweep.md)");
  cmd->add_option("scenario", args->scenario_path, "Base scenario file (JSON)")->required();
  add_set_flag(cmd, args->sets,
               "Values at a JSON pointer: a JSON array '[\"a\", \"b\"]', a range a:b:step "
               "(end included) or one JSON value; POINTER*=FACTORS multiplies, &POINTER=VALUES "
               "moves with the --set before it; * and item names in pointers; repeatable, the "
               "product is swept")
      ->required();
  cmd->add_option("--out,-o", args->out, "Output file (rows appear in FILE.partial meanwhile)")
      ->required()
      ->check(non_empty_path());
  cmd->add_option("--format", args->format,
                  "csv (a row a point), tidy (CSV, a line per point, segment, metric and "
                  "statistic) or jsonl (default: jsonl for .jsonl, else csv)")
      ->check(CLI::IsMember({"csv", "tidy", "jsonl"}));
  cmd->add_option("--by", args->by, "Also break down by: segment")
      ->check(CLI::IsMember({"segment"}));
  cmd->add_flag("--baseline", args->baseline,
                "Add each point's paired difference from point 0, with its CI");
  cmd->add_flag("--independent", args->independent,
                "A distinct seed per point instead of common random numbers");
  cmd->add_flag("--resume", args->resume,
                "Continue an interrupted run of the same sweep, keeping its rows");
  add_csv_style_flags(cmd, *args, "the CSV forms (csv, tidy)", nullptr);
  add_scenario_flags(cmd, *args, "Replications per point (overrides the file)");
  add_threads_flag(cmd, args->threads);
  add_precision_flags(cmd, *args);
  return [args](Mode mode) { return execute(*args, mode); };
}

}  // namespace ccsim::cli
