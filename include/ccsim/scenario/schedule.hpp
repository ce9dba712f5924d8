// Piecewise-constant inputs over time: {"interval_s": 1800, "<name>": [..]}.
#pragma once

#include <cstddef>
#include <vector>

namespace ccsim {

// A value per interval of `interval_s` seconds starting at t = 0. The list repeats when the
// horizon is longer than it (a one-day schedule serves a week). A constant is one value.
struct Schedule {
  double interval_s = 0.0;  // 0 means constant: values.size() == 1
  std::vector<double> values;

  static Schedule constant(double value) { return Schedule{0.0, {value}}; }
  bool is_constant() const { return values.size() == 1; }

  // Index into `values` in force at time t (t >= 0).
  std::size_t index_at(double t) const;
  double at(double t) const { return values[index_at(t)]; }
  // The first interval boundary strictly after t, or +infinity for a constant schedule.
  double next_change_after(double t) const;
};

}  // namespace ccsim
