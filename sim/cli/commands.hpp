// Sub-commands of the ccsim executable. Each registers its options and returns the action to run.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "ccsim/experiment/precision.hpp"
#include "ccsim/io/output.hpp"
#include "ccsim/io/tidy_csv.hpp"
#include "ccsim/scenario/scenario.hpp"

namespace ccsim::cli {

// Exit statuses, part of the command-line contract.
constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;       // an unexpected failure (cannot write the output, …)
constexpr int kExitBadInput = 2;      // a bad scenario, log or flag: nothing was run or written
constexpr int kExitTargetNotMet = 3;  // a target cannot be met, or a cap came first

// Worker threads a run may ask for; more than the machine has run on the machine's.
constexpr int kMaxThreads = 1024;

// How far a command goes: all the way, or (check) through every validation and the opening of
// every output, stopping before any work: what the command-line fuzzer exercises.
enum class Mode { run, check };
using Action = std::function<int(Mode mode)>;

// Flag validators whose messages follow the scenario errors' shape: "expected …, got …".
CLI::Validator at_least(double minimum, const std::string& what);
CLI::Validator open_interval(double low, double high);
// An integer in [low, high].
CLI::Validator integer_in(long long low, long long high);
// A path: anything but the empty string.
CLI::Validator non_empty_path();

Action add_run_command(CLI::App& app);
Action add_erlang_command(CLI::App& app);
Action add_compare_command(CLI::App& app);
Action add_sweep_command(CLI::App& app);
Action add_staff_command(CLI::App& app);
Action add_fit_command(CLI::App& app);
Action add_backtest_command(CLI::App& app);
Action add_schema_command(CLI::App& app);
Action add_sensitivity_command(CLI::App& app);

// The values a flag may give for a key of the scenario. They are checked by the scenario loader,
// by the same rule as the file's own values (ScenarioOverride), never by a rule of the flag's.
struct ScenarioFlags {
  std::optional<std::string> replications;
  std::optional<std::string> seed;
  std::optional<std::string> confidence;
  std::vector<ScenarioOverride> overrides() const;
};
// Registers --seed and --confidence, and --replications unless `replications_help` is empty.
void add_scenario_flags(CLI::App* cmd, ScenarioFlags& flags, const std::string& replications_help);

// --threads, checked against kMaxThreads.
void add_threads_flag(CLI::App* cmd, std::optional<int>& threads);
// The threads to run on: the machine's when asked for more than it has (said once on stderr).
int threads_to_use(const std::optional<int>& threads);

// The flags `run` and `compare` share, each overriding the scenario's value when given.
struct RunFlags : ScenarioFlags {
  std::optional<int> threads;
  bool json = false;
  std::string out;
};
// Registers them on `cmd`; `output` names what is printed or written ("results").
void add_run_flags(CLI::App* cmd, RunFlags& flags, const std::string& output);

// Opens `path` as an output of the command (nothing when `path` is empty), checked before any
// work (include/ccsim/io/output.hpp). False, after saying why on stderr, when it cannot be used.
bool open_output_or_report(const std::string& path, OutputOptions options,
                           std::unique_ptr<OutputFile>& output);

// Loads a scenario with the flags' values; on problems prints them, one line each, on stderr
// and returns nullopt.
std::optional<Scenario> load_or_report(const std::string& path,
                                       const std::vector<ScenarioOverride>& overrides = {});
// The same, printing nothing when `report` is false (the other processes of an MPI job).
std::optional<Scenario> load_or_report(const std::string& path,
                                       const std::vector<ScenarioOverride>& overrides, bool report);

// A queue that cannot drain (include/ccsim/scenario/queue_growth.hpp): a warning on stderr, or,
// past what ccsim holds, the refusal and false. `report` false prints nothing.
bool queue_growth_acceptable_or_report(const Scenario& scenario, const std::string& label,
                                       bool report = true);

// --precision METRIC=HALFWIDTH (repeatable) and --max-replications, shared by run and sweep.
struct PrecisionFlags {
  std::vector<std::string> precision;
  std::optional<int> max_replications;
};
void add_precision_flags(CLI::App* cmd, PrecisionFlags& flags);
// The targets, their metric names checked against the scenario's results, and the cap checked
// against the scenario's replications (which run first, so a cap below them would cut what
// was asked); on a problem prints it (when `report`) and returns nullopt.
std::optional<std::vector<PrecisionTarget>> precision_targets_or_report(const PrecisionFlags& flags,
                                                                        const Scenario& scenario,
                                                                        bool report);
// The same problems, one line each (empty when there are none).
std::vector<std::string> precision_flag_problems(const PrecisionFlags& flags,
                                                 const std::vector<PrecisionTarget>& targets,
                                                 const Scenario& scenario);

// --csv-sep SEP and --csv-decimal MARK: how a CSV output separates its cells and writes its
// decimals (sim/cli/csv_flags.cpp).
struct CsvStyleFlags {
  std::optional<std::string> separator;
  std::optional<std::string> decimal;
};
// --csv FILE with them.
struct CsvFlags : CsvStyleFlags {
  std::string path;  // empty: no CSV
};
// Registers them on `cmd`; `what` names the table ("the results").
void add_csv_flags(CLI::App* cmd, CsvFlags& flags, const std::string& what);
// Registers --csv-sep and --csv-decimal alone: `of` names the CSV they shape in the help
// ("--csv"); when `needs` is set, they are refused without that option.
void add_csv_style_flags(CLI::App* cmd, CsvStyleFlags& flags, const std::string& of,
                         CLI::Option* needs);
// The style the flags ask for; on a problem (a separator that is the decimal mark) prints it
// and returns nullopt.
std::optional<CsvStyle> csv_style_or_report(const CsvStyleFlags& flags);

// Writes `json` to `out` (when open) atomically, then prints it on stdout when `print_json`, or
// else the table `write_table` makes. Throws OutputError when either cannot be written.
void emit(const nlohmann::json& json, OutputFile* out, bool print_json,
          const std::function<void(std::ostream&)>& write_table);
// Prints what `write` makes on stdout, checked (write_stdout).
void print(const std::function<void(std::ostream&)>& write);

}  // namespace ccsim::cli
