// ccsim: the command-line front end. Thin: parsing and dispatch only.
#include <algorithm>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "ccsim/io/output.hpp"
#include "ccsim/scenario/json_checker.hpp"

#include "ccsim/version.hpp"
#include "commands.hpp"

namespace {

// A first word that is no command is said to be one, with the commands there are, rather than
// left to the parser ("A subcommand is required").
bool unknown_command(int argc, char** argv, const CLI::App& app) {
  if (argc < 2 || argv[1][0] == '-') return false;
  const std::string word = argv[1];
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands({})) names.push_back(sub->get_name());
  if (std::find(names.begin(), names.end(), word) != names.end()) return false;
  std::cerr << "ccsim: expected a command (" << ccsim::join_words(names) << "), got "
            << ccsim::describe_json(ccsim::JsonDocument(word));
  if (const std::string near = ccsim::closest_match(word, names); !near.empty()) {
    std::cerr << " (did you mean " << near << "?)";
  }
  std::cerr << "; ccsim --help lists them\n";
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace ccsim::cli;
  // Before anything opens a file: a closed stdout must not lend its number to an output.
  ccsim::reserve_standard_streams();
  CLI::App app{"ccsim: a discrete-event Monte-Carlo contact-center simulator", "ccsim"};
  app.set_version_flag("--version", std::string(ccsim::kVersion));
  app.require_subcommand(1);
  app.fallthrough(false);
  const Action run = add_run_command(app);
  const Action erlang = add_erlang_command(app);
  const Action compare = add_compare_command(app);
  const Action sweep = add_sweep_command(app);
  const Action staff = add_staff_command(app);
  const Action fit = add_fit_command(app);
  const Action backtest = add_backtest_command(app);
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
    if (app.got_subcommand("run")) return run();
    if (app.got_subcommand("erlang")) return erlang();
    if (app.got_subcommand("compare")) return compare();
    if (app.got_subcommand("sweep")) return sweep();
    if (app.got_subcommand("staff")) return staff();
    if (app.got_subcommand("fit")) return fit();
    if (app.got_subcommand("backtest")) return backtest();
  } catch (const ccsim::OutputRefused& e) {
    std::cerr << e.what() << "\n";
    return kExitBadInput;
  } catch (const std::exception& e) {
    std::cerr << "ccsim: " << e.what() << "\n";
    return kExitFailure;
  }
  return kExitFailure;
}
