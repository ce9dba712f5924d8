// A validated scenario: the only input of the engine.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "ccsim/scenario/distribution.hpp"
#include "ccsim/scenario/model.hpp"
#include "ccsim/scenario/schedule.hpp"

namespace ccsim {

// The most replications a run may have, whether the file, --replications, --set or
// --max-replications asks: one limit everywhere, refused above it (never cut).
constexpr int kMaxScenarioReplications = 10000;

struct Scenario {
  std::string name;
  std::uint64_t seed = 1;
  int replications = 8;
  double horizon_s = 0.0;  // arrivals stop here; the system then drains
  double warmup_s = 0.0;   // customers who arrive before this are simulated but not counted
  double service_level_threshold_s = 20.0;
  double confidence = 0.95;
  // When the scenario's t = 0 is on the wall clock, in seconds after midnight ("opens_at":
  // "08:00" is 28800): per-interval tables and CSV then label intervals by clock time. Absent:
  // they show the offset from the start. It changes no figure.
  std::optional<double> opens_at_s;
  // ISO 4217 code of every amount of money in the file and the results ("EUR"); empty: unnamed.
  std::string currency;

  Schedule arrivals_per_hour;  // Poisson rate, per hour, by interval
  // Day-level busyness: each replication's rates are multiplied by a gamma factor of mean 1
  // and this coefficient of variation (0: plain Poisson).
  double busyness_cv = 0.0;
  // Width of the by_interval breakdown; 0 means the arrival schedule's interval, or one hour.
  double report_interval_s = 0.0;

  // Shorthands for one segment, one reason and one agent group (the core's minimal scenario).
  // Used when `segments`, `reasons` and `groups` are empty; see expand_shorthands().
  std::optional<DistributionSpec> patience_s;  // absent: customers never abandon
  DistributionSpec human_handle_s;
  Schedule humans;  // agents on duty, by interval
  double humans_cost_per_hour = 0.0;
  // Share of paid time agents are not on the phones (breaks, training, absence), in [0, 1): the
  // agents of the schedules are those on duty, and each is paid 1 / (1 − shrinkage) hours an
  // hour. expand_shorthands folds it into every group's cost_per_hour.
  double shrinkage = 0.0;

  // The full customer-journey model.
  std::vector<Segment> segments;
  std::vector<Reason> reasons;
  std::vector<AgentGroup> groups;
  std::optional<Bots> bots;
  Routing routing;
  Empathy empathy;
  Frustration frustration;
  Returns returns;
  Callback callback;
  Chat chat;
  SatisfactionModel satisfaction;
  ChurnModel churn;
};

// The strategy that routes `segment`'s contacts: its own, else the scenario's routing.strategy.
Strategy strategy_of(const Scenario& scenario, const Segment& segment);
// P(the bot resolves a contact of `reason` from `segment`): the reason's bot_resolution times the
// segment's bot_resolution_factor, at most 1 (a factor of 1 leaves it unchanged to the bit).
double bot_resolution_of(const Segment& segment, const Reason& reason);
// When a customer of `segment` who wants a human asks the bot for one: the segment's own time,
// else the scenario's routing.ask_human_after_s.
double ask_human_after_s_of(const Scenario& scenario, const Segment& segment);
// Whether any contact may meet a bot: the strategy of some segment (of the scenario, without
// segments) is not human_only.
bool uses_bots(const Scenario& scenario);

// The scenario with its shorthands turned into the full form (one segment "all", one reason
// "default" of kind simple, one group "humans"), and its shrinkage folded into the groups' cost
// per hour of duty (cost_per_hour / (1 − shrinkage); shrinkage is then 0, so expanding twice
// changes nothing). The engine and the results only ever see the full form.
Scenario expand_shorthands(const Scenario& scenario);

// Every problem found in a scenario file, one line each: "FILE: /json/pointer: expected …, got …".
class ScenarioError : public std::runtime_error {
 public:
  explicit ScenarioError(std::vector<std::string> problems);
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::vector<std::string> problems_;
};

// The path that names standard input, and how messages then name it.
inline constexpr std::string_view kStdinPath = "-";
inline constexpr std::string_view kStdinLabel = "<stdin>";

// A top-level key of the scenario given on the command line (--seed, --replications,
// --confidence) or by a keyword of the Python module. The text is read as JSON (so 10 and 1e23
// are numbers, and 0x10 is the string "0x10") and checked by the same rule as the file's own
// value: a value is valid from a flag exactly when it would be valid in the file.
struct ScenarioOverride {
  std::string key;   // "seed"
  std::string flag;  // "--seed": names the value in messages instead of FILE: /seed
  std::string text;  // as typed
};

// Reads and validates a scenario file ("-": standard input, "<stdin>" in messages). The whole
// file is checked before anything runs: on any problem, throws ScenarioError listing all of
// them, each line starting with the path. The overrides replace the file's values before it is
// checked (the file's own values are checked too); their problems read "FLAG: expected …, got …".
Scenario load_scenario_file(const std::string& path,
                            const std::vector<ScenarioOverride>& overrides = {});
// The two halves of load_scenario_file, for a caller that also needs the text (to write a
// changed copy of the file) and must read standard input only once: the text of the file
// ("-": standard input), at most kMaxScenarioFileBytes, throwing ScenarioError as
// load_scenario_file does; and that text loaded as load_scenario_file loads it (same messages,
// named after the file's stem).
std::string read_scenario_text(const std::string& path);
Scenario load_scenario_text(std::string text, const std::string& path,
                            const std::vector<ScenarioOverride>& overrides = {});
// Checks values given apart from any file (the Python module's keywords) by the file's rules;
// throws ScenarioError, one line per problem: "FLAG: expected …, got …".
void check_overrides(const std::vector<ScenarioOverride>& overrides);
// The most bytes a scenario file may have: past this, a device or a huge file of the wrong kind
// is refused before it exhausts memory.
constexpr std::size_t kMaxScenarioFileBytes = std::size_t{64} << 20;
// The same from text already in memory (tests, the fuzzer); `file_label` is used in messages.
// The text is freed once parsed: move a large one in.
Scenario parse_scenario(std::string text, const std::string& file_label,
                        const std::vector<ScenarioOverride>& overrides = {});

}  // namespace ccsim
