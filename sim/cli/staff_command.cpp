// ccsim staff SCENARIO.json --target METRIC>=VALUE [--target …] [--shrinkage S] [--max-agents N]
//                           [--replications R] [--threads T] [--seed S] [--confidence C]
//                           [--json] [--out SCENARIO_OUT.json]
#include <unistd.h>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "ccsim/io/input.hpp"
#include "ccsim/io/report.hpp"
#include "ccsim/io/staffing_report.hpp"
#include "ccsim/staffing/staffing.hpp"
#include "commands.hpp"

namespace ccsim::cli {

namespace {

// A confidence interval needs two replications.
constexpr int kMinReplications = 2;

struct StaffArgs : ScenarioFlags {
  std::string scenario_path;
  std::vector<std::string> targets;
  std::optional<double> shrinkage;
  std::optional<long> max_agents;
  std::optional<int> threads;
  bool json = false;
  std::string out;
};

std::optional<std::vector<Target>> parse_targets(const std::vector<std::string>& texts) {
  std::vector<Target> targets;
  bool bad = false;
  for (const std::string& text : texts) {
    std::string problem;
    if (auto target = parse_target(text, simulation_target_metrics(), problem)) {
      targets.push_back(*target);
    } else {
      std::cerr << "--target: " << problem << "\n";
      bad = true;
    }
  }
  if (bad) return std::nullopt;
  return targets;
}

std::optional<std::string> read_text(const std::string& path) {
  InputFailure failure;
  return read_input_file(path, kMaxScenarioFileBytes, failure);
}

// "staff: simulation 12 (lower)" on stderr while it runs, when stderr is a terminal.
class StatusLine {
 public:
  StatusLine() : enabled_(::isatty(STDERR_FILENO) == 1) {}
  ~StatusLine() {
    if (enabled_ && drawn_) std::fputs("\r\033[K", stderr);
  }
  void show(int simulations, const std::string& phase) {
    if (!enabled_) return;
    std::fprintf(stderr, "\r\033[Kstaff: simulation %d (%s)", simulations, phase.c_str());
    std::fflush(stderr);
    drawn_ = true;
  }

 private:
  bool enabled_;
  bool drawn_ = false;
};

int execute(const StaffArgs& args, Mode mode) {
  const std::optional<std::vector<Target>> targets = parse_targets(args.targets);
  std::optional<Scenario> loaded = load_or_report(args.scenario_path, args.overrides());
  if (!targets || !loaded) return kExitBadInput;
  Scenario& scenario = *loaded;
  if (scenario.replications < kMinReplications) {
    std::cerr << args.scenario_path << ": /replications: expected at least " << kMinReplications
              << " (a confidence interval needs two), got " << scenario.replications
              << "; use --replications\n";
    return kExitBadInput;
  }
  std::unique_ptr<OutputFile> out;
  if (!open_output_or_report(args.out, {"--out", {args.scenario_path}, {}, false}, out)) {
    return kExitBadInput;
  }
  try {
    (void)staffing_grid(scenario);
  } catch (const std::invalid_argument& e) {
    std::cerr << args.scenario_path << ": /report_interval_s: " << e.what() << "\n";
    return kExitBadInput;
  }
  if (mode == Mode::check) return kExitOk;

  StaffOptions options;
  options.targets = *targets;
  options.max_agents = args.max_agents;
  options.threads = threads_to_use(args.threads);
  auto status = std::make_shared<StatusLine>();
  options.on_simulation = [status](int n, const std::string& phase) { status->show(n, phase); };
  const auto start = std::chrono::steady_clock::now();
  const StaffResult result = staff(scenario, options);
  const double wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  status.reset();

  const StaffReport report{scenario, *targets, result, args.shrinkage, wall_s};
  if (result.feasible && out) {
    const std::optional<std::string> text = read_text(args.scenario_path);
    if (!text) throw std::runtime_error(args.scenario_path + ": cannot read it again");
    out->write_whole(
        scenario_with_agents(*text, args.scenario_path, scenario, result.grid, result.required));
  }
  print([&](std::ostream& text) {
    if (args.json) {
      text << to_json(report).dump(2) << "\n";
    } else {
      write_table(text, report);
    }
  });
  if (!result.feasible) {
    std::cerr << "ccsim staff: " << result.infeasible << "\n";
    return kExitTargetNotMet;
  }
  return kExitOk;
}

}  // namespace

Action add_staff_command(CLI::App& app) {
  auto args = std::make_shared<StaffArgs>();
  CLI::App* cmd = app.add_subcommand(
      "staff", "Find the fewest human agents per interval meeting targets in every interval");
  cmd->add_option("scenario", args->scenario_path, "Scenario file (JSON)")->required();
  cmd->add_option("--target", args->targets,
                  "METRIC>=VALUE or METRIC<=VALUE, judged on the CI bound in every interval "
                  "(repeatable; service_level, abandon_rate, asa_s, p_wait, mean_wait_s, "
                  "gave_up_rate, churn_rate, csat, queue_length)")
      ->required()
      ->allow_extra_args(false);
  cmd->add_option("--shrinkage", args->shrinkage,
                  "Share of paid time unavailable: also print heads = required / (1 - s)")
      ->check(CLI::Validator(
          [](std::string& text) {
            double value = 0.0;
            const char* end = text.data() + text.size();
            const auto [stop, error] = std::from_chars(text.data(), end, value);
            const bool ok = error == std::errc{} && stop == end && value >= 0.0 && value < 1.0;
            return ok ? std::string{} : "expected a number in [0, 1), got " + text;
          },
          "", ""));
  cmd->add_option("--max-agents", args->max_agents,
                  "Most agents in any interval (default: 4 x the peak offered load + 20)")
      ->check(at_least(1, "an integer"));
  add_scenario_flags(cmd, *args,
                     "Replications of every whole-day run (overrides the file; at least 2)");
  add_threads_flag(cmd, args->threads);
  cmd->add_flag("--json", args->json, "Print the staffing JSON on stdout, nothing else");
  cmd->add_option("--out,-o", args->out,
                  "Write the scenario with the schedule found (runs as-is) to this file")
      ->check(non_empty_path());
  return [args](Mode mode) { return execute(*args, mode); };
}

}  // namespace ccsim::cli
