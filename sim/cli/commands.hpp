// Sub-commands of the ccsim executable. Each registers its options and returns the action to run.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "ccsim/experiment/precision.hpp"
#include "ccsim/scenario/scenario.hpp"

namespace ccsim::cli {

// Exit statuses, part of the command-line contract.
constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;       // an unexpected failure (cannot write the output, …)
constexpr int kExitBadInput = 2;      // a bad scenario, log or flag: nothing was run or written
constexpr int kExitTargetNotMet = 3;  // a target cannot be met, or a cap came first

using Action = std::function<int()>;

// Flag validators whose messages follow the scenario errors' shape: "expected …, got …".
CLI::Validator at_least(double minimum, const std::string& what);
CLI::Validator open_interval(double low, double high);

Action add_run_command(CLI::App& app);
Action add_erlang_command(CLI::App& app);
Action add_compare_command(CLI::App& app);
Action add_sweep_command(CLI::App& app);
Action add_staff_command(CLI::App& app);
Action add_fit_command(CLI::App& app);
Action add_backtest_command(CLI::App& app);

// The flags `run` and `compare` share, each overriding the scenario's value when given.
struct RunFlags {
  std::optional<int> replications;
  std::optional<int> threads;
  std::optional<std::uint64_t> seed;
  std::optional<double> confidence;
  bool json = false;
  std::string out;
};
// Registers them on `cmd`; `output` names what is printed or written ("results").
void add_run_flags(CLI::App* cmd, RunFlags& flags, const std::string& output);
// False, after saying why on stderr, when `out` is given and cannot be written.
bool output_usable_or_report(const std::string& out);

// True when `path` can be written: its directory exists and is writable, and it is not a
// directory itself. Checked before hours of simulation are spent.
bool output_path_usable(const std::string& path);

// Loads a scenario; on problems prints them, one line each, on stderr and returns nullopt.
std::optional<Scenario> load_or_report(const std::string& path);
// The same, printing nothing when `report` is false (the other processes of an MPI job).
std::optional<Scenario> load_or_report(const std::string& path, bool report);

// --precision METRIC=HALFWIDTH (repeatable) and --max-replications, shared by run and sweep.
struct PrecisionFlags {
  std::vector<std::string> precision;
  std::optional<int> max_replications;
};
void add_precision_flags(CLI::App* cmd, PrecisionFlags& flags);
// The targets, their metric names checked against the scenario's results; on an unknown name
// prints the problem (when `report`) with a did-you-mean, and returns nullopt.
std::optional<std::vector<PrecisionTarget>> precision_targets_or_report(const PrecisionFlags& flags,
                                                                        const Scenario& scenario,
                                                                        bool report);

// Writes `json` to `out` (atomically) when a path is given, then prints it on stdout when
// `print_json`, or else the table `write_table` makes.
void emit(const nlohmann::json& json, const std::string& out, bool print_json,
          const std::function<void(std::ostream&)>& write_table);

}  // namespace ccsim::cli
