#include "row_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <thread>

namespace ccsim::cli {

namespace {

// Appends and termination signals exclude each other through one word: idle, appending, or
// ending. A handler that finds the file idle ends the process at once; one that finds an append
// in progress leaves the signal for the appender to re-raise when its line is complete.
constexpr int kIdle = 0;
constexpr int kAppending = 1;
constexpr int kEnding = 2;
std::atomic<int> g_state{kIdle};
std::atomic<int> g_deferred_signal{0};
static_assert(std::atomic<int>::is_always_lock_free, "used from signal handlers");

constexpr int kHeldSignals[] = {SIGINT, SIGTERM};
struct sigaction g_previous[2];

// Ends the process as `signal` would have without the handler.
void end_by(int signal) {
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

void on_termination_signal(int signal) {
  int expected = kIdle;
  if (g_state.compare_exchange_strong(expected, kEnding)) {
    end_by(signal);  // delivered when this handler returns
    return;
  }
  g_deferred_signal.store(signal);
}

void install_handlers() {
  struct sigaction action {};
  action.sa_handler = on_termination_signal;
  sigemptyset(&action.sa_mask);
  for (int i = 0; i < 2; ++i) sigaction(kHeldSignals[i], &action, &g_previous[i]);
}

void restore_handlers() {
  for (int i = 0; i < 2; ++i) sigaction(kHeldSignals[i], &g_previous[i], nullptr);
}

std::runtime_error failure(const std::string& path, const char* what) {
  return std::runtime_error(path + ": cannot " + what + ": " + std::strerror(errno));
}

}  // namespace

RowFile::RowFile(std::string path, std::size_t keep_bytes) : path_(std::move(path)) {
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw failure(path_, "open");
  if (::ftruncate(fd_, static_cast<off_t>(keep_bytes)) != 0 || ::lseek(fd_, 0, SEEK_END) < 0) {
    const std::runtime_error error = failure(path_, "truncate");
    ::close(fd_);
    throw error;
  }
  g_state.store(kIdle);
  install_handlers();
}

RowFile::~RowFile() {
  if (fd_ >= 0) ::close(fd_);
  restore_handlers();
}

void RowFile::append(std::string_view lines) {
  int expected = kIdle;
  if (!g_state.compare_exchange_strong(expected, kAppending)) {
    // A handler is ending the process: wait for it rather than start a line.
    for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  const char* data = lines.data();
  std::size_t left = lines.size();
  int error = 0;
  while (left > 0) {
    const ssize_t written = ::write(fd_, data, left);
    if (written < 0) {
      if (errno == EINTR) continue;
      error = errno;
      break;
    }
    data += written;
    left -= static_cast<std::size_t>(written);
  }
  g_state.store(kIdle);
  if (const int signal = g_deferred_signal.exchange(0); signal != 0) end_by(signal);
  if (error != 0) {
    errno = error;
    throw failure(path_, "write");
  }
}

void RowFile::publish(const std::string& final_path) {
  const bool synced = ::fsync(fd_) == 0;
  const int closed = ::close(fd_);
  fd_ = -1;
  if (!synced || closed != 0) throw failure(path_, "flush");
  if (std::rename(path_.c_str(), final_path.c_str()) != 0) throw failure(final_path, "write");
}

}  // namespace ccsim::cli
