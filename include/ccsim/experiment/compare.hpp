// Side-by-side comparison of scenarios run with the same seed: each metric's value in every
// scenario and its paired difference from the first.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "ccsim/scenario/scenario.hpp"
#include "ccsim/stats/money.hpp"
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

// What a comparison keeps of one scenario's run: per replication, the x and y of each metric it
// compares (overall, and each segment's when by segment), added as each replication ends — a
// few hundred bytes a replication where its tally is tens of kilobytes. A paired difference's
// interval needs every replication's residual at the final ratios, so these values are kept.
class ComparedRun {
 public:
  ComparedRun(const Scenario& scenario, bool by_segment);
  void add(const Tally& tally);  // the next replication's
  int replications() const { return replications_; }
  const std::vector<std::pair<std::string, MetricParts>>& overall() const { return overall_; }
  // Segment `name`'s parts, or nullptr when the scenario has no such segment.
  const std::vector<std::pair<std::string, MetricParts>>* segment(const std::string& name) const;

 private:
  Scenario scenario_;  // full form
  MoneyModel money_;
  int replications_ = 0;
  // Appends `parts` then `money` (one replication's, or none to name them) to `into`.
  static void add_to(std::vector<std::pair<std::string, MetricParts>> parts,
                     std::vector<std::pair<std::string, MetricParts>> money,
                     std::vector<std::pair<std::string, MetricParts>>& into);
  std::vector<std::pair<std::string, MetricParts>> overall_;
  std::vector<std::vector<std::pair<std::string, MetricParts>>> segments_;
};

// runs[i] is scenario i's run, replication r of every scenario seeded alike.
Comparison compare_runs(const std::vector<Scenario>& scenarios,
                        const std::vector<ComparedRun>& runs, double confidence, bool by_segment);
// The same from every replication's tally: `tallies[i]` are scenario i's replications.
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
