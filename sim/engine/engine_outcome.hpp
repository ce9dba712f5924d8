// The end of a contact (retrial, repeat, or the customer's last) and the customer's final
// figures: satisfaction and churn, evaluated after their last contact (docs/model.md). Part of
// engine.hpp.
#pragma once

#include <algorithm>

#include "engine/engine.hpp"

namespace ccsim {

template <class F>
inline bool Engine<F>::needs_empathy(const Cust& c) const {
  if constexpr (kLean) {
    return false;
  } else {
    return c.frustrated || s_.reasons[c.reason].kind == ReasonKind::sensitive;
  }
}

template <class F>
[[gnu::always_inline]] inline void Engine<F>::record_human_wait(Cust& c, double wait_s,
                                                                bool answered) {
  // Queue length by interval is the integral of the waiting customers, warm-up included: each
  // wait is spread over the intervals it spans.
  record_queue_time(c.queue_entry_s, wait_s);
  c.wait_total_s += wait_s;
  const bool within = answered && wait_s <= service_level_threshold_s_;
  bool counted = false;
  count_contact(c, [&](Counters& k) {
    counted = true;
    if (answered) {
      ++k.answered;
      k.answered_wait_s += wait_s;
      k.answered_within_threshold += within ? 1 : 0;
    } else {
      ++k.abandoned;
    }
    k.wait_s += wait_s;
  });
  if (counted) tally_.waits.add(wait_s);
  if constexpr (!kLean) {
    if (frustrated_by_wait_ && wait_s > s_.frustration.long_wait_s) {
      maybe_frustrate(c, Purpose::frustration_from_wait, s_.frustration.after_long_wait);
    }
  }
}

template <class F>
void Engine<F>::maybe_frustrate(Customer& c, Purpose purpose, double p) {
  if (c.frustrated) return;
  c.frustrated = uniform(block(c.number, c.attempt, purpose), c.number, c.attempt, purpose) < p;
}

template <class F>
inline Experience Engine<F>::experience(const Cust& c, ContactEnd how) const {
  Experience e;
  e.wait_total_s = c.wait_total_s;
  e.how = how;
  if constexpr (!kLean) {
    e.empathy_unmet = c.empathy_unmet;
    e.repeat_contacts = c.attempt;
    e.transfers = c.transfers;
    e.transfers_without_context = c.transfers_without_context;
    e.bot_lost_s = c.bot_lost_s;
    e.bot_failures = c.bot_failures;
    // Only a customer who met a bot knows whether it said it was one; under `choice` the bot is
    // announced by the offer itself.
    const bool disclosed =
        s_.bots.has_value() && (s_.bots->discloses_bot || c.strategy == Strategy::choice);
    e.undisclosed_bot = c.touched_bot && !disclosed;
    e.told_bot = c.touched_bot && disclosed;
    e.used_callback = c.used_callback;
  }
  return e;
}

template <class F>
[[gnu::always_inline]] inline void Engine<F>::end_contact(Cust& c, std::uint32_t id, ContactEnd how,
                                                          double ended_s, bool held,
                                                          const RandomBlock* outcome) {
  count_contact(c, [how](Counters& k) {
    // Resolved contacts are counted where they are resolved (bot or human).
    if (how == ContactEnd::unresolved) ++k.unresolved_contacts;
    if (how == ContactEnd::gave_up) ++k.gave_up_contacts;
    if (how == ContactEnd::unfinished) ++k.unfinished_contacts;
  });
  if constexpr (!kLean) {
    c.stage = Stage::away;
    // A customer who gave up with an empathy need had it unmet.
    if (how == ContactEnd::gave_up && needs_empathy(c)) c.empathy_unmet = true;
  }
  if constexpr (F::returns) {
    if (returns_enabled_ && how != ContactEnd::unfinished && how != ContactEnd::resolved &&
        c.attempt + 1 < attempts_) {
      // The attempt's outcome numbers (block 3): whether they come back. Whether they leave the
      // company is decided once, when their journey ends (finish_customer): a customer who comes
      // back has not left.
      const std::uint64_t n = c.number;
      const RandomBlock b = outcome != nullptr ? *outcome : block(n, c.attempt, Purpose::returns);
      const bool gave_up = how == ContactEnd::gave_up;
      const double p_return =
          gave_up ? s_.returns.retrial_probability : s_.returns.repeat_probability;
      if (uniform(b, n, c.attempt, Purpose::returns) < p_return) {
        RandomStream delay =
            stream(block(n, c.attempt, Purpose::return_delay), n, c.attempt, Purpose::return_delay);
        const double back_s = ended_s + return_delay_[gave_up ? 0 : 1](delay);
        // Arrivals stop at the horizon, journeys do not: a return that falls after it is
        // simulated like any other, while the centre drains (docs/model.md).
        if (back_s >= horizon_s_) count_customer(c, [](Counters& k) { ++k.returns_after_horizon; });
        if (sink_ != nullptr) {
          trace_contact(id, how, ended_s, gave_up ? NextStep::retrial : NextStep::repeat, held);
        }
        ++c.attempt;
        if (held) c.stage = Stage::held;
        // A silent leaver found late comes back at their own time, or now if that has passed.
        schedule(std::max(back_s, now_), EventKind::contact, id);
        return;
      }
    }
  }
  if constexpr (!kLean) {
    if (sink_ != nullptr) trace_contact(id, how, ended_s, NextStep::none, held);
  }
  finish_customer(c, id, how, held);
}

// A customer's figures, counted once in the cell of their first arrival: probabilities, not
// coin flips (docs/model.md): unbiased, and with less noise than a coin flipped per customer.
template <class F>
[[gnu::always_inline]] inline void Engine<F>::finish_customer(Cust& c, std::uint32_t id,
                                                              ContactEnd how, bool held) {
  count_customer(c, [&](Counters& k) {
    const Experience e = experience(c, how);
    const double p_satisfied = outcomes_.p_satisfied(e);
    const double churned = outcomes_.p_churn(e, p_satisfied);
    ++k.customers;
    switch (how) {
      case ContactEnd::resolved:
        ++k.customers_resolved;
        break;
      case ContactEnd::gave_up:
        ++k.customers_gave_up;
        break;
      case ContactEnd::unresolved:
        ++k.customers_unresolved;
        break;
      case ContactEnd::unfinished:
        ++k.customers_unfinished;
        break;
    }
    k.satisfied += p_satisfied;
    k.churned += churned;
    // Summed per customer, not derived at the end as churned − customers × perfect: the excess is
    // a small difference of two large sums there, and a perfect journey's excess is then 0 to the
    // bit. One subtraction per customer.
    k.excess_churned += churned - outcomes_.perfect_churn();
  });
  if constexpr (!kLean) {
    if (held) {
      c.stage = Stage::leaving;  // the agent's completion frees the slot
    } else {
      free_customer(id);
    }
  }
}

}  // namespace ccsim
