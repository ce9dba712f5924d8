#include "ccsim/stats/money.hpp"

#include <algorithm>

namespace ccsim {

namespace {

constexpr double kSecondsPerDay = 86400.0;

MetricParts per_day(std::span<const Tally> tallies, const MoneyModel& m, auto amount) {
  MetricParts p;
  p.ratio = false;
  for (const Tally& t : tallies) {
    p.x.push_back(amount(t) / m.days);
    p.y.push_back(1.0);
  }
  return p;
}

MetricParts per_contact(std::span<const Tally> tallies, auto amount) {
  MetricParts p;
  for (const Tally& t : tallies) {
    p.x.push_back(amount(t));
    p.y.push_back(static_cast<double>(t.totals().contacts));
  }
  return p;
}

}  // namespace

MoneyModel money_model(const Scenario& given) {
  const Scenario scenario = expand_shorthands(given);
  MoneyModel m;
  m.days = std::max(1.0, (scenario.horizon_s - scenario.warmup_s) / kSecondsPerDay);
  if (scenario.bots && uses_bots(scenario)) m.bot_fixed_cost = scenario.bots->cost_per_day * m.days;
  for (const Segment& s : scenario.segments)
    m.value_per_churned_customer.push_back(s.value_per_churned_customer);
  return m;
}

std::vector<std::pair<std::string, MetricParts>> money_metric_parts(
    const MoneyModel& m, std::span<const Tally> tallies) {
  const auto operating = [&m](const Tally& t) {
    double bots = 0.0;
    for (const Counters& c : t.by_segment) bots += c.bot_cost;
    return t.human_cost + bots + m.bot_fixed_cost;
  };
  const auto churn_cost = [&m](const Tally& t) {
    double sum = 0.0;
    for (std::size_t s = 0; s < t.by_segment.size(); ++s)
      sum += t.by_segment[s].churned * m.value_per_churned_customer[s];
    return sum;
  };
  const auto excess_cost = [&m](const Tally& t) {
    double sum = 0.0;
    for (std::size_t s = 0; s < t.by_segment.size(); ++s)
      sum += t.by_segment[s].excess_churned * m.value_per_churned_customer[s];
    return sum;
  };
  const auto excess = [](const Tally& t) {
    double sum = 0.0;
    for (const Counters& c : t.by_segment) sum += c.excess_churned;
    return sum;
  };
  const auto net = [&](const Tally& t) { return operating(t) + churn_cost(t); };
  const auto net_excess = [&](const Tally& t) { return operating(t) + excess_cost(t); };
  return {
      {"operating_cost_per_day", per_day(tallies, m, operating)},
      {"operating_cost_per_contact", per_contact(tallies, operating)},
      {"churn_cost_per_day", per_day(tallies, m, churn_cost)},
      {"excess_churned_per_day", per_day(tallies, m, excess)},
      {"excess_churn_cost_per_day", per_day(tallies, m, excess_cost)},
      {"net_cost_per_day", per_day(tallies, m, net)},
      {"net_cost_per_contact", per_contact(tallies, net)},
      {"net_cost_excess_per_day", per_day(tallies, m, net_excess)},
      {"net_cost_excess_per_contact", per_contact(tallies, net_excess)},
  };
}

std::vector<std::pair<std::string, MetricParts>> segment_money_parts(const MoneyModel& m,
                                                                     std::span<const Tally> tallies,
                                                                     std::size_t s) {
  const double value = m.value_per_churned_customer.at(s);
  return {
      {"churn_cost_per_day",
       per_day(tallies, m, [&](const Tally& t) { return t.by_segment[s].churned * value; })},
      {"excess_churned_per_day",
       per_day(tallies, m, [&](const Tally& t) { return t.by_segment[s].excess_churned; })},
      {"excess_churn_cost_per_day",
       per_day(tallies, m, [&](const Tally& t) { return t.by_segment[s].excess_churned * value; })},
  };
}

}  // namespace ccsim
