// When customers arrive: the engine's one source of arrival times.
#pragma once

#include <cstdint>
#include <limits>

#include "ccsim/scenario/schedule.hpp"

namespace ccsim {

// A non-homogeneous Poisson process: the scenario's piecewise-constant rates times the
// replication's busyness factor. The next arrival after `from` is found by inverting the
// cumulative rate, spending one unit-exponential draw across intervals until it is used up:
// exact for a piecewise-constant rate, and one draw per customer whatever the schedule, so
// scenarios that differ only in their rates still see the same customers.
//
// The engine asks for one arrival at a time and owns nothing of the process but this object,
// so another source of arrivals (a logged day replayed instant by instant) takes its place
// without touching any rule of what happens to a customer once arrived.
class ArrivalProcess {
 public:
  ArrivalProcess(const Schedule& per_hour, double rate_factor, double horizon_s);

  // The first arrival after `from` given a unit-exponential draw; at or past the horizon (the
  // caller then schedules nothing) when there is none before it.
  [[gnu::always_inline]] inline double next_after(double from, double unit_exponential) {
    if (constant_rate_per_s_ > 0.0) [[likely]] {
      // What the walk computes when the schedule has no boundary and a positive rate: the room
      // to the next boundary is infinite, so it returns at once (and `from` at or past the
      // horizon gives a time at or past it, as the walk's "never" is).
      return from + unit_exponential / constant_rate_per_s_;
    }
    return walk(from, unit_exponential);
  }

 private:
  double walk(double from, double remaining);

  const Schedule& per_hour_;
  double rate_factor_;
  double horizon_s_;
  // A constant positive rate (the usual case) skips the walk; 0 when the rate varies or is 0.
  double constant_rate_per_s_ = 0.0;
  // The walk's rate and next boundary depend on t only through its slot, floor(t / interval_s)
  // (Schedule::index_at and next_change_after): computed once per slot the walk enters, by those
  // functions, and reused while arrivals stay in it. NaN before the first (no slot equals it).
  double slot_ = std::numeric_limits<double>::quiet_NaN();
  double slot_rate_per_s_ = 0.0;
  double slot_boundary_s_ = 0.0;
};

}  // namespace ccsim
