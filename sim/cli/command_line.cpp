#include "command_line.hpp"

#include <algorithm>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "ccsim/io/output.hpp"
#include "ccsim/scenario/json_checker.hpp"
#include "ccsim/version.hpp"

namespace ccsim::cli {

namespace {

// A first word that is no command is said to be one, with the commands there are, rather than
// left to the parser ("A subcommand is required").
bool unknown_command(int argc, char** argv, const CLI::App& app) {
  if (argc < 2 || argv[1][0] == '-') return false;
  const std::string word = argv[1];
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands({})) names.push_back(sub->get_name());
  if (std::find(names.begin(), names.end(), word) != names.end()) return false;
  std::cerr << "ccsim: expected a command (" << join_words(names) << "), got "
            << describe_json(JsonDocument(word));
  if (const std::string near = closest_match(word, names); !near.empty()) {
    std::cerr << " (did you mean " << near << "?)";
  }
  std::cerr << "; ccsim --help lists them\n";
  return true;
}

}  // namespace

int run_command_line(int argc, char** argv, Mode mode) {
  CLI::App app{"ccsim: a discrete-event Monte-Carlo contact-center simulator", "ccsim"};
  app.set_version_flag("--version", std::string(kVersion));
  app.require_subcommand(1);
  app.fallthrough(false);
  const std::vector<std::pair<std::string, Action>> commands = {
      {"run", add_run_command(app)},          {"erlang", add_erlang_command(app)},
      {"compare", add_compare_command(app)},  {"sweep", add_sweep_command(app)},
      {"staff", add_staff_command(app)},      {"fit", add_fit_command(app)},
      {"backtest", add_backtest_command(app)}};
  if (unknown_command(argc, argv, app)) return kExitBadInput;
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitBadInput;
  }
  try {
    for (const auto& [name, action] : commands) {
      if (app.got_subcommand(name)) return action(mode);
    }
  } catch (const OutputRefused& e) {
    std::cerr << e.what() << "\n";
    return kExitBadInput;
  } catch (const std::exception& e) {
    std::cerr << "ccsim: " << e.what() << "\n";
    return kExitFailure;
  }
  return kExitFailure;
}

}  // namespace ccsim::cli
