// The draws of a customer and of each of their contacts (attempts), and a customer's return.
// Part of engine.hpp.
#pragma once

#include "engine/engine.hpp"
#include "engine/engine_run.hpp"

namespace ccsim {

// What a customer brings when they first arrive: their segment, reason, whether they are
// frustrated and whether they prefer a human (the customer's, attempt 0), and what their first
// contact brings (draw_contact). Everything else is drawn where it is needed (a bot session, the
// end of a contact …), from the numbers of the customer, the attempt and the purpose: a customer
// who never meets a bot draws nothing for it, and changes nothing for anyone else.
template <class F>
[[gnu::always_inline]] inline void Engine<F>::draw_customer(Cust& c) {
  using run_detail::pick;
  const std::uint64_t n = tally_.arrivals + 1;
  const RandomBlock& b0 = arrival_block_;
  std::size_t segment = 0, reason = 0;
  // A given arrival comes with its segment (with one segment, the only one).
  if (given_ != nullptr) [[unlikely]] {
    segment = kLean ? 0 : (*given_)[next_given_].segment;
    ++next_given_;
  } else if (!kLean && draw_segment_) {
    segment = pick(segment_cdf_, uniform(b0, n, 0, Purpose::segment));
  }
  if constexpr (!kLean) {
    c.number = n;
    c.strategy = strategy_[segment];
    // Only a customer whose segment meets bots has a use for a preference for a human.
    const bool draw_preference = draw_preference_ && c.strategy != Strategy::human_only;
    if (draw_reason_ || draw_frustration_ || draw_preference) {
      const RandomBlock b1 = block(n, 0, Purpose::reason);
      const Segment& seg = s_.segments[segment];
      if (draw_reason_) reason = pick(reason_cdf_[segment], uniform(b1, n, 0, Purpose::reason));
      if (draw_frustration_)
        c.frustrated = uniform(b1, n, 0, Purpose::frustration) < seg.p_frustrated;
      if (draw_preference) {
        // One number for both: those who act on the preference are among those who state it.
        const double u = uniform(b1, n, 0, Purpose::preference);
        c.wants_human = u < seg.human_preference;
        c.asks_human = u < seg.human_preference * s_.routing.ask_human_conversion;
      }
    }
    c.segment = static_cast<std::uint16_t>(segment);
    c.reason = static_cast<std::uint16_t>(reason);
  }
  draw_contact(c, b0, 0);
}

// What one contact (attempt) brings: the customer's patience in a human queue, an agent's handle
// time and, under triage, whether the classifier gets it right, drawn anew for each attempt so
// that a retrial or a repeat is a new try, not a replay of the last one.
template <class F>
[[gnu::always_inline]] inline void Engine<F>::draw_contact(Cust& c, const RandomBlock& b0,
                                                           std::uint64_t attempt) {
  std::size_t segment = 0, reason = 0;
  std::uint64_t n = tally_.arrivals + 1;
  if constexpr (!kLean) {
    segment = c.segment;
    reason = c.reason;
    n = c.number;
    if (draw_triage_ && c.strategy == Strategy::triage) {
      const RandomBlock b1 = block(n, attempt, Purpose::triage);
      c.triage_correct = uniform(b1, n, attempt, Purpose::triage) < s_.routing.triage_accuracy;
    }
  }
  if (has_patience_[segment] != 0) {
    RandomStream numbers = stream(b0, n, attempt, Purpose::patience);
    c.patience_s = patience_[segment](numbers);
  } else {
    c.patience_s = kForever;
  }
  RandomStream numbers = stream(b0, n, attempt, Purpose::human_handle);
  c.human_handle_s = human_handle_[reason](numbers);
  if (time_of_day_) [[unlikely]] {
    // The draws scaled by the factors of the contact's time of day; the draws are unchanged.
    const Segment& seg = s_.segments[segment];
    c.patience_s *= seg.patience_factor.at(now_);
    c.human_handle_s *= seg.handle_factor.at(now_);
  }
}

// A retrial or a repeat: the same customer, with the numbers of their new attempt.
template <class F>
void Engine<F>::on_return(std::uint32_t id) {
  Customer& c = customers_[id];
  draw_contact(c, block(c.number, c.attempt, Purpose::patience), c.attempt);
  start_contact(c, id);
}

}  // namespace ccsim
