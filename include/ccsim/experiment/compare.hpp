// Side-by-side comparison of scenarios run with the same seed: each metric's value in every
// scenario and its paired difference from the first.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "ccsim/scenario/scenario.hpp"
#include "ccsim/stats/results.hpp"

namespace ccsim {

struct ComparedMetric {
  std::string name;
  std::vector<Estimate> values;       // one per scenario
  std::vector<Estimate> differences;  // scenario i minus scenario 0; [0] is empty
};

// A comparison at equal service (`compare --staff-to`): every scenario staffed to the same
// targets by the staffing search before it was run.
struct EqualService {
  std::vector<std::string> targets;       // "service_level>=0.8", …
  std::optional<double> risk;             // with a risk guarantee (--risk)
  bool joint = false;                     // … over every interval of a day together
  std::string guarantee;                  // the sentence StaffResult::guarantee_statement() gives
  double interval_s = 0.0;                // of the schedules
  std::vector<std::vector<long>> agents;  // per scenario, per interval: agents on duty
  std::vector<std::vector<long>> heads;   // … and heads scheduled (the shrinkage's)
};

struct Comparison {
  std::vector<std::string> scenarios;
  double confidence = 0.95;
  int replications = 0;
  std::vector<ComparedMetric> metrics;  // overall
  // By segment: each segment every scenario has, matched by name.
  std::vector<std::pair<std::string, std::vector<ComparedMetric>>> by_segment;
  std::optional<EqualService> equal_service;
};

// "service_level>=0.8 and abandon_rate<=0.05", and the guarantee's short name ("expected",
// "risk 0.05 per interval", "risk 0.05 per day"): how a table or a CSV row says it.
std::string equal_service_targets(const EqualService& equal);
std::string equal_service_guarantee(const EqualService& equal);

// `tallies[i]` are scenario i's replications, replication r of every scenario seeded alike.
Comparison compare_runs(const std::vector<Scenario>& scenarios,
                        const std::vector<std::vector<Tally>>& tallies, double confidence,
                        bool by_segment);

// How a comparison names each scenario: its name, or, when two scenarios share one, the name
// and its source ("erlang-a (b.json)"); still equal labels are numbered. Never one entry for two
// scenarios. `sources` may be empty (then the position stands for the source).
std::vector<std::string> comparison_labels(const std::vector<Scenario>& scenarios,
                                           const std::vector<std::string>& sources);

// Why a breakdown by segment cannot be made: the scenarios (named by `labels` in the message) do
// not have the same segment names, in whatever order. nullopt when they do.
std::optional<std::string> segment_names_differ(const std::vector<Scenario>& scenarios,
                                                const std::vector<std::string>& labels);

nlohmann::json to_json(const Comparison& comparison);
void write_table(std::ostream& out, const Comparison& comparison);

}  // namespace ccsim
