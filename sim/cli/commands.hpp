// Sub-commands of the ccsim executable. Each registers its options and returns the action to run.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace ccsim::cli {

// Exit statuses, part of the command-line contract.
constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;    // an unexpected failure (cannot write the output, …)
constexpr int kExitBadInput = 2;   // a bad scenario, log or flag: nothing was run or written

using Action = std::function<int()>;

// Flag validators whose messages follow the scenario errors' shape: "expected …, got …".
CLI::Validator at_least(double minimum, const std::string& what);
CLI::Validator open_interval(double low, double high);

Action add_run_command(CLI::App& app);
Action add_erlang_command(CLI::App& app);
Action add_compare_command(CLI::App& app);

// True when `path` can be written: its directory exists and is writable, and it is not a
// directory itself. Checked before hours of simulation are spent.
bool output_path_usable(const std::string& path);

}  // namespace ccsim::cli
