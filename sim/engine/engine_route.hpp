// Where a contact goes (the routing strategies) and what happens in a bot session. Part of
// engine.hpp.
#pragma once

#include <algorithm>

#include "engine/engine.hpp"

namespace ccsim {

namespace route_detail {

inline bool goes_to_bot_first(const Scenario& s, const Customer& c) {
  switch (c.strategy) {
    case Strategy::human_only:
      return false;
    case Strategy::bot_only:
    case Strategy::bot_first:
      return true;
    case Strategy::triage: {
      // The classifier sends simple contacts to the bot and the others to humans; when it is
      // wrong, the contact goes the other way.
      const bool simple = s.reasons[c.reason].kind == ReasonKind::simple;
      return simple == c.triage_correct;
    }
    case Strategy::choice:
      return !c.wants_human;  // told it is a bot, they pick
  }
  return false;
}

}  // namespace route_detail

template <class F>
[[gnu::always_inline]] inline void Engine<F>::start_contact(Cust& c, std::uint32_t id) {
  if constexpr (!kLean) {
    c.contact_arrival_s = now_;
    c.contact_cell = static_cast<std::uint32_t>(cell_index(now_, c));
    c.escalated_now = false;
    c.balked_now = false;
    c.in_callback = false;
    if (sink_ != nullptr) traces_[id].start_contact();
  }
  count_contact(c, [](Counters& k) { ++k.contacts; });
  if constexpr (F::bots) {
    if (route_detail::goes_to_bot_first(s_, c) || picks_bot_for_wait(c)) {
      enter_bot(id);
      return;
    }
  }
  enter_human_queue(c, id, c.patience_s);
}

// Under `choice`, a customer who prefers a human but is told a longer wait than they accept picks
// the bot (routing.choice.bot_above_wait_s; the announced wait of engine_queues.hpp).
template <class F>
bool Engine<F>::picks_bot_for_wait(const Cust& c) const {
  if constexpr (kLean) {
    return false;
  } else {
    const std::optional<double>& above_s = s_.routing.choice_bot_above_wait_s;
    return c.strategy == Strategy::choice && above_s && c.wants_human &&
           announced_wait_s(c) > *above_s;
  }
}

template <class F>
void Engine<F>::enter_bot(std::uint32_t id) {
  Customer& c = customers_[id];
  c.touched_bot = true;
  if (sink_ != nullptr) traces_[id].bot_entry_s = now_;
  count_contact(c, [](Counters& k) { ++k.bot_contacts; });
  // The bot's time, the customer's patience with it and whether it resolves the need are the
  // attempt's: a customer who gave up on the bot or whom it failed may fare otherwise next time.
  const std::uint64_t n = c.number;
  const std::uint64_t a = c.attempt;
  const RandomBlock b = block(n, a, Purpose::bot_handle);
  RandomStream handle = stream(b, n, a, Purpose::bot_handle);
  c.bot_handle_s = bot_handle_[c.reason](handle);
  if (has_bot_patience_[c.segment] != 0) {
    RandomStream patience = stream(b, n, a, Purpose::bot_patience);
    c.bot_patience_s = bot_patience_[c.segment](patience);
  } else {
    c.bot_patience_s = kForever;
  }
  c.bot_resolves_u = uniform(b, n, a, Purpose::bot_outcome);
  // A customer who wants a human and has no way to ask for one gives up on the bot sooner.
  const bool can_ask = s_.bots->offers_human && c.strategy != Strategy::bot_only;
  double patience_s = c.bot_patience_s;
  if (c.asks_human && !can_ask) patience_s *= s_.routing.no_human_option_patience_factor;
  c.queue_entry_s = now_;
  c.deadline_s = now_ + patience_s;
  if (bots_busy_ < s_.bots->concurrency) {
    start_bot_session(id);
    return;
  }
  c.stage = Stage::bot_queue;
  bot_queue_.push(QueueEntry{c.deadline_s, id, ++c.queue_gen});
  // With retrials on, giving up must happen at its own time; otherwise it is found lazily.
  if (retrial_timers_ && c.deadline_s < kForever) {
    c.timer_seq = schedule(c.deadline_s, EventKind::bot_end, id);
  }
}

template <class F>
void Engine<F>::start_bot_session(std::uint32_t id) {
  Customer& c = customers_[id];
  ++bots_busy_;
  ++c.queue_gen;
  if (sink_ != nullptr) traces_[id].bot_start_s = now_;
  c.stage = Stage::bot;
  const double patience_left_s = c.deadline_s - now_;
  const bool can_ask = s_.bots->offers_human && c.strategy != Strategy::bot_only;
  const double ask_s = ask_human_after_s_[c.segment];
  double end_s;
  if (c.asks_human && can_ask && ask_s < std::min(c.bot_handle_s, patience_left_s)) {
    c.bot_end = BotEnd::asked_for_human;
    end_s = now_ + ask_s;
  } else if (patience_left_s < c.bot_handle_s) {
    c.bot_end = BotEnd::gave_up;
    end_s = c.deadline_s;
  } else {
    const double resolves = bot_resolution_[c.segment * s_.reasons.size() + c.reason];
    c.bot_end = c.bot_resolves_u < resolves ? BotEnd::resolved : BotEnd::failed;
    end_s = now_ + c.bot_handle_s;
  }
  if (c.counted) {
    // The session ends at end_s whatever happens meanwhile, so its length is known now.
    constexpr double kSecondsPerMinute = 60.0;
    const double cost =
        s_.bots->cost_per_session + s_.bots->cost_per_minute * ((end_s - now_) / kSecondsPerMinute);
    count_contact(c, [cost](Counters& k) { k.bot_cost += cost; });
  }
  c.timer_seq = schedule(end_s, EventKind::bot_end, id);
}

template <class F>
void Engine<F>::on_bot_end(std::uint32_t id, std::uint64_t seq) {
  Customer& c = customers_[id];
  if (c.timer_seq != seq) return;
  if (c.stage == Stage::bot_queue) {  // gave up waiting for a free bot
    ++c.queue_gen;
    c.bot_lost_s += now_ - c.queue_entry_s;
    count_contact(c, [](Counters& k) { ++k.bot_abandoned; });
    end_contact(c, id, ContactEnd::gave_up, now_, false);
    return;
  }
  --bots_busy_;
  // Time with a bot that did not resolve the need is time lost to the customer.
  if (c.bot_end != BotEnd::resolved) c.bot_lost_s += now_ - c.queue_entry_s;
  if (c.bot_end == BotEnd::failed) {
    ++c.bot_failures;
    if (frustrated_by_bot_) {
      maybe_frustrate(c, Purpose::frustration_from_bot, s_.frustration.after_bot_failure);
    }
  }
  // The attempt's outcome numbers: an empathy need, and then whether they come back.
  RandomBlock outcome{};
  const RandomBlock* drawn = nullptr;
  auto handled_by_bot = [&] {
    if (!needs_empathy(c)) return;
    outcome = block(c.number, c.attempt, Purpose::empathy);
    drawn = &outcome;
    const bool met = uniform(outcome, c.number, c.attempt, Purpose::empathy) < s_.empathy.bot;
    c.empathy_unmet = !met;
    count_contact(c, [met](Counters& k) {
      ++k.empathy_needed;
      k.empathy_met += met ? 1 : 0;
    });
  };
  switch (c.bot_end) {
    case BotEnd::resolved:
      handled_by_bot();
      count_contact(c, [](Counters& k) {
        ++k.bot_contained;
        ++k.resolved_contacts;
      });
      end_contact(c, id, ContactEnd::resolved, now_, false, drawn);
      break;
    case BotEnd::failed:
      if (c.strategy == Strategy::bot_only) {
        handled_by_bot();
        end_contact(c, id, ContactEnd::unresolved, now_, false, drawn);
      } else {
        escalate(id);
      }
      break;
    case BotEnd::asked_for_human:
      escalate(id);
      break;
    case BotEnd::gave_up:
      count_contact(c, [](Counters& k) { ++k.bot_abandoned; });
      end_contact(c, id, ContactEnd::gave_up, now_, false);
      break;
  }
  serve_bot_queue();
}

template <class F>
void Engine<F>::serve_bot_queue() {
  while (bots_busy_ < s_.bots->concurrency && !bot_queue_.empty()) {
    const QueueEntry e = bot_queue_.front();
    bot_queue_.pop();
    Customer& c = customers_[e.customer];
    if (c.queue_gen != e.gen || c.stage != Stage::bot_queue) continue;
    if (c.deadline_s < now_) {  // gave up before a bot was free (found lazily)
      ++c.queue_gen;
      c.bot_lost_s += c.deadline_s - c.queue_entry_s;
      count_contact(c, [](Counters& k) { ++k.bot_abandoned; });
      end_contact(c, e.customer, ContactEnd::gave_up, c.deadline_s, false);
      continue;
    }
    start_bot_session(e.customer);
  }
}

template <class F>
void Engine<F>::escalate(std::uint32_t id) {
  Customer& c = customers_[id];
  ++c.transfers;
  if (!s_.routing.context_transfer) ++c.transfers_without_context;
  c.escalated_now = true;
  count_contact(c, [](Counters& k) { ++k.escalated; });
  // Their patience with the human queue is a fraction of their own, counted from queue entry.
  enter_human_queue(c, id, c.patience_s * s_.routing.escalated_patience_factor);
}

}  // namespace ccsim
