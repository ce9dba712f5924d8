// The declarations of the scenario format: its values, objects and defaults (format.hpp).
#include <algorithm>

#include "scenario/format.hpp"
#include "scenario/limits.hpp"

namespace ccsim::format {

namespace {

// Shapes shown to users whose value is not even of the right kind.
constexpr std::string_view kDistributionShape =
    R"(a distribution object like {"dist": "exponential", "mean": 60})";
constexpr std::string_view kAgentsShape =
    R"(an integer in [0, 100000] or an object like {"interval_s": 1800, "agents": [50, 60]})";
constexpr std::string_view kFreeTextShape = "a string or a list of strings";

}  // namespace

Value Value::below_key(std::string_view key) const {
  Value result = *this;
  result.bound_key = key;
  result.bound_strict = true;
  return result;
}

Value Value::at_most_key(std::string_view key) const {
  Value result = *this;
  result.bound_key = key;
  result.bound_strict = false;
  return result;
}

Value number(const NumberRange& range, std::string_view unit) {
  Value value;
  value.type = Type::number;
  value.range = range;
  value.unit = unit;
  return value;
}

Value integer_value(std::int64_t min, std::uint64_t max, bool open_ended, std::string_view unit) {
  Value value;
  value.type = Type::integer;
  value.min = min;
  value.max = max;
  value.open_ended = open_ended;
  value.unit = unit;
  return value;
}

Value boolean() {
  Value value;
  value.type = Type::boolean;
  return value;
}

Value name() {
  Value value;
  value.type = Type::name;
  return value;
}

Value choice(const std::vector<std::string>& names) {
  Value value;
  value.type = Type::choice;
  value.choices = &names;
  return value;
}

Value free_text() {
  Value value;
  value.type = Type::free_text;
  value.shape = kFreeTextShape;
  value.schema_def = "free_text";
  return value;
}

Value distribution(ZeroMean zero_mean) {
  Value value;
  value.type = Type::distribution;
  value.zero_mean = zero_mean;
  value.unit = "s";
  value.shape = kDistributionShape;
  value.schema_def = zero_mean == ZeroMean::allowed ? "distribution" : "positive_distribution";
  return value;
}

Value agents_schedule() {
  Value value;
  value.type = Type::schedule;
  value.integers = true;
  value.min = 0;
  value.max = kMaxAgents;
  value.shape = kAgentsShape;
  value.list_key = "agents";
  value.list_shape = "a non-empty list of integers in [0, " + std::to_string(kMaxAgents) + "]";
  value.schema_def = "agents";
  return value;
}

Value factors_schedule() {
  Value value = number(kFactor);
  value.type = Type::schedule;
  value.shape = R"(a factor in (0, 100] or {"interval_s": S, "factors": [F0, F1, ...]})";
  value.list_key = "factors";
  value.list_shape = "a non-empty list of factors in (0, 100]";
  value.schema_def = "factors";
  return value;
}

Value rates(const NumberRange& range, std::string_view unit) {
  Value value = number(range, unit);
  value.type = Type::rates;
  value.shape = range.describe() + " or a list of them";
  value.list_shape = range.describe() + " or a non-empty list of them";
  return value;
}

Value numbers(const NumberRange& range, std::string shape) {
  Value value;
  value.type = Type::numbers;
  value.range = range;
  value.shape = std::move(shape);
  return value;
}

Value distinct_choices(const std::vector<std::string>& names, std::string_view noun,
                       std::string_view item) {
  Value value;
  value.type = Type::distinct_choices;
  value.choices = &names;
  value.noun = noun;
  value.list_key = item;
  value.shape = "a non-empty list of " + std::string(noun) + " (" + join_words(names) + ")";
  return value;
}

Value mix(std::string shape) {
  Value value;
  value.type = Type::mix;
  value.shape = std::move(shape);
  return value;
}

ObjectSpec object_spec(std::string shape, std::string_view title, std::string_view doc) {
  ObjectSpec spec;
  spec.shape = std::move(shape);
  spec.title = title;
  spec.doc = doc;
  return spec;
}

const KeySpec* ObjectSpec::find(std::string_view key) const {
  const auto it =
      std::find_if(keys.begin(), keys.end(), [key](const KeySpec& k) { return k.name == key; });
  return it == keys.end() ? nullptr : &*it;
}

const std::string& ObjectSpec::shape_in(Form form) const {
  return form == Form::full && !full_shape.empty() ? full_shape : shape;
}

namespace detail {

KeySpec spec_of(std::string_view name, Value value, std::string_view doc, Default fallback) {
  KeySpec spec;
  spec.name = name;
  spec.value = std::move(value);
  spec.doc = doc;
  spec.default_text = std::move(fallback.text);
  spec.default_json = std::move(fallback.json);
  return spec;
}

}  // namespace detail

Default default_of(double value) {
  return {format_number(value), JsonDocument(value)};
}

Default default_of(std::int64_t value) {
  return {std::to_string(value), JsonDocument(value)};
}

Default default_of(bool value) {
  return {value ? "true" : "false", JsonDocument(value)};
}

Default default_of(std::string_view choice_name) {
  // Appended rather than "`" + … + "`", which g++ 12 wrongly flags under -Wrestrict.
  std::string shown(1, '`');
  shown += choice_name;
  shown += '`';
  return {shown, JsonDocument(std::string(choice_name))};
}

Default default_of(const DistributionSpec& value) {
  JsonDocument json = {{"dist", std::string(to_string(value.kind))}, {"mean", value.mean}};
  return {std::string(to_string(value.kind)) + ", mean " + format_number(value.mean) + " s",
          std::move(json)};
}

Default default_of(const std::optional<DistributionSpec>& value) {
  return value ? default_of(*value) : Default{};
}

Default default_of(const Schedule& value) {
  if (!value.is_constant()) return {};
  return default_of(value.values.front());
}

Default default_of(const std::vector<std::string>& choice_names) {
  std::string text;
  JsonDocument json = JsonDocument::array();
  for (const std::string& n : choice_names) {
    if (!text.empty()) text += ", ";
    text += "`" + n + "`";
    json.push_back(n);
  }
  return {std::move(text), std::move(json)};
}

}  // namespace ccsim::format
