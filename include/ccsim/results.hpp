// Merged results of all replications of a scenario.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "ccsim/statistics.hpp"
#include "ccsim/tally.hpp"

namespace ccsim {

// Everything that may differ between two runs of the same scenario and seed, and nothing else.
struct RunInfo {
  double wall_s = 0.0;
  double customers_per_s = 0.0;
  int threads = 1;
  std::string version;
};

struct Results {
  static constexpr int kSchemaVersion = 1;
  std::string scenario;
  int replications = 0;
  double confidence = 0.95;
  std::uint64_t customers = 0;  // arrivals simulated over all replications, warm-up included
  std::vector<std::pair<std::string, Estimate>> metrics;  // in a fixed, documented order
  RunInfo run_info;

  const Estimate& metric(const std::string& name) const;
};

// Merges per-replication tallies in index order (so the sums, and every figure, are the same
// whatever the thread count) into the reported metrics.
Results merge_tallies(const std::string& scenario_name, std::span<const Tally> tallies,
                      double confidence);

}  // namespace ccsim
