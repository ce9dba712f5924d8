// Readers of the parts of a scenario file. Each takes the key holding its part, reports a
// missing required key, checks every key inside and returns the part only when all is valid.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ccsim/scenario/distribution.hpp"
#include "ccsim/scenario/json_checker.hpp"
#include "ccsim/scenario/model.hpp"
#include "ccsim/scenario/scenario.hpp"
#include "ccsim/scenario/schedule.hpp"

namespace ccsim::scenario_readers {

// Where a distribution is used decides whether a zero mean makes sense: zero patience is a
// customer who leaves at once (Erlang B), but a zero handle time is a mistake.
enum class ZeroMean { allowed, forbidden };

// The two forms of the file format. The minimal form is the Erlang scenario (one queue, one
// pool of humans); the full form adds the customer-journey model. Unknown-key messages list
// the keys of the form a file is written in, so that someone writing a minimal scenario is not
// shown two dozen keys they do not need; see detect_form().
enum class Form { minimal, full };

// Shapes shown to users whose value is not even of the right kind.
inline constexpr std::string_view kDistributionShape =
    R"(a distribution object like {"dist": "exponential", "mean": 60})";
inline constexpr std::string_view kAgentsShape =
    R"(an integer in [0, 100000] or an object like {"interval_s": 1800, "agents": [50, 60]})";
inline constexpr std::string_view kReasonsShape =
    R"(a non-empty list of reason objects like {"name": "billing", "human_handle_s": )"
    R"({"dist": "exponential", "mean": 300}})";
inline constexpr std::string_view kPopulationShape =
    R"(an object like {"segments": [{"name": "all", "reasons": {"billing": 1}}]})";

// Limits of the format (docs/scenario.md). Each is far beyond any contact centre; past it a
// value stops describing one and becomes a numerical hazard: a time so large that adding to it
// changes nothing (so the clock stops), a draw that overflows, a table larger than memory.
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

// Every value of each enumeration, in the order messages list their names.
inline constexpr std::array kAllReasonKinds = {ReasonKind::simple, ReasonKind::complex,
                                               ReasonKind::sensitive};
inline constexpr std::array kAllChannels = {Channel::voice, Channel::chat};
inline constexpr std::array kAllStrategies = {Strategy::human_only, Strategy::bot_only,
                                              Strategy::bot_first, Strategy::triage,
                                              Strategy::choice};

// Parts read together with something the caller needs whatever else is wrong.
struct Arrivals {
  Schedule per_hour;
  double busyness_cv = 0.0;
};
struct Staffing {
  Schedule humans;  // the shorthand, or empty when groups are given
  double humans_cost_per_hour = 0.0;
  std::vector<AgentGroup> groups;
};
struct Reasons {
  std::optional<std::vector<Reason>> reasons;  // when every reason is valid
  // Every reason's name, when every name is valid even if something else is not: a segment's
  // reason mix can then still be checked against them.
  std::optional<std::vector<std::string>> names;
};

// --- scenario_fields.cpp: generic checks.

enum class Need { optional, required };

// Reads the keys of one object into the members of a part, keeping the member's default when
// an optional key is absent, and remembers whether every value was valid.
class PartReader {
 public:
  explicit PartReader(ObjectReader& object) : object_(&object), valid_(object.is_object()) {}

  ObjectReader& object() const { return *object_; }
  JsonChecker& checker() const { return object_->checker(); }
  bool valid() const { return valid_; }
  void invalidate() { valid_ = false; }

  void number(std::string_view key, const NumberRange& range, double& target,
              Need need = Need::optional);
  void probability(std::string_view key, double& target) { number(key, kProbability, target); }
  void boolean(std::string_view key, bool& target);
  void distribution(std::string_view key, ZeroMean zero_mean, DistributionSpec& target,
                    Need need = Need::optional);
  void distribution(std::string_view key, ZeroMean zero_mean,
                    std::optional<DistributionSpec>& target);
  template <typename T>
  void integer(std::string_view key, T min, T max, T& target, Need need = Need::optional) {
    const Field field = this->field(key, need);
    take(field, field.integer<T>(min, max), target);
  }
  // Stores a value of `field` read by other means; a field present but invalid makes the part
  // invalid (a missing required one already did, in field()).
  template <typename T>
  void take(const Field& field, std::optional<T> value, T& target) {
    if (value) {
      target = std::move(*value);
    } else if (field.present()) {
      valid_ = false;
    }
  }
  // Declares `key` and returns it; the caller reads it, which reports it when required and
  // missing.
  Field field(std::string_view key, Need need = Need::optional);

 private:
  ObjectReader* object_;
  bool valid_;
};

// An object part: `read(part, value)` reads its keys into a default T; the unknown keys are
// then reported. The part is returned only when all is valid.
template <typename T, typename Read>
std::optional<T> read_part(const Field& field, std::string_view shape, Read read) {
  const JsonDocument* json = field.get(shape);
  if (json == nullptr) return std::nullopt;
  ObjectReader object(field.checker(), *json, field.where(), shape);
  PartReader part(object);
  T value{};
  read(part, value);
  object.reject_unknown_keys();
  return part.valid() ? std::optional<T>(std::move(value)) : std::nullopt;
}

// The file-format names of the values of an enumeration, for JsonChecker::choice.
const std::vector<std::string>& reason_kind_names();
const std::vector<std::string>& channel_names();
const std::vector<std::string>& strategy_names();

// true or false.
std::optional<bool> read_bool(const Field& field);
// Reports at `where` unless `total` is 1 within a rounding tolerance: "expected WHAT summing
// to 1, got TOTAL". Shares and mixes are rejected, never normalised: one that does not add up
// is more often a typo than an intent.
bool check_sums_to_one(JsonChecker& checker, const JsonPath& where, std::string_view what,
                       double total);
// Reports `name` at `where` when an earlier item of the list (`earlier`, by position) has it:
// "expected a name no other NOUN has, got "X", already the name of NOUN I".
bool check_unique_name(JsonChecker& checker, const JsonPath& where, const std::string& name,
                       std::span<const std::optional<std::string>> earlier, std::string_view noun);
// Index of `name` in `names`; otherwise reports "expected one of the NOUNs A, B, got unknown
// NOUN "X" (did you mean "Y"?)".
std::optional<std::size_t> find_name(JsonChecker& checker, const JsonPath& where,
                                     const std::string& name, std::span<const std::string> names,
                                     std::string_view noun);
// Reports a list of more than kMaxNamedItems NOUN ("segments") at `where`; a value that is not
// a list passes (its reader reports it).
bool check_list_size(JsonChecker& checker, const JsonDocument& list, const JsonPath& where,
                     std::string_view noun);
// Every element's "name" when each is a non-empty string (they are checked properly by the
// element's reader); otherwise nullopt. Lets one element refer to a later one.
std::optional<std::vector<std::string>> peek_names(const JsonDocument& list);

// --- scenario_readers.cpp: distributions, arrivals, agent schedules, documentation.

// {"dist": NAME, ...}, the other keys depending on NAME.
std::optional<DistributionSpec> read_distribution(const Field& field, ZeroMean zero_mean);
// A schedule's list against the horizon (when the horizon is valid): it covers the horizon
// once, every value in force for some time before it, or it repeats a whole number of times
// within it. A list of one value is a constant and always fits. Reports at `where` otherwise.
bool check_schedule_span(JsonChecker& checker, const JsonPath& where, const Schedule& schedule,
                         std::optional<double> horizon_s);
// {"per_hour": R} or {"interval_s": S, "per_hour": [R0, R1, ...]}, and in the full form
// "busyness_cv". The schedule is checked against `horizon_s`.
std::optional<Arrivals> read_arrivals(const Field& field, Form form,
                                      std::optional<double> horizon_s);
// F or {"interval_s": S, "factors": [F0, F1, ...]}, multipliers in (0, 100], checked against
// `horizon_s`.
std::optional<Schedule> read_factors(const Field& field, std::optional<double> horizon_s);
// N or {"interval_s": S, "agents": [N0, N1, ...]}, checked against `horizon_s`.
std::optional<Schedule> read_agents(const Field& field, std::optional<double> horizon_s);
// Documentation (a string or a list of strings): checked, then ignored.
void check_free_text(const Field& field);

// --- scenario_resources.cpp: who serves.

// {"humans": N} or, in the full form, {"humans": N, "cost_per_hour": C} or {"groups": [...]}.
std::optional<Staffing> read_staffing(const Field& field, Form form,
                                      std::optional<double> horizon_s);
// {"concurrency": N, ...}.
std::optional<Bots> read_bots(const Field& field);

// --- scenario_population.cpp: who calls and why.

// The "reasons" list. With `bot_strategy` (the name of a strategy that uses bots) every reason
// must state its bot_handle_s.
Reasons read_reasons(const Field& field, std::optional<std::string_view> bot_strategy);
// {"segments": [...]}; each segment's reason mix is checked against `reason_names` when known.
std::optional<std::vector<Segment>> read_population(
    const Field& field, const std::optional<std::vector<std::string>>& reason_names,
    std::optional<double> horizon_s);

// --- scenario_behaviour.cpp: routing, returns and the customers' judgement.

// The routing object. `strategy` is set as soon as the strategy itself is valid (human_only
// when absent), whatever else is wrong, so that rules depending on it can still be checked.
std::optional<Routing> read_routing(const Field& field, std::optional<Strategy>& strategy);
std::optional<Empathy> read_empathy(const Field& field);
std::optional<Returns> read_returns(const Field& field);
std::optional<Callback> read_callback(const Field& field);
std::optional<Chat> read_chat(const Field& field);
std::optional<SatisfactionModel> read_satisfaction(const Field& field);
std::optional<ChurnModel> read_churn(const Field& field);

// --- scenario_journey.cpp: the full form's keys and the rules across them.

// The form `root` is written in: full as soon as it uses, or misspells, a key that only the
// full form has (at the root, in "arrivals" or in "staffing").
Form detect_form(const JsonDocument& root);

// Reads every root key only the full form has into `scenario` and checks the rules between
// them (a population needs reasons, a bot strategy needs bots, ...).
void read_journey(ObjectReader& root, Scenario& scenario, std::optional<double> horizon_s);

}  // namespace ccsim::scenario_readers
