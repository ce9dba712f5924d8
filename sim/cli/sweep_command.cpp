// ccsim sweep SCENARIO.json --set POINTER=VALUES [--set …] --out FILE [--format csv|jsonl]
//             [--by segment] [--baseline] [--independent] [--resume]
//             [--replications R] [--threads T] [--seed S] [--confidence C]
//             [--precision METRIC=HALFWIDTH …] [--max-replications N]
// Rows go to FILE.partial as points complete, in point order; FILE appears, whole, at the end.
// Under mpirun the points (or, with fewer points than processes, each point's replications)
// are spread over the processes; the first one writes.
#include <algorithm>
#include <chrono>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#include "ccsim/experiment/compare.hpp"
#include "ccsim/experiment/precision.hpp"
#include "stats/tally_codec.hpp"
#include "cluster.hpp"
#include "progress.hpp"
#include "scenario_sets.hpp"
#include "sweep_plan.hpp"

namespace ccsim::cli {

namespace {

// What the first process found in the output, decided before the others start.
struct Start {
  int status = kExitOk;              // without a file: the status to stop with
  std::size_t done = 0;              // points already written
  std::size_t unmet = 0;             // … of which missed their precision targets
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
  if (file->is_stream()) {
    if (args.resume) {
      std::cerr << "--resume: " << args.out
                << ": expected a file to continue, got a device or a pipe\n";
      start.status = kExitBadInput;
      return start;
    }
    file->append(plan.header_text());
    start.file = std::move(file);
    return start;
  }
  std::string contents;
  std::optional<std::string> meta_contents;
  bool from_out = false;
  if (args.resume && file->had_partial()) {
    contents = file->read_partial();
    if (meta && meta->had_partial()) meta_contents = meta->read_partial();
  } else if (args.resume) {
    if (std::optional<std::string> existing = file->read_existing()) {
      contents = std::move(*existing);
      from_out = true;
      if (meta) meta_contents = meta->read_existing();
    }
  } else if (file->had_partial()) {
    std::cerr << "ccsim sweep: " << args.out
              << ".partial: starting over (--resume would continue it)\n";
  }
  ExistingSweepOutput existing;
  if (args.resume && (file->had_partial() || from_out)) {
    const std::string source = from_out ? args.out : args.out + ".partial";
    try {
      existing = read_sweep_output(contents, plan.header_text(), plan.hash(),
                                   plan.settings().format, meta_contents, plan.row_lines());
    } catch (const SweepError& e) {
      std::cerr << source << ": " << e.what() << "; remove it or run without --resume\n";
      start.status = kExitBadInput;
      return start;
    }
    start.done = existing.rows;
    start.unmet = existing.precision_unmet;
    if (from_out && start.done == plan.points()) {
      std::cerr << "ccsim sweep: " << args.out << " is complete (" << start.done
                << " points): nothing to do\n";
      start.status = start.unmet > 0 ? kExitTargetNotMet : kExitOk;
      return start;
    }
  }
  // A finished file being extended is copied, so it stays whole until the new one replaces it.
  file->truncate(from_out ? 0 : existing.keep_bytes);
  if (from_out) file->append(contents.substr(0, existing.keep_bytes));
  if (!existing.has_header) file->append(plan.header_text());
  if (meta) {
    meta->truncate(0);
    meta->append(plan.meta_text());
  }
  start.file = std::move(file);
  start.meta = std::move(meta);
  return start;
}

// The points this run computes, in order: those not written yet, after point 0 again when the
// baseline needs its replications and it was written before an interruption.
std::vector<std::size_t> work_list(const SweepPlan& plan, std::size_t done) {
  std::vector<std::size_t> work;
  if (plan.settings().baseline && done > 0 && done < plan.points()) work.push_back(0);
  for (std::size_t p = done; p < plan.points(); ++p) work.push_back(p);
  return work;
}

class Sweeper {
 public:
  Sweeper(const SweepArgs& args, const SweepPlan& plan, Cluster& cluster)
      : args_(args), plan_(plan), cluster_(cluster) {
    options_.threads = threads_to_use(args.threads);
  }

  // The root: runs or receives each point in order and writes its row.
  int lead(Start& start) {
    const std::vector<std::size_t> work = work_list(plan_, start.done);
    const auto began = std::chrono::steady_clock::now();
    auto progress =
        std::make_unique<Progress>("points", static_cast<int>(plan_.points() - start.done));
    int written = 0;
    long long replications = 0;
    std::size_t unmet = start.unmet;
    for (std::size_t i = 0; i < work.size(); ++i) {
      const std::size_t point = work[i];
      const Scenario scenario = plan_.point_scenario(point);
      PreciseRun run = obtain(work, i, scenario);
      if (plan_.settings().baseline && point == 0) {
        baseline_scenario_ = scenario;
        baseline_ = run.tallies;
      }
      if (point < start.done) continue;  // point 0 again, for the baseline only
      start.file->append(sweep_row_text(row(point, scenario, run), plan_.settings().format));
      replications += run.results.replications;
      if (run.precision && !run.precision->met) ++unmet;
      progress->update(++written, replications);
    }
    progress.reset();  // clears its line before the summary
    if (start.meta) start.meta->publish();
    start.file->publish();
    summarize(written, start.done, replications, unmet,
              std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count());
    return unmet > 0 ? kExitTargetNotMet : kExitOk;
  }

  // Any other process: computes its share and sends it to the root.
  void follow(std::size_t done) {
    const std::vector<std::size_t> work = work_list(plan_, done);
    for (std::size_t i = 0; i < work.size(); ++i) {
      const Scenario scenario = plan_.point_scenario(work[i]);
      if (spread(work)) {
        cluster_.serve(scenario, options_);
      } else if (owner(i) == cluster_.rank()) {
        cluster_.send_to_root(encode_tallies(run_here(scenario, true).tallies));
      }
    }
    cluster_.flush_sends();
  }

 private:
  // With fewer points to run than processes, each point's replications are spread instead.
  bool spread(const std::vector<std::size_t>& work) const {
    return cluster_.size() > 1 && work.size() < static_cast<std::size_t>(cluster_.size());
  }
  int owner(std::size_t index) const { return static_cast<int>(index % cluster_.size()); }

  // A point's tallies are kept only for point 0 under --baseline (every later point is paired
  // with them) or to be sent to process 0; otherwise each is merged as it ends, and with
  // --baseline only the values a pairing needs are kept (point_values_), never the tallies.
  bool keep_tallies(std::size_t point) const { return plan_.settings().baseline && point == 0; }

  // What a point's values are collected in as its replications end: a ComparedRun when it is
  // paired with the baseline, nothing otherwise.
  void collect_values(std::size_t point, const Scenario& scenario) {
    point_values_.reset();
    if (plan_.settings().baseline && point != 0) {
      point_values_.emplace(scenario, plan_.settings().by_segment);
    }
  }

  // `consume`, each tally first added to the point's values when they are collected.
  TallyConsumer recording(const TallyConsumer& consume) {
    return [this, &consume](int replication, Tally& tally) {
      if (point_values_) point_values_->add(tally);
      consume(replication, tally);
    };
  }

  PreciseRun run_here(const Scenario& scenario, bool keep) {
    const SweepSettings& settings = plan_.settings();
    if (keep) {
      return run_to_precision(
          scenario, settings.precision, settings.max_replications,
          [&](int first, int count) { return run_replications(scenario, first, count, options_); });
    }
    return run_to_precision(scenario, settings.precision, settings.max_replications,
                            [&](int first, int count, const TallyConsumer& consume) {
                              for_each_replication(scenario, first, count, options_,
                                                   recording(consume));
                            });
  }

  // Point `index` of the work list: run here, with the replications spread over the
  // processes, or received from the process that ran it.
  PreciseRun obtain(const std::vector<std::size_t>& work, std::size_t index,
                    const Scenario& scenario) {
    const SweepSettings& settings = plan_.settings();
    const std::size_t point = work[index];
    collect_values(point, scenario);
    if (spread(work)) {
      PreciseRun run =
          keep_tallies(point)
              ? run_to_precision(scenario, settings.precision, settings.max_replications,
                                 [&](int first, int count) {
                                   return cluster_.run_spread(scenario, first, count, options_);
                                 })
              : run_to_precision(scenario, settings.precision, settings.max_replications,
                                 [&](int first, int count, const TallyConsumer& consume) {
                                   cluster_.run_spread(scenario, first, count, options_,
                                                       recording(consume));
                                 });
      cluster_.end_service();
      return run;
    }
    if (owner(index) == cluster_.rank()) return run_here(scenario, keep_tallies(point));
    point_values_.reset();  // the tallies received are kept: the pairing is made from them
    const std::vector<Tally> received = decode_tallies(cluster_.receive_from(owner(index)));
    // The same procedure replayed on the tallies received, batch by batch: the same decisions,
    // so the figures are bit-identical to those of the process that ran it.
    return run_to_precision(scenario, settings.precision, settings.max_replications,
                            [&](int first, int count) {
                              const auto from = received.begin() + first;
                              return std::vector<Tally>(from, from + count);
                            });
  }

  JsonDocument row(std::size_t point, const Scenario& scenario, const PreciseRun& run) {
    SweepPointOutcome outcome;
    outcome.point = point;
    outcome.seed = scenario.seed;
    outcome.results = &run.results;
    if (run.precision) outcome.precision = &*run.precision;
    Comparison comparison;
    if (plan_.settings().baseline) {
      // Paired over every replication of this point: point 0 is run further when this point
      // took more (the same seeds, so replication r of both is paired), and its figures over
      // exactly these replications go in the row beside the difference.
      const bool by_segment = plan_.settings().by_segment;
      const std::size_t pairs = point_values_
                                    ? static_cast<std::size_t>(point_values_->replications())
                                    : run.tallies.size();
      if (baseline_.size() < pairs) {
        std::vector<Tally> more =
            run_replications(baseline_scenario_, static_cast<int>(baseline_.size()),
                             static_cast<int>(pairs - baseline_.size()), options_);
        std::move(more.begin(), more.end(), std::back_inserter(baseline_));
      }
      std::vector<ComparedRun> runs;
      ComparedRun& base = runs.emplace_back(baseline_scenario_, by_segment);
      for (std::size_t r = 0; r < pairs; ++r) base.add(baseline_[r]);
      if (point_values_) {
        runs.push_back(std::move(*point_values_));
        point_values_.reset();
      } else {
        ComparedRun& own = runs.emplace_back(scenario, by_segment);
        for (const Tally& t : run.tallies) own.add(t);
      }
      comparison =
          compare_runs({baseline_scenario_, scenario}, runs, scenario.confidence, by_segment);
      outcome.baseline = &comparison;
    }
    return sweep_row(plan_.grid(), plan_.settings(), outcome);
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
  Scenario baseline_scenario_;
  std::vector<Tally> baseline_;
  std::optional<ComparedRun> point_values_;  // the current point's, when paired with point 0
};

int execute(const SweepArgs& args, Mode mode) {
  Cluster cluster;
  const bool root = cluster.is_root();
  // Every process checks the whole sweep; the first one reports. They decide together, so
  // none waits for work that will never come.
  std::optional<SweepPlan> plan = SweepPlan::make(args, root);
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
  start.done = static_cast<std::size_t>(cluster.broadcast(static_cast<int>(start.done)));
  Sweeper sweeper(args, *plan, cluster);
  try {
    if (!root) {
      sweeper.follow(start.done);
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
  add_scenario_flags(cmd, *args, "Replications per point (overrides the file)");
  add_threads_flag(cmd, args->threads);
  add_precision_flags(cmd, *args);
  return [args](Mode mode) { return execute(*args, mode); };
}

}  // namespace ccsim::cli
