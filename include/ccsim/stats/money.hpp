// Money: what a day of operation costs, what the customers it loses are worth, and the net of
// both (docs/metrics.md, "Money"). Every amount is in the scenario's `currency`.
#pragma once

#include <span>
#include <string>
#include <utility>
#include <vector>

#include "ccsim/scenario/scenario.hpp"
#include "ccsim/stats/results.hpp"
#include "ccsim/stats/tally.hpp"

namespace ccsim {

// What turns a replication's tally into money.
struct MoneyModel {
  // Days of operation one replication stands for: a replication of at most a day (after the
  // warm-up) is one day of operation (a center open ten hours is paid for ten hours), a longer
  // one its length in days.
  double days = 1.0;
  // The bots' fixed cost of one replication: cost_per_day × days when the strategy uses bots.
  double bot_fixed_cost = 0.0;
  std::vector<double> value_per_churned_customer;  // by segment of the full form
};

MoneyModel money_model(const Scenario& scenario);

// The money metrics of the whole center, as per-replication parts, in their documented order:
// operating_cost_per_day, operating_cost_per_contact, churn_cost_per_day,
// excess_churned_per_day, excess_churn_cost_per_day, net_cost_per_day, net_cost_per_contact,
// net_cost_excess_per_day, net_cost_excess_per_contact.
std::vector<std::pair<std::string, MetricParts>> money_metric_parts(const MoneyModel& model,
                                                                    std::span<const Tally> tallies);
// Those of one segment: churn_cost_per_day, excess_churned_per_day, excess_churn_cost_per_day.
std::vector<std::pair<std::string, MetricParts>> segment_money_parts(const MoneyModel& model,
                                                                     std::span<const Tally> tallies,
                                                                     std::size_t segment);

}  // namespace ccsim
