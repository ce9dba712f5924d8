// Side-by-side comparison of scenarios run with the same seed: each metric's value in every
// scenario and its paired difference from the first.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "ccsim/stats/results.hpp"
#include "ccsim/scenario/scenario.hpp"

namespace ccsim {

struct ComparedMetric {
  std::string name;
  std::vector<Estimate> values;       // one per scenario
  std::vector<Estimate> differences;  // scenario i minus scenario 0; [0] is empty
};

struct Comparison {
  std::vector<std::string> scenarios;
  double confidence = 0.95;
  int replications = 0;
  std::vector<ComparedMetric> metrics;  // overall
  // By segment: present when the scenarios share their segment names.
  std::vector<std::pair<std::string, std::vector<ComparedMetric>>> by_segment;
};

// `tallies[i]` are scenario i's replications, replication r of every scenario seeded alike.
Comparison compare_runs(const std::vector<Scenario>& scenarios,
                        const std::vector<std::vector<Tally>>& tallies, double confidence,
                        bool by_segment);

nlohmann::json to_json(const Comparison& comparison);
void write_table(std::ostream& out, const Comparison& comparison);

}  // namespace ccsim
