// ccsim sensitivity SCENARIO.json [SCENARIO.json …] --assumptions FILE --metric METRIC
//                   [--mode tornado|joint|both] [--draws N] [--draw-seed S] [--best lower|higher]
//                   [--set POINTER=VALUE …] [--replications R] [--threads T] [--seed S]
//                   [--confidence C] [--json] [--out FILE.json]
//                   [--csv FILE [--csv-sep SEP] [--csv-decimal MARK]] [--checkpoint FILE]
#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "ccsim/experiment/sensitivity_checkpoint.hpp"
#include "ccsim/experiment/sensitivity_request.hpp"
#include "ccsim/io/input.hpp"
#include "ccsim/io/sensitivity_report.hpp"
#include "ccsim/stats/results.hpp"
#include "commands.hpp"
#include "progress.hpp"
#include "scenario_sets.hpp"

namespace ccsim::cli {

namespace {

// Files larger than this are not assumptions files.
constexpr std::size_t kMaxAssumptionsFileBytes = std::size_t{4} << 20;
// Draws of the joint analysis: enough for a probability of best within about ±0.14 (95%).
constexpr int kDefaultDraws = 50;
constexpr int kMaxDraws = 100000;

struct SensitivityArgs : RunFlags, CsvFlags {
  std::vector<std::string> paths;
  std::vector<std::string> sets;
  std::string assumptions_path;
  std::string metric;
  std::string mode = "both";
  int draws = kDefaultDraws;
  std::optional<std::uint64_t> draw_seed;
  std::string best;
  std::string checkpoint;  // empty: none
};

std::optional<SensitivityInputs> inputs_or_report(const SensitivityArgs& args) {
  SensitivityRequest request;
  bool bad = false;
  std::set<std::string> said;
  std::vector<Scenario> scenarios;
  for (const std::string& path : args.paths) {
    auto variants = load_variants_or_report(path, args.sets, args.overrides(), true, 1, &said);
    if (!variants) {
      bad = true;
      continue;
    }
    request.documents.push_back(std::move(variants->front().document));
    request.sources.push_back(path);
    scenarios.push_back(std::move(variants->front().scenario));
  }
  InputFailure failure;
  const std::optional<std::string> text =
      read_input_file(args.assumptions_path, kMaxAssumptionsFileBytes, failure);
  if (!text) {
    std::cerr << args.assumptions_path << ": expected a readable assumptions file, got "
              << failure.describe() << "\n";
    return std::nullopt;
  }
  if (bad) return std::nullopt;
  for (std::size_t s = 0; s < scenarios.size(); ++s) {
    if (!queue_growth_acceptable_or_report(scenarios[s], request.sources[s])) return std::nullopt;
  }
  request.assumptions_text = *text;
  request.assumptions_label = args.assumptions_path;
  request.metric = args.metric;
  if (!args.best.empty()) request.lower_is_better = args.best == "lower";
  request.joint = args.mode != "tornado";
  request.overrides = args.overrides();
  try {
    return sensitivity_inputs(std::move(request));
  } catch (const ScenarioError& e) {
    for (const std::string& line : e.problems()) std::cerr << line << "\n";
    return std::nullopt;
  }
}

int execute(const SensitivityArgs& args, Mode mode) {
  std::optional<SensitivityInputs> inputs = inputs_or_report(args);
  if (!inputs) return kExitBadInput;
  std::unique_ptr<OutputFile> out;
  std::unique_ptr<OutputFile> csv;
  std::unique_ptr<OutputFile> checkpoint;
  std::vector<std::string> inputs_read = args.paths;
  inputs_read.push_back(args.assumptions_path);
  const std::optional<CsvStyle> style = csv_style_or_report(args);
  if (!style || !open_output_or_report(args.out, {"--out", args.paths, {}, false}, out) ||
      !open_output_or_report(args.path, {"--csv", args.paths, {{"--out", args.out}}, false}, csv) ||
      !open_output_or_report(
          args.checkpoint,
          {"--checkpoint", inputs_read, {{"--out", args.out}, {"--csv", args.path}}, true},
          checkpoint)) {
    return kExitBadInput;
  }
  if (mode == Mode::check) return kExitOk;

  SensitivityOptions options;
  options.run.threads = threads_to_use(args.threads);
  const bool tornado = args.mode != "joint";
  const bool joint = args.mode != "tornado";
  const auto draws = static_cast<std::size_t>(args.draws);
  const std::size_t total = sensitivity_runs(*inputs, tornado, joint, draws);
  SensitivityCheckpoint finished;
  if (checkpoint) {
    try {
      use_sensitivity_checkpoint(*checkpoint, *inputs, tornado, joint, draws, args.draw_seed,
                                 finished, options);
    } catch (const SweepError& e) {
      std::cerr << e.what() << "\n";
      return kExitBadInput;
    }
  }
  auto progress = std::make_unique<Progress>("runs", static_cast<int>(total));
  options.on_run = [&](std::size_t done, std::size_t) { progress->update(static_cast<int>(done)); };
  const auto start = std::chrono::steady_clock::now();
  SensitivityRun run;
  try {
    run = run_sensitivity(*inputs, tornado, joint, draws, args.draw_seed, options);
  } catch (const ScenarioError& e) {
    // A joint draw whose values together leave the valid ones (each alone was checked): every
    // draw is checked before the draws run; nothing is written.
    progress.reset();
    for (const std::string& line : e.problems()) std::cerr << line << "\n";
    return kExitBadInput;
  }
  progress.reset();
  const double wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  SensitivityReport report;
  report.inputs = &*inputs;
  report.tornado = run.tornado ? &*run.tornado : nullptr;
  report.joint = run.joint ? &*run.joint : nullptr;
  report.draw_seed = run.draw_seed;
  report.wall_s = wall_s;
  if (checkpoint) checkpoint->publish();
  if (csv) csv->write_whole(csv_text(tidy_table(report), *style));
  emit(to_json(report), out.get(), args.json,
       [&](std::ostream& text) { write_table(text, report); });
  const std::size_t reused = std::min(finished.runs.size(), total);
  std::cerr << "ccsim sensitivity: " << total << " runs";
  if (reused > 0) std::cerr << " (" << reused << " from " << args.checkpoint << ")";
  std::cerr << " in " << wall_s << " s ("
            << (wall_s > 0 ? static_cast<double>(total - reused) / wall_s : 0.0) << " runs/s)\n";
  return kExitOk;
}

}  // namespace

Action add_sensitivity_command(CLI::App& app) {
  auto args = std::make_shared<SensitivityArgs>();
  CLI::App* cmd = app.add_subcommand(
      "sensitivity",
      "How a metric, or the paired difference between strategies, moves with assumed values: "
      "one at a time (tornado) and jointly (Latin hypercube, probability each is best)");
  cmd->add_option("scenarios", args->paths,
                  "Scenario files (JSON): one, or strategies compared with the first")
      ->required()
      ->expected(1, -1);
  cmd->add_option("--assumptions", args->assumptions_path,
                  "Assumptions file: {\"assumptions\": [{name, pointer, low, high, source}, …]}")
      ->required()
      ->check(non_empty_path());
  cmd->add_option("--metric", args->metric, "The metric judged (churn_rate, csat, total_cost, …)")
      ->required();
  cmd->add_option("--mode", args->mode, "tornado, joint or both (default)")
      ->check(CLI::IsMember({"tornado", "joint", "both"}));
  cmd->add_option("--draws", args->draws, "Latin-hypercube draws of the joint analysis (50)")
      ->check(integer_in(2, kMaxDraws));
  cmd->add_option("--draw-seed", args->draw_seed,
                  "Seed of the draws (default: the scenario's seed)");
  cmd->add_option("--best", args->best, "lower or higher: which is better on the metric")
      ->check(CLI::IsMember({"lower", "higher"}));
  add_set_flag(cmd, args->sets,
               "Change every file at a JSON pointer before the analysis, as sweep's --set (one "
               "value each)");
  add_run_flags(cmd, *args, "sensitivity analysis");
  add_csv_flags(cmd, *args, "the tornado and the joint analysis");
  cmd->add_option("--checkpoint", args->checkpoint,
                  "Keep every finished run in this file, and reuse those it holds from an "
                  "interrupted analysis of the same inputs (it resumes where it stopped)")
      ->check(non_empty_path());
  return [args](Mode mode) { return execute(*args, mode); };
}

}  // namespace ccsim::cli
