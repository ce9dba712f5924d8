// Staffing targets: the metrics they may name and the parser of "METRIC>=VALUE".
#include "ccsim/staffing/staffing_target.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

#include "ccsim/scenario/json_checker.hpp"

namespace ccsim {

namespace {

constexpr std::string_view kAtLeast = ">=";
constexpr std::string_view kAtMost = "<=";

const std::vector<TargetMetric>& erlang_metrics() {
  constexpr MetricKind kRate = MetricKind::rate;
  constexpr MetricKind kQuantity = MetricKind::non_negative;
  static const std::vector<TargetMetric> metrics = {
      {"service_level", TargetOp::at_least, true, kRate},
      {"abandon_rate", TargetOp::at_most, true, kRate},
      {"asa_s", TargetOp::at_most, false, kQuantity},
      {"p_wait", TargetOp::at_most, true, kRate},
      {"mean_wait_s", TargetOp::at_most, false, kQuantity},
  };
  return metrics;
}

const std::vector<TargetMetric>& simulation_metrics() {
  static const std::vector<TargetMetric> metrics = [] {
    std::vector<TargetMetric> all = erlang_metrics();
    all.push_back({"gave_up_rate", TargetOp::at_most, true, MetricKind::rate});
    all.push_back({"churn_rate", TargetOp::at_most, true, MetricKind::share});
    all.push_back({"csat", TargetOp::at_least, true, MetricKind::share});
    all.push_back({"queue_length", TargetOp::at_most, false, MetricKind::non_negative});
    return all;
  }();
  return metrics;
}

std::vector<std::string> names_of(std::span<const TargetMetric> allowed) {
  std::vector<std::string> names;
  for (const TargetMetric& m : allowed) names.push_back(m.name);
  return names;
}

std::string in_quotes(std::string_view text) {
  std::string out(1, '"');
  out.append(text);
  out.push_back('"');
  return out;
}

std::optional<double> parse_number(std::string_view text) {
  double value = 0.0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc{} || stop != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

}  // namespace

std::string_view to_string(TargetOp op) {
  return op == TargetOp::at_least ? kAtLeast : kAtMost;
}

std::span<const TargetMetric> erlang_target_metrics() {
  return erlang_metrics();
}
std::span<const TargetMetric> simulation_target_metrics() {
  return simulation_metrics();
}

const TargetMetric& simulation_target_metric(std::string_view name) {
  for (const TargetMetric& m : simulation_metrics()) {
    if (m.name == name) return m;
  }
  throw std::out_of_range("no target metric named " + std::string(name));
}

std::string Target::text() const {
  return metric + std::string(to_string(op)) + format_number(value);
}

std::optional<Target> parse_target(std::string_view text, std::span<const TargetMetric> allowed,
                                   std::string& problem) {
  std::size_t at = text.find(kAtLeast);
  TargetOp op = TargetOp::at_least;
  if (at == std::string_view::npos) {
    at = text.find(kAtMost);
    op = TargetOp::at_most;
  }
  if (at == std::string_view::npos) {
    problem = "expected METRIC>=VALUE or METRIC<=VALUE (e.g. service_level>=0.8), got " +
              in_quotes(shorten(std::string(text), 80));
    return std::nullopt;
  }
  const std::string_view name = text.substr(0, at);
  const std::string_view number = text.substr(at + 2);

  const std::vector<std::string> names = names_of(allowed);
  const TargetMetric* metric = nullptr;
  for (const TargetMetric& m : allowed) {
    if (m.name == name) metric = &m;
  }
  if (metric == nullptr) {
    problem = "expected a metric of " + join_words(names) + ", got " +
              in_quotes(shorten(std::string(name), 80));
    if (const std::string near = closest_match(name, names); !near.empty()) {
      problem += " (did you mean " + in_quotes(near) + "?)";
    }
    return std::nullopt;
  }
  if (op != metric->op) {
    // The other direction has no fewest-agents answer: zero agents would meet it.
    problem = "expected " + metric->name + std::string(to_string(metric->op)) + "VALUE (" +
              metric->name + (metric->op == TargetOp::at_least ? " rises" : " falls") +
              " with more agents), got " + in_quotes(shorten(std::string(text), 80));
    return std::nullopt;
  }
  const std::optional<double> value = parse_number(number);
  const bool in_range = value && *value >= 0.0 && (!metric->share || *value <= 1.0);
  if (!in_range) {
    problem = std::string("expected a number ") + (metric->share ? "in [0, 1]" : ">= 0") +
              " after " + metric->name + std::string(to_string(op)) + ", got " +
              in_quotes(shorten(std::string(number), 80));
    return std::nullopt;
  }
  return Target{metric->name, op, *value};
}

}  // namespace ccsim
