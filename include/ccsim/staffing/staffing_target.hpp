// Staffing targets, "service_level>=0.8", and the metrics they may name.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ccsim/stats/statistics.hpp"

namespace ccsim {

enum class TargetOp { at_least, at_most };  // ">=", "<="

std::string_view to_string(TargetOp op);

// A metric a target may name, with the direction in which more agents move it: a target must
// ask for that direction (service_level>=…, abandon_rate<=…), so that the fewest agents meeting
// it is a meaningful question.
struct TargetMetric {
  std::string name;
  TargetOp op = TargetOp::at_most;
  bool share = false;  // a value in [0, 1]; otherwise a value >= 0 (seconds, customers)
  MetricKind kind = MetricKind::non_negative;  // the scale of its interval (statistics.hpp)
};

// The metrics of the exact Erlang formulas (`ccsim erlang --target`).
std::span<const TargetMetric> erlang_target_metrics();
// The per-interval metrics of a simulation (`ccsim staff --target`): the Erlang ones plus the
// customer-journey metrics that staffing moves.
std::span<const TargetMetric> simulation_target_metrics();
// The simulation target metric named `name`; throws std::out_of_range for another name.
const TargetMetric& simulation_target_metric(std::string_view name);

struct Target {
  std::string metric;
  TargetOp op = TargetOp::at_least;
  double value = 0.0;

  // "service_level>=0.8"
  std::string text() const;
  // Whether `value` meets the target.
  bool met_by(double observed) const {
    return op == TargetOp::at_least ? observed >= value : observed <= value;
  }
  // The end of a confidence interval a target is judged on: the lower bound for >=, the upper
  // bound for <=. nullopt when the estimate has no interval.
  std::optional<double> bound(const Estimate& estimate) const {
    return op == TargetOp::at_least ? estimate.ci_low : estimate.ci_high;
  }
};

// Parses "METRIC>=VALUE" or "METRIC<=VALUE" against `allowed`. On a problem returns nullopt and
// sets `problem` to "expected …, got …" (with a did-you-mean for a misspelt metric).
std::optional<Target> parse_target(std::string_view text, std::span<const TargetMetric> allowed,
                                   std::string& problem);

}  // namespace ccsim
