#include "io/output_signals.hpp"

#include <limits.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace ccsim::output_signals {

namespace {

// More than the files any command has in progress at once (an output and a trace, each with
// its FILE.partial).
constexpr int kSlots = 16;
constexpr int kFree = 0;
constexpr int kFilling = 1;
constexpr int kActive = 2;

struct Slot {
  std::atomic<int> state{kFree};
  char path[PATH_MAX];
};
Slot g_slots[kSlots];

// The signals whose default action ends the process and that a handler can catch. SIGKILL and
// SIGSTOP cannot be caught; SIGSEGV, SIGBUS, SIGFPE and SIGILL are left to the sanitizers and
// the core dump.
constexpr int kSignals[] = {SIGHUP,  SIGINT,  SIGQUIT, SIGPIPE,   SIGALRM, SIGTERM, SIGUSR1,
                            SIGUSR2, SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF, SIGABRT};

// Appends and renames exclude ending the process through one word: idle, holding, or ending. A
// handler that finds it idle ends the process at once; one that finds it holding leaves the
// signal for the holder to raise again when done.
constexpr int kIdle = 0;
constexpr int kHolding = 1;
constexpr int kEnding = 2;
std::atomic<int> g_state{kIdle};
std::atomic<int> g_deferred_signal{0};
static_assert(std::atomic<int>::is_always_lock_free, "used from signal handlers");

// Only async-signal-safe calls from here on.
void remove_files() {
  for (Slot& slot : g_slots) {
    if (slot.state.load(std::memory_order_acquire) == kActive) ::unlink(slot.path);
  }
}

void end_by(int signal) {
  remove_files();
  struct sigaction action {};
  action.sa_handler = SIG_DFL;
  sigemptyset(&action.sa_mask);
  sigaction(signal, &action, nullptr);
  // In a handler the signal is blocked and is delivered, with its default action, on return;
  // elsewhere it is delivered now.
  std::raise(signal);
}

void on_signal(int signal) {
  int expected = kIdle;
  if (g_state.compare_exchange_strong(expected, kEnding)) {
    end_by(signal);
  } else if (expected == kHolding) {
    g_deferred_signal.store(signal);
  }
  // kEnding: another thread is already ending the process.
}

}  // namespace

void install() {
  static std::once_flag once;
  std::call_once(once, [] {
    for (const int signal : kSignals) {
      struct sigaction previous {};
      if (sigaction(signal, nullptr, &previous) != 0) continue;
      // Only a signal whose action is still the default is taken. One ignored on purpose by
      // whoever started ccsim (nohup, a shell's trap '') is left so; one with a handler belongs
      // to whoever embeds ccsim (Python's SIGINT, a fuzzer's SIGALRM timer and SIGABRT crash
      // report), whose handler must go on seeing it: ccsim's own outputs are then removed by
      // their destructors if that handler lets the work stop, or left as FILE.partial pieces.
      if ((previous.sa_flags & SA_SIGINFO) != 0 || previous.sa_handler != SIG_DFL) continue;
      struct sigaction action {};
      action.sa_handler = on_signal;
      action.sa_flags = SA_RESTART;
      sigemptyset(&action.sa_mask);
      sigaction(signal, &action, nullptr);
    }
  });
}

int add_cleanup(const std::string& path) {
  if (path.size() >= PATH_MAX) throw std::runtime_error(path + ": path too long");
  install();
  for (int i = 0; i < kSlots; ++i) {
    int expected = kFree;
    if (!g_slots[i].state.compare_exchange_strong(expected, kFilling)) continue;
    std::memcpy(g_slots[i].path, path.c_str(), path.size() + 1);
    g_slots[i].state.store(kActive, std::memory_order_release);
    return i;
  }
  throw std::runtime_error(path + ": too many outputs at once");
}

void remove_cleanup(int slot) {
  if (slot >= 0 && slot < kSlots) g_slots[slot].state.store(kFree, std::memory_order_release);
}

HeldSignals::HeldSignals() {
  install();
  int expected = kIdle;
  if (!g_state.compare_exchange_strong(expected, kHolding)) {
    // A handler is ending the process: wait for it rather than start anything.
    for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
  }
}

HeldSignals::~HeldSignals() {
  g_state.store(kIdle);
  if (const int signal = g_deferred_signal.exchange(0); signal != 0) {
    int expected = kIdle;
    if (g_state.compare_exchange_strong(expected, kEnding)) end_by(signal);
  }
}

}  // namespace ccsim::output_signals
