// What a scenario uses of the model, as a set of features computed once from the validated
// scenario. The engine is one class template (engine.hpp); an instantiation compiles only the
// features of its set, so the single queue of Erlang's models runs a loop with nothing of the
// customer journey in it, and a scenario runs on the smallest instantiation that has all its
// features. Every rule is written once, in the template.
#pragma once

#include <cstdint>

#include "ccsim/scenario/scenario.hpp"

namespace ccsim {

using FeatureMask = std::uint32_t;

enum Feature : FeatureMask {
  kSegments = 1u << 0,   // more than one segment: a segment per customer, priority classes
  kReasons = 1u << 1,    // more than one reason: a reason per customer, several queues
  kGroups = 1u << 2,     // more than one agent group, overflow, or a group not taking the reason
  kBots = 1u << 3,       // a strategy that sends contacts to a bot
  kChat = 1u << 4,       // chat contacts or agents holding several chats
  kCallbacks = 1u << 5,  // what an announced wait makes customers do: callbacks, balking
  kReturns = 1u << 6,    // retrials and repeats: several contacts per customer
  kEmpathy = 1u << 7,    // frustrated customers or sensitive reasons: empathy needs
  kOutcomes = 1u << 8,   // an agent may leave the need unresolved
  kAssist = 1u << 9,     // agent assist in some group: effects per contact, novices drawn
};

inline constexpr FeatureMask kNoFeatures = 0;
inline constexpr FeatureMask kAllFeatures = (1u << 10) - 1;

// The features `scenario` (in full form, expand_shorthands) uses. Every field of the scenario
// and of its parts is classified in features.cpp, which fails to compile when a field is added
// until the new field is classified too.
FeatureMask features_of(const Scenario& scenario);

// The feature set of an instantiation, as compile-time constants.
template <FeatureMask M>
struct FeatureSet {
  static constexpr FeatureMask mask = M;
  static constexpr bool segments = (M & kSegments) != 0;
  static constexpr bool reasons = (M & kReasons) != 0;
  static constexpr bool groups = (M & kGroups) != 0;
  static constexpr bool bots = (M & kBots) != 0;
  static constexpr bool chat = (M & kChat) != 0;
  static constexpr bool callbacks = (M & kCallbacks) != 0;
  static constexpr bool returns = (M & kReturns) != 0;
  static constexpr bool empathy = (M & kEmpathy) != 0;
  static constexpr bool outcomes = (M & kOutcomes) != 0;
  static constexpr bool assist = (M & kAssist) != 0;
  // Without any feature a customer exists only while queued or just served: the queue holds
  // the customer itself, and nothing is kept per customer elsewhere.
  static constexpr bool lean = M == kNoFeatures;
};

}  // namespace ccsim
