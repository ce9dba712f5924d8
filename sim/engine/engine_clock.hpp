// The clock, the time integrals (occupancy, cost, chat slots, the by-interval averages), the
// reporting intervals and the cells of the tally. Part of engine.hpp.
#pragma once

#include <algorithm>
#include <cmath>

#include "engine/engine.hpp"

namespace ccsim {

namespace clock_detail {
inline constexpr double kSecondsPerHour = 3600.0;
}  // namespace clock_detail

// Occupancy is integrated event by event, not only when the number of busy or staffed agents
// changes: summing the same products in the same order is what keeps the integrals identical to
// the last bit whatever else changes in the engine (one product per run of unchanged occupancy
// would round differently).
//
// Most events fall past the warm-up, before the horizon and in the interval of the event before:
// then each integral gains the same product of the same dt as the general step below computes
// (occupancy's [max(now, warm-up), min(t, horizon)] is [now, t], the drain is empty, and
// for_each_interval_piece makes [now, t) one piece of the clock's interval). When t == now the
// general step adds nothing, and the short step adds +0: the integrals start at +0 and only gain
// non-negative terms, so they never hold -0, and adding +0 leaves them bit for bit as they are.
//
// Events come in time order, t >= now_: every duration is non-negative, as a validated scenario
// has it.
template <class F>
[[gnu::always_inline]] inline void Engine<F>::advance_clock(double t) {
  if (t <= short_step_until_s_) [[likely]] {
    const double dt = t - now_;
    // One pass over the groups for the agents on duty and the chat places (the same integer
    // sums as two passes, so the same products).
    long on_duty = 0, sessions = 0, slots = 0;
    for (std::size_t g = 0; g < group_count(); ++g) {
      GroupState& group = this->group(g);
      const long group_on_duty = agents_on_duty(group);
      on_duty += group_on_duty;
      if constexpr (F::groups) group.paid_agent_s += static_cast<double>(group_on_duty) * dt;
      if constexpr (F::chat) {
        if (group.chat_mode) {
          sessions += group.sessions;
          slots += group_on_duty * s_.groups[g].max_concurrent_chats;
        }
      }
    }
    const double busy_dt = static_cast<double>(busy_total_) * dt;
    const double on_duty_dt = static_cast<double>(on_duty) * dt;
    tally_.busy_agent_s += busy_dt;
    tally_.available_agent_s += on_duty_dt;
    slot_time_->busy_agent_s += busy_dt;
    slot_time_->available_agent_s += on_duty_dt;
    if constexpr (F::bots) slot_time_->busy_bot_s += static_cast<double>(bots_busy_) * dt;
    if constexpr (F::chat) {
      if (slots > 0) {
        tally_.chat_session_s += static_cast<double>(sessions) * dt;
        tally_.chat_slot_s += static_cast<double>(slots) * dt;
      }
    }
    now_ = t;
    return;
  }
  advance_clock_slowly(t);
}

template <class F>
void Engine<F>::advance_clock_slowly(double t) {
  long on_duty = 0, sessions = 0, chat_slots = 0;
  for (std::size_t g = 0; g < group_count(); ++g) {
    const GroupState& group = this->group(g);
    on_duty += agents_on_duty(group);
    if (group.chat_mode) {
      sessions += group.sessions;
      chat_slots += agents_on_duty(group) * s_.groups[g].max_concurrent_chats;
    }
  }
  // Occupancy, cost and chat slots over [warm-up, horizon]; after the horizon only the contacts
  // agents finish are paid.
  const double lo = std::max(now_, warmup_s_);
  const double hi = std::min(t, horizon_s_);
  if (hi > lo) {
    const double dt = hi - lo;
    tally_.busy_agent_s += static_cast<double>(busy_total_) * dt;
    tally_.available_agent_s += static_cast<double>(on_duty) * dt;
    if constexpr (F::groups) {
      for (GroupState& group : groups_)
        group.paid_agent_s += static_cast<double>(agents_on_duty(group)) * dt;
    }
    if (chat_slots > 0) {
      tally_.chat_session_s += static_cast<double>(sessions) * dt;
      tally_.chat_slot_s += static_cast<double>(chat_slots) * dt;
    }
  }
  if (t > now_) {
    const double drain_from = std::max(now_, std::max(horizon_s_, warmup_s_));
    if (t > drain_from) {
      for (std::size_t g = 0; g < group_count(); ++g) {
        GroupState& group = this->group(g);
        group.drain_agent_s += static_cast<double>(group.busy) * (t - drain_from);
      }
    }
    // Time averages by reporting interval, over [0, horizon].
    for_each_interval_piece(now_, t, horizon_s_, grid_, [&](std::size_t i, double dt) {
      IntervalTime& it = tally_.interval_time[i];
      it.busy_agent_s += static_cast<double>(busy_total_) * dt;
      it.available_agent_s += static_cast<double>(on_duty) * dt;
      if constexpr (F::bots) it.busy_bot_s += static_cast<double>(bots_busy_) * dt;
    });
  }
  now_ = t;
  if (!(t < slot_to_s_)) enter_slot(t);
  // The short step needs t <= horizon and t <= the end of the clock's piece (one piece), and
  // t < slot_to_s_ (the clock stays in its interval).
  short_step_until_s_ =
      now_ >= warmup_s_
          ? std::min({horizon_s_, slot_piece_end_s_, std::nextafter(slot_to_s_, -kForever)})
          : -kForever;
}

// Finds the clock's interval by division, and the exact range of times in it, from the grid's
// own slot(): called once per interval the clock enters (and at the start), never per event.
template <class F>
void Engine<F>::enter_slot(double t) {
  slot_ = grid_.slot(t);
  slot_from_s_ = grid_.first_time_in(slot_);
  slot_to_s_ = slot_ + 1 >= grid_.total ? kForever : grid_.first_time_in(slot_ + 1);
  slot_piece_end_s_ = grid_.piece_end(slot_);
  slot_cell_ = (slot_ % grid_.count) * cells_per_interval_;
  slot_time_ = &tally_.interval_time[slot_ % grid_.count];
}

// The cell of a contact or customer that arrived at t (at or before the clock), in c's segment
// and reason kind. Usually the clock's interval: slot() is non-decreasing, so
// slot_from_s_ <= t <= now_ puts it there; otherwise a division, exactly as grid_.index does.
template <class F>
inline std::size_t Engine<F>::cell_index(double t, const Cust& c) const {
  const std::size_t first = t >= slot_from_s_ ? slot_cell_ : grid_.index(t) * cells_per_interval_;
  if constexpr (kLean) {
    return first;
  } else {
    const auto kind = static_cast<std::size_t>(s_.reasons[c.reason].kind);
    return first + static_cast<std::size_t>(c.segment) * kReasonKinds + kind;
  }
}

// Adds to the counters of the contact's cell: its customer's segment, its reason's kind, the
// interval the contact arrived in. Only counted customers (first arrival at or after the
// warm-up) are tallied.
// The cells are found once, when a customer arrives and when a contact starts (or, for the
// single queue, when the customer leaves the queue), and kept with the customer.
template <class F>
template <typename Update>
[[gnu::always_inline]] inline void Engine<F>::count_contact(const Cust& c, Update&& update) {
  if constexpr (kLean) {
    count_customer(c, update);  // one contact: the customer's cell
  } else {
    if (c.counted) update(cells_[c.contact_cell]);
  }
}

// The same for a customer's final figures, in the interval of their first arrival.
template <class F>
template <typename Update>
[[gnu::always_inline]] inline void Engine<F>::count_customer(const Cust& c, Update&& update) {
  if constexpr (kLean) {
    if (c.cell != nullptr) update(*c.cell);
  } else {
    if (c.counted) update(cells_[c.customer_cell]);
  }
}

// A customer of the single queue as the queue holds them, with their cell.
template <class F>
[[gnu::always_inline]] inline LeanCustomer Engine<F>::lean_customer(const LeanEntry& e) {
  LeanCustomer c;
  c.queue_entry_s = e.queue_entry_s;
  c.deadline_s = e.deadline_s;
  c.human_handle_s = e.human_handle_s;
  if (e.queue_entry_s >= warmup_s_) c.cell = &cells_[cell_index(e.queue_entry_s, c)];
  return c;
}

// The queue-length integral of each interval: each wait spread over the intervals it spans, as
// for_each_interval_piece spreads it. A wait that began in the clock's interval (the usual
// case) begins with a piece of that interval, ending where piece_end says; only what is left
// past it, if anything, goes through the general loop.
template <class F>
inline void Engine<F>::record_queue_time(double entry_s, double wait_s) {
  const auto add = [&](std::size_t i, double dt) {
    tally_.interval_time[i].queue_customer_s += dt;
  };
  const double end = std::min(entry_s + wait_s, horizon_s_);
  if (!(entry_s < end)) return;
  if (entry_s >= slot_from_s_) [[likely]] {
    const double b = std::min(end, slot_piece_end_s_);
    if (b > entry_s) [[likely]] {
      slot_time_->queue_customer_s += b - entry_s;
      if (b < end) [[unlikely]] {
        for_each_interval_piece(b, end, horizon_s_, grid_, add);
      }
      return;
    }
  }
  for_each_interval_piece(entry_s, end, horizon_s_, grid_, add);
}

// The breakdowns are sums of the cells, each in interval order: the segment's and the kind's
// over the intervals (and kinds or segments), the interval's over its segments and kinds. The
// cost of each group is its rate times its agent time, paid on duty and in the drain.
template <class F>
void Engine<F>::finish_tally() {
  const std::size_t segments = s_.segments.size();
  tally_.by_segment.assign(segments, Counters{});
  tally_.by_kind.assign(kReasonKinds, Counters{});
  tally_.by_interval.assign(grid_.count, Counters{});
  for (std::size_t i = 0; i < grid_.count; ++i) {
    for (std::size_t segment = 0; segment < (kLean ? 1 : segments); ++segment) {
      for (std::size_t kind = 0; kind < (kLean ? 1 : kReasonKinds); ++kind) {
        const Counters& cell = cells_[i * cells_per_interval_ + segment * kReasonKinds + kind];
        const std::size_t k = kLean ? static_cast<std::size_t>(s_.reasons[0].kind) : kind;
        tally_.by_interval[i].add(cell);
        tally_.by_segment[segment].add(cell);
        tally_.by_kind[k].add(cell);
      }
    }
  }
  std::vector<Counters>().swap(cells_);
  // Every counted customer is counted once, when their journey ends, and every journey ends.
  tally_.counted_arrivals = 0;
  for (const Counters& k : tally_.by_segment) tally_.counted_arrivals += k.customers;
  double cost = 0.0;
  for (std::size_t g = 0; g < group_count(); ++g) {
    const GroupState& group = this->group(g);
    // One group's paid time is the occupancy's on-duty time, summed alike.
    const double paid_s = F::groups ? group.paid_agent_s : tally_.available_agent_s;
    const AgentGroup& spec = s_.groups[g];
    double per_hour = spec.cost_per_hour;
    // The assist: a seat per agent on duty, and a price per contact its agents handled.
    if (spec.assist) per_hour += spec.assist->cost_per_agent_hour;
    cost += per_hour / clock_detail::kSecondsPerHour * (paid_s + group.drain_agent_s);
    if (spec.assist)
      cost += spec.assist->cost_per_contact * static_cast<double>(group.assisted_contacts);
  }
  tally_.human_cost = cost;
}

}  // namespace ccsim
