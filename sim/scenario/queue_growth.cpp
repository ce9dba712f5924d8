#include "ccsim/scenario/queue_growth.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace ccsim {

namespace {

constexpr double kSecondsPerHour = 3600.0;
constexpr double kBytesPerMegabyte = 1e6;

// The integral of a schedule over [0, horizon_s], in value-seconds: whole cycles of the list at
// once, so the time taken does not grow with the horizon.
double integral(const Schedule& schedule, double horizon_s) {
  if (schedule.values.empty()) return 0.0;
  if (schedule.is_constant() || !(schedule.interval_s > 0.0)) {
    return schedule.values.front() * horizon_s;
  }
  const double cycle_s = schedule.interval_s * static_cast<double>(schedule.values.size());
  const double per_cycle =
      std::accumulate(schedule.values.begin(), schedule.values.end(), 0.0) * schedule.interval_s;
  const double cycles = std::floor(horizon_s / cycle_s);
  double total = cycles * per_cycle;
  double t = cycles * cycle_s;
  for (const double value : schedule.values) {
    if (t >= horizon_s) break;
    total += value * (std::min(t + schedule.interval_s, horizon_s) - t);
    t += schedule.interval_s;
  }
  return total;
}

std::string whole(double value) {
  return std::to_string(static_cast<long long>(std::llround(value)));
}

}  // namespace

std::optional<QueueGrowth> queue_growth(const Scenario& given) {
  if (given.bots || uses_bots(given)) return std::nullopt;
  const Scenario s = expand_shorthands(given);
  const double horizon_s = s.horizon_s;
  if (!(horizon_s > 0.0)) return std::nullopt;
  double never_abandon = 0.0;  // share of arrivals
  for (const Segment& segment : s.segments) {
    if (!segment.patience_s) never_abandon += segment.share;
  }
  if (!(never_abandon > 0.0)) return std::nullopt;
  double shortest_handle_s = std::numeric_limits<double>::infinity();
  for (const Reason& reason : s.reasons) {
    shortest_handle_s = std::min(shortest_handle_s, reason.human_handle_s.mean);
  }
  if (!(shortest_handle_s > 0.0)) return std::nullopt;
  double agent_s = 0.0;  // agent-seconds on duty, each chat slot counted as an agent
  for (const AgentGroup& group : s.groups) {
    agent_s += integral(group.agents, horizon_s) * std::max(1, group.max_concurrent_chats);
  }
  const double arrivals =
      integral(s.arrivals_per_hour, horizon_s) / kSecondsPerHour * never_abandon;
  const double most_served = agent_s / shortest_handle_s;
  if (!(arrivals - most_served >= 1.0)) return std::nullopt;
  QueueGrowth growth;
  growth.arrivals_per_hour = arrivals / horizon_s * kSecondsPerHour;
  growth.most_served_per_hour = most_served / horizon_s * kSecondsPerHour;
  growth.waiting_at_horizon = arrivals - most_served;
  growth.bytes = growth.waiting_at_horizon * kBytesPerWaitingCustomer;
  return growth;
}

std::string describe(const QueueGrowth& g, const std::string& label) {
  const std::string what =
      whole(g.arrivals_per_hour) + " arrivals an hour who never abandon, against at most " +
      whole(g.most_served_per_hour) + " an hour the agents could serve: at least " +
      whole(g.waiting_at_horizon) + " customers would be waiting at the horizon, about " +
      whole(g.bytes / kBytesPerMegabyte) + " MB per replication in progress";
  if (g.refused()) {
    return label + ": expected a queue that can drain, got " + what + ", more than the " +
           whole(kMaxWaitingCustomers) +
           " waiting customers ccsim holds; shorten horizon_s, add agents, or give patience_s";
  }
  return label + ": unstable: " + what +
         "; the figures describe a queue that never settles (add agents or give patience_s)";
}

}  // namespace ccsim
