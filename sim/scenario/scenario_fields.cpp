// Generic checks of scenario values: booleans, sums, names and references to names.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "scenario/scenario_readers.hpp"

namespace ccsim::scenario_readers {

namespace {

// Shares and probabilities are written in decimal, so their sum is 1 only up to rounding.
constexpr double kSumTolerance = 1e-9;
// Significant digits a sum is shown with: enough for any typo, few enough to hide the
// rounding of decimal fractions (0.97, not 0.9700000000000001).
constexpr int kShownSumDigits = 12;
constexpr std::size_t kNumberTextBytes = 32;

template <typename Enum, std::size_t N>
std::vector<std::string> names_of(const std::array<Enum, N>& values) {
  std::vector<std::string> names;
  names.reserve(N);
  for (const Enum value : values) names.emplace_back(to_string(value));
  return names;
}

std::string format_sum(double total) {
  std::array<char, kNumberTextBytes> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%.*g", kShownSumDigits, total);
  return buffer.data();
}

}  // namespace

const std::vector<std::string>& reason_kind_names() {
  static const std::vector<std::string> names = names_of(kAllReasonKinds);
  return names;
}

const std::vector<std::string>& channel_names() {
  static const std::vector<std::string> names = names_of(kAllChannels);
  return names;
}

const std::vector<std::string>& strategy_names() {
  static const std::vector<std::string> names = names_of(kAllStrategies);
  return names;
}

Field PartReader::field(std::string_view key, Need need) {
  Field result = need == Need::required ? object_->required(key) : object_->optional(key);
  if (need == Need::required && !result.present()) valid_ = false;
  return result;
}

void PartReader::number(std::string_view key, const NumberRange& range, double& target, Need need) {
  const Field field = this->field(key, need);
  take(field, field.number(range), target);
}

void PartReader::boolean(std::string_view key, bool& target) {
  const Field field = this->field(key);
  take(field, read_bool(field), target);
}

void PartReader::distribution(std::string_view key, ZeroMean zero_mean, DistributionSpec& target,
                              Need need) {
  const Field field = this->field(key, need);
  take(field, read_distribution(field, zero_mean), target);
}

void PartReader::distribution(std::string_view key, ZeroMean zero_mean,
                              std::optional<DistributionSpec>& target) {
  const Field field = this->field(key);
  const auto spec = read_distribution(field, zero_mean);
  if (spec) {
    target = spec;
  } else if (field.present()) {
    valid_ = false;
  }
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

bool check_sums_to_one(JsonChecker& checker, const JsonPath& where, std::string_view what,
                       double total) {
  if (std::abs(total - 1.0) <= kSumTolerance) return true;
  checker.report(where, std::string(what) + " summing to 1", format_sum(total));
  return false;
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

bool check_list_size(JsonChecker& checker, const JsonDocument& list, const JsonPath& where,
                     std::string_view noun) {
  if (!list.is_array() || list.size() <= kMaxNamedItems) return true;
  checker.report(where, "at most " + std::to_string(kMaxNamedItems) + " " + std::string(noun),
                 describe_json(list));
  return false;
}

std::optional<std::vector<std::string>> peek_names(const JsonDocument& list) {
  if (!list.is_array()) return std::nullopt;
  std::vector<std::string> names;
  for (const JsonDocument& element : list) {
    if (!element.is_object()) return std::nullopt;
    const auto name = element.find("name");
    if (name == element.end() || !name->is_string() ||
        name->get_ref<const std::string&>().empty()) {
      return std::nullopt;
    }
    names.push_back(name->get<std::string>());
  }
  return names;
}

}  // namespace ccsim::scenario_readers
