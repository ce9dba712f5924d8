// The JSON Schema of scenario files, written from the format's declarations (format.hpp).
#include <cmath>

#include "ccsim/scenario/schema.hpp"
#include "scenario/limits.hpp"
#include "scenario/scenario_keys.hpp"

namespace ccsim {

namespace format {

namespace {

constexpr double kLargestExactInteger = 9007199254740992.0;  // 2^53

// Whole numbers as JSON integers (60, not 60.0), the others as they are.
JsonDocument json_number(double value) {
  if (std::floor(value) == value && std::abs(value) < kLargestExactInteger) {
    return JsonDocument(static_cast<std::int64_t>(value));
  }
  return JsonDocument(value);
}

JsonDocument ref(std::string_view def) {
  return JsonDocument{{"$ref", "#/$defs/" + std::string(def)}};
}

JsonDocument enum_of(const std::vector<std::string>& names) {
  JsonDocument values = JsonDocument::array();
  for (const std::string& n : names) values.push_back(n);
  return JsonDocument{{"enum", std::move(values)}};
}

class SchemaWriter {
 public:
  JsonDocument root() {
    const ObjectSpec& spec = scenario_object().spec();
    JsonDocument schema = {
        {"$schema", "https://json-schema.org/draft/2020-12/schema"},
        {"title", "ccsim scenario"},
        {"description",
         "A ccsim scenario file (docs/scenario.md, docs/scenario-keys.md), written by `ccsim "
         "schema` from the declarations the loader reads by. The loader checks everything here "
         "and the few rules a schema cannot state (marked \"loader only\"): shares and reason "
         "mixes summing to 1, names unique and references to them, schedules against the "
         "horizon, values bounded by other values, and keys repeated in one object."}};
    schema.update(object(spec));
    schema["$defs"] = std::move(defs_);
    return schema;
  }

 private:
  JsonDocument number(const NumberRange& range) const {
    JsonDocument schema = {{"type", "number"}};
    if (range.low) {
      schema[range.low->inclusive ? "minimum" : "exclusiveMinimum"] = json_number(range.low->value);
    }
    if (range.high) {
      schema[range.high->inclusive ? "maximum" : "exclusiveMaximum"] =
          json_number(range.high->value);
    }
    return schema;
  }

  // A number bounded by a sibling: its own range, and the sibling's upper end when it has none.
  JsonDocument bounded_number(const Value& value, const ObjectSpec& parent) const {
    NumberRange range = value.range;
    if (value.positive_unless_zero_allowed && zero_mean_ == ZeroMean::allowed) {
      range.low = Bound{0.0, true, {}};
    }
    const KeySpec* sibling = value.bound_key.empty() ? nullptr : parent.find(value.bound_key);
    if (sibling != nullptr && !range.high && sibling->value.range.high) {
      const Bound& high = *sibling->value.range.high;
      range.high = Bound{high.value, high.inclusive && !value.bound_strict, {}};
    }
    return number(range);
  }

  JsonDocument integer(const Value& value) const {
    return {{"type", "integer"}, {"minimum", value.min}, {"maximum", value.max}};
  }

  JsonDocument element(const Value& value) const {
    return value.integers ? integer(value) : number(value.range);
  }

  void define(std::string_view def, const std::function<JsonDocument()>& make) {
    if (defs_.contains(std::string(def))) return;
    defs_[std::string(def)] = nullptr;  // taken, before any recursion
    defs_[std::string(def)] = make();
  }

  JsonDocument value(const Value& value, const ObjectSpec& parent) {
    switch (value.type) {
      case Type::number:
        return bounded_number(value, parent);
      case Type::integer:
        return integer(value);
      case Type::boolean:
        return {{"type", "boolean"}};
      case Type::name:
        return {{"type", "string"}, {"minLength", 1}};
      case Type::choice:
        return enum_of(*value.choices);
      case Type::free_text:
        define(value.schema_def, [] {
          JsonDocument text = {{"type", "string"}};
          JsonDocument texts = {{"type", "array"}, {"items", text}};
          JsonDocument schema = {
              {"description", "Documentation for readers of the file, ignored by the engine."}};
          schema["anyOf"] = JsonDocument::array({text, texts});
          return schema;
        });
        return ref(value.schema_def);
      case Type::distribution:
        define(value.schema_def, [this, &value] { return distribution(value.zero_mean); });
        return ref(value.schema_def);
      case Type::schedule:
        define(value.schema_def, [this, &value] { return schedule(value); });
        return ref(value.schema_def);
      case Type::rates: {
        JsonDocument list = {{"type", "array"}, {"minItems", 1}, {"items", number(value.range)}};
        JsonDocument schema = JsonDocument::object();
        schema["anyOf"] = JsonDocument::array({number(value.range), std::move(list)});
        return schema;
      }
      case Type::numbers:
        return {{"type", "array"}, {"minItems", 1}, {"items", number(value.range)}};
      case Type::distinct_choices:
        return {{"type", "array"},
                {"minItems", 1},
                {"uniqueItems", true},
                {"items", enum_of(*value.choices)}};
      case Type::mix:
        return {{"type", "object"},
                {"minProperties", 1},
                {"additionalProperties", number(kProbability)}};
      case Type::object:
        return object(*value.object);
      case Type::list:
        define(value.list_key, [this, &value] {
          JsonDocument schema = {{"description", value.object->doc}};
          schema.update(object(*value.object));
          return schema;
        });
        return {{"type", "array"},
                {"minItems", 1},
                {"maxItems", kMaxNamedItems},
                {"items", ref(value.list_key)}};
    }
    return {};
  }

  JsonDocument key(const KeySpec& key, const ObjectSpec& parent) {
    JsonDocument schema = {{"description", key.doc}};
    schema.update(value(key.value, parent));
    if (!key.default_json.is_null()) schema["default"] = key.default_json;
    if (!key.rule.empty()) {
      schema["$comment"] = std::string(key.rule) + (key.rule_in_schema ? "" : ": loader only");
    }
    return schema;
  }

  JsonDocument object(const ObjectSpec& spec) {
    JsonDocument properties = JsonDocument::object();
    JsonDocument required = JsonDocument::array();
    for (const KeySpec& k : spec.keys) {
      properties[std::string(k.name)] = key(k, spec);
      if (k.need == Need::required) required.push_back(k.name);
    }
    JsonDocument schema = {{"type", "object"}, {"properties", std::move(properties)}};
    if (!required.empty()) schema["required"] = std::move(required);
    schema["additionalProperties"] = false;
    if (spec.schema_rules != nullptr) spec.schema_rules(schema);
    return schema;
  }

  // {"dist": NAME} and, for each family, its keys alone.
  JsonDocument distribution(ZeroMean zero_mean) {
    const ZeroMean outer = zero_mean_;
    zero_mean_ = zero_mean;
    JsonDocument families = JsonDocument::array();
    for (const Family& family : distribution_families()) {
      JsonDocument then = object(family.object->spec());
      then["properties"]["dist"] = true;
      then.erase("type");
      JsonDocument condition = JsonDocument::object();
      condition["properties"]["dist"]["const"] = std::string(to_string(family.kind));
      condition["required"] = JsonDocument::array({"dist"});
      JsonDocument branch = JsonDocument::object();
      branch["if"] = std::move(condition);
      branch["then"] = std::move(then);
      families.push_back(std::move(branch));
    }
    zero_mean_ = outer;
    JsonDocument schema = JsonDocument::object();
    schema["description"] = zero_mean == ZeroMean::allowed
                                ? "A distribution of durations, stated by its mean in seconds; a "
                                  "mean of 0 is allowed (patience, delays)."
                                : "A distribution of durations that cannot be zero (handle times).";
    schema["type"] = "object";
    schema["required"] = JsonDocument::array({"dist"});
    schema["properties"]["dist"] = enum_of(distribution_names());
    schema["allOf"] = std::move(families);
    return schema;
  }

  JsonDocument schedule(const Value& value) const {
    JsonDocument list = {{"type", "array"}, {"minItems", 1}, {"items", element(value)}};
    JsonDocument object = {{"type", "object"}};
    object["properties"]["interval_s"] = number(kIntervalSeconds);
    object["properties"][std::string(value.list_key)] = std::move(list);
    object["required"] = JsonDocument::array({"interval_s", std::string(value.list_key)});
    object["additionalProperties"] = false;
    JsonDocument schema = JsonDocument::object();
    schema["description"] =
        "A constant, or a schedule that covers the horizon once or repeats whole within it "
        "(loader only).";
    schema["anyOf"] = JsonDocument::array({element(value), std::move(object)});
    return schema;
  }

  JsonDocument defs_ = JsonDocument::object();
  ZeroMean zero_mean_ = ZeroMean::forbidden;
};

}  // namespace

}  // namespace format

std::string scenario_json_schema() {
  format::SchemaWriter writer;
  return writer.root().dump(2) + "\n";
}

}  // namespace ccsim
