// The record of an ended contact, for traces (docs/formats.md, "Trace CSV"). Only reached when a
// contact sink is attached: the engine's own figures never depend on it. Part of engine.hpp.
#pragma once

#include <cmath>

#include "engine/engine.hpp"

namespace ccsim {

namespace trace_detail {

inline BotLegEnd bot_leg_end(const Customer& c, ContactEnd how, bool session_started) {
  if (!session_started) {
    return how == ContactEnd::unfinished ? BotLegEnd::unfinished : BotLegEnd::gave_up_waiting;
  }
  switch (c.bot_end) {
    case BotEnd::resolved:
      return BotLegEnd::resolved;
    case BotEnd::failed:
      return BotLegEnd::failed;
    case BotEnd::asked_for_human:
      return BotLegEnd::asked_for_human;
    case BotEnd::gave_up:
      return BotLegEnd::gave_up;
  }
  return BotLegEnd::none;
}

// How a contact that entered a human queue ended.
inline ContactOutcome human_outcome(const Customer& c, ContactEnd how, bool served) {
  if (c.in_callback) {
    if (!served) return ContactOutcome::callback_unfinished;
    return c.callback_succeeds ? ContactOutcome::callback_served
                               : ContactOutcome::callback_unreached;
  }
  if (served) return ContactOutcome::answered;
  if (c.balked_now) return ContactOutcome::balked;
  return how == ContactEnd::unfinished ? ContactOutcome::unfinished : ContactOutcome::abandoned;
}

// How a contact that never reached a human queue ended.
inline ContactOutcome bot_outcome(ContactEnd how) {
  switch (how) {
    case ContactEnd::resolved:
      return ContactOutcome::bot_resolved;
    case ContactEnd::unresolved:
      return ContactOutcome::bot_unresolved;
    case ContactEnd::gave_up:
      return ContactOutcome::bot_abandoned;
    case ContactEnd::unfinished:
      return ContactOutcome::bot_unfinished;
  }
  return ContactOutcome::bot_unfinished;
}

// Contacts whose empathy need, if any, the engine evaluated: those a bot or an agent handled.
inline bool handled(ContactOutcome outcome) {
  return outcome == ContactOutcome::answered || outcome == ContactOutcome::callback_served ||
         outcome == ContactOutcome::bot_resolved || outcome == ContactOutcome::bot_unresolved;
}

}  // namespace trace_detail

// `held`: an agent is still on the contact; its record goes to the sink when the agent's
// completion comes, so that records come in the order contacts end.
template <class F>
void Engine<F>::trace_contact(std::uint32_t id, ContactEnd how, double ended_s, NextStep next,
                              bool held) {
  using namespace trace_detail;
  const Customer& c = customers_[id];
  ContactTrace& t = traces_[id];
  ContactRecord r;
  r.replication = replication_;
  r.customer = c.number;
  r.contact = c.attempt + 1;
  r.kind = t.kind;
  r.segment = c.segment;
  r.reason = c.reason;
  r.arrival_s = c.contact_arrival_s;
  r.end_s = ended_s;
  const bool bot = !std::isnan(t.bot_entry_s);
  const bool queued = !std::isnan(t.queue_entry_s);
  const bool served = !std::isnan(t.service_start_s);
  if (bot) {
    // An escalated contact left the bot when it entered the human queue.
    const double left_bot_s = queued ? t.queue_entry_s : ended_s;
    const bool session = !std::isnan(t.bot_start_s);
    r.bot_s = left_bot_s - t.bot_entry_s;
    r.bot_wait_s = (session ? t.bot_start_s : left_bot_s) - t.bot_entry_s;
    r.bot_end = bot_leg_end(c, how, session);
  }
  r.outcome = queued ? human_outcome(c, how, served) : bot_outcome(how);
  if (queued) {
    r.queue_entry_s = t.queue_entry_s;
    r.waited_s = (served ? t.service_start_s : ended_s) - t.queue_entry_s;
  }
  if (served) {
    r.handle_s = ended_s - t.service_start_s;
    r.group = c.group;
    r.agent = t.agent;
  }
  r.resolved = how == ContactEnd::resolved;
  r.escalated = c.escalated_now;
  r.callback = c.in_callback;
  r.empathy_needed = needs_empathy(c) && handled(r.outcome);
  r.empathy_met = r.empathy_needed && !c.empathy_unmet;
  r.frustrated = c.frustrated;
  r.wants_human = c.wants_human;
  r.warmup = !c.counted;
  r.next = next;
  r.last = next != NextStep::retrial && next != NextStep::repeat;
  if (r.last) {
    // The customer's figures exactly as finish_customer counts them.
    const Experience e = experience(c, how);
    r.p_satisfied = outcomes_.p_satisfied(e);
    r.churned = outcomes_.p_churn(e, r.p_satisfied);
  } else {
    t.kind = next == NextStep::retrial ? ContactKind::retrial : ContactKind::repeat;
  }
  if (held) {
    t.pending = true;
    t.record = r;
  } else {
    sink_->record(r);
  }
}

}  // namespace ccsim
