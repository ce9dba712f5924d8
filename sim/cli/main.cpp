// ccsim: the command-line front end. Thin: parsing and dispatch only (command_line.cpp).
#include "ccsim/io/output.hpp"
#include "command_line.hpp"

int main(int argc, char** argv) {
  // Before anything opens a file: a closed stdout must not lend its number to an output.
  ccsim::reserve_standard_streams();
  return ccsim::cli::run_command_line(argc, argv, ccsim::cli::Mode::run);
}
