// ccsim erlang --lambda-per-hour L --handle-s H --agents N [--patience-s P] [--threshold-s T]
//              [--json | --csv]
// ccsim erlang … --agents 40:56:2 (or '[40, 45, 50]'): one row per agent count
// ccsim erlang --lambda-per-hour L --handle-s H --target METRIC>=VALUE [--target …]
//              [--patience-s P] [--threshold-s T] [--json]
#include <iostream>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <numeric>
#include <optional>
#include <stdexcept>

#include "ccsim/experiment/sweep.hpp"
#include "ccsim/io/report.hpp"
#include "ccsim/io/staffing_report.hpp"
#include "ccsim/queueing/erlang.hpp"
#include "ccsim/queueing/erlang_staffing.hpp"
#include "commands.hpp"

namespace ccsim::cli {

namespace {

constexpr double kSecondsPerHour = 3600.0;
// Past this the exact formulas are refused (kMaxExactAgents, include/ccsim/queueing/erlang.hpp).
constexpr long kMaxAgents = kMaxExactAgents;
// The agents of a list of counts summed: about a second of exact evaluations.
constexpr double kMaxSummedAgents = 100.0 * kMaxExactAgents;

struct ErlangArgs {
  double lambda_per_hour = 0.0;
  double handle_s = 0.0;
  std::optional<std::string> agents;  // a count, a range a:b:step or a JSON array
  std::vector<std::string> targets;
  std::optional<double> patience_s;
  double threshold_s = 20.0;
  bool json = false;
  bool csv = false;
};

// The agent counts --agents names; nullopt unless every one is a whole number >= 0.
std::optional<std::vector<long>> agent_counts(const std::string& text) {
  std::vector<long> counts;
  try {
    for (const JsonDocument& value : parse_sweep_values(text)) {
      // A range gives signed integers, a lone count an unsigned one.
      if (value.is_number_unsigned() &&
          value.get<std::uint64_t>() <= static_cast<std::uint64_t>(kMaxAgents)) {
        counts.push_back(value.get<long>());
      } else if (value.is_number_integer() && value.get<std::int64_t>() >= 0 &&
                 value.get<std::int64_t>() <= kMaxAgents) {
        counts.push_back(value.get<long>());
      } else {
        return std::nullopt;
      }
    }
  } catch (const SweepError&) {
    return std::nullopt;
  }
  if (counts.empty()) return std::nullopt;
  return counts;
}

// One count, as given alone, prints the single-queue table or object; a range or an array of
// counts prints one row per count.
bool several_counts(const std::string& text) {
  return text.find_first_of(":[") != std::string::npos;
}

int figures(const ErlangArgs& args, ErlangInput input, Mode mode) {
  // The option's check has accepted the counts.
  const std::vector<long> counts = *agent_counts(*args.agents);
  // Each count costs one term per agent: the whole list at most kMaxSummedAgents.
  const double summed = std::accumulate(counts.begin(), counts.end(), 0.0);
  if (summed > kMaxSummedAgents) {
    std::cerr << "--agents: expected counts that sum to at most "
              << static_cast<long long>(kMaxSummedAgents)
              << " agents (the exact formulas sum one term per agent), got "
              << static_cast<long long>(summed) << "; ask for fewer or smaller counts\n";
    return kExitBadInput;
  }
  if (mode == Mode::check) {
    input.agents = 0;
    try {
      (void)erlang(input);
    } catch (const std::invalid_argument& e) {
      std::cerr << "ccsim erlang: " << e.what() << "\n";
      return kExitBadInput;
    }
    return kExitOk;
  }
  std::vector<ErlangRow> rows;
  try {
    for (const long agents : counts) {
      input.agents = agents;
      rows.push_back({input, erlang(input)});
    }
  } catch (const std::invalid_argument& e) {
    std::cerr << "ccsim erlang: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const std::domain_error& e) {
    // A queue too large to sum exactly: say so rather than print an approximation.
    std::cerr << "ccsim erlang: " << e.what() << "\n";
    return kExitFailure;
  }
  const bool several = several_counts(*args.agents);
  print([&](std::ostream& text) {
    if (args.csv) {
      write_csv(text, rows);
    } else if (args.json) {
      const ErlangRow& first = rows.front();
      text << (several ? to_json(rows) : to_json(first.input, first.result)).dump(2) << "\n";
    } else if (several) {
      write_table(text, rows);
    } else {
      write_table(text, rows.front().input, rows.front().result);
    }
  });
  return kExitOk;
}

// The fewest agents meeting the targets (the inverse formulas) beside the square-root rule.
int staff_by_formula(const ErlangArgs& args, const ErlangInput& queue, Mode mode) {
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
  if (mode == Mode::check) return kExitOk;
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
                      "Number of agents, a range a:b:step (end included) or a JSON array of "
                      "counts: one row per count")
          ->check(CLI::Validator(
              [](std::string& text) {
                return agent_counts(text)
                           ? std::string{}
                           : "expected a whole number in [0, " + std::to_string(kMaxAgents) +
                                 "] (the exact formulas' limit), a range a:b:step "
                                 "or a JSON array of them, got " +
                                 text;
              },
              "", ""));
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
  CLI::Option* json = cmd->add_flag("--json", args->json, "Print JSON instead of a table");
  cmd->add_flag("--csv", args->csv, "With --agents: print CSV, one line per agent count")
      ->needs(agents)
      ->excludes(json);
  return [args](Mode mode) {
    ErlangInput input;
    input.lambda_per_s = args->lambda_per_hour / kSecondsPerHour;
    input.handle_s = args->handle_s;
    input.patience_s = args->patience_s;
    input.threshold_s = args->threshold_s;
    if (!args->targets.empty()) return staff_by_formula(*args, input, mode);
    if (!args->agents) {
      std::cerr << "ccsim erlang: expected --agents N or --target METRIC>=VALUE, got neither\n";
      return kExitBadInput;
    }
    return figures(*args, input, mode);
  };
}

}  // namespace ccsim::cli
