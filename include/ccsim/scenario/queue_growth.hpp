// A queue that cannot drain, found before anything runs: customers who never abandon, arriving
// faster than the agents could ever serve them, pile up in memory until the horizon. Such a
// scenario is flagged with what it would hold, and refused past what ccsim holds, rather than
// left to exhaust memory.
#pragma once

#include <optional>
#include <string>

#include "ccsim/scenario/scenario.hpp"

namespace ccsim {

// Customers waiting at once that a replication may hold: about 640 MB each, as measured
// (kBytesPerWaitingCustomer, vector growth included). Beyond, the scenario is refused.
inline constexpr double kMaxWaitingCustomers = 10'000'000;
inline constexpr double kBytesPerWaitingCustomer = 64.0;

struct QueueGrowth {
  double arrivals_per_hour = 0.0;     // of customers who never abandon, on average
  double most_served_per_hour = 0.0;  // by every agent at once, at the shortest handle time
  double waiting_at_horizon = 0.0;    // at least: arrivals - most served, over the horizon
  double bytes = 0.0;                 // what those take in one replication
  bool refused() const { return waiting_at_horizon > kMaxWaitingCustomers; }
};

// The growth of a human queue that cannot drain; nullopt when the queue may drain (more
// capacity than arrivals, or patience for everyone). A lower bound: every agent busy all the
// time with the shortest mean handle time, retrials and repeats left out. Scenarios with bots
// are not judged (a bot may resolve what would have queued).
std::optional<QueueGrowth> queue_growth(const Scenario& scenario);

// "expected a queue that can drain …, got …" for a refused growth, or a warning "unstable: …"
// otherwise; `label` names the scenario.
std::string describe(const QueueGrowth& growth, const std::string& label);

}  // namespace ccsim
