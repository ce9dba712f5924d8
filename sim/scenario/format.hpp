// The scenario format, declared once. Every key of every object of a scenario file is one
// declaration in the tables of scenario_keys_*.cpp: its name, what it accepts (type, range,
// unit), its default, one line of documentation and the field of the model it fills. From them
// come the reader (load_scenario_file), the JSON Schema (`ccsim schema`, scenarios/schema.json)
// and the key tables of docs/scenario-keys.md. Code written by hand states only the rules across
// several keys: sums, references between names, a shorthand and its full form, a value bounded
// by another, schedules against the horizon.
//
// A key is key(NAME, VALUE, &Part::member, DOC), plus what it needs of:
//   .required()            a missing key is a problem
//   .full_form()           a key of the full form only (see Form)
//   .defaults_to("…")      the default as the docs say it, when the member's cannot say it
//   .checked_with("…")     what a rule across keys adds to the value's own check (schema, docs)
//   .read_by(rule)         read by a rule of its object, which decides whether it is required
// Objects are Object<Part>{spec, {keys…}, before, after}: `before` and `after` are the object's
// rules across its keys, run before and after its keys are read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "ccsim/scenario/distribution.hpp"
#include "ccsim/scenario/json_checker.hpp"
#include "ccsim/scenario/model.hpp"
#include "ccsim/scenario/schedule.hpp"

namespace ccsim::format {

// The two forms of the file format. The minimal form is the Erlang scenario (one queue, one pool
// of humans); the full form adds the customer-journey model. Unknown-key messages list the keys
// of the form a file is written in, so that someone writing a minimal scenario is not shown two
// dozen keys they do not need.
enum class Form : std::uint8_t { minimal, full };

// Where a distribution is used decides whether a zero mean makes sense: zero patience is a
// customer who leaves at once (Erlang B), but a zero handle time is a mistake.
enum class ZeroMean : std::uint8_t { allowed, forbidden };

enum class Need : std::uint8_t {
  optional,  // absent: the field keeps its default
  required,  // absent: "got nothing (required key missing)"
  by_rule,   // read by a rule of its object, which says when it is required
};

// What a key accepts.
enum class Type : std::uint8_t {
  number,            // a number in `range`
  integer,           // an integer in [min, max]
  boolean,           // true or false
  name,              // a non-empty string
  choice,            // one of `choices`
  free_text,         // a string or a list of strings, for readers of the file only
  distribution,      // {"dist": NAME, …}: one of the families of distribution_families()
  schedule,          // a value, or {"interval_s": S, LIST_KEY: [V0, V1, …]}
  rates,             // a number in `range`, or a non-empty list of them
  numbers,           // a non-empty list of numbers in `range`
  distinct_choices,  // a non-empty list of distinct `choices`
  mix,               // {NAME: probability, …} over the names of another list
  object,            // an object of its own keys
  list,              // a non-empty list of objects
};

struct ObjectSpec;

struct Value {
  Type type = Type::number;
  NumberRange range;     // number, rates, numbers, a schedule of numbers
  std::int64_t min = 0;  // integer, a schedule of integers
  std::uint64_t max = 0;
  bool open_ended = false;  // integer: max is only the limit of the field's type
  bool integers = false;    // schedule: of integers in [min, max]
  const std::vector<std::string>* choices = nullptr;  // choice, distinct_choices
  ZeroMean zero_mean = ZeroMean::forbidden;           // distribution
  std::string_view unit;                              // "s", "per hour", …: the docs' unit column
  std::string shape;                   // compound values: what messages say is expected
  std::string list_shape;              // schedule, rates: the list's expected
  std::string_view list_key;           // schedule: "agents", "factors"
  std::string_view noun;               // list: "segments"; distinct_choices: "reason kinds"
  std::string_view schema_def;         // a named entry of the schema's $defs
  const ObjectSpec* object = nullptr;  // object, list (its elements)
  std::string_view bound_key;          // number: at most (or below) this sibling key's value
  bool bound_strict = false;
  bool positive_unless_zero_allowed = false;  // a distribution's mean: > 0, or >= 0 when allowed

  // The upper end given by a sibling key when its value is valid; otherwise `range` alone.
  Value below_key(std::string_view key) const;
  Value at_most_key(std::string_view key) const;
};

// The values of the format, each with its messages' wording.
Value number(const NumberRange& range, std::string_view unit = {});
Value integer_value(std::int64_t min, std::uint64_t max, bool open_ended,
                    std::string_view unit = {});
template <typename T>
Value integer(T min, T max = std::numeric_limits<T>::max(), std::string_view unit = {}) {
  return integer_value(static_cast<std::int64_t>(min), static_cast<std::uint64_t>(max),
                       max == std::numeric_limits<T>::max(), unit);
}
Value boolean();
Value name();
Value choice(const std::vector<std::string>& names);
Value free_text();
Value distribution(ZeroMean zero_mean);
// N agents, or {"interval_s": S, "agents": [N0, N1, …]}.
Value agents_schedule();
// F, a multiplier in (0, 100], or {"interval_s": S, "factors": [F0, F1, …]}.
Value factors_schedule();
Value rates(const NumberRange& range, std::string_view unit);
Value numbers(const NumberRange& range, std::string shape);
Value distinct_choices(const std::vector<std::string>& names, std::string_view noun,
                       std::string_view item);
Value mix(std::string shape);

struct KeySpec {
  std::string_view name;
  Value value;
  Need need = Need::optional;
  Form form = Form::minimal;    // minimal: a key of both forms; full: of the full form only
  std::string_view doc;         // one line
  std::string default_text;     // the docs' default ("" when required or none)
  JsonDocument default_json;    // the schema's default (null when none)
  std::string_view rule;        // what a rule across keys adds ("below horizon_s")
  bool rule_in_schema = false;  // the schema states that rule too (else: loader only)
};

// The rules across an object's keys, as JSON Schema keywords added to its schema.
using SchemaRules = void (*)(JsonDocument& schema);

struct ObjectSpec {
  std::string shape;       // what messages say is expected: "an object like {…}"
  std::string full_shape;  // the same in a full-form file, when it differs
  std::string_view doc;    // one line: the schema's description
  std::string_view title;  // the docs give it a table under this title; empty: its parent's
  std::string_view def;    // the schema gives it a $defs entry of this name; empty: inline
  std::string context;     // unknown-key messages add it ("for dist \"gamma\"")
  std::vector<KeySpec> keys;
  SchemaRules schema_rules = nullptr;

  const KeySpec* find(std::string_view key) const;
  const std::string& shape_in(Form form) const;
};

// An object's declaration without its keys (Object adds them).
ObjectSpec object_spec(std::string shape, std::string_view title, std::string_view doc);

// What the reader knows beyond the object it reads: the form of the file and the values of
// other parts that rules need, each only when valid.
struct Reading {
  explicit Reading(JsonChecker& c) : checker(c) {}
  JsonChecker& checker;
  Form form = Form::minimal;
  std::optional<double> horizon_s;
  std::optional<Strategy> strategy;
  // Why the file needs bots, as messages say it after "when" (`routing.strategy is "triage"`,
  // `segment "75+" has strategy "bot_first"`); empty when no valid strategy uses bots.
  std::string bots_needed_by;
  std::optional<std::vector<std::string>> reason_names;
  // The list of objects being read: every element's name (when all are valid), this one's index.
  std::optional<std::vector<std::string>> list_names;
  std::size_t list_index = 0;
  ZeroMean zero_mean = ZeroMean::forbidden;  // of the distribution being read
};

// One key being read: the reading, the object around it and that object's declaration.
struct KeyContext {
  Reading& reading;
  const JsonDocument* object;  // nullptr when the value is not an object
  const ObjectSpec& spec;
};

// --- Reading values (format_values.cpp): each reports at the field and returns the value when
// it is valid; an absent field gives nullopt (reported when required).
std::optional<double> read_number(const KeyContext& context, const Value& value,
                                  const Field& field);
std::optional<bool> read_bool(const Field& field);
std::optional<std::string> read_name(const Field& field);
std::optional<std::size_t> read_choice(const Value& value, const Field& field);
// Documentation: reported when it is not text, and never makes its part invalid.
void check_free_text(const Field& field);
std::optional<DistributionSpec> read_distribution(Reading& reading, const Value& value,
                                                  const Field& field);
std::optional<Schedule> read_schedule(const Reading& reading, const Value& value,
                                      const Field& field);
std::optional<std::vector<double>> read_numbers(const Value& value, const Field& field);
std::optional<std::vector<std::size_t>> read_distinct_choices(const Value& value,
                                                              const Field& field);
std::optional<std::vector<double>> read_mix(const Reading& reading, const Value& value,
                                            const Field& field);
// The numeric value `key` of `object` would be read as, without reporting anything.
std::optional<double> peek_number(const JsonDocument* object, const ObjectSpec& spec,
                                  std::string_view key);
// Every element's "name" when each is a non-empty string (they are checked properly by the
// element's reader); otherwise nullopt. Lets one element refer to a later one.
std::optional<std::vector<std::string>> peek_names(const JsonDocument& list);
// A schedule's list against the horizon (when it is valid): it covers the horizon once, every
// value in force for some time before it, or it repeats a whole number of times within it.
bool check_schedule_span(JsonChecker& checker, const JsonPath& where, const Schedule& schedule,
                         std::optional<double> horizon_s);
// Reports at `where` unless `total` is 1 within rounding: "expected WHAT summing to 1, got TOTAL".
bool check_sums_to_one(JsonChecker& checker, const JsonPath& where, std::string_view what,
                       double total);
// Index of `name` in `names`; otherwise "expected one of the NOUNs A, B, got unknown NOUN "X"".
std::optional<std::size_t> find_name(JsonChecker& checker, const JsonPath& where,
                                     const std::string& name, std::span<const std::string> names,
                                     std::string_view noun);

// The default of a field as the docs and the schema state it.
struct Default {
  std::string text;
  JsonDocument json;
};
Default default_of(double value);
Default default_of(std::int64_t value);
Default default_of(bool value);
Default default_of(std::string_view choice_name);
Default default_of(const DistributionSpec& value);
Default default_of(const std::optional<DistributionSpec>& value);
Default default_of(const Schedule& value);
Default default_of(const std::vector<std::string>& choice_names);

}  // namespace ccsim::format

#include "scenario/format_object.hpp"
