// ccsim: the command-line front end. Thin: parsing and dispatch only.
#include <exception>
#include <iostream>
#include <string>

#include "ccsim/version.hpp"
#include "commands.hpp"

int main(int argc, char** argv) {
  using namespace ccsim::cli;
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
  } catch (const std::exception& e) {
    std::cerr << "ccsim: " << e.what() << "\n";
    return kExitFailure;
  }
  return kExitFailure;
}
