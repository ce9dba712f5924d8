#include "ccsim/stats/results.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <stdexcept>

#include "ccsim/stats/money.hpp"

namespace ccsim {

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

Estimate estimate_of(const RatioMoments& moments, bool ratio, MetricKind kind,
                     bool n_is_replications, double confidence) {
  if (!ratio) return mean_estimate(moments, kind, confidence, moments.replications);
  return ratio_estimate(
      moments, kind, confidence,
      n_is_replications ? moments.replications : static_cast<std::uint64_t>(moments.sum_y));
}

Estimate estimate_of(const MetricParts& p, double confidence) {
  RatioMoments moments;
  for (std::size_t r = 0; r < p.x.size(); ++r) moments.add(p.x[r], p.ratio ? p.y[r] : 1.0);
  return estimate_of(moments, p.ratio, p.kind, p.n.has_value(), confidence);
}

void append_parts(std::vector<std::pair<std::string, MetricParts>>& into,
                  std::vector<std::pair<std::string, MetricParts>> one) {
  if (into.empty()) {
    into = std::move(one);
    return;
  }
  if (into.size() != one.size()) throw std::logic_error("metric parts of another shape");
  for (std::size_t i = 0; i < one.size(); ++i) {
    MetricParts& p = into[i].second;
    p.x.push_back(one[i].second.x.at(0));
    p.y.push_back(one[i].second.y.at(0));
    if (p.n) p.n = p.x.size();
  }
}

std::vector<std::pair<std::string, MetricParts>> counter_metric_parts(
    std::span<const Counters> per_replication) {
  std::vector<std::pair<std::string, MetricParts>> parts;
  for (const CounterMetric& def : counter_metric_defs()) {
    MetricParts p;
    p.ratio = def.y != nullptr;
    p.kind = def.kind;
    for (const Counters& c : per_replication) {
      p.x.push_back(def.x(c));
      p.y.push_back(def.y ? def.y(c) : 1.0);
    }
    parts.emplace_back(def.name, std::move(p));
  }
  return parts;
}

std::vector<std::pair<std::string, MetricParts>> overall_metric_parts(
    std::span<const Tally> tallies) {
  const std::size_t k = tallies.size();
  std::vector<Counters> totals(k);
  for (std::size_t r = 0; r < k; ++r) totals[r] = tallies[r].totals();
  std::vector<std::pair<std::string, MetricParts>> parts = counter_metric_parts(totals);
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

}  // namespace ccsim
