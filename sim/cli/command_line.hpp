// The whole command line of ccsim, parsed and run: main() is this, and the command-line fuzzer
// calls it in check mode (Mode::check: every validation, no work).
#pragma once

#include "commands.hpp"

namespace ccsim::cli {

// Returns the exit status (kExitOk, kExitFailure, kExitBadInput, kExitTargetNotMet). Never
// throws: every error is said on stderr.
int run_command_line(int argc, char** argv, Mode mode);

}  // namespace ccsim::cli
