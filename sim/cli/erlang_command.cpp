// ccsim erlang --lambda-per-hour L --handle-s H --agents N [--patience-s P] [--threshold-s T]
//              [--json]
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <limits>
#include <optional>
#include <stdexcept>

#include "ccsim/erlang.hpp"
#include "ccsim/report.hpp"
#include "commands.hpp"

namespace ccsim::cli {

namespace {

constexpr double kSecondsPerHour = 3600.0;

struct ErlangArgs {
  double lambda_per_hour = 0.0;
  double handle_s = 0.0;
  long agents = 0;
  std::optional<double> patience_s;
  double threshold_s = 20.0;
  bool json = false;
};

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
  cmd->add_option("--agents", args->agents, "Number of agents")
      ->required()
      ->check(at_least(0, "a number"));
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
    input.agents = args->agents;
    input.patience_s = args->patience_s;
    input.threshold_s = args->threshold_s;
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
    if (args->json) {
      std::cout << to_json(input, result).dump(2) << "\n";
    } else {
      write_table(std::cout, input, result);
    }
    return kExitOk;
  };
}

}  // namespace ccsim::cli
