#include "engine/arrival_process.hpp"

#include <cmath>

namespace ccsim {

namespace {

constexpr double kSecondsPerHour = 3600.0;
constexpr double kForever = std::numeric_limits<double>::infinity();

}  // namespace

ArrivalProcess::ArrivalProcess(const Schedule& per_hour, double rate_factor, double horizon_s)
    : per_hour_(per_hour), rate_factor_(rate_factor), horizon_s_(horizon_s) {
  // No boundary after 0 means none ever: the rate in force at 0 holds for the whole run.
  if (!per_hour.values.empty() && per_hour.next_change_after(0.0) == kForever) {
    const double rate_per_s = per_hour.at(0.0) * rate_factor / kSecondsPerHour;
    constant_rate_per_s_ = rate_per_s > 0.0 ? rate_per_s : 0.0;
  }
}

double ArrivalProcess::walk(double from, double remaining) {
  double t = from;
  while (t < horizon_s_) {
    const double slot = std::floor(t / per_hour_.interval_s);
    if (slot != slot_) {
      slot_ = slot;
      slot_rate_per_s_ = per_hour_.at(t) * rate_factor_ / kSecondsPerHour;
      slot_boundary_s_ = per_hour_.next_change_after(t);
    }
    const double rate_per_s = slot_rate_per_s_;
    const double boundary = slot_boundary_s_;
    const double room = rate_per_s * (boundary - t);
    if (remaining < room) return t + remaining / rate_per_s;
    if (boundary == kForever) break;  // a constant zero rate: no more arrivals
    remaining -= room;
    t = boundary;
  }
  return kForever;
}

}  // namespace ccsim
