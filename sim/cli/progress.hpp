// A one-line progress report on stderr, shown only when stderr is a terminal.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>

namespace ccsim::cli {

class Progress {
 public:
  Progress(std::string what, int total);
  ~Progress();
  // Thread-safe; redraws at most a few times per second.
  void update(int done);
  // The same, also showing the rate of a second count (a sweep's replications, under its points).
  void update(int done, long long replications);
  // A status line of its own with the time left as the caller estimates it (none: not known
  // yet): "what: status  ETA 41 s".
  void update(const std::string& status, std::optional<double> eta_s);

 private:
  void draw(int done);

  bool enabled_;
  std::string what_;
  int total_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  std::mutex mutex_;
  bool drawn_ = false;
  long long replications_ = -1;  // negative: not shown
};

}  // namespace ccsim::cli
