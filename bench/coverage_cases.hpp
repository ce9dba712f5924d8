// The Erlang A systems ccsim_coverage simulates, their exact figures, and a tally of how often
// an interval contains the truth.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ccsim/queueing/erlang.hpp"
#include "ccsim/scenario/scenario.hpp"
#include "ccsim/stats/statistics.hpp"
#include "ccsim/stats/tally.hpp"

namespace ccsim::bench {

// A stationary M/M/n+M queue observed after a warm-up long enough to forget the empty start.
struct ErlangCase {
  std::string name;
  double lambda_per_hour = 0.0;
  double handle_s = 0.0;
  double patience_s = 0.0;
  long agents = 0;
  double warmup_s = 0.0;
  double horizon_s = 0.0;
  double report_interval_s = 0.0;  // 0: one interval over the horizon
  double threshold_s = 20.0;
};

Scenario scenario_of(const ErlangCase& c, std::uint64_t seed, int replications);
ErlangResult exact_of(const ErlangCase& c);

// The metrics compared with the exact figures: their kind, numerator and denominator on a
// replication's counters, and the exact value.
struct CheckedMetric {
  const char* name;
  MetricKind kind;
  double (*x)(const Counters&);
  double (*y)(const Counters&);
  std::optional<double> ErlangResult::*exact;
};
const std::vector<CheckedMetric>& checked_metrics();

// How often an interval missed the truth below it and above it, and its mean width.
struct CoverageTally {
  long tries = 0;
  long below = 0;  // the truth is below the interval (the lower bound missed)
  long above = 0;  // the truth is above the interval (the upper bound missed)
  long none = 0;   // no interval
  double width = 0.0;

  void add(const Estimate& e, double truth);
  double coverage() const;
  double miss_below() const;
  double miss_above() const;
  double mean_width() const;
};

int fixed_coverage(int seeds, int threads);
int one_sided_coverage(int seeds, int replications, int threads);
int precision_coverage(int seeds, int threads);

}  // namespace ccsim::bench
