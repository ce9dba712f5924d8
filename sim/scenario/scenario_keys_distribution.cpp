// Distributions of durations, {"dist": NAME, …}: one object of keys per family.
#include <cmath>
#include <numeric>

#include "scenario/limits.hpp"
#include "scenario/scenario_keys.hpp"

namespace ccsim::format {

namespace {

using Dist = DistributionSpec;

constexpr std::string_view kDistributionShape =
    R"(a distribution object like {"dist": "exponential", "mean": 60})";

Key<Dist> dist_key() {
  return key<Dist>("dist", choice(distribution_names()), "the family")
      .required()
      .read_by_object_rules();
}

Key<Dist> mean_key() {
  return key("mean", number(kPositiveSeconds, "s"), &Dist::mean, "the mean").required();
}

ObjectSpec family(DistKind kind, std::string_view doc) {
  ObjectSpec spec;
  spec.shape = kDistributionShape;
  spec.doc = doc;
  spec.context = "for dist \"" + std::string(to_string(kind)) + "\"";
  return spec;
}

// The schema says the sum is positive as "some weight is", which is the same for numbers >= 0.
void empirical_schema_rules(JsonDocument& schema) {
  schema["properties"]["weights"]["contains"] =
      JsonDocument::parse(R"({"type": "number", "exclusiveMinimum": 0})");
}

// {"values": [...], "weights": [...]}: the mean and weights as DistributionSpec wants them.
void read_empirical(ObjectRead<Dist>& read, Dist& spec) {
  JsonChecker& checker = read.checker();
  const Field& values_field = read.field("values");
  const Field& weights_field = read.field("weights");
  const std::optional<std::vector<double>> values =
      read_numbers(read.spec("values").value, values_field);
  std::optional<std::vector<double>> weights;
  if (weights_field.present()) {
    weights = read_numbers(read.spec("weights").value, weights_field);
    if (!weights) return read.invalidate();
    if (values && weights->size() != values->size()) {
      checker.report(weights_field.where(),
                     "a list of " + std::to_string(values->size()) + " weights, one per value",
                     describe_json(*weights_field.value()));
      return read.invalidate();
    }
    const double total = std::accumulate(weights->begin(), weights->end(), 0.0);
    if (!(total > 0.0) || !std::isfinite(total)) {
      checker.report(weights_field.where(), "weights with a finite sum > 0",
                     "weights summing to " + format_number(total));
      return read.invalidate();
    }
  }
  if (!values) return read.invalidate();
  spec.values = *values;
  spec.weights = weights.value_or(std::vector<double>{});
  spec.mean = spec.exact_mean();
  const bool zero_allowed = read.reading().zero_mean == ZeroMean::allowed;
  if (!std::isfinite(spec.mean) || (!zero_allowed && !(spec.mean > 0.0))) {
    checker.report(values_field.where(),
                   zero_allowed ? "values whose weighted mean is finite"
                                : "values whose weighted mean is a finite number > 0",
                   "a weighted mean of " + format_number(spec.mean));
    read.invalidate();
  }
}

std::vector<Family> make_families() {
  static const Object<Dist> exponential{
      family(DistKind::exponential, "memoryless: the Erlang models' distribution"),
      {dist_key(), mean_key()}};
  Value zero_mean = number(kPositiveSeconds, "s");
  zero_mean.positive_unless_zero_allowed = true;
  static const Object<Dist> deterministic{
      family(DistKind::deterministic, "always the mean"),
      {dist_key(),
       key("mean", zero_mean, &Dist::mean, "the value; 0 where zero is allowed (patience, delays)")
           .required()}};
  static const Object<Dist> uniform{
      family(DistKind::uniform, "uniform on [mean - half_width, mean + half_width]"),
      {dist_key(), mean_key(),
       // The draws stay non-negative only while the half-width does not exceed the mean.
       key("half_width", number(kNonNegativeSeconds, "s").at_most_key("mean"), &Dist::param,
           "half the width of the interval")
           .required()
           .checked_with("at most the mean")}};
  static const Object<Dist> lognormal{
      family(DistKind::lognormal, "lognormal of this mean and standard deviation"),
      {dist_key(), mean_key(),
       key("sd", number(kPositiveSeconds, "s"), &Dist::param, "the standard deviation")
           .required()}};
  static const Object<Dist> gamma{
      family(DistKind::gamma, "gamma of this mean and coefficient of variation"),
      {dist_key(), mean_key(),
       key("cv", number(kCv), &Dist::param, "the coefficient of variation (sd / mean)")
           .required()}};
  static const Object<Dist> weibull{
      family(DistKind::weibull, "Weibull of this mean and shape"),
      {dist_key(), mean_key(),
       key("shape", number(NumberRange::at_least(kMinWeibullShape)), &Dist::param,
           "the shape k (k < 1: a heavy tail; k = 1: exponential)")
           .required()}};
  static const Object<Dist> empirical{
      [] {
        ObjectSpec spec = family(DistKind::empirical, "the values drawn with their weights");
        spec.schema_rules = empirical_schema_rules;
        return spec;
      }(),
      {dist_key(),
       key("values", numbers(kNonNegativeSeconds, "a non-empty list of numbers in [0, 1e9]"),
           &Dist::values, "the values, in seconds")
           .required()
           .read_by_object_rules(),
       key("weights", numbers(kNonNegative, "a non-empty list of numbers >= 0"), &Dist::weights,
           "relative frequencies (counts, say): one per value, with a positive sum")
           .defaults_to("equal")
           .checked_with("one weight per value")
           .read_by_object_rules()},
      nullptr,
      read_empirical};
  return {{DistKind::exponential, &exponential},
          {DistKind::deterministic, &deterministic},
          {DistKind::uniform, &uniform},
          {DistKind::lognormal, &lognormal},
          {DistKind::gamma, &gamma},
          {DistKind::weibull, &weibull},
          {DistKind::empirical, &empirical}};
}

}  // namespace

const std::vector<std::string>& distribution_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> result;
    for (int kind = 0; kind <= static_cast<int>(DistKind::empirical); ++kind) {
      result.emplace_back(to_string(static_cast<DistKind>(kind)));
    }
    return result;
  }();
  return names;
}

std::span<const Family> distribution_families() {
  static const std::vector<Family> families = make_families();
  return families;
}

std::optional<DistributionSpec> read_distribution(Reading& reading, const Value& value,
                                                  const Field& field) {
  const JsonDocument* json = field.get(value.shape);
  if (json == nullptr) return std::nullopt;
  ObjectReader object(reading.checker, *json, field.where(), value.shape);
  if (!object.is_object()) return std::nullopt;
  const std::optional<std::size_t> kind = object.required("dist").choice(distribution_names());
  // Which other keys belong depends on the family: without one, they cannot be judged.
  if (!kind) return std::nullopt;
  const Family& family = distribution_families()[*kind];
  DistributionSpec spec;
  spec.kind = family.kind;
  const ZeroMean outer = reading.zero_mean;
  reading.zero_mean = value.zero_mean;
  const bool valid = family.object->read(reading, field, spec);
  reading.zero_mean = outer;
  return valid ? std::optional<DistributionSpec>(std::move(spec)) : std::nullopt;
}

}  // namespace ccsim::format
