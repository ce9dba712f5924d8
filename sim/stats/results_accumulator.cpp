#include "ccsim/stats/results_accumulator.hpp"

#include <cmath>
#include <stdexcept>

namespace ccsim {

namespace {

// The p90 of waits as reported: the pooled histogram's quantile, with the spread of the
// per-replication quantiles for its interval (batch means: each replication is one batch).
constexpr double kWaitQuantile = 0.90;

// Moves `name` right after `after` so the core metrics keep their documented order.
void insert_after(MetricSet& m, const std::string& after, std::string name, Estimate e) {
  for (auto it = m.begin(); it != m.end(); ++it) {
    if (it->first == after) {
      m.insert(it + 1, {std::move(name), std::move(e)});
      return;
    }
  }
  m.emplace_back(std::move(name), std::move(e));
}

// The time averages of a reported interval, after its counter metrics.
enum IntervalTimeMetric : std::size_t { kOccupancy, kQueueLength, kBusyAgents, kBusyBots, kCount };

std::vector<std::pair<std::string, MetricParts>> interval_metric_parts() {
  std::vector<std::pair<std::string, MetricParts>> parts = counter_metric_parts({});
  MetricParts occupancy;
  occupancy.kind = MetricKind::share;
  occupancy.n = 0;  // counts replications
  parts.emplace_back("occupancy", occupancy);
  for (const char* name : {"queue_length", "busy_agents", "busy_bots"}) {
    MetricParts mean;
    mean.ratio = false;
    mean.kind = MetricKind::non_negative;
    parts.emplace_back(name, mean);
  }
  return parts;
}

}  // namespace

MetricSums::MetricSums(const std::vector<std::pair<std::string, MetricParts>>& parts) {
  for (const auto& [name, p] : parts) {
    sums_.push_back(Sum{name, p.ratio, p.kind, p.n.has_value(), {}});
  }
}

void MetricSums::add(const std::vector<std::pair<std::string, MetricParts>>& one) {
  if (one.size() != sums_.size()) throw std::logic_error("metric parts of another shape");
  for (std::size_t i = 0; i < one.size(); ++i) {
    const MetricParts& p = one[i].second;
    sums_[i].moments.add(p.x.at(0), p.ratio ? p.y.at(0) : 1.0);
  }
}

void MetricSums::add(const Counters& c) {
  const std::vector<CounterMetric>& defs = counter_metric_defs();
  for (std::size_t i = 0; i < defs.size(); ++i) {
    sums_[i].moments.add(defs[i].x(c), defs[i].y ? defs[i].y(c) : 1.0);
  }
}

MetricSet MetricSums::estimates(double confidence) const {
  MetricSet set;
  for (const Sum& s : sums_) {
    set.emplace_back(s.name,
                     estimate_of(s.moments, s.ratio, s.kind, s.n_is_replications, confidence));
  }
  return set;
}

ResultsAccumulator::ResultsAccumulator(const Scenario& given)
    : scenario_(expand_shorthands(given)),
      money_(money_model(scenario_)),
      overall_(overall_metric_parts({})),
      money_sums_(money_metric_parts(money_, {})) {
  for (std::size_t i = 0; i < scenario_.segments.size(); ++i) {
    std::vector<std::pair<std::string, MetricParts>> parts = counter_metric_parts({});
    for (auto& part : segment_money_parts(money_, {}, i)) parts.push_back(std::move(part));
    segments_.emplace_back(parts);
  }
  for (int kind = 0; kind < kReasonKinds; ++kind) kinds_.emplace_back(counter_metric_parts({}));
}

void ResultsAccumulator::add(const Tally& t) {
  const std::span<const Tally> one(&t, 1);
  ++replications_;
  customers_ += t.arrivals;
  overall_.add(overall_metric_parts(one));
  pooled_waits_.merge(t.waits);
  if (auto q = t.waits.quantile(kWaitQuantile)) wait_quantiles_.add(*q, 1.0);
  money_sums_.add(money_metric_parts(money_, one));
  for (std::size_t i = 0; i < segments_.size(); ++i) {
    segments_[i].add(t.by_segment[i]);
    const auto money = segment_money_parts(money_, one, i);
    const std::size_t first = counter_metric_defs().size();
    for (std::size_t m = 0; m < money.size(); ++m) {
      segments_[i].add(first + m, money[m].second.x.at(0), 1.0);
    }
  }
  for (std::size_t kind = 0; kind < kinds_.size(); ++kind) kinds_[kind].add(t.by_kind[kind]);
  // The reported intervals are the same in every replication of a run: the first one says how
  // many there are.
  if (replications_ == 1) {
    const std::size_t intervals = t.by_interval.size();
    intervals_.assign(intervals, MetricSums(interval_metric_parts()));
    for (std::size_t i = 0; i < intervals; ++i) {
      interval_length_s_.push_back(reported_interval_length_s(scenario_, i, intervals));
    }
  }
  const std::size_t first = counter_metric_defs().size();
  for (std::size_t i = 0; i < intervals_.size(); ++i) {
    MetricSums& sums = intervals_[i];
    sums.add(t.by_interval[i]);
    // Time averages over the interval.
    const IntervalTime& it = t.interval_time[i];
    const double length_s = interval_length_s_[i];
    sums.add(first + kOccupancy, it.busy_agent_s, it.available_agent_s);
    sums.add(first + kQueueLength, it.queue_customer_s / length_s, 1.0);
    sums.add(first + kBusyAgents, it.busy_agent_s / length_s, 1.0);
    sums.add(first + kBusyBots, it.busy_bot_s / length_s, 1.0);
  }
}

Results ResultsAccumulator::results(double confidence) const {
  Results results;
  results.scenario = scenario_.name;
  results.replications = replications_;
  results.confidence = confidence;
  results.opens_at_s = scenario_.opens_at_s;
  results.currency = scenario_.currency;
  results.customers = customers_;
  results.metrics = overall_.estimates(confidence);
  Estimate p90;
  p90.kind = MetricKind::non_negative;
  if (const std::optional<double> value = pooled_waits_.quantile(kWaitQuantile)) {
    // The spread of the per-replication quantiles (replications with waits), around the pooled
    // one.
    const Estimate spread =
        mean_estimate(wait_quantiles_, MetricKind::non_negative, confidence, pooled_waits_.count());
    const double se =
        spread.sd ? *spread.sd / std::sqrt(static_cast<double>(spread.replications)) : 0.0;
    p90 = estimate_from(*value, se, spread.replications, MetricKind::non_negative, confidence,
                        pooled_waits_.count());
  }
  insert_after(results.metrics, "asa_s", "wait_p90_s", p90);
  // occupancy belongs with the core metrics, right after the wait percentile.
  for (auto it = results.metrics.begin(); it != results.metrics.end(); ++it) {
    if (it->first == "occupancy") {
      Estimate occupancy = it->second;
      results.metrics.erase(it);
      insert_after(results.metrics, "wait_p90_s", "occupancy", occupancy);
      break;
    }
  }
  for (auto& named : money_sums_.estimates(confidence)) results.metrics.push_back(std::move(named));
  for (std::size_t i = 0; i < segments_.size(); ++i) {
    results.by_segment.emplace_back(scenario_.segments[i].name, segments_[i].estimates(confidence));
  }
  for (std::size_t kind = 0; kind < kinds_.size(); ++kind) {
    results.by_reason_kind.emplace_back(std::string(to_string(static_cast<ReasonKind>(kind))),
                                        kinds_[kind].estimates(confidence));
  }
  const double width_s = intervals_.empty() ? 0.0 : scenario_.report_interval_s;
  for (std::size_t i = 0; i < intervals_.size(); ++i) {
    IntervalResult interval;
    interval.start_s = static_cast<double>(i) * width_s;
    interval.metrics = intervals_[i].estimates(confidence);
    results.by_interval.push_back(std::move(interval));
  }
  return results;
}

Results merge_tallies(const Scenario& scenario, std::span<const Tally> tallies, double confidence) {
  ResultsAccumulator accumulator(scenario);
  for (const Tally& t : tallies) accumulator.add(t);
  return accumulator.results(confidence);
}

}  // namespace ccsim
