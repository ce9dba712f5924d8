#include "ccsim/experiment/precision.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>
#include <stdexcept>

#include "ccsim/scenario/json_checker.hpp"
#include "ccsim/scenario/queue_growth.hpp"

namespace ccsim {

namespace {
constexpr int kShownDigits = 4;
}  // namespace

PrecisionTarget parse_precision_target(std::string_view text) {
  const std::size_t equals = text.find('=');
  const std::string got = ", got " + shorten(std::string(text), 60);
  if (equals == std::string_view::npos || equals == 0) {
    throw std::invalid_argument("expected METRIC=HALFWIDTH" + got);
  }
  PrecisionTarget target;
  target.metric = std::string(text.substr(0, equals));
  const std::string number(text.substr(equals + 1));
  std::size_t used = 0;
  try {
    target.half_width = std::stod(number, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != number.size() || !std::isfinite(target.half_width) ||
      !(target.half_width > 0.0)) {
    throw std::invalid_argument("expected METRIC=HALFWIDTH with a half-width > 0" + got);
  }
  return target;
}

std::vector<std::string> precision_metric_names(const Scenario& scenario) {
  // The names come from the merge itself, so they are exactly those of the results.
  const Results empty = merge_tallies(scenario, {}, scenario.confidence);
  std::vector<std::string> names;
  for (const auto& [name, estimate] : empty.metrics) names.push_back(name);
  return names;
}

std::vector<std::string> precision_problems(const std::vector<PrecisionTarget>& targets,
                                            const Scenario& scenario) {
  const std::vector<std::string> names = precision_metric_names(scenario);
  std::vector<std::string> problems;
  for (const PrecisionTarget& t : targets) {
    if (std::find(names.begin(), names.end(), t.metric) != names.end()) continue;
    std::string line = "--precision: expected a metric of the results (" + join_words(names) +
                       "), got \"" + t.metric + "\"";
    if (const std::string near = closest_match(t.metric, names); !near.empty()) {
      line += " (did you mean \"" + near + "\"?)";
    }
    problems.push_back(std::move(line));
  }
  return problems;
}

PrecisionOutcome assess_precision(const Results& results,
                                  const std::vector<PrecisionTarget>& targets,
                                  int max_replications) {
  PrecisionOutcome outcome;
  outcome.targets = targets;
  outcome.replications = results.replications;
  outcome.max_replications = max_replications;
  outcome.met = true;
  for (const PrecisionTarget& t : targets) {
    const std::optional<double> hw = results.metric(t.metric).half_width();
    outcome.half_widths.push_back(hw);
    if (!hw || *hw > t.half_width) outcome.met = false;
  }
  return outcome;
}

int next_precision_batch(const PrecisionOutcome& outcome) {
  const int n = outcome.replications;
  const int room = outcome.max_replications - n;
  if (outcome.met || room <= 0) return 0;
  double needed = 0.0;
  for (std::size_t i = 0; i < outcome.targets.size(); ++i) {
    const std::optional<double>& hw = outcome.half_widths[i];
    if (!hw) {
      needed = 2.0 * n;  // no interval yet: nothing to extrapolate from
      break;
    }
    const double ratio = *hw / outcome.targets[i].half_width;
    needed = std::max(needed, std::ceil(n * ratio * ratio));
  }
  const int smallest = std::max(
      kMinPrecisionBatch, (n + kMinBatchFractionDenominator - 1) / kMinBatchFractionDenominator);
  const double wanted = std::clamp(needed - n, static_cast<double>(smallest),
                                   static_cast<double>(std::max(n, smallest)));
  return std::min(room, static_cast<int>(wanted));
}

PreciseRun run_to_precision(const Scenario& scenario, const std::vector<PrecisionTarget>& targets,
                            int max_replications, const BatchRunner& run_batch) {
  // Without targets the replications asked for run, all of them: the cap bounds only the
  // batches added for precision, and one below them would cut what was asked.
  if (!targets.empty() && scenario.replications > max_replications) {
    throw std::invalid_argument(
        "max_replications: expected at least the " + std::to_string(scenario.replications) +
        " replications asked for (they run first), got " + std::to_string(max_replications));
  }
  // The same refusal the front ends make before they start: never bad_alloc hours later.
  if (const std::optional<QueueGrowth> growth = queue_growth(scenario);
      growth && growth->refused()) {
    throw std::invalid_argument(describe(*growth, scenario.name));
  }
  PreciseRun run;
  int count = scenario.replications;
  while (count > 0) {
    std::vector<Tally> batch = run_batch(static_cast<int>(run.tallies.size()), count);
    std::move(batch.begin(), batch.end(), std::back_inserter(run.tallies));
    run.results = merge_tallies(scenario, run.tallies, scenario.confidence);
    if (targets.empty()) break;
    run.precision = assess_precision(run.results, targets, max_replications);
    count = next_precision_batch(*run.precision);
  }
  return run;
}

nlohmann::json to_json(const PrecisionOutcome& outcome) {
  nlohmann::json targets = nlohmann::json::object();
  for (std::size_t i = 0; i < outcome.targets.size(); ++i) {
    const std::optional<double>& hw = outcome.half_widths[i];
    targets[outcome.targets[i].metric] = {
        {"target_half_width", outcome.targets[i].half_width},
        {"half_width", hw ? nlohmann::json(*hw) : nlohmann::json(nullptr)},
        {"met", hw && *hw <= outcome.targets[i].half_width}};
  }
  return {{"targets", std::move(targets)},
          {"replications", outcome.replications},
          {"max_replications", outcome.max_replications},
          {"met", outcome.met},
          {"cap_hit", !outcome.met}};
}

void write_line(std::ostream& out, const PrecisionOutcome& outcome) {
  out << "precision: ";
  if (outcome.met) {
    out << "every target met after " << outcome.replications << " replications";
  } else {
    out << "cap of " << outcome.max_replications << " replications hit before every target was met";
  }
  for (std::size_t i = 0; i < outcome.targets.size(); ++i) {
    const std::optional<double>& hw = outcome.half_widths[i];
    const auto shown = [](const std::optional<double>& value) {
      if (!value) return std::string("n/a");
      std::ostringstream text;
      text << std::setprecision(kShownDigits) << *value;
      return text.str();
    };
    out << (i == 0 ? " (" : ", ") << outcome.targets[i].metric << " ±" << shown(hw) << " for ±"
        << shown(outcome.targets[i].half_width);
  }
  out << ")\n";
}

}  // namespace ccsim
