#include "progress.hpp"

#include <unistd.h>
#include <cstdio>

namespace ccsim::cli {

namespace {
constexpr auto kRedrawPeriod = std::chrono::milliseconds(200);
constexpr int kBarWidth = 30;
}  // namespace

Progress::Progress(std::string what, int total)
    : enabled_(::isatty(STDERR_FILENO) == 1),
      what_(std::move(what)),
      total_(total),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

Progress::~Progress() {
  if (enabled_ && drawn_) std::fputs("\r\033[K", stderr);
}

void Progress::update(int done) {
  if (!enabled_) return;
  std::lock_guard lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  if (done < total_ && now - last_draw_ < kRedrawPeriod) return;
  last_draw_ = now;
  draw(done);
}

void Progress::update(int done, long long replications) {
  if (!enabled_) return;
  {
    std::lock_guard lock(mutex_);
    replications_ = replications;
  }
  update(done);
}

void Progress::update(const std::string& status, std::optional<double> eta_s) {
  if (!enabled_) return;
  std::lock_guard lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < kRedrawPeriod) return;
  last_draw_ = now;
  std::fprintf(stderr, "\r\033[K%s: %s  ETA ", what_.c_str(), status.c_str());
  if (eta_s) {
    std::fprintf(stderr, "%.0f s", *eta_s);
  } else {
    std::fputs("not known yet", stderr);
  }
  std::fflush(stderr);
  drawn_ = true;
}

void Progress::draw(int done) {
  const double elapsed_s = std::chrono::duration<double>(last_draw_ - start_).count();
  const double fraction = total_ > 0 ? static_cast<double>(done) / total_ : 1.0;
  const int filled = static_cast<int>(fraction * kBarWidth);
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.resize(kBarWidth, '.');
  const double rate = elapsed_s > 0.0 ? done / elapsed_s : 0.0;
  const double eta_s = rate > 0.0 ? (total_ - done) / rate : 0.0;
  std::fprintf(stderr, "\r\033[K%s [%s] %d/%d  %.1f/s", what_.c_str(), bar.c_str(), done, total_,
               rate);
  if (replications_ >= 0) {
    std::fprintf(stderr, "  %.1f replications/s",
                 elapsed_s > 0.0 ? static_cast<double>(replications_) / elapsed_s : 0.0);
  }
  std::fprintf(stderr, "  ETA %.0f s", eta_s);
  std::fflush(stderr);
  drawn_ = true;
}

}  // namespace ccsim::cli
