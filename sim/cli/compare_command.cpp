// ccsim compare A.json [B.json …] [--set POINTER=VALUES …] [--by segment] [--json] [--out FILE]
//                               [--csv FILE …]
//                               [--staff-to METRIC>=VALUE … [--risk EPS [--joint]] [--shrinkage S]
//                                [--max-agents N] [--max-replications N]
//                                [--verify-replications N] [--staffed-dir DIR]]
//                               [--replications R] [--threads T] [--seed S] [--confidence C]
#include <algorithm>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <stdexcept>

#include "ccsim/experiment/compare.hpp"
#include "ccsim/experiment/compare_staffed.hpp"
#include "ccsim/experiment/run_request.hpp"
#include "ccsim/io/report.hpp"
#include "ccsim/io/staffing_report.hpp"
#include "ccsim/parallel/runner.hpp"
#include "ccsim/scenario/scenario.hpp"
#include "commands.hpp"
#include "scenario_sets.hpp"
#include "staff_flags.hpp"

namespace ccsim::cli {

namespace {

// Points of --set a comparison takes per file: a table, not a sweep (which has no such bound),
// and every compared scenario is held in memory.
constexpr std::size_t kMaxComparedPoints = 100;

struct CompareArgs : RunFlags, CsvFlags, StaffSearchFlags {
  std::vector<std::string> paths;
  std::vector<std::string> sets;
  std::string by;
  std::string staffed_dir;
};

// A file name for a compared scenario's label: its letters, digits and ". _ + -", anything else
// as '_', numbered when two labels give the same name.
std::vector<std::string> staffed_file_names(const std::vector<std::string>& labels) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    std::string name;
    for (const char c : labels[i]) {
      const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                         (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '+' || c == '-';
      name += plain ? c : '_';
    }
    if (name.empty() || name.front() == '.') name = "scenario" + name;
    const std::string base = name;
    for (int k = 2; std::find(names.begin(), names.end(), name + ".json") != names.end(); ++k)
      name = base + "-" + std::to_string(k);
    names.push_back(name + ".json");
  }
  return names;
}

// The files --staffed-dir will hold, opened before any work; false after saying why.
bool open_staffed_outputs(const CompareArgs& args, const std::vector<std::string>& labels,
                          std::vector<std::unique_ptr<OutputFile>>& files) {
  if (args.staffed_dir.empty()) return true;
  std::vector<std::pair<std::string, std::string>> siblings{{"--out", args.out},
                                                            {"--csv", args.path}};
  for (const std::string& name : staffed_file_names(labels)) {
    const std::string path = args.staffed_dir + "/" + name;
    files.emplace_back();
    if (!open_output_or_report(path, {"--staffed-dir", args.paths, siblings, false}, files.back()))
      return false;
  }
  return true;
}

// Staffs every scenario to the --staff-to targets, then compares the staffed ones; exit 3 with
// one line naming the scenario when no schedule meets the targets, nothing written.
int execute_staffed(const CompareArgs& args, const std::vector<Target>& targets,
                    std::vector<StaffingInput> inputs, const CsvStyle& style, OutputFile* out,
                    OutputFile* csv, std::vector<std::unique_ptr<OutputFile>>& staffed_files) {
  const int threads = threads_to_use(args.threads);
  RunOptions options;
  options.threads = threads;
  StaffOptions search = staff_options(args, targets, threads);
  auto status = std::make_shared<StaffStatusLine>("compare");
  search.on_progress = [status](const StaffProgress& p) { status->show(p); };
  const StaffedComparison staffed =
      compare_at_equal_service(inputs, search, args.shrinkage, options, args.by == "segment",
                               [status](const std::string& label) { status->scenario(label); });
  status.reset();  // clears its line before the table
  if (!staffed.comparison) {
    std::cerr << "ccsim compare: " << staffed.infeasible << "\n";
    return kExitTargetNotMet;
  }
  for (std::size_t i = 0; i < staffed_files.size(); ++i)
    staffed_files[i]->write_whole(staffed.files[i]);
  const Comparison& comparison = *staffed.comparison;
  if (csv) csv->write_whole(csv_text(tidy_table(comparison), style));
  emit(to_json(comparison), out, args.json,
       [&](std::ostream& text) { write_table(text, comparison); });
  return kExitOk;
}

int execute(const CompareArgs& args, Mode mode) {
  std::vector<Scenario> scenarios;
  std::vector<std::string> sources;  // the file, and the --set point's values when several
  std::vector<std::string> texts;    // the file's JSON at the point (--staff-to)
  const bool staffing = !args.targets.empty();
  std::optional<std::vector<Target>> targets;
  if (staffing) targets = targets_or_report(args.targets, "--staff-to");
  bool bad = staffing && !targets;
  std::set<std::string> reported;
  for (const std::string& path : args.paths) {
    // Every file is checked, so all their problems are reported at once; a flag's problem, the
    // same for every file, once.
    auto variants = load_variants_or_report(path, args.sets, args.overrides(), true,
                                            kMaxComparedPoints, &reported);
    if (!variants) {
      bad = true;
      continue;
    }
    for (ScenarioVariant& v : *variants) {
      if (staffing) {
        for (const std::string& line : staff_flag_problems(args, v.scenario, v.source)) {
          if (reported.insert(line).second) std::cerr << line << "\n";
          bad = true;
        }
        texts.push_back(v.document.dump(2) + "\n");
      }
      scenarios.push_back(std::move(v.scenario));
      sources.push_back(std::move(v.source));
    }
  }
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    // Run with the first one's replications and seed, but each with its own queue.
    if (!queue_growth_acceptable_or_report(scenarios[i], sources[i])) bad = true;
  }
  if (bad) return kExitBadInput;
  if (scenarios.size() < 2) {
    std::cerr << "compare: expected two scenarios or more (files, or points of --set), got "
              << scenarios.size() << "\n";
    return kExitBadInput;
  }
  if (args.by == "segment") {
    if (const auto problem =
            segment_names_differ(scenarios, comparison_labels(scenarios, sources))) {
      std::cerr << *problem << "\n";
      return kExitBadInput;
    }
  }
  std::unique_ptr<OutputFile> out;
  std::unique_ptr<OutputFile> csv;
  std::vector<std::unique_ptr<OutputFile>> staffed_files;
  const std::optional<CsvStyle> style = csv_style_or_report(args);
  if (!style || !open_output_or_report(args.out, {"--out", args.paths, {}, false}, out) ||
      !open_output_or_report(args.path, {"--csv", args.paths, {{"--out", args.out}}, false}, csv) ||
      !open_staffed_outputs(args, comparison_labels(scenarios, sources), staffed_files)) {
    return kExitBadInput;
  }
  if (staffing) {
    std::vector<StaffingInput> inputs;
    for (std::size_t i = 0; i < scenarios.size(); ++i) {
      // The file --staffed-dir will write, checked with a stand-in schedule before any
      // simulation, as `staff --out` checks it.
      try {
        (void)scenario_with_agents(texts[i], sources[i], scenarios[i], staffing_grid(scenarios[i]),
                                   std::vector<long>(staffing_grid(scenarios[i]).count, 1),
                                   staffing_shrinkage(scenarios[i], args.shrinkage));
      } catch (const ScenarioError& e) {
        for (const std::string& line : e.problems()) std::cerr << line << "\n";
        bad = true;
      } catch (const std::invalid_argument& e) {
        std::cerr << sources[i] << ": /report_interval_s: " << e.what() << "\n";
        bad = true;
      }
      inputs.push_back({scenarios[i], texts[i], sources[i]});
    }
    if (bad) return kExitBadInput;
    if (mode == Mode::check) return kExitOk;
    return execute_staffed(args, *targets, std::move(inputs), *style, out.get(), csv.get(),
                           staffed_files);
  }
  if (mode == Mode::check) return kExitOk;
  RunOptions options;
  options.threads = threads_to_use(args.threads);
  // Every scenario runs with the first one's seed and replication count (the flags' values were
  // applied to every file), so replication r of each sees the same customers (common random
  // numbers) and the differences are paired.
  const Comparison comparison =
      compare_scenarios(std::move(scenarios), {}, options, args.by == "segment", sources);
  const nlohmann::json json = to_json(comparison);
  if (csv) csv->write_whole(csv_text(tidy_table(comparison), *style));
  emit(json, out.get(), args.json, [&](std::ostream& text) { write_table(text, comparison); });
  return kExitOk;
}

}  // namespace

Action add_compare_command(CLI::App& app) {
  auto args = std::make_shared<CompareArgs>();
  CLI::App* cmd = app.add_subcommand(
      "compare",
      "Run scenarios with the same seed and show each metric's paired difference "
      "from the first");
  cmd->add_option("scenarios", args->paths,
                  "Scenario files (JSON); the first (at the first --set point) is the baseline")
      ->required()
      ->expected(1, -1);
  add_set_flag(cmd, args->sets,
               "Change every file at a JSON pointer, as sweep's --set; several values compare "
               "each file at every point");
  cmd->add_option("--by", args->by, "Also break down by: segment")
      ->check(CLI::IsMember({"segment"}));
  add_run_flags(cmd, *args, "comparison");
  add_csv_flags(cmd, *args, "the comparison");
  CLI::Option* staff_to = add_staff_search_flags(cmd, *args, "--staff-to", false);
  staff_to->description(
      "Compare at equal service: staff every scenario first, as ccsim staff --target does, to "
      "METRIC>=VALUE or METRIC<=VALUE in every interval (repeatable; service_level, "
      "abandon_rate, asa_s, p_wait, mean_wait_s, gave_up_rate, churn_rate, csat, queue_length)");
  cmd->add_option("--staffed-dir", args->staffed_dir,
                  "With --staff-to: write each staffed scenario, as ccsim staff --out writes it, "
                  "to this directory (named by its label)")
      ->check(non_empty_path())
      ->needs(staff_to);
  return [args](Mode mode) { return execute(*args, mode); };
}

}  // namespace ccsim::cli
