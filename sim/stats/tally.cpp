#include "ccsim/stats/tally.hpp"

namespace ccsim {

void Counters::add(const Counters& o) {
  contacts += o.contacts;
  offered += o.offered;
  answered += o.answered;
  abandoned += o.abandoned;
  unfinished += o.unfinished;
  callbacks += o.callbacks;
  waited += o.waited;
  answered_within_threshold += o.answered_within_threshold;
  wait_s += o.wait_s;
  answered_wait_s += o.answered_wait_s;
  bot_contacts += o.bot_contacts;
  bot_contained += o.bot_contained;
  bot_abandoned += o.bot_abandoned;
  escalated += o.escalated;
  empathy_needed += o.empathy_needed;
  empathy_met += o.empathy_met;
  resolved_contacts += o.resolved_contacts;
  unresolved_contacts += o.unresolved_contacts;
  gave_up_contacts += o.gave_up_contacts;
  unfinished_contacts += o.unfinished_contacts;
  customers += o.customers;
  customers_resolved += o.customers_resolved;
  customers_gave_up += o.customers_gave_up;
  customers_unresolved += o.customers_unresolved;
  customers_unfinished += o.customers_unfinished;
  returns_after_horizon += o.returns_after_horizon;
  satisfied += o.satisfied;
  churned += o.churned;
  bot_cost += o.bot_cost;
}

}  // namespace ccsim
