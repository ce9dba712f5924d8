// Readers of the parts of a scenario file: distributions, arrivals, agent schedules,
// documentation.
#include "scenario/scenario_readers.hpp"

#include <array>
#include <cmath>
#include <cstdio>
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

// Relative tolerance on a whole number of repeats: times are written in decimal, so a period
// of 3 x 100.1 s fits 900.9 s only up to rounding.
constexpr double kWholeTolerance = 1e-9;
// Significant digits of the number of repeats shown in a message.
constexpr int kShownRepeatDigits = 4;
constexpr std::size_t kNumberTextBytes = 32;

std::string format_repeats(double repeats) {
  std::array<char, kNumberTextBytes> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%.*g", kShownRepeatDigits, repeats);
  return buffer.data();
}

std::optional<double> non_negative_number(JsonChecker& checker, const JsonDocument& value,
                                          const JsonPath& where) {
  return checker.number(value, where, kNonNegative);
}

std::optional<double> duration(JsonChecker& checker, const JsonDocument& value,
                               const JsonPath& where) {
  return checker.number(value, where, kNonNegativeSeconds);
}

std::optional<double> arrival_rate(JsonChecker& checker, const JsonDocument& value,
                                   const JsonPath& where) {
  return checker.number(value, where, kPerHour);
}

// {"dist": "empirical", "values": [...], "weights": [...]}: mean and weights as DistributionSpec
// wants them.
bool read_empirical(ObjectReader& object, DistributionSpec& spec, ZeroMean zero_mean) {
  JsonChecker& checker = object.checker();
  const std::string values_shape = "a non-empty list of " + kNonNegativeSeconds.describe("numbers");
  const std::string weights_shape = "a non-empty list of numbers >= 0";
  const Field values_field = object.required("values");
  const Field weights_field = object.optional("weights");
  std::optional<std::vector<double>> values;
  if (const JsonDocument* json = values_field.get(values_shape)) {
    values = checker.list<double>(*json, values_field.where(), values_shape, duration);
  }
  std::optional<std::vector<double>> weights;
  if (const JsonDocument* json = weights_field.get(weights_shape)) {
    weights =
        checker.list<double>(*json, weights_field.where(), weights_shape, non_negative_number);
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
  const auto count = checker.integer<int>(value, where, 0, kMaxAgents);
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
      read_mean(kPositiveSeconds);
      break;
    case DistKind::deterministic:
      read_mean(zero_mean == ZeroMean::allowed ? kNonNegativeSeconds : kPositiveSeconds);
      break;
    case DistKind::uniform: {
      const auto mean = read_mean(kPositiveSeconds);
      // The draws stay non-negative only while the half-width does not exceed the mean.
      read_param("half_width", mean ? kNonNegative.at_most(*mean, "mean = " + format_number(*mean))
                                    : kNonNegativeSeconds);
      break;
    }
    case DistKind::lognormal:
      read_mean(kPositiveSeconds);
      read_param("sd", kPositiveSeconds);
      break;
    case DistKind::gamma:
      read_mean(kPositiveSeconds);
      read_param("cv", kPositive.at_most(kMaxCv));
      break;
    case DistKind::weibull:
      read_mean(kPositiveSeconds);
      read_param("shape", NumberRange::at_least(kMinWeibullShape));
      break;
    case DistKind::empirical:
      valid = read_empirical(object, spec, zero_mean);
      break;
  }
  object.reject_unknown_keys("for dist \"" + std::string(to_string(spec.kind)) + "\"");
  return valid ? std::optional<DistributionSpec>(spec) : std::nullopt;
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
          format_repeats(repeats) + " times");
  return false;
}

// A rate per hour: one number, or a list of numbers, one per interval of interval_s.
std::optional<Arrivals> read_arrivals(const Field& field, Form form,
                                      std::optional<double> horizon_s) {
  const JsonDocument* value = field.get(kArrivalsShape);
  if (value == nullptr) return std::nullopt;
  JsonChecker& checker = field.checker();
  ObjectReader object(checker, *value, field.where(), kArrivalsShape);
  const Field interval = object.optional("interval_s");
  const Field rates = object.required("per_hour");
  const std::optional<double> interval_s = interval.number(kIntervalSeconds);
  Arrivals arrivals;
  bool valid = true;
  if (form == Form::full) {
    const Field busyness = object.optional("busyness_cv");
    const auto busyness_cv = busyness.number(kNonNegative.at_most(kMaxCv));
    arrivals.busyness_cv = busyness_cv.value_or(arrivals.busyness_cv);
    valid = busyness_cv.has_value() || !busyness.present();
  }
  object.reject_unknown_keys();

  const std::string rate_shape = kPerHour.describe() + " or a list of them";
  const JsonDocument* json = rates.get(rate_shape);
  if (json == nullptr) return std::nullopt;
  if (json->is_number()) {
    // A constant rate needs no interval; one given anyway is checked above and unused.
    const auto rate = checker.number(*json, rates.where(), kPerHour);
    if (!rate || !valid) return std::nullopt;
    arrivals.per_hour = Schedule::constant(*rate);
    return arrivals;
  }
  if (!json->is_array()) {
    checker.report_value(rates.where(), rate_shape, *json);
    return std::nullopt;
  }
  const auto values = checker.list<double>(
      *json, rates.where(), kPerHour.describe() + " or a non-empty list of them", arrival_rate);
  if (!interval.present()) {
    checker.report_missing(interval.where(), kIntervalSeconds.describe(),
                           "required when per_hour is a list");
  }
  if (!values || !interval_s) return std::nullopt;
  arrivals.per_hour = Schedule{*interval_s, *values};
  if (!check_schedule_span(checker, rates.where(), arrivals.per_hour, horizon_s) || !valid) {
    return std::nullopt;
  }
  return arrivals;
}

namespace {

using ValueReader = std::optional<double> (*)(JsonChecker&, const JsonDocument&, const JsonPath&);

// A value per interval: one value (a constant), or {"interval_s": S, KEY: [V0, V1, ...]} checked
// against the horizon, every value read by `value`.
std::optional<Schedule> read_schedule(const Field& field, std::optional<double> horizon_s,
                                      std::string_view shape, const char* key,
                                      const std::string& list_shape, ValueReader value) {
  JsonChecker& checker = field.checker();
  const JsonDocument* json = field.get(shape);
  if (json == nullptr) return std::nullopt;
  if (json->is_number()) {
    const auto constant = value(checker, *json, field.where());
    return constant ? std::optional<Schedule>(Schedule::constant(*constant)) : std::nullopt;
  }
  if (!json->is_object()) {
    checker.report_value(field.where(), shape, *json);
    return std::nullopt;
  }
  ObjectReader schedule(checker, *json, field.where());
  const std::optional<double> interval_s = schedule.required("interval_s").number(kIntervalSeconds);
  const Field values_field = schedule.required(key);
  schedule.reject_unknown_keys();
  const JsonDocument* list = values_field.get(list_shape);
  if (list == nullptr) return std::nullopt;
  const auto values = checker.list<double>(*list, values_field.where(), list_shape, value);
  if (!values || !interval_s) return std::nullopt;
  Schedule result{*interval_s, *values};
  if (!check_schedule_span(checker, values_field.where(), result, horizon_s)) return std::nullopt;
  return result;
}

std::optional<double> factor(JsonChecker& checker, const JsonDocument& value,
                             const JsonPath& where) {
  return checker.number(value, where, kFactor);
}

}  // namespace

std::optional<Schedule> read_factors(const Field& field, std::optional<double> horizon_s) {
  return read_schedule(field, horizon_s,
                       R"(a factor in (0, 100] or {"interval_s": S, "factors": [F0, F1, ...]})",
                       "factors", "a non-empty list of factors in (0, 100]", factor);
}

// Agents on duty: one integer, or {"interval_s": s, "agents": [n0, n1, ...]}.
std::optional<Schedule> read_agents(const Field& field, std::optional<double> horizon_s) {
  return read_schedule(field, horizon_s, kAgentsShape, "agents",
                       "a non-empty list of integers in [0, " + std::to_string(kMaxAgents) + "]",
                       agent_count);
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
