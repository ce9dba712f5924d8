// What one replication counted: totals only, so it merges by addition.
#pragma once

#include <cstdint>
#include <vector>

#include "ccsim/stats/wait_histogram.hpp"

namespace ccsim {

// Totals over contacts and customers. Contacts are counted when their customer's first
// arrival is at or after the warm-up ("counted" customers); a customer's retrials and repeats
// are further contacts of the same customer.
struct Counters {
  // Contacts.
  std::uint64_t contacts = 0;    // every contact (first, retrial, repeat)
  std::uint64_t offered = 0;     // contacts that entered a human queue
  std::uint64_t answered = 0;    // … and reached an agent (callbacks excluded)
  std::uint64_t abandoned = 0;   // … and left it before being answered
  std::uint64_t unfinished = 0;  // … still waiting, with no one left to serve them
  std::uint64_t callbacks = 0;   // … and accepted a callback (neither answered nor abandoned)
  std::uint64_t balked = 0;      // … and left at once on hearing the announced wait
  std::uint64_t waited = 0;      // … and found no free agent
  std::uint64_t answered_within_threshold = 0;
  double wait_s = 0.0;               // waits of answered and abandoned, summed
  double answered_wait_s = 0.0;      // waits of the answered, summed
  std::uint64_t bot_contacts = 0;    // contacts that went to a bot
  std::uint64_t bot_contained = 0;   // … and were resolved by it alone
  std::uint64_t bot_abandoned = 0;   // … and gave up on it
  std::uint64_t escalated = 0;       // … and were passed to a human queue
  std::uint64_t empathy_needed = 0;  // handled contacts (bot or human) with an empathy need
  std::uint64_t empathy_met = 0;
  std::uint64_t resolved_contacts = 0;
  std::uint64_t unresolved_contacts = 0;  // handled without resolving the need
  std::uint64_t gave_up_contacts = 0;     // abandoned a human queue or a bot
  std::uint64_t unfinished_contacts = 0;  // still waiting when the run ended
  // Customers, counted once, after their last contact, in their segment and first interval.
  std::uint64_t customers = 0;
  std::uint64_t customers_resolved = 0;
  std::uint64_t customers_gave_up = 0;      // left unresolved by abandoning a queue or a bot
  std::uint64_t customers_unresolved = 0;   // last contact handled without resolving the need
  std::uint64_t customers_unfinished = 0;   // still waiting when the run ended
  std::uint64_t returns_after_horizon = 0;  // retrials and repeats falling after the horizon
  double satisfied = 0.0;                   // expected number satisfied (sum of P(satisfied))
  double churned = 0.0;                     // expected number lost (see docs/model.md)
  // The same beyond a perfect experience: sum of P(churn) - P(churn | perfect experience).
  double excess_churned = 0.0;
  double bot_cost = 0.0;

  void add(const Counters& other);
};

// Time averages of one reporting interval, as integrals over it.
struct IntervalTime {
  double queue_customer_s = 0.0;  // integral of the number waiting for a human
  double busy_agent_s = 0.0;
  double available_agent_s = 0.0;
  double busy_bot_s = 0.0;
};

struct Tally {
  std::uint64_t arrivals = 0;          // every customer simulated, warm-up included
  std::uint64_t counted_arrivals = 0;  // customers whose first arrival is after the warm-up
  Counters total;
  std::vector<Counters> by_segment;
  std::vector<Counters> by_kind;      // indexed by ReasonKind
  std::vector<Counters> by_interval;  // by the contact's (customer's) arrival interval
  std::vector<IntervalTime> interval_time;
  double busy_agent_s = 0.0;       // integral of busy agents over [warm-up, horizon]
  double available_agent_s = 0.0;  // integral of max(staffed, busy) over [warm-up, horizon]
  double chat_session_s = 0.0;     // integral of chat sessions held over [warm-up, horizon]
  double chat_slot_s = 0.0;        // integral of chat slots on duty over [warm-up, horizon]
  double human_cost = 0.0;         // agent hours paid × cost per hour
  WaitHistogram waits;             // waits of answered and abandoned contacts

  // The counters of all segments together.
  Counters totals() const {
    Counters sum;
    for (const Counters& c : by_segment) sum.add(c);
    return sum;
  }
};

}  // namespace ccsim
