// The SIPP starting point of the staffing search: each interval's human-queue load, handle time
// and patience, and the Erlang staffing of each interval alone in steady state.
#include <algorithm>
#include <cmath>

#include "ccsim/parallel/runner.hpp"
#include "ccsim/queueing/erlang_staffing.hpp"
#include "ccsim/staffing/staffing.hpp"
#include "ccsim/stats/results_accumulator.hpp"

namespace ccsim {

namespace {

constexpr double kSecondsPerHour = 3600.0;
// Ample staffing for the measuring run: this many times an upper bound of the load, plus a
// margin; doubled (up to kAmpleAttempts runs) while some interval still has queueing above
// kAmpleMaxPWait, so that the load measured is the load offered, not what a queue let through.
constexpr double kAmpleLoadFactor = 2.0;
constexpr double kAmpleMargin = 10.0;
constexpr double kAmpleMaxPWait = 0.01;
constexpr int kAmpleAttempts = 4;
// A day's busyness factor (gamma, mean 1) is rarely above 1 + this many coefficients of variation.
constexpr double kBusynessSpread = 4.0;
// The default cap: this many times the peak load, plus a margin.
constexpr double kCapLoadFactor = 4.0;
constexpr double kCapMargin = 20.0;

// Mean arrival rate per second over [from, to).
double mean_rate_per_s(const Schedule& per_hour, double from, double to) {
  if (!(to > from)) return 0.0;
  double area = 0.0;
  for (double t = from; t < to;) {
    const double next = std::min(to, per_hour.next_change_after(t));
    area += per_hour.at(t) * (next - t);
    t = next;
  }
  return area / (to - from) / kSecondsPerHour;
}

double interval_end(const Scenario& s, const StaffingGrid& grid, std::size_t i) {
  return std::min(grid.start_s(i) + grid.interval_s, s.horizon_s);
}

// The pooled abandonment rate of a mix: sum of weight / patience (hazard of a mixture of
// exponentials at zero). Returns the pooled patience: nullopt without abandonment, 0 when some
// weight has patience 0.
std::optional<double> pooled_patience(
    const std::vector<std::pair<double, std::optional<double>>>& mix) {
  double weight = 0.0;
  double rate = 0.0;
  for (const auto& [w, patience] : mix) {
    if (!(w > 0.0)) continue;
    weight += w;
    if (!patience) continue;
    if (*patience == 0.0) return 0.0;
    rate += w / *patience;
  }
  if (!(weight > 0.0) || !(rate > 0.0)) return std::nullopt;
  return weight / rate;
}

std::optional<double> mean_of(const std::optional<DistributionSpec>& spec) {
  return spec ? std::optional<double>(spec->exact_mean()) : std::nullopt;
}

bool single_human_queue(const Scenario& s) {
  if (uses_bots(s) || s.callback.enabled) return false;
  if (s.returns.retrial_probability > 0.0 || s.returns.repeat_probability > 0.0) return false;
  // Time-of-day factors change the load by interval: measured by a run, like the journeys.
  const bool plain = std::all_of(s.segments.begin(), s.segments.end(), [](const Segment& seg) {
    return seg.handle_factor.values == std::vector<double>{1.0} &&
           seg.patience_factor.values == std::vector<double>{1.0};
  });
  if (!plain) return false;
  return std::all_of(s.reasons.begin(), s.reasons.end(),
                     [](const Reason& r) { return r.channel == Channel::voice; });
}

SippInputs from_scenario(const Scenario& s, const StaffingGrid& grid) {
  SippInputs in;
  in.source = "scenario";
  std::vector<std::pair<double, std::optional<double>>> mix;
  for (const Segment& seg : s.segments) {
    for (std::size_t r = 0; r < s.reasons.size(); ++r) {
      in.handle_s += seg.share * seg.reason_mix[r] * s.reasons[r].human_handle_s.exact_mean();
    }
    mix.emplace_back(seg.share, mean_of(seg.patience_s));
  }
  in.patience_s = pooled_patience(mix);
  for (std::size_t i = 0; i < grid.count; ++i) {
    in.offered_load.push_back(
        mean_rate_per_s(s.arrivals_per_hour, grid.start_s(i), interval_end(s, grid, i)) *
        in.handle_s);
  }
  return in;
}

// An upper bound of the human load per interval: every arrival handled by a human at the
// longest mean handle time, with every return, on a busy day.
std::vector<long> ample_staffing(const Scenario& s, const StaffingGrid& grid) {
  double handle_s = 0.0;
  for (const Reason& r : s.reasons) handle_s = std::max(handle_s, r.human_handle_s.exact_mean());
  handle_s *= std::max(1.0, s.routing.no_context_handle_factor);
  if (s.callback.enabled) handle_s = std::max(handle_s, s.callback.unreached_handle_s.exact_mean());
  const double returns =
      1.0 + static_cast<double>(std::max(0, s.returns.max_attempts - 1)) *
                std::max(s.returns.retrial_probability, s.returns.repeat_probability);
  const double busy_day = 1.0 + kBusynessSpread * s.busyness_cv;
  std::vector<long> agents;
  for (std::size_t i = 0; i < grid.count; ++i) {
    const double load =
        mean_rate_per_s(s.arrivals_per_hour, grid.start_s(i), interval_end(s, grid, i)) * handle_s *
        returns * busy_day;
    agents.push_back(static_cast<long>(std::ceil(kAmpleLoadFactor * load + kAmpleMargin)));
  }
  return agents;
}

bool queues_in(const Results& results) {
  return std::any_of(results.by_interval.begin(), results.by_interval.end(),
                     [](const IntervalResult& interval) {
                       const Estimate& e = find_metric(interval.metrics, "p_wait");
                       return e.mean && *e.mean > kAmpleMaxPWait;
                     });
}

}  // namespace

SippInputs measure_sipp_inputs(const Scenario& given, const StaffingGrid& grid, int threads) {
  const Scenario full = expand_shorthands(given);
  SippInputs in;
  in.source = "ample_run";
  in.ample_agents = ample_staffing(full, grid);
  RunOptions options;
  options.threads = threads;
  Results results;
  for (int attempt = 0; attempt < kAmpleAttempts; ++attempt) {
    const Scenario ample = with_agents(given, grid, in.ample_agents);
    ResultsAccumulator merged(ample);
    for_each_replication(ample, 0, ample.replications, options,
                         [&](int, Tally& t) { merged.add(t); });
    results = merged.results(ample.confidence);
    ++in.simulations;
    if (!queues_in(results)) break;
    for (long& a : in.ample_agents) a *= 2;
  }
  // R_i: busy agents when nobody waits. Handle time: busy agent time over entrants, both from
  // the warm-up on (entrants are counted from it; agent time is reported from t = 0).
  double busy_s = 0.0;
  double entrants = 0.0;
  const double reps = static_cast<double>(results.replications);
  for (std::size_t i = 0; i < grid.count; ++i) {
    const double load = find_metric(results.by_interval[i].metrics, "busy_agents").mean.value_or(0);
    in.offered_load.push_back(load);
    if (grid.start_s(i) < full.warmup_s) continue;
    busy_s += load * (interval_end(full, grid, i) - grid.start_s(i));
    entrants += static_cast<double>(find_metric(results.by_interval[i].metrics, "p_wait").n) / reps;
  }
  if (entrants > 0.0) {
    in.handle_s = busy_s / entrants;
  } else {
    for (const Segment& seg : full.segments) {
      for (std::size_t r = 0; r < full.reasons.size(); ++r) {
        in.handle_s += seg.share * seg.reason_mix[r] * full.reasons[r].human_handle_s.exact_mean();
      }
    }
  }
  // Patience: each segment's, shortened for contacts escalated by a bot, weighted by the
  // segment's human-queue entrants.
  std::vector<std::pair<double, std::optional<double>>> mix;
  const double factor = full.routing.escalated_patience_factor;
  for (std::size_t s = 0; s < full.segments.size(); ++s) {
    const MetricSet& set = results.by_segment[s].second;
    const double offered = static_cast<double>(find_metric(set, "p_wait").n);
    const Estimate& esc = find_metric(set, "escalation_rate");
    const double escalated = std::min(offered, esc.mean.value_or(0.0) * static_cast<double>(esc.n));
    const std::optional<double> patience = mean_of(full.segments[s].patience_s);
    mix.emplace_back(offered - escalated, patience);
    mix.emplace_back(escalated, patience ? std::optional<double>(*patience * factor) : patience);
  }
  in.patience_s = pooled_patience(mix);
  return in;
}

SippInputs estimate_sipp_inputs(const Scenario& scenario, const StaffingGrid& grid, int threads) {
  const Scenario full = expand_shorthands(scenario);
  if (single_human_queue(full)) return from_scenario(full, grid);
  return measure_sipp_inputs(scenario, grid, threads);
}

std::vector<std::optional<long>> sipp_staffing(const SippInputs& inputs,
                                               const std::vector<Target>& targets,
                                               double threshold_s) {
  std::vector<Target> erlang_targets;
  for (const Target& t : targets) {
    for (const TargetMetric& m : erlang_target_metrics()) {
      if (m.name == t.metric) erlang_targets.push_back(t);
    }
  }
  std::vector<std::optional<long>> agents;
  for (const double load : inputs.offered_load) {
    if (!(load > 0.0) || !(inputs.handle_s > 0.0)) {
      agents.emplace_back(0);
    } else if (erlang_targets.empty()) {
      agents.emplace_back(static_cast<long>(std::ceil(load)));
    } else {
      ErlangQueue queue;
      queue.lambda_per_s = load / inputs.handle_s;
      queue.handle_s = inputs.handle_s;
      queue.patience_s = inputs.patience_s;
      queue.threshold_s = threshold_s;
      agents.push_back(erlang_staffing(queue, erlang_targets).agents);
    }
  }
  return agents;
}

long default_max_agents(const SippInputs& inputs, const std::vector<std::optional<long>>& sipp) {
  double peak = 0.0;
  for (const double load : inputs.offered_load) peak = std::max(peak, load);
  long cap = static_cast<long>(std::ceil(kCapLoadFactor * peak + kCapMargin));
  for (const auto& n : sipp) {
    if (n) cap = std::max(cap, *n);
  }
  return cap;
}

}  // namespace ccsim
