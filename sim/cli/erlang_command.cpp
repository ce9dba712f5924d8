// ccsim erlang --lambda-per-hour L --handle-s H --agents N [--patience-s P] [--threshold-s T]
//              [--json]
// ccsim erlang --lambda-per-hour L --handle-s H --target METRIC>=VALUE [--target …]
//              [--patience-s P] [--threshold-s T] [--json]
#include <iostream>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>

#include "ccsim/io/report.hpp"
#include "ccsim/io/staffing_report.hpp"
#include "ccsim/queueing/erlang.hpp"
#include "ccsim/queueing/erlang_staffing.hpp"
#include "commands.hpp"

namespace ccsim::cli {

namespace {

constexpr double kSecondsPerHour = 3600.0;

struct ErlangArgs {
  double lambda_per_hour = 0.0;
  double handle_s = 0.0;
  std::optional<long> agents;
  std::vector<std::string> targets;
  std::optional<double> patience_s;
  double threshold_s = 20.0;
  bool json = false;
};

// The fewest agents meeting the targets (the inverse formulas) beside the square-root rule.
int staff_by_formula(const ErlangArgs& args, const ErlangInput& queue) {
  std::vector<Target> targets;
  bool bad = false;
  for (const std::string& text : args.targets) {
    std::string problem;
    if (auto target = parse_target(text, erlang_target_metrics(), problem)) {
      targets.push_back(*target);
    } else {
      std::cerr << "--target: " << problem << "\n";
      bad = true;
    }
  }
  if (bad) return kExitBadInput;
  ErlangStaffing staffing;
  try {
    staffing = erlang_staffing(queue, targets);
  } catch (const std::invalid_argument& e) {
    std::cerr << "ccsim erlang: " << e.what() << "\n";
    return kExitBadInput;
  }
  print([&](std::ostream& text) {
    if (args.json) {
      text << to_json(queue, targets, staffing).dump(2) << "\n";
    } else if (staffing.agents) {
      write_table(text, queue, targets, staffing);
    }
  });
  if (!staffing.agents) {
    std::cerr << "ccsim erlang: " << staffing.unreachable << "\n";
    return kExitTargetNotMet;
  }
  return kExitOk;
}

}  // namespace

Action add_erlang_command(CLI::App& app) {
  auto args = std::make_shared<ErlangArgs>();
  CLI::App* cmd = app.add_subcommand(
      "erlang", "Exact steady-state Erlang B, C and A figures (M/M/n/n, M/M/n, M/M/n+M)");
  cmd->add_option("--lambda-per-hour", args->lambda_per_hour, "Arrival rate per hour")
      ->required()
      ->check(at_least(0, "a number"));
  cmd->add_option("--handle-s", args->handle_s, "Mean handle time, seconds (exponential)")
      ->required()
      ->check(open_interval(0.0, std::numeric_limits<double>::infinity()));
  CLI::Option* agents =
      cmd->add_option("--agents", args->agents,
                      "Number of agents (at most " + std::to_string(kMaxExactAgents) +
                          ", the exact formulas' limit)")
          ->check(integer_in(0, kMaxExactAgents));
  cmd->add_option("--target", args->targets,
                  "Without --agents: find the fewest agents meeting METRIC>=VALUE or "
                  "METRIC<=VALUE (repeatable; service_level, abandon_rate, asa_s, p_wait, "
                  "mean_wait_s)")
      ->excludes(agents)
      ->allow_extra_args(false);
  cmd->add_option("--patience-s", args->patience_s,
                  "Mean patience, seconds (exponential): omit for Erlang C, 0 for Erlang B")
      ->check(at_least(0, "a number"));
  cmd->add_option("--threshold-s", args->threshold_s, "Service-level threshold, seconds")
      ->check(at_least(0, "a number"));
  cmd->add_flag("--json", args->json, "Print JSON instead of a table");
  return [args] {
    ErlangInput input;
    input.lambda_per_s = args->lambda_per_hour / kSecondsPerHour;
    input.handle_s = args->handle_s;
    input.patience_s = args->patience_s;
    input.threshold_s = args->threshold_s;
    if (!args->targets.empty()) return staff_by_formula(*args, input);
    if (!args->agents) {
      std::cerr << "ccsim erlang: expected --agents N or --target METRIC>=VALUE, got neither\n";
      return kExitBadInput;
    }
    input.agents = *args->agents;
    ErlangResult result;
    try {
      result = erlang(input);
    } catch (const std::invalid_argument& e) {
      std::cerr << "ccsim erlang: " << e.what() << "\n";
      return kExitBadInput;
    } catch (const std::domain_error& e) {
      // A queue too large to sum exactly: say so rather than print an approximation.
      std::cerr << "ccsim erlang: " << e.what() << "\n";
      return kExitFailure;
    }
    print([&](std::ostream& text) {
      if (args->json) {
        text << to_json(input, result).dump(2) << "\n";
      } else {
        write_table(text, input, result);
      }
    });
    return kExitOk;
  };
}

}  // namespace ccsim::cli
