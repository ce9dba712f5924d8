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
#include "ccsim/stats/results_accumulator.hpp"

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

std::string unusable_interval(const Estimate& e) {
  const std::optional<double> hw = e.half_width();
  if (!hw) return "no interval";
  if (!(*hw > 0.0)) return "an interval of zero width";
  std::uint64_t events = e.n;
  if (e.kind == MetricKind::rate && e.mean) {
    const auto hits = static_cast<std::uint64_t>(std::llround(*e.mean * static_cast<double>(e.n)));
    events = std::min(hits, e.n - std::min(hits, e.n));
  }
  if (events < kMinTargetEvents) {
    return std::to_string(events) + (events == 1 ? " event" : " events");
  }
  return {};
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
    const Estimate& e = results.metric(t.metric);
    const std::optional<double> hw = e.half_width();
    outcome.half_widths.push_back(hw);
    outcome.unusable.push_back(unusable_interval(e));
    if (!outcome.unusable.back().empty() || *hw > t.half_width) outcome.met = false;
  }
  return outcome;
}

namespace {

bool every_interval_usable(const PrecisionOutcome& outcome) {
  return std::all_of(outcome.unusable.begin(), outcome.unusable.end(),
                     [](const std::string& why) { return why.empty(); });
}

// ⌈n · max_i (hw_i / target_i)²⌉ over the targets not met (every interval usable).
double planned_total(const PrecisionOutcome& outcome) {
  const double n = outcome.replications;
  double needed = n;
  for (std::size_t i = 0; i < outcome.targets.size(); ++i) {
    const double ratio = *outcome.half_widths[i] / outcome.targets[i].half_width;
    needed = std::max(needed, std::ceil(n * ratio * ratio));
  }
  return needed;
}

}  // namespace

int next_precision_batch(const PrecisionOutcome& outcome) {
  const int n = outcome.replications;
  const int room = outcome.max_replications - n;
  if (outcome.met || room <= 0) return 0;
  double wanted = 0.0;
  if (!every_interval_usable(outcome)) {
    wanted = std::max(n, kMinPrecisionBatch);  // still the pilot: double it
  } else if (outcome.stage == PrecisionStage::pilot) {
    wanted = planned_total(outcome) - n;  // Stein's second stage, in one go
  } else {
    const int smallest = std::max(
        kMinPrecisionBatch, (n + kMinBatchFractionDenominator - 1) / kMinBatchFractionDenominator);
    wanted = std::max(planned_total(outcome) - n, static_cast<double>(smallest));
  }
  return std::min(room, static_cast<int>(std::max(wanted, 1.0)));
}

namespace {

// Each targeted metric's interval widened, where narrower, to Stein's at n replications:
// mean ± t_{pilot−1} · pilot_sd / √n.
void widen_to_stein(Results& results, const std::vector<PrecisionTarget>& targets, int pilot,
                    const std::vector<double>& pilot_sd, double confidence) {
  const double quantile = student_t_quantile(confidence, static_cast<std::uint64_t>(pilot - 1));
  const double root_n = std::sqrt(static_cast<double>(results.replications));
  for (std::size_t i = 0; i < targets.size(); ++i) {
    for (auto& [name, estimate] : results.metrics) {
      if (name == targets[i].metric) widen_interval(estimate, quantile * pilot_sd[i] / root_n);
    }
  }
}

}  // namespace

PreciseRun run_to_precision(const Scenario& scenario, const std::vector<PrecisionTarget>& targets,
                            int max_replications, const StreamingBatchRunner& run_batch) {
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
  ResultsAccumulator merged(scenario);
  // Without targets the replications asked for, all of them; with targets at least the first
  // batch, within the cap (at least the replications asked for, checked above).
  const int first_batch =
      targets.empty() ? scenario.replications
                      : std::min(std::max(kMinFirstBatch, scenario.replications), max_replications);
  int pilot = 0;
  int planned = 0;
  std::vector<double> pilot_sd;
  int count = first_batch;
  while (count > 0) {
    const int first = merged.replications();
    run_batch(first, count, [&](int replication, Tally& tally) {
      if (replication != merged.replications()) {
        throw std::logic_error("replication " + std::to_string(replication) +
                               " handed over out of order");
      }
      merged.add(tally);
    });
    if (merged.replications() != first + count) {
      throw std::logic_error("a batch handed over " +
                             std::to_string(merged.replications() - first) + " of its " +
                             std::to_string(count) + " replications");
    }
    run.results = merged.results(scenario.confidence);
    if (targets.empty()) break;
    const bool pilot_ends = pilot == 0 && every_interval_usable(assess_precision(
                                              run.results, targets, max_replications));
    if (pilot_ends) {
      // The first stage is over: its spread is Stein's, for every interval from here on.
      pilot = run.results.replications;
      for (const PrecisionTarget& t : targets) {
        pilot_sd.push_back(run.results.metric(t.metric).sd.value_or(0.0));
      }
    }
    if (pilot > 0) widen_to_stein(run.results, targets, pilot, pilot_sd, scenario.confidence);
    PrecisionOutcome outcome = assess_precision(run.results, targets, max_replications);
    outcome.first_batch = first_batch;
    // The batch after the first stage completes the total planned from it, in one go.
    outcome.stage = pilot_ends || pilot == 0 ? PrecisionStage::pilot : PrecisionStage::planned;
    if (pilot_ends && !outcome.met) {
      planned = std::min(max_replications, static_cast<int>(planned_total(outcome)));
    }
    outcome.pilot = pilot;
    outcome.planned = planned;
    outcome.pilot_sd = pilot_sd;
    count = next_precision_batch(outcome);
    run.precision = std::move(outcome);
  }
  return run;
}

PreciseRun run_to_precision(const Scenario& scenario, const std::vector<PrecisionTarget>& targets,
                            int max_replications, const BatchRunner& run_batch) {
  std::vector<Tally> kept;
  PreciseRun run = run_to_precision(scenario, targets, max_replications,
                                    [&](int first, int count, const TallyConsumer& consume) {
                                      std::vector<Tally> batch = run_batch(first, count);
                                      for (std::size_t i = 0; i < batch.size(); ++i) {
                                        consume(first + static_cast<int>(i), batch[i]);
                                        kept.push_back(std::move(batch[i]));
                                      }
                                    });
  run.tallies = std::move(kept);
  return run;
}

nlohmann::json to_json(const PrecisionOutcome& outcome) {
  nlohmann::json targets = nlohmann::json::object();
  for (std::size_t i = 0; i < outcome.targets.size(); ++i) {
    const std::optional<double>& hw = outcome.half_widths[i];
    targets[outcome.targets[i].metric] = {
        {"target_half_width", outcome.targets[i].half_width},
        {"half_width", hw ? nlohmann::json(*hw) : nlohmann::json(nullptr)},
        {"met", outcome.unusable[i].empty() && *hw <= outcome.targets[i].half_width}};
    if (!outcome.unusable[i].empty()) {
      targets[outcome.targets[i].metric]["unusable"] = outcome.unusable[i];
    }
  }
  return {{"targets", std::move(targets)},
          {"replications", outcome.replications},
          {"first_batch", outcome.first_batch},
          {"pilot", outcome.pilot},
          {"planned", outcome.planned},
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
    if (!outcome.unusable[i].empty()) out << " but " << outcome.unusable[i];
  }
  out << ")";
  if (outcome.pilot > 0) {
    out << "; first stage " << outcome.pilot << " replications";
    if (outcome.planned > 0) out << ", total planned from it " << outcome.planned;
  }
  out << "\n";
}

}  // namespace ccsim
