// The declarations of the scenario format (format.hpp), one object of the file per accessor:
// what the reader reads by, and what the schema and the docs are written from.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "ccsim/scenario/scenario.hpp"
#include "scenario/format.hpp"

namespace ccsim::format {

// The file-format names of the values of each enumeration, in the order messages list them
// (the enumerations' own order: a name's index is its value).
const std::vector<std::string>& reason_kind_names();
const std::vector<std::string>& channel_names();
const std::vector<std::string>& strategy_names();
const std::vector<std::string>& distribution_names();

// scenario_keys_run.cpp: the file itself, its run keys, arrivals and shorthands.
const Object<Scenario>& scenario_object();
// The form `root` is written in: full as soon as it uses, or misspells, a key that only the full
// form has (at the root or in an object of the root).
Form detect_form(const JsonDocument& root);

// scenario_keys_staffing.cpp: who serves.
const Object<Scenario>& staffing_section();
const Object<AgentGroup>& group_object();
const Object<Bots>& bots_object();
// Contacts of a kind that no group takes would wait until they give up, whatever the staffing.
void check_kinds_taken(JsonChecker& checker, const std::vector<Reason>& reasons,
                       const std::vector<AgentGroup>& groups);

// scenario_keys_population.cpp: who calls and why.
const Object<Scenario>& population_section();
const Object<Segment>& segment_object();
const Object<Reason>& reason_object();
// Why the file needs bots (Reading::bots_needed_by): the scenario's strategy `strategy` (when
// valid) uses bots, else the first segment of `population` whose own valid strategy does.
std::string bots_needed_by(std::optional<Strategy> strategy, const JsonDocument* population);
// The schema's rule of a segment's strategy that uses bots: bots, reasons and every reason's
// bot_handle_s are required, as with routing.strategy.
JsonDocument segment_bots_schema();
// Whether no contact can reach a human: every segment's strategy is bot_only (the scenario's
// `strategy` for a segment without its own). Judged on a valid strategy only.
bool only_bots(std::optional<Strategy> strategy, const std::vector<Segment>& segments);
// The schema's form of only_bots, for a rule that applies unless it holds.
JsonDocument only_bots_schema();

// scenario_keys_behaviour.cpp: routing, and how customers behave and judge.
const Object<Routing>& routing_object();
const Object<Empathy>& empathy_object();
const Object<Returns>& returns_object();
const Object<Callback>& callback_object();
const Object<Chat>& chat_object();
const Object<Frustration>& frustration_object();
const Object<SatisfactionModel>& satisfaction_object();
const Object<ChurnModel>& churn_object();

// scenario_keys_distribution.cpp: the families of distributions, each an object of its keys
// ("dist" first).
struct Family {
  DistKind kind;
  const Object<DistributionSpec>* object;
};
std::span<const Family> distribution_families();

}  // namespace ccsim::format
