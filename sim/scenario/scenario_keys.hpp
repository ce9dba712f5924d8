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

// scenario_keys_behaviour.cpp: routing, and how customers behave and judge.
const Object<Routing>& routing_object();
const Object<Empathy>& empathy_object();
const Object<Returns>& returns_object();
const Object<Callback>& callback_object();
const Object<Chat>& chat_object();
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
