// Readers of the parts of a scenario file: distributions, arrivals, agent schedules,
// documentation.
#include "scenario_readers.hpp"

#include <array>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

namespace ccsim::scenario_readers {

namespace {

// Shapes shown to users whose value is not even of the right kind.
constexpr std::string_view kArrivalsShape =
    R"(an object like {"per_hour": 120} or {"interval_s": 1800, "per_hour": [120, 150]})";
constexpr std::string_view kFreeTextShape = "a string or a list of strings";

constexpr std::array kAllDistKinds = {
    DistKind::exponential, DistKind::deterministic, DistKind::uniform,  DistKind::lognormal,
    DistKind::gamma,       DistKind::weibull,       DistKind::empirical};

const std::vector<std::string>& dist_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> result;
    for (const DistKind kind : kAllDistKinds) result.emplace_back(to_string(kind));
    return result;
  }();
  return names;
}

std::optional<double> non_negative_number(JsonChecker& checker, const JsonDocument& value,
                                          const JsonPath& where) {
  return checker.number(value, where, kNonNegative);
}

// {"dist": "empirical", "values": [...], "weights": [...]}: mean and weights as DistributionSpec
// wants them.
bool read_empirical(ObjectReader& object, DistributionSpec& spec, ZeroMean zero_mean) {
  JsonChecker& checker = object.checker();
  const std::string list_shape = "a non-empty list of numbers >= 0";
  const Field values_field = object.required("values");
  const Field weights_field = object.optional("weights");
  std::optional<std::vector<double>> values;
  if (const JsonDocument* json = values_field.get(list_shape)) {
    values = checker.list<double>(*json, values_field.where(), list_shape, non_negative_number);
  }
  std::optional<std::vector<double>> weights;
  if (const JsonDocument* json = weights_field.get(list_shape)) {
    weights = checker.list<double>(*json, weights_field.where(), list_shape, non_negative_number);
    if (!weights) return false;
    if (values && weights->size() != values->size()) {
      checker.report(weights_field.where(),
                     "a list of " + std::to_string(values->size()) + " weights, one per value",
                     describe_json(*json));
      return false;
    }
    const double total = std::accumulate(weights->begin(), weights->end(), 0.0);
    if (!(total > 0.0) || !std::isfinite(total)) {
      checker.report(weights_field.where(), "weights with a finite sum > 0",
                     "weights summing to " + format_number(total));
      return false;
    }
  }
  if (!values) return false;
  spec.values = *values;
  spec.weights = weights.value_or(std::vector<double>{});
  spec.mean = spec.exact_mean();
  const bool zero_allowed = zero_mean == ZeroMean::allowed;
  if (!std::isfinite(spec.mean) || (!zero_allowed && !(spec.mean > 0.0))) {
    checker.report(values_field.where(),
                   zero_allowed ? "values whose weighted mean is finite"
                                : "values whose weighted mean is a finite number > 0",
                   "a weighted mean of " + format_number(spec.mean));
    return false;
  }
  return true;
}

std::optional<double> agent_count(JsonChecker& checker, const JsonDocument& value,
                                  const JsonPath& where) {
  const auto count = checker.integer<int>(value, where, 0);
  return count ? std::optional<double>(*count) : std::nullopt;
}

}  // namespace

std::optional<DistributionSpec> read_distribution(const Field& field, ZeroMean zero_mean) {
  const JsonDocument* json = field.get(kDistributionShape);
  if (json == nullptr) return std::nullopt;
  ObjectReader object(field.checker(), *json, field.where(), kDistributionShape);
  const std::optional<std::size_t> kind_index = object.required("dist").choice(dist_names());
  // Which other keys belong depends on the kind: without one, they cannot be judged.
  if (!kind_index) return std::nullopt;

  DistributionSpec spec;
  spec.kind = kAllDistKinds[*kind_index];
  bool valid = true;
  const auto read_mean = [&](const NumberRange& range) {
    const auto mean = object.required("mean").number(range);
    if (mean) spec.mean = *mean;
    valid = valid && mean.has_value();
    return mean;
  };
  const auto read_param = [&](std::string_view key, const NumberRange& range) {
    const auto param = object.required(key).number(range);
    if (param) spec.param = *param;
    valid = valid && param.has_value();
  };
  switch (spec.kind) {
    case DistKind::exponential:
      read_mean(kPositive);
      break;
    case DistKind::deterministic:
      read_mean(zero_mean == ZeroMean::allowed ? kNonNegative : kPositive);
      break;
    case DistKind::uniform: {
      const auto mean = read_mean(kPositive);
      // The draws stay non-negative only while the half-width does not exceed the mean.
      read_param("half_width", mean ? kNonNegative.at_most(*mean, "mean = " + format_number(*mean))
                                    : kNonNegative);
      break;
    }
    case DistKind::lognormal:
      read_mean(kPositive);
      read_param("sd", kPositive);
      break;
    case DistKind::gamma:
      read_mean(kPositive);
      read_param("cv", kPositive);
      break;
    case DistKind::weibull:
      read_mean(kPositive);
      read_param("shape", kPositive);
      break;
    case DistKind::empirical:
      valid = read_empirical(object, spec, zero_mean);
      break;
  }
  object.reject_unknown_keys("for dist \"" + std::string(to_string(spec.kind)) + "\"");
  return valid ? std::optional<DistributionSpec>(spec) : std::nullopt;
}

// A rate per hour: one number, or a list of numbers, one per interval of interval_s.
std::optional<Arrivals> read_arrivals(const Field& field, Form form) {
  const JsonDocument* value = field.get(kArrivalsShape);
  if (value == nullptr) return std::nullopt;
  JsonChecker& checker = field.checker();
  ObjectReader object(checker, *value, field.where(), kArrivalsShape);
  const Field interval = object.optional("interval_s");
  const Field rates = object.required("per_hour");
  const std::optional<double> interval_s = interval.number(kPositive);
  Arrivals arrivals;
  bool valid = true;
  if (form == Form::full) {
    const Field busyness = object.optional("busyness_cv");
    const auto busyness_cv = busyness.number(kNonNegative);
    arrivals.busyness_cv = busyness_cv.value_or(arrivals.busyness_cv);
    valid = busyness_cv.has_value() || !busyness.present();
  }
  object.reject_unknown_keys();

  const JsonDocument* json = rates.get("a number >= 0 or a list of them");
  if (json == nullptr) return std::nullopt;
  if (json->is_number()) {
    // A constant rate needs no interval; one given anyway is checked above and unused.
    const auto rate = checker.number(*json, rates.where(), kNonNegative);
    if (!rate || !valid) return std::nullopt;
    arrivals.per_hour = Schedule::constant(*rate);
    return arrivals;
  }
  if (!json->is_array()) {
    checker.report_value(rates.where(), "a number >= 0 or a list of them", *json);
    return std::nullopt;
  }
  const auto values = checker.list<double>(
      *json, rates.where(), "a number >= 0 or a non-empty list of them", non_negative_number);
  if (!interval.present()) {
    checker.report_missing(interval.where(), "a number > 0", "required when per_hour is a list");
  }
  if (!values || !interval_s || !valid) return std::nullopt;
  arrivals.per_hour = Schedule{*interval_s, *values};
  return arrivals;
}

// Agents on duty: one integer, or {"interval_s": s, "agents": [n0, n1, ...]}.
std::optional<Schedule> read_agents(const Field& field) {
  JsonChecker& checker = field.checker();
  const JsonDocument* json = field.get(kAgentsShape);
  if (json == nullptr) return std::nullopt;
  if (json->is_number()) {
    const auto count = agent_count(checker, *json, field.where());
    return count ? std::optional<Schedule>(Schedule::constant(*count)) : std::nullopt;
  }
  if (!json->is_object()) {
    checker.report_value(field.where(), kAgentsShape, *json);
    return std::nullopt;
  }
  ObjectReader schedule(checker, *json, field.where());
  const std::optional<double> interval_s = schedule.required("interval_s").number(kPositive);
  const Field agents = schedule.required("agents");
  schedule.reject_unknown_keys();
  const std::string list_shape = "a non-empty list of integers >= 0";
  const JsonDocument* list = agents.get(list_shape);
  if (list == nullptr) return std::nullopt;
  const auto values = checker.list<double>(*list, agents.where(), list_shape, agent_count);
  if (!values || !interval_s) return std::nullopt;
  return Schedule{*interval_s, *values};
}

// Documentation keys: kept for readers of the file, ignored by the engine.
void check_free_text(const Field& field) {
  JsonChecker& checker = field.checker();
  const JsonDocument* json = field.get(kFreeTextShape);
  if (json == nullptr || json->is_string()) return;
  if (!json->is_array()) {
    checker.report_value(field.where(), kFreeTextShape, *json);
    return;
  }
  for (std::size_t i = 0; i < json->size(); ++i) {
    if (!(*json)[i].is_string()) checker.report_value(field.where() / i, "a string", (*json)[i]);
  }
}

}  // namespace ccsim::scenario_readers
