// What happens to ccsim's temporary files when a signal ends the process. Every terminating
// signal that can be caught (SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGALRM, SIGUSR1,
// SIGUSR2, SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF, SIGABRT) first removes the registered files,
// then ends the process as it would have without the handler. A signal the process inherited as
// ignored (nohup) stays ignored.
#pragma once

#include <string>

namespace ccsim::output_signals {

// Installs the handlers; idempotent and thread-safe.
void install();

// Registers `path` for removal if a signal ends the process; returns its slot. Throws
// std::runtime_error when every slot is taken (more outputs than any command has).
int add_cleanup(const std::string& path);
// Forgets a slot (the file was published or removed).
void remove_cleanup(int slot);

// While a HeldSignals lives, a terminating signal waits: it takes effect when the object is
// destroyed, so a line being appended or a rename in progress is never cut. One at a time.
class HeldSignals {
 public:
  HeldSignals();
  ~HeldSignals();
  HeldSignals(const HeldSignals&) = delete;
  HeldSignals& operator=(const HeldSignals&) = delete;
};

}  // namespace ccsim::output_signals
