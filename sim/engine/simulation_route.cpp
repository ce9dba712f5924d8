// Where a contact goes (the routing strategies) and what happens in a bot session.
#include <algorithm>

#include "engine/engine.hpp"

namespace ccsim {

namespace {

bool goes_to_bot_first(const Scenario& s, const Customer& c) {
  switch (s.routing.strategy) {
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

}  // namespace

void Simulation::Impl::start_contact(std::uint32_t id) {
  Customer& c = customers[id];
  c.contact_arrival_s = now;
  c.escalated_now = false;
  c.in_callback = false;
  if (contact_sink != nullptr) traces[id].start_contact();
  count_contact(c, [](Counters& k) { ++k.contacts; });
  if (goes_to_bot_first(s, c)) {
    enter_bot(id);
  } else {
    enter_human_queue(id, c.patience_s);
  }
}

void Simulation::Impl::enter_bot(std::uint32_t id) {
  Customer& c = customers[id];
  c.touched_bot = true;
  if (contact_sink != nullptr) traces[id].bot_entry_s = now;
  count_contact(c, [](Counters& k) { ++k.bot_contacts; });
  // A customer who wants a human and has no way to ask for one gives up on the bot sooner.
  const bool can_ask = s.bots->offers_human && s.routing.strategy != Strategy::bot_only;
  double patience_s = c.bot_patience_s;
  if (c.wants_human && !can_ask) patience_s *= s.routing.no_human_option_patience_factor;
  c.queue_entry_s = now;
  c.deadline_s = now + patience_s;
  if (bots_busy < s.bots->concurrency) {
    start_bot_session(id);
    return;
  }
  c.stage = Stage::bot_queue;
  bot_queue.push(QueueEntry{c.deadline_s, id, ++c.queue_gen});
  // With retrials on, giving up must happen at its own time; otherwise it is found lazily.
  if (retrial_timers && c.deadline_s < kForever) {
    c.timer_seq = schedule(c.deadline_s, Event::Kind::bot_end, id);
  }
}

void Simulation::Impl::start_bot_session(std::uint32_t id) {
  Customer& c = customers[id];
  ++bots_busy;
  ++c.queue_gen;
  if (contact_sink != nullptr) traces[id].bot_start_s = now;
  c.stage = Stage::bot;
  if (c.counted) {
    const double cost = s.bots->cost_per_session;
    count_contact(c, [cost](Counters& k) { k.bot_cost += cost; });
  }
  const AttemptDraws& d = attempt_draws[static_cast<std::size_t>(id) * attempts + c.attempt];
  const double patience_left_s = c.deadline_s - now;
  const bool can_ask = s.bots->offers_human && s.routing.strategy != Strategy::bot_only;
  const double ask_s = s.routing.ask_human_after_s;
  double end_s;
  if (c.wants_human && can_ask && ask_s < std::min(c.bot_handle_s, patience_left_s)) {
    c.bot_end = BotEnd::asked_for_human;
    end_s = now + ask_s;
  } else if (patience_left_s < c.bot_handle_s) {
    c.bot_end = BotEnd::gave_up;
    end_s = c.deadline_s;
  } else {
    c.bot_end =
        d.bot_resolves_u < s.reasons[c.reason].bot_resolution ? BotEnd::resolved : BotEnd::failed;
    end_s = now + c.bot_handle_s;
  }
  c.timer_seq = schedule(end_s, Event::Kind::bot_end, id);
}

void Simulation::Impl::on_bot_end(std::uint32_t id, std::uint64_t seq) {
  Customer& c = customers[id];
  if (c.timer_seq != seq) return;
  if (c.stage == Stage::bot_queue) {  // gave up waiting for a free bot
    ++c.queue_gen;
    count_contact(c, [](Counters& k) { ++k.bot_abandoned; });
    end_contact(id, ContactEnd::gave_up, now);
    return;
  }
  --bots_busy;
  const AttemptDraws& d = attempt_draws[static_cast<std::size_t>(id) * attempts + c.attempt];
  const bool needs_empathy = c.frustrated || s.reasons[c.reason].kind == ReasonKind::sensitive;
  auto handled_by_bot = [&] {
    if (!needs_empathy) return;
    const bool met = d.empathy_u < s.empathy.bot;
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
      end_contact(id, ContactEnd::resolved, now);
      break;
    case BotEnd::failed:
      if (s.routing.strategy == Strategy::bot_only) {
        handled_by_bot();
        end_contact(id, ContactEnd::unresolved, now);
      } else {
        escalate(id);
      }
      break;
    case BotEnd::asked_for_human:
      escalate(id);
      break;
    case BotEnd::gave_up:
      count_contact(c, [](Counters& k) { ++k.bot_abandoned; });
      end_contact(id, ContactEnd::gave_up, now);
      break;
  }
  serve_bot_queue();
}

void Simulation::Impl::serve_bot_queue() {
  while (bots_busy < s.bots->concurrency && !bot_queue.empty()) {
    const QueueEntry e = bot_queue.front();
    bot_queue.pop();
    Customer& c = customers[e.customer];
    if (c.queue_gen != e.gen || c.stage != Stage::bot_queue) continue;
    if (c.deadline_s < now) {  // gave up before a bot was free (found lazily)
      ++c.queue_gen;
      count_contact(c, [](Counters& k) { ++k.bot_abandoned; });
      end_contact(e.customer, ContactEnd::gave_up, c.deadline_s);
      continue;
    }
    start_bot_session(e.customer);
  }
}

void Simulation::Impl::escalate(std::uint32_t id) {
  Customer& c = customers[id];
  ++c.transfers;
  if (!s.routing.context_transfer) ++c.transfers_without_context;
  c.escalated_now = true;
  count_contact(c, [](Counters& k) { ++k.escalated; });
  // Their patience with the human queue is a fraction of their own, counted from queue entry.
  enter_human_queue(id, c.patience_s * s.routing.escalated_patience_factor);
}

}  // namespace ccsim
