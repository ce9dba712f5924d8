// Results merged as replications end: each replication's tally is added, in replication order,
// to running sums whose size does not depend on the replication count, and the tally can go.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "ccsim/scenario/scenario.hpp"
#include "ccsim/stats/money.hpp"
#include "ccsim/stats/results.hpp"
#include "ccsim/stats/statistics.hpp"
#include "ccsim/stats/tally.hpp"
#include "ccsim/stats/wait_histogram.hpp"

namespace ccsim {

// The running sums of named metrics, in the order of the parts they were made from.
class MetricSums {
 public:
  MetricSums() = default;
  // The names and kinds of `parts` (made from no tally: empty x and y).
  explicit MetricSums(const std::vector<std::pair<std::string, MetricParts>>& parts);

  // One replication's parts (x and y of one value each), in the constructor's order.
  void add(const std::vector<std::pair<std::string, MetricParts>>& one);
  // One replication's counters, for sums made from counter_metric_parts().
  void add(const Counters& counters);
  // One value of the metric at `index`.
  void add(std::size_t index, double x, double y) { sums_[index].moments.add(x, y); }

  MetricSet estimates(double confidence) const;

 private:
  struct Sum {
    std::string name;
    bool ratio = true;
    MetricKind kind = MetricKind::unbounded;
    bool n_is_replications = false;  // MetricParts::n given: n counts replications
    RatioMoments moments;
  };
  std::vector<Sum> sums_;
};

class ResultsAccumulator {
 public:
  explicit ResultsAccumulator(const Scenario& scenario);

  // The next replication's tally: replication r is added after r - 1, so every sum, and every
  // figure, is the same at any thread or process count.
  void add(const Tally& tally);
  int replications() const { return replications_; }

  // The results of the replications added so far (any number of times, between adds).
  Results results(double confidence) const;

 private:
  Scenario scenario_;  // full form
  MoneyModel money_;
  int replications_ = 0;
  std::uint64_t customers_ = 0;
  MetricSums overall_;
  MetricSums money_sums_;
  WaitHistogram pooled_waits_;
  RatioMoments wait_quantiles_;  // the per-replication quantiles of replications with waits
  std::vector<MetricSums> segments_;
  std::vector<MetricSums> kinds_;
  std::vector<MetricSums> intervals_;  // sized by the first tally
  std::vector<double> interval_length_s_;
};

}  // namespace ccsim
