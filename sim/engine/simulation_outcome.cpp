// The end of a contact (retrial, repeat, or the customer's last) and the customer's
// satisfaction and churn, evaluated after their last contact (docs/model.md).
#include <algorithm>
#include <cmath>

#include "engine/engine.hpp"
#include "engine/interval_pieces.hpp"

namespace ccsim {

namespace {

constexpr double kSecondsPerMinute = 60.0;

double logistic(double x) {
  return 1.0 / (1.0 + std::exp(-x));
}

}  // namespace

void Simulation::Impl::record_human_wait(Customer& c, double wait_s, bool answered) {
  // Queue length by interval is the integral of the waiting customers, warm-up included: each
  // wait is spread over the intervals it spans.
  for_each_interval_piece(
      c.queue_entry_s, c.queue_entry_s + wait_s, s.horizon_s, grid,
      [&](std::size_t i, double dt) { tally.interval_time[i].queue_customer_s += dt; });
  c.wait_total_s += wait_s;
  if (!c.counted) return;
  const bool within = answered && wait_s <= s.service_level_threshold_s;
  count_contact(c, [=](Counters& k) {
    if (answered) {
      ++k.answered;
      k.answered_wait_s += wait_s;
      k.answered_within_threshold += within ? 1 : 0;
    } else {
      ++k.abandoned;
    }
    k.wait_s += wait_s;
  });
  tally.waits.add(wait_s);
}

double Simulation::Impl::satisfaction_probability(const Customer& c, ContactEnd how) const {
  const SatisfactionModel& m = s.satisfaction;
  double x = m.intercept + m.per_minute_waited * c.wait_total_s / kSecondsPerMinute;
  switch (how) {
    case ContactEnd::resolved:
      x += m.resolved;
      break;
    case ContactEnd::unresolved:
      x += m.unresolved;
      break;
    case ContactEnd::gave_up:
    case ContactEnd::unfinished:
      x += m.gave_up;
      break;
  }
  if (c.empathy_unmet) x += m.empathy_unmet;
  x += m.per_repeat_contact * c.attempt;
  x += m.per_transfer * c.transfers;
  x += m.no_context_on_transfer * c.transfers_without_context;
  if (c.touched_bot && s.bots && !s.bots->discloses_bot) x += m.undisclosed_bot;
  if (c.used_callback) x += m.callback;
  return logistic(x);
}

// Churn depends on whether the customer is satisfied; with P(satisfied) = p it is the mixture
// p * P(churn | satisfied) + (1 - p) * P(churn | dissatisfied), exactly.
double Simulation::Impl::churn_probability(const Customer& c, ContactEnd how,
                                           double p_satisfied) const {
  const ChurnModel& m = s.churn;
  double x = m.intercept;
  if (how == ContactEnd::gave_up || how == ContactEnd::unfinished) x += m.gave_up;
  if (how == ContactEnd::unresolved) x += m.unresolved;
  if (c.empathy_unmet) x += m.empathy_unmet;
  const bool told_bot =
      s.routing.strategy == Strategy::choice || (c.touched_bot && s.bots && s.bots->discloses_bot);
  if (told_bot) x += m.bot_disclosed;
  return p_satisfied * logistic(x) + (1.0 - p_satisfied) * logistic(x + m.dissatisfied);
}

void Simulation::Impl::end_contact(std::uint32_t id, ContactEnd how, double ended_s) {
  Customer& c = customers[id];
  c.stage = Stage::away;
  count_contact(c, [how](Counters& k) {
    // Resolved contacts are counted where they are resolved (bot or human).
    k.unresolved_contacts += how == ContactEnd::unresolved ? 1 : 0;
    k.gave_up_contacts += how == ContactEnd::gave_up ? 1 : 0;
    k.unfinished_contacts += how == ContactEnd::unfinished ? 1 : 0;
  });
  // A customer who gave up with an empathy need had it unmet.
  const bool needs_empathy = c.frustrated || s.reasons[c.reason].kind == ReasonKind::sensitive;
  if (how == ContactEnd::gave_up && needs_empathy) c.empathy_unmet = true;
  if (returns_enabled && how != ContactEnd::unfinished && how != ContactEnd::resolved &&
      c.attempt + 1 < attempts) {
    const AttemptDraws& d = attempt_draws[static_cast<std::size_t>(id) * attempts + c.attempt];
    const bool gave_up = how == ContactEnd::gave_up;
    const double p_return = gave_up ? s.returns.retrial_probability : s.returns.repeat_probability;
    if (d.return_u < p_return) {
      // A customer who churns makes no further contact.
      const double p_satisfied = satisfaction_probability(c, how);
      if (d.churn_u < churn_probability(c, how, p_satisfied)) {
        c.churned = true;
        if (contact_sink != nullptr) trace_contact(id, how, ended_s, NextStep::churned);
        finish_customer(id, how);
        return;
      }
      const double back_s = ended_s + (gave_up ? d.retrial_delay_s : d.repeat_delay_s);
      if (back_s >= s.horizon_s) {
        count_customer(c, [](Counters& k) { ++k.deferred_repeats; });
        if (contact_sink != nullptr) trace_contact(id, how, ended_s, NextStep::beyond_horizon);
        finish_customer(id, how);
        return;
      }
      if (contact_sink != nullptr) {
        trace_contact(id, how, ended_s, gave_up ? NextStep::retrial : NextStep::repeat);
      }
      ++c.attempt;
      // A silent leaver found late comes back at their own time, or now if that has passed.
      schedule(std::max(back_s, now), Event::Kind::contact, id);
      return;
    }
  }
  if (contact_sink != nullptr) trace_contact(id, how, ended_s, NextStep::none);
  finish_customer(id, how);
}

void Simulation::Impl::finish_customer(std::uint32_t id, ContactEnd how) {
  const Customer& c = customers[id];
  if (c.counted) {
    const double p_satisfied = satisfaction_probability(c, how);
    // Expected values given the simulated experience (docs/model.md): unbiased, and with less
    // noise than a coin flipped per customer.
    const double churned = c.churned ? 1.0 : churn_probability(c, how, p_satisfied);
    count_customer(c, [&](Counters& k) {
      ++k.customers;
      k.customers_resolved += how == ContactEnd::resolved ? 1 : 0;
      k.customers_gave_up += how == ContactEnd::gave_up ? 1 : 0;
      k.customers_unresolved += how == ContactEnd::unresolved ? 1 : 0;
      k.customers_unfinished += how == ContactEnd::unfinished ? 1 : 0;
      k.customers_churned_early += c.churned ? 1 : 0;
      k.satisfied += p_satisfied;
      k.churned += churned;
    });
  }
  free_customer(id);
}

}  // namespace ccsim
