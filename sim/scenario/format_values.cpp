// The values of the scenario format: how each is read and checked.
#include <algorithm>
#include <utility>
#include <array>
#include <cmath>
#include <cstdio>

#include "scenario/format.hpp"
#include "scenario/limits.hpp"

namespace ccsim::format {

namespace {

// Relative tolerance on a whole number of repeats: times are written in decimal, so a period
// of 3 x 100.1 s fits 900.9 s only up to rounding.
constexpr double kWholeTolerance = 1e-9;
// Shares and probabilities are written in decimal, so their sum is 1 only up to rounding.
constexpr double kSumTolerance = 1e-9;
// Significant digits shown: of a number of repeats, and of a sum (enough for any typo, few
// enough to hide the rounding of decimal fractions: 0.97, not 0.9700000000000001).
constexpr int kShownRepeatDigits = 4;
constexpr int kShownSumDigits = 12;
constexpr std::size_t kNumberTextBytes = 32;

std::string format_digits(double value, int digits) {
  std::array<char, kNumberTextBytes> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%.*g", digits, value);
  return buffer.data();
}

// The range a number key is checked against here: its own, with the zero a distribution may
// allow.
NumberRange own_range(const Value& value, ZeroMean zero_mean) {
  NumberRange range = value.range;
  if (value.positive_unless_zero_allowed && zero_mean == ZeroMean::allowed) {
    range.low = Bound{0.0, true, {}};
  }
  return range;
}

std::optional<double> schedule_value(const Value& value, JsonChecker& checker,
                                     const JsonDocument& json, const JsonPath& where) {
  if (!value.integers) return checker.number(json, where, value.range);
  const auto count =
      checker.integer<int>(json, where, static_cast<int>(value.min), static_cast<int>(value.max));
  return count ? std::optional<double>(*count) : std::nullopt;
}

}  // namespace

std::optional<double> peek_number(const JsonDocument* object, const ObjectSpec& spec,
                                  std::string_view key) {
  const KeySpec* declared = spec.find(key);
  if (object == nullptr || declared == nullptr) return std::nullopt;
  const auto found = object->find(std::string(key));
  if (found == object->end() || !found->is_number()) return std::nullopt;
  const double value = found->get<double>();
  if (!std::isfinite(value) || !declared->value.range.contains(value)) return std::nullopt;
  return value;
}

std::optional<double> read_number(const KeyContext& context, const Value& value,
                                  const Field& field) {
  NumberRange range = own_range(value, context.reading.zero_mean);
  if (!value.bound_key.empty()) {
    // Without a valid bound only the key's own range can be checked.
    if (const auto bound = peek_number(context.object, context.spec, value.bound_key)) {
      std::string label = std::string(value.bound_key) + " = " + format_number(*bound);
      range = value.bound_strict ? range.below(*bound, std::move(label))
                                 : range.at_most(*bound, std::move(label));
    }
  }
  return field.number(range);
}

std::optional<bool> read_bool(const Field& field) {
  constexpr std::string_view kExpected = "true or false";
  const JsonDocument* json = field.get(kExpected);
  if (json == nullptr) return std::nullopt;
  if (!json->is_boolean()) {
    field.checker().report_value(field.where(), kExpected, *json);
    return std::nullopt;
  }
  return json->get<bool>();
}

std::optional<std::string> read_name(const Field& field) {
  return field.string();
}

std::optional<std::size_t> read_choice(const Value& value, const Field& field) {
  return field.choice(*value.choices);
}

void check_free_text(const Field& field) {
  JsonChecker& checker = field.checker();
  const JsonDocument* json = field.get(free_text().shape);
  if (json == nullptr || json->is_string()) return;
  if (!json->is_array()) {
    checker.report_value(field.where(), free_text().shape, *json);
    return;
  }
  for (std::size_t i = 0; i < json->size(); ++i) {
    if (!(*json)[i].is_string()) checker.report_value(field.where() / i, "a string", (*json)[i]);
  }
}

std::optional<Schedule> read_schedule(const Reading& reading, const Value& value,
                                      const Field& field) {
  JsonChecker& checker = field.checker();
  const JsonDocument* json = field.get(value.shape);
  if (json == nullptr) return std::nullopt;
  if (json->is_number()) {
    const auto constant = schedule_value(value, checker, *json, field.where());
    return constant ? std::optional<Schedule>(Schedule::constant(*constant)) : std::nullopt;
  }
  if (!json->is_object()) {
    checker.report_value(field.where(), value.shape, *json);
    return std::nullopt;
  }
  ObjectReader schedule(checker, *json, field.where());
  const std::optional<double> interval_s = schedule.required("interval_s").number(kIntervalSeconds);
  const Field values_field = schedule.required(value.list_key);
  schedule.reject_unknown_keys();
  const JsonDocument* list = values_field.get(value.list_shape);
  if (list == nullptr) return std::nullopt;
  auto values = checker.list<double>(
      *list, values_field.where(), value.list_shape,
      [&value](JsonChecker& list_checker, const JsonDocument& element, const JsonPath& where) {
        return schedule_value(value, list_checker, element, where);
      });
  if (!values || !interval_s) return std::nullopt;
  Schedule result{*interval_s, std::move(*values)};
  if (!check_schedule_span(checker, values_field.where(), result, reading.horizon_s)) {
    return std::nullopt;
  }
  return result;
}

std::optional<std::vector<double>> read_numbers(const Value& value, const Field& field) {
  const JsonDocument* json = field.get(value.shape);
  if (json == nullptr) return std::nullopt;
  return field.checker().list<double>(
      *json, field.where(), value.shape,
      [&value](JsonChecker& checker, const JsonDocument& element, const JsonPath& where) {
        return checker.number(element, where, value.range);
      });
}

std::optional<std::vector<std::size_t>> read_distinct_choices(const Value& value,
                                                              const Field& field) {
  const JsonDocument* json = field.get(value.shape);
  if (json == nullptr) return std::nullopt;
  std::vector<bool> listed(value.choices->size(), false);
  const std::string once = "each " + std::string(value.list_key) + " listed once";
  return field.checker().list<std::size_t>(
      *json, field.where(), value.shape,
      [&](JsonChecker& checker, const JsonDocument& element,
          const JsonPath& where) -> std::optional<std::size_t> {
        const auto index = checker.choice(element, where, *value.choices);
        if (!index) return std::nullopt;
        if (listed[*index]) {
          checker.report(where, once, describe_json(element) + " again");
          return std::nullopt;
        }
        listed[*index] = true;
        return index;
      });
}

std::optional<std::vector<double>> read_mix(const Reading& reading, const Value& value,
                                            const Field& field) {
  const JsonDocument* json = field.get(value.shape);
  if (json == nullptr) return std::nullopt;
  JsonChecker& checker = field.checker();
  if (!json->is_object() || json->empty()) {
    checker.report_value(field.where(), value.shape, *json);
    return std::nullopt;
  }
  // Without valid reasons (reported where they are) no name here can be judged.
  const auto& names = reading.reason_names;
  std::vector<double> result(names ? names->size() : 0, 0.0);
  double total = 0.0;
  bool valid = names.has_value();
  for (auto it = json->begin(); it != json->end(); ++it) {
    const JsonPath where = field.where() / it.key();
    const std::optional<double> probability = checker.number(it.value(), where, kProbability);
    std::optional<std::size_t> index;
    if (names) index = find_name(checker, where, it.key(), *names, "reason");
    if (!probability || !index) {
      valid = false;
      continue;
    }
    result[*index] = *probability;
    total += *probability;
  }
  if (!valid || !check_sums_to_one(checker, field.where(), "probabilities", total)) {
    return std::nullopt;
  }
  return result;
}

std::optional<std::vector<std::string>> peek_names(const JsonDocument& list) {
  if (!list.is_array()) return std::nullopt;
  std::vector<std::string> names;
  for (const JsonDocument& element : list) {
    auto name = detail::element_name(element);
    if (!name) return std::nullopt;
    names.push_back(std::move(*name));
  }
  return names;
}

bool check_schedule_span(JsonChecker& checker, const JsonPath& where, const Schedule& schedule,
                         std::optional<double> horizon_s) {
  const std::size_t count = schedule.values.size();
  if (!horizon_s || count <= 1) return true;
  const double interval_s = schedule.interval_s;
  const double period_s = static_cast<double>(count) * interval_s;
  const std::string horizon = "horizon_s = " + format_number(*horizon_s);
  const std::string values = "a list of " + std::to_string(count) + " values";
  if (period_s >= *horizon_s) {
    // Once over: the last value must come into force before the horizon, or it is never used.
    // (A horizon of exactly n intervals may divide to n plus a rounding error: still n.)
    const double used = std::ceil(*horizon_s / interval_s * (1.0 - kWholeTolerance));
    if (static_cast<double>(count) <= used) return true;
    checker.report(where,
                   "at most " + format_number(used) + " values (the intervals of interval_s = " +
                       format_number(interval_s) + " that start before " + horizon + ")",
                   values + ": the last ones are never used");
    return false;
  }
  const double repeats = *horizon_s / period_s;
  if (std::abs(repeats - std::round(repeats)) <= kWholeTolerance * repeats) return true;
  checker.report(
      where,
      "values covering " + horizon + " once, or a whole fraction of it (a schedule repeats whole)",
      values + " covering " + format_number(period_s) + " s, which " + horizon + " holds " +
          format_digits(repeats, kShownRepeatDigits) + " times");
  return false;
}

bool check_sums_to_one(JsonChecker& checker, const JsonPath& where, std::string_view what,
                       double total) {
  if (std::abs(total - 1.0) <= kSumTolerance) return true;
  checker.report(where, std::string(what) + " summing to 1", format_digits(total, kShownSumDigits));
  return false;
}

std::optional<std::size_t> find_name(JsonChecker& checker, const JsonPath& where,
                                     const std::string& name, std::span<const std::string> names,
                                     std::string_view noun) {
  const auto found = std::find(names.begin(), names.end(), name);
  if (found != names.end()) return static_cast<std::size_t>(found - names.begin());
  std::string got = "unknown " + std::string(noun) + " " + describe_json(JsonDocument(name));
  if (const std::string near = closest_match(name, names); !near.empty()) {
    got += " (did you mean \"" + display_name(near) + "\"?)";
  }
  checker.report(where, "one of the " + std::string(noun) + "s " + join_names(names), got);
  return std::nullopt;
}

namespace detail {

std::optional<std::string> element_name(const JsonDocument& element) {
  if (!element.is_object()) return std::nullopt;
  const auto name = element.find("name");
  if (name == element.end() || !name->is_string() || name->get_ref<const std::string&>().empty()) {
    return std::nullopt;
  }
  return name->get<std::string>();
}

bool check_unique_name(JsonChecker& checker, const JsonPath& where, const std::string& name,
                       std::span<const std::optional<std::string>> earlier, std::string_view noun) {
  const auto same = std::find(earlier.begin(), earlier.end(), name);
  if (same == earlier.end()) return true;
  checker.report(where, "a name no other " + std::string(noun) + " has",
                 describe_json(JsonDocument(name)) + ", already the name of " + std::string(noun) +
                     " " + std::to_string(same - earlier.begin()));
  return false;
}

bool check_list_size(JsonChecker& checker, const JsonDocument& list, const JsonPath& where,
                     std::string_view noun) {
  if (!list.is_array() || list.size() <= kMaxNamedItems) return true;
  checker.report(where, "at most " + std::to_string(kMaxNamedItems) + " " + std::string(noun),
                 describe_json(list));
  return false;
}

}  // namespace detail

}  // namespace ccsim::format
