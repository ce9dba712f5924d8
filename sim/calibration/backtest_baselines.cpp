// The backtest's baselines: what a planner would predict without simulating. The exact Erlang A
// of each interval, given the same arrival rate, staffing and mean handle time as the
// simulation and an exponential patience; and the training period's average of each interval.
#include <algorithm>
#include <cmath>

#include "calibration/backtest_cells.hpp"
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

// The mean handle time of a caller: segments by share, reasons by each segment's mix.
double mean_handle_s(const Scenario& full) {
  double sum = 0.0;
  for (const Segment& segment : full.segments) {
    for (std::size_t r = 0; r < full.reasons.size() && r < segment.reason_mix.size(); ++r) {
      sum += segment.share * segment.reason_mix[r] * full.reasons[r].human_handle_s.exact_mean();
    }
  }
  return sum;
}

// The scenario's mean patience over the segments that abandon, by share; nullopt if none does.
std::optional<double> scenario_patience_s(const Scenario& full) {
  double sum = 0.0;
  double shares = 0.0;
  for (const Segment& segment : full.segments) {
    if (!segment.patience_s) continue;
    sum += segment.share * segment.patience_s->exact_mean();
    shares += segment.share;
  }
  if (!(shares > 0.0)) return std::nullopt;
  return sum / shares;
}

// The exponential patience fitted to the training period's waits, as `fit` reports it.
std::optional<double> training_patience_s(const SelectedLog& training) {
  std::vector<CensoredWait> waits;
  for (const Entrant& e : training.entrants) {
    if (e.answered && !(e.waited_s > 0.0)) continue;
    waits.push_back({e.waited_s, !e.answered});
  }
  return fit_exponential(waits).mean_s();
}

}  // namespace

Baselines compute_baselines(const Scenario& scenario, const CellTable& logged,
                            const DayInputs& inputs, const BacktestOptions& options) {
  const Scenario full = expand_shorthands(scenario);
  Baselines out;
  out.handle_s = mean_handle_s(full);
  if (options.training != nullptr) {
    out.patience_s = training_patience_s(*options.training);
    out.patience_from_training = out.patience_s.has_value();
  }
  if (!out.patience_from_training) out.patience_s = scenario_patience_s(full);

  const std::size_t days = logged.days();
  const std::size_t intervals = logged.intervals();
  const double interval_s = options.interval_s;
  std::vector<const Schedule*> groups;
  for (const AgentGroup& g : full.groups) groups.push_back(&g.agents);
  const std::vector<const Schedule*> rates = {&full.arrivals_per_hour};

  out.erlang_a = CellTable(1, days, intervals);
  for (std::size_t d = 0; d < days; ++d) {
    std::vector<const Schedule*> staffing = groups;
    if (!inputs.agents.empty()) staffing = {&inputs.agents[d]};
    for (std::size_t i = 0; i < intervals; ++i) {
      const double from = static_cast<double>(i) * interval_s;
      const double offered = !inputs.entrants.empty()
                                 ? inputs.entrants[d][i]
                                 : mean_over(rates, from, from + interval_s, full.horizon_s) *
                                       interval_s / kSecondsPerHour;
      const double agents = mean_over(staffing, from, from + interval_s, full.horizon_s);
      out.erlang_a.at(0, d, i) = erlang_cell(offered, offered / interval_s, agents, out.handle_s,
                                             out.patience_s, full.service_level_threshold_s);
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
