// The backtest's baselines: what a planner would predict without simulating. The exact Erlang A
// of each interval, given the same arrival rate, staffing and mean handle time as the
// simulation and an exponential patience; and the training period's average of each interval.
#include <algorithm>
#include <cmath>

#include "calibration/backtest_cells.hpp"
#include "calibration/replay.hpp"
#include "ccsim/calibration/estimators.hpp"
#include "ccsim/queueing/erlang.hpp"

namespace ccsim::backtest_detail {

namespace {

constexpr double kSecondsPerHour = 3600.0;

// The time average over [from, to) of the sum of `schedules` (zero beyond `horizon_s`).
double mean_over(const std::vector<const Schedule*>& schedules, double from, double to,
                 double horizon_s) {
  double sum = 0.0;
  double t = from;
  const double end = std::min(to, horizon_s);
  while (t < end) {
    double next = end;
    double value = 0.0;
    for (const Schedule* s : schedules) {
      value += s->at(t);
      next = std::min(next, s->next_change_after(t));
    }
    sum += value * (next - t);
    t = next;
  }
  return sum / (to - from);
}

// Erlang A's expected counts for `offered` callers at `lambda_per_s` with `agents` on average:
// a fractional staffing interpolates linearly between its two neighbouring whole numbers.
Cell erlang_cell(double offered, double lambda_per_s, double agents, double handle_s,
                 const std::optional<double>& patience_s, double threshold_s) {
  Cell cell;
  cell.offered = offered;
  if (!(offered > 0.0)) return cell;
  const double low = std::floor(std::max(0.0, agents));
  const double weight_high = std::max(0.0, agents) - low;
  for (const auto& [n, weight] : {std::pair{low, 1.0 - weight_high}, {low + 1.0, weight_high}}) {
    if (!(weight > 0.0)) continue;
    ErlangInput input;
    input.lambda_per_s = lambda_per_s;
    input.handle_s = handle_s;
    input.agents = static_cast<long>(n);
    input.patience_s = patience_s;
    input.threshold_s = threshold_s;
    const ErlangResult r = erlang(input);
    const double abandoned = offered * r.abandon_rate.value_or(0.0);
    cell.abandoned += weight * abandoned;
    cell.answered += weight * (offered - abandoned);
    cell.within += weight * offered * r.service_level.value_or(0.0);
    cell.answered_wait_s += weight * (offered - abandoned) * r.asa_s.value_or(0.0);
  }
  return cell;
}

// Each segment's mean handle time (its reasons by its mix) and abandonment rate (1 / its mean
// patience, 0 when it never abandons): the exponential fit to the training log's waits of that
// segment when there is one, else the scenario's mean patience.
struct SegmentRates {
  std::vector<double> handle_s;
  std::vector<double> theta_per_s;
  bool from_training = false;
};

SegmentRates segment_rates(const Scenario& full, const SelectedLog* training) {
  SegmentRates out;
  std::vector<std::vector<CensoredWait>> waits(full.segments.size());
  if (training != nullptr) {
    const SegmentMap map = map_segments(full, *training);
    for (const Entrant& e : training->entrants) {
      const std::int64_t s = map.of(e);
      if (s < 0 || (e.answered && !(e.waited_s > 0.0))) continue;
      waits[static_cast<std::size_t>(s)].push_back({e.waited_s, !e.answered});
    }
  }
  for (std::size_t s = 0; s < full.segments.size(); ++s) {
    const Segment& segment = full.segments[s];
    double handle_s = 0.0;
    for (std::size_t r = 0; r < full.reasons.size() && r < segment.reason_mix.size(); ++r) {
      handle_s += segment.reason_mix[r] * full.reasons[r].human_handle_s.exact_mean();
    }
    out.handle_s.push_back(handle_s);
    std::optional<double> patience_s;
    if (training != nullptr) {
      patience_s = fit_exponential(waits[s]).mean_s();
      out.from_training = out.from_training || patience_s.has_value();
    }
    if (!patience_s && segment.patience_s) patience_s = segment.patience_s->exact_mean();
    out.theta_per_s.push_back(patience_s && *patience_s > 0.0 ? 1.0 / *patience_s : 0.0);
  }
  return out;
}

// The mean handle time and patience of a mix of segments (weights: their callers).
struct MixRates {
  double handle_s = 0.0;
  std::optional<double> patience_s;
};

MixRates mix_rates(const SegmentRates& rates, const std::vector<double>& weights) {
  double total = 0.0, handle = 0.0, theta = 0.0;
  for (std::size_t s = 0; s < weights.size(); ++s) {
    total += weights[s];
    handle += weights[s] * rates.handle_s[s];
    theta += weights[s] * rates.theta_per_s[s];
  }
  MixRates out;
  if (!(total > 0.0)) return out;
  out.handle_s = handle / total;
  if (theta > 0.0) out.patience_s = total / theta;
  return out;
}

// The segments' rates in one interval: each scaled by its mean time-of-day factor there.
SegmentRates in_interval(const Scenario& full, const SegmentRates& rates, double from, double to) {
  SegmentRates out = rates;
  for (std::size_t s = 0; s < full.segments.size(); ++s) {
    const Segment& segment = full.segments[s];
    out.handle_s[s] *= mean_over({&segment.handle_factor}, from, to, to);
    out.theta_per_s[s] /= mean_over({&segment.patience_factor}, from, to, to);
  }
  return out;
}

}  // namespace

Baselines compute_baselines(const Scenario& scenario, const CellTable& logged,
                            const DayInputs& inputs, const BacktestOptions& options) {
  const Scenario full = expand_shorthands(scenario);
  Baselines out;
  const SegmentRates rates = segment_rates(full, options.training);
  std::vector<double> shares;
  for (const Segment& segment : full.segments) shares.push_back(segment.share);
  const MixRates overall = mix_rates(rates, shares);
  out.handle_s = overall.handle_s;
  out.patience_s = overall.patience_s;
  out.patience_from_training = rates.from_training;

  const std::size_t days = logged.days();
  const std::size_t intervals = logged.intervals();
  const double interval_s = options.interval_s;
  std::vector<const Schedule*> groups;
  for (const AgentGroup& g : full.groups) groups.push_back(&g.agents);
  const std::vector<const Schedule*> arrival_rates = {&full.arrivals_per_hour};

  std::vector<SegmentRates> by_interval;
  for (std::size_t i = 0; i < intervals; ++i) {
    const double from = static_cast<double>(i) * interval_s;
    by_interval.push_back(in_interval(full, rates, from, from + interval_s));
  }
  out.erlang_a = CellTable(1, days, intervals);
  for (std::size_t d = 0; d < days; ++d) {
    std::vector<const Schedule*> staffing = groups;
    if (!inputs.agents.empty()) staffing = {&inputs.agents[d]};
    for (std::size_t i = 0; i < intervals; ++i) {
      const double from = static_cast<double>(i) * interval_s;
      const double offered =
          !inputs.entrants.empty()
              ? inputs.entrants[d][i]
              : mean_over(arrival_rates, from, from + interval_s, full.horizon_s) * interval_s /
                    kSecondsPerHour;
      const double agents = mean_over(staffing, from, from + interval_s, full.horizon_s);
      const MixRates mix = mix_rates(
          by_interval[i], inputs.segment_entrants.empty() ? shares : inputs.segment_entrants[d][i]);
      if (!(mix.handle_s > 0.0)) {
        out.erlang_a.at(0, d, i).offered = offered;
        continue;
      }
      out.erlang_a.at(0, d, i) = erlang_cell(offered, offered / interval_s, agents, mix.handle_s,
                                             mix.patience_s, full.service_level_threshold_s);
    }
  }
  out.erlang_a.total_days();

  if (options.training != nullptr) {
    const CellTable days_of_training =
        logged_cells(*options.training, interval_s, full.service_level_threshold_s);
    CellTable summed(1, 1, intervals);
    for (std::size_t d = 0; d < days_of_training.days(); ++d) {
      for (std::size_t slot = 0; slot <= intervals; ++slot) {
        summed.at(0, 0, slot).add(days_of_training.at(0, d, slot));
      }
    }
    out.training = summed;
    out.training_days = days_of_training.days();
  }
  return out;
}

}  // namespace ccsim::backtest_detail
