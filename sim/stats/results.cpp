#include "ccsim/stats/results.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <stdexcept>

#include "ccsim/stats/money.hpp"

namespace ccsim {

namespace {

// The p90 of waits as reported: the pooled histogram's quantile, with the spread of the
// per-replication quantiles for its interval (batch means: each replication is one batch).
constexpr double kWaitQuantile = 0.90;

Estimate quantile_estimate(std::span<const Tally> tallies, double confidence) {
  WaitHistogram pooled;
  std::vector<double> per_replication;
  for (const Tally& t : tallies) {
    pooled.merge(t.waits);
    if (auto q = t.waits.quantile(kWaitQuantile)) per_replication.push_back(*q);
  }
  const std::optional<double> value = pooled.quantile(kWaitQuantile);
  if (!value) {
    Estimate none;
    none.kind = MetricKind::non_negative;
    return none;
  }
  // The spread of the per-replication quantiles (replications with waits), around the pooled one.
  const Estimate spread =
      mean_estimate(per_replication, MetricKind::non_negative, confidence, pooled.count());
  const double se =
      spread.sd ? *spread.sd / std::sqrt(static_cast<double>(spread.replications)) : 0.0;
  return estimate_from(*value, se, spread.replications, MetricKind::non_negative, confidence,
                       pooled.count());
}

Estimate per_replication_mean(std::span<const double> values, double confidence) {
  return mean_estimate(values, MetricKind::non_negative, confidence, values.size());
}

}  // namespace

// The counter metrics, in their documented order: a ratio of totals x / y, or (y null) the
// per-replication mean of x.
const std::vector<CounterMetric>& counter_metric_defs() {
  using C = const Counters&;
  constexpr MetricKind R = MetricKind::rate;
  constexpr MetricKind S = MetricKind::share;
  constexpr MetricKind N = MetricKind::non_negative;
  // Churn beyond a perfect experience: a difference from a reference, of either sign.
  constexpr MetricKind U = MetricKind::unbounded;
  auto d = [](auto v) { return static_cast<double>(v); };
  static const std::vector<CounterMetric> defs = {
      {"abandon_rate", R, [=](C c) { return d(c.abandoned); },
       [=](C c) { return d(c.answered + c.abandoned); }},
      {"p_wait", R, [=](C c) { return d(c.waited); }, [=](C c) { return d(c.offered); }},
      {"mean_wait_s", N, [](C c) { return c.wait_s; },
       [=](C c) { return d(c.answered + c.abandoned); }},
      {"service_level", R, [=](C c) { return d(c.answered_within_threshold); },
       [=](C c) { return d(c.answered + c.abandoned); }},
      {"asa_s", N, [](C c) { return c.answered_wait_s; }, [=](C c) { return d(c.answered); }},
      {"containment_rate", R, [=](C c) { return d(c.bot_contained); },
       [=](C c) { return d(c.contacts); }},
      {"escalation_rate", R, [=](C c) { return d(c.escalated); },
       [=](C c) { return d(c.bot_contacts); }},
      {"bot_abandon_rate", R, [=](C c) { return d(c.bot_abandoned); },
       [=](C c) { return d(c.bot_contacts); }},
      {"gave_up_rate", R, [=](C c) { return d(c.customers_gave_up); },
       [=](C c) { return d(c.customers); }},
      {"resolution_rate", R, [=](C c) { return d(c.customers_resolved); },
       [=](C c) { return d(c.customers); }},
      {"empathy_met_rate", R, [=](C c) { return d(c.empathy_met); },
       [=](C c) { return d(c.empathy_needed); }},
      {"callback_rate", R, [=](C c) { return d(c.callbacks); }, [=](C c) { return d(c.offered); }},
      {"balk_rate", R, [=](C c) { return d(c.balked); }, [=](C c) { return d(c.offered); }},
      {"csat", S, [](C c) { return c.satisfied; }, [=](C c) { return d(c.customers); }},
      {"churn_rate", S, [](C c) { return c.churned; }, [=](C c) { return d(c.customers); }},
      {"returns_after_horizon", N, [=](C c) { return d(c.returns_after_horizon); }, nullptr},
      {"churned", N, [](C c) { return c.churned; }, nullptr},
      {"excess_churn_rate", U, [](C c) { return c.excess_churned; },
       [=](C c) { return d(c.customers); }},
      {"excess_churned", U, [](C c) { return c.excess_churned; }, nullptr},
  };
  return defs;
}

Estimate estimate_of(const MetricParts& p, double confidence) {
  if (!p.ratio) return mean_estimate(p.x, p.kind, confidence, p.x.size());
  const double n = std::accumulate(p.y.begin(), p.y.end(), 0.0);
  return ratio_estimate(p.x, p.y, p.kind, confidence, p.n.value_or(static_cast<std::uint64_t>(n)));
}

namespace {

MetricSet counter_metrics(std::span<const Counters> k, double confidence) {
  MetricSet m;
  for (const CounterMetric& def : counter_metric_defs()) {
    MetricParts p;
    p.ratio = def.y != nullptr;
    p.kind = def.kind;
    for (const Counters& c : k) {
      p.x.push_back(def.x(c));
      p.y.push_back(def.y ? def.y(c) : 1.0);
    }
    m.emplace_back(def.name, estimate_of(p, confidence));
  }
  return m;
}

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

}  // namespace

std::vector<std::pair<std::string, MetricParts>> overall_metric_parts(
    std::span<const Tally> tallies) {
  const std::size_t k = tallies.size();
  std::vector<Counters> totals(k);
  for (std::size_t r = 0; r < k; ++r) totals[r] = tallies[r].totals();
  std::vector<std::pair<std::string, MetricParts>> parts;
  for (const CounterMetric& def : counter_metric_defs()) {
    MetricParts p;
    p.ratio = def.y != nullptr;
    p.kind = def.kind;
    for (const Counters& c : totals) {
      p.x.push_back(def.x(c));
      p.y.push_back(def.y ? def.y(c) : 1.0);
    }
    parts.emplace_back(def.name, std::move(p));
  }
  auto add = [&](std::string name, bool is_ratio, MetricKind kind, auto x, auto y,
                 bool per_replication = false) {
    MetricParts p;
    p.ratio = is_ratio;
    p.kind = kind;
    if (per_replication) p.n = k;
    for (std::size_t r = 0; r < k; ++r) {
      p.x.push_back(x(tallies[r], totals[r]));
      p.y.push_back(y(tallies[r], totals[r]));
    }
    parts.emplace_back(std::move(name), std::move(p));
  };
  add(
      "occupancy", true, MetricKind::share,
      [](const Tally& t, const Counters&) { return t.busy_agent_s; },
      [](const Tally& t, const Counters&) { return t.available_agent_s; }, true);
  add(
      "chat_slot_utilization", true, MetricKind::share,
      [](const Tally& t, const Counters&) { return t.chat_session_s; },
      [](const Tally& t, const Counters&) { return t.chat_slot_s; }, true);
  const auto cost = [](const Tally& t, const Counters& c) { return t.human_cost + c.bot_cost; };
  add("cost_per_contact", true, MetricKind::non_negative, cost,
      [](const Tally&, const Counters& c) { return static_cast<double>(c.contacts); });
  add("total_cost", false, MetricKind::non_negative, cost,
      [](const Tally&, const Counters&) { return 1.0; });
  return parts;
}

const Estimate& find_metric(const MetricSet& set, const std::string& name) {
  for (const auto& [key, estimate] : set) {
    if (key == name) return estimate;
  }
  throw std::out_of_range("no metric named " + name);
}

const Estimate& Results::metric(const std::string& name) const {
  return find_metric(metrics, name);
}

const MetricSet& Results::segment(const std::string& name) const {
  for (const auto& [key, set] : by_segment) {
    if (key == name) return set;
  }
  throw std::out_of_range("no segment named " + name);
}

double reported_interval_length_s(const Scenario& scenario, std::size_t interval,
                                  std::size_t intervals) {
  const double width_s = scenario.report_interval_s;
  double length_s = 0.0;
  for (double start = static_cast<double>(interval) * width_s; start < scenario.horizon_s;
       start += static_cast<double>(intervals) * width_s) {
    length_s += std::min(width_s, scenario.horizon_s - start);
  }
  return length_s;
}

Results merge_tallies(const Scenario& given, std::span<const Tally> tallies, double confidence) {
  const Scenario scenario = expand_shorthands(given);
  Results results;
  results.scenario = scenario.name;
  results.replications = static_cast<int>(tallies.size());
  results.confidence = confidence;
  results.opens_at_s = scenario.opens_at_s;
  results.currency = scenario.currency;
  const std::size_t k = tallies.size();

  for (const Tally& t : tallies) results.customers += t.arrivals;
  for (const auto& [name, parts] : overall_metric_parts(tallies)) {
    results.metrics.emplace_back(name, estimate_of(parts, confidence));
  }
  insert_after(results.metrics, "asa_s", "wait_p90_s", quantile_estimate(tallies, confidence));
  // occupancy belongs with the core metrics, right after the wait percentile.
  for (auto it = results.metrics.begin(); it != results.metrics.end(); ++it) {
    if (it->first == "occupancy") {
      Estimate occupancy = it->second;
      results.metrics.erase(it);
      insert_after(results.metrics, "wait_p90_s", "occupancy", occupancy);
      break;
    }
  }
  const MoneyModel money = money_model(scenario);
  for (auto& [name, parts] : money_metric_parts(money, tallies))
    results.metrics.emplace_back(std::move(name), estimate_of(parts, confidence));
  auto cell = [&](auto pick) {
    std::vector<Counters> per(k);
    for (std::size_t r = 0; r < k; ++r) per[r] = pick(tallies[r]);
    return counter_metrics(per, confidence);
  };
  for (std::size_t i = 0; i < scenario.segments.size(); ++i) {
    results.by_segment.emplace_back(scenario.segments[i].name,
                                    cell([i](const Tally& t) { return t.by_segment[i]; }));
    for (auto& [name, parts] : segment_money_parts(money, tallies, i))
      results.by_segment.back().second.emplace_back(std::move(name),
                                                    estimate_of(parts, confidence));
  }
  for (int kind = 0; kind < kReasonKinds; ++kind) {
    results.by_reason_kind.emplace_back(
        std::string(to_string(static_cast<ReasonKind>(kind))),
        cell([kind](const Tally& t) { return t.by_kind[static_cast<std::size_t>(kind)]; }));
  }
  const std::size_t intervals = k > 0 ? tallies[0].by_interval.size() : 0;
  const double width_s = intervals > 0 ? scenario.report_interval_s : 0.0;
  for (std::size_t i = 0; i < intervals; ++i) {
    IntervalResult interval;
    interval.start_s = static_cast<double>(i) * width_s;
    interval.metrics = cell([i](const Tally& t) { return t.by_interval[i]; });
    // Time averages over the interval.
    const double length_s = reported_interval_length_s(scenario, i, intervals);
    std::vector<double> queue(k), agents(k), bots(k), busy_i(k), available_i(k);
    for (std::size_t r = 0; r < k; ++r) {
      const IntervalTime& it = tallies[r].interval_time[i];
      queue[r] = it.queue_customer_s / length_s;
      agents[r] = it.busy_agent_s / length_s;
      bots[r] = it.busy_bot_s / length_s;
      busy_i[r] = it.busy_agent_s;
      available_i[r] = it.available_agent_s;
    }
    interval.metrics.emplace_back(
        "occupancy", ratio_estimate(busy_i, available_i, MetricKind::share, confidence, k));
    interval.metrics.emplace_back("queue_length", per_replication_mean(queue, confidence));
    interval.metrics.emplace_back("busy_agents", per_replication_mean(agents, confidence));
    interval.metrics.emplace_back("busy_bots", per_replication_mean(bots, confidence));
    results.by_interval.push_back(std::move(interval));
  }
  return results;
}

}  // namespace ccsim
