// Merged results of all replications of a scenario.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "ccsim/scenario/scenario.hpp"
#include "ccsim/stats/statistics.hpp"
#include "ccsim/stats/tally.hpp"

namespace ccsim {

// Named estimates in a fixed, documented order (docs/metrics.md).
using MetricSet = std::vector<std::pair<std::string, Estimate>>;

// Everything that may differ between two runs of the same scenario and seed, and nothing else.
struct RunInfo {
  double wall_s = 0.0;
  double customers_per_s = 0.0;
  int threads = 1;
  std::string version;
};

struct IntervalResult {
  double start_s = 0.0;
  MetricSet metrics;  // the contact metrics, plus queue_length, busy_agents, busy_bots
};

struct Results {
  static constexpr int kSchemaVersion = 1;
  std::string scenario;
  int replications = 0;
  double confidence = 0.95;
  std::optional<double> opens_at_s;  // the scenario's opens_at, for clock-time labels
  std::string currency;              // the scenario's, of every amount (empty: unnamed)
  std::uint64_t customers = 0;       // arrivals simulated over all replications, warm-up included
  MetricSet metrics;
  std::vector<std::pair<std::string, MetricSet>> by_segment;
  std::vector<std::pair<std::string, MetricSet>> by_reason_kind;
  std::vector<IntervalResult> by_interval;
  RunInfo run_info;

  const Estimate& metric(const std::string& name) const;
  const MetricSet& segment(const std::string& name) const;
};

const Estimate& find_metric(const MetricSet& set, const std::string& name);

// A metric as per-replication parts: a ratio of totals sum(x) / sum(y), or (ratio false) the
// mean of x over replications. Paired comparisons between scenarios use the parts.
struct MetricParts {
  bool ratio = true;
  MetricKind kind = MetricKind::unbounded;
  std::vector<double> x;
  std::vector<double> y;
  // `n` as reported when it is not the total of y: replications, for time ratios.
  std::optional<std::uint64_t> n;
};

struct CounterMetric {
  const char* name;
  MetricKind kind;
  std::function<double(const Counters&)> x;
  std::function<double(const Counters&)> y;  // null: a per-replication mean of x
};
const std::vector<CounterMetric>& counter_metric_defs();
Estimate estimate_of(const MetricParts& parts, double confidence);
// The same from running sums (y all 1 when not a ratio); n counts replications when
// `n_is_replications` (MetricParts::n given), else it is the total of y.
Estimate estimate_of(const RatioMoments& moments, bool ratio, MetricKind kind,
                     bool n_is_replications, double confidence);

// Appends one replication's parts (x and y of one value each, as made from one tally) to `into`
// (empty: takes them as they are); an `n` that counts replications counts them all.
void append_parts(std::vector<std::pair<std::string, MetricParts>>& into,
                  std::vector<std::pair<std::string, MetricParts>> one);

// The counter metrics (counter_metric_defs) of per-replication counters, in their order.
std::vector<std::pair<std::string, MetricParts>> counter_metric_parts(
    std::span<const Counters> per_replication);

// The overall metrics that have per-replication parts (all but the wait percentile).
std::vector<std::pair<std::string, MetricParts>> overall_metric_parts(
    std::span<const Tally> tallies);

// The time reported interval `interval` (of `intervals`, width report_interval_s) covers within
// the horizon, summed over the days folded onto it (the last one may be cut by the horizon).
// `scenario` in full form.
double reported_interval_length_s(const Scenario& scenario, std::size_t interval,
                                  std::size_t intervals);

// Merges per-replication tallies in index order (so the sums, and every figure, are the same
// whatever the thread count) into the reported metrics: ResultsAccumulator fed every tally.
Results merge_tallies(const Scenario& scenario, std::span<const Tally> tallies, double confidence);

}  // namespace ccsim
