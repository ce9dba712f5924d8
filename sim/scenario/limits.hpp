// Limits of the scenario format (docs/scenario.md), and the ranges its keys are declared with.
// Each limit is far beyond any contact centre; past it a value stops describing one and becomes
// a numerical hazard: a time so large that adding to it changes nothing (so the clock stops), a
// draw that overflows, a table larger than memory.
#pragma once

#include <cstddef>

#include "ccsim/scenario/json_checker.hpp"
#include "ccsim/scenario/scenario.hpp"
#include "scenario/format.hpp"

namespace ccsim::format {

inline constexpr double kMaxSeconds = 1e9;     // any duration or time: about 32 years
inline constexpr double kMinIntervalS = 60.0;  // a schedule's or the report's interval
inline constexpr double kMaxPerHour = 1e9;     // an arrival rate
inline constexpr int kMaxAgents = 100000;      // agents on duty: a group's, all groups' summed
inline constexpr double kMaxMoney = 1e9;       // a cost per agent-hour or per bot session
inline constexpr double kMaxLogit = 100.0;     // a satisfaction or churn coefficient, either sign
inline constexpr double kMaxFactor = 100.0;    // a multiplier of times (slowdown, handle, patience)
inline constexpr double kMaxCv = 100.0;        // a gamma cv, the day's busyness cv: beyond, draws
                                               // underflow to 0 and the mean sits in the tail
inline constexpr double kMinWeibullShape = 0.1;  // a coefficient of variation of about 430
inline constexpr int kMaxReplications = kMaxScenarioReplications;
// The confidence of the intervals: beyond four nines, Student's t quantile with few replications
// overflows (at 1 - 1e-16 it is infinite) and the intervals stop saying anything.
inline constexpr double kMaxConfidence = 0.9999;
inline constexpr std::size_t kMaxNamedItems = 1000;  // segments, reasons or groups
// Attempts a customer may make, the first included: beyond a few, retrials and repeats stop
// being a model of people and become a loop.
inline constexpr int kMaxAttempts = 16;
// More chats than anyone holds at once; it also bounds the slowdown list a default fills in.
inline constexpr int kMaxConcurrentChats = 100;

// Ranges used throughout the format.
inline const NumberRange kPositive = NumberRange::greater_than(0.0);
inline const NumberRange kNonNegative = NumberRange::at_least(0.0);
inline const NumberRange kProbability = NumberRange::at_least(0.0).at_most(1.0);
inline const NumberRange kPositiveSeconds = kPositive.at_most(kMaxSeconds, "1e9");
inline const NumberRange kNonNegativeSeconds = kNonNegative.at_most(kMaxSeconds, "1e9");
inline const NumberRange kIntervalSeconds =
    NumberRange::at_least(kMinIntervalS).at_most(kMaxSeconds, "1e9");
inline const NumberRange kPerHour = kNonNegative.at_most(kMaxPerHour, "1e9");
inline const NumberRange kMoney = kNonNegative.at_most(kMaxMoney, "1e9");
inline const NumberRange kFactor = kPositive.at_most(kMaxFactor);
inline const NumberRange kCv = kPositive.at_most(kMaxCv);
inline const NumberRange kBusynessCv = kNonNegative.at_most(kMaxCv);
inline const NumberRange kHandleFactor = NumberRange::at_least(1.0).at_most(kMaxFactor);
// Zero: the bot resolves nothing for the segment; above 1 the product is capped at 1.
inline const NumberRange kBotResolutionFactor = kNonNegative.at_most(kMaxFactor);
inline const NumberRange kPatienceFactor = NumberRange::greater_than(0.0).at_most(1.0);
inline const NumberRange kConfidence = NumberRange::greater_than(0.0).at_most(kMaxConfidence);
// Beyond a logit of 100 a probability is 1 to 43 decimals: a larger coefficient says nothing
// more, and sums of huge coefficients of both signs would be undefined (inf - inf).
inline const NumberRange kCoefficient = NumberRange::at_least(-kMaxLogit).at_most(kMaxLogit);

// Values used throughout the format.
inline Value probability() {
  return number(kProbability);
}
inline Value seconds() {
  return number(kNonNegativeSeconds, "s");
}
inline Value interval_seconds() {
  return number(kIntervalSeconds, "s");
}
inline Value money(std::string_view unit) {
  return number(kMoney, unit);
}
inline Value coefficient() {
  return number(kCoefficient, "logit");
}

}  // namespace ccsim::format
