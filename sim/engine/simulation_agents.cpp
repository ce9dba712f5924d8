// Agents at work: voice contacts, chat sessions sharing an agent, callbacks, silent leavers.
#include <algorithm>

#include "engine/engine.hpp"

namespace ccsim {

void Simulation::Impl::set_chat_busy(int g, std::uint32_t a, bool was_busy) {
  GroupState& state = groups[static_cast<std::size_t>(g)];
  const ChatAgent& agent = state.agents[a];
  const bool is_busy = agent.voice || agent.sessions > 0;
  if (is_busy == was_busy) return;
  const long delta = is_busy ? 1 : -1;
  state.busy += delta;
  busy_total += delta;
  if (static_cast<long>(a) >= state.staffed) state.overtime += delta;
}

// Brings the work left of every chat on agent a up to now, at the rate of the current load.
void Simulation::Impl::chat_progress(int g, std::uint32_t a) {
  const ChatAgent& agent = groups[static_cast<std::size_t>(g)].agents[a];
  if (agent.sessions == 0) return;
  const double slowdown = s.groups[static_cast<std::size_t>(g)].chat_slowdown[agent.sessions - 1];
  for (int i = 0; i < agent.sessions; ++i) {
    Customer& c = customers[agent.customers[static_cast<std::size_t>(i)]];
    c.work_left_s = std::max(0.0, c.work_left_s - (now - c.work_since_s) / slowdown);
    c.work_since_s = now;
  }
}

// With k chats each progresses at 1/f(k): every end time changes when k does. Old completion
// events stay in the calendar and are skipped (their seq is no longer the customer's timer).
void Simulation::Impl::chat_reschedule(int g, std::uint32_t a) {
  const ChatAgent& agent = groups[static_cast<std::size_t>(g)].agents[a];
  if (agent.sessions == 0) return;
  const double slowdown = s.groups[static_cast<std::size_t>(g)].chat_slowdown[agent.sessions - 1];
  for (int i = 0; i < agent.sessions; ++i) {
    const std::uint32_t id = agent.customers[static_cast<std::size_t>(i)];
    Customer& c = customers[id];
    c.timer_seq = schedule(now + c.work_left_s * slowdown, Event::Kind::chat_completion, id);
  }
}

void Simulation::Impl::start_human(std::uint32_t id, int g) {
  Customer& c = customers[id];
  c.stage = Stage::human;
  c.group = static_cast<std::uint16_t>(g);
  const double wait_s = now - c.queue_entry_s;
  // A callback is neither answered nor abandoned: it never enters service level or waits.
  if (!c.in_callback) {
    record_human_wait(c, wait_s, true);
  }
  double handle_s = c.in_callback ? c.outbound_handle_s : c.human_handle_s;
  if (c.escalated_now && !s.routing.context_transfer)
    handle_s *= s.routing.no_context_handle_factor;

  GroupState& state = groups[static_cast<std::size_t>(g)];
  if (contact_sink != nullptr) traces[id].service_start_s = now;
  if (!state.chat_mode) {
    if (contact_sink != nullptr)
      traces[id].agent = static_cast<std::int32_t>(rosters[static_cast<std::size_t>(g)].take());
    ++state.busy;
    ++busy_total;
    schedule(now + handle_s, Event::Kind::completion, id);
    return;
  }
  const bool voice = needs_voice(c);
  const auto a = static_cast<std::uint32_t>(find_chat_agent(g, voice));
  ChatAgent& agent = state.agents[a];
  c.agent = a;
  if (contact_sink != nullptr) traces[id].agent = static_cast<std::int32_t>(a);
  if (voice) {
    agent.voice = true;
    set_chat_busy(g, a, false);
    schedule(now + handle_s, Event::Kind::completion, id);
    return;
  }
  chat_progress(g, a);
  const bool was_busy = agent.sessions > 0;
  agent.customers[agent.sessions++] = id;
  ++state.sessions;
  c.work_left_s = handle_s;
  c.work_since_s = now;
  set_chat_busy(g, a, was_busy);
  chat_reschedule(g, a);
}

// The agent who opens a silent leaver's chat spends the discovery time finding it empty. The
// empty chat is a customer slot of its own so the real customer can go on (retry, or leave).
void Simulation::Impl::start_ghost(std::uint32_t id, int g) {
  const std::uint32_t ghost = new_customer();
  Customer& c = customers[ghost];
  c.ghost = true;
  c.reason = customers[id].reason;
  c.segment = customers[id].segment;
  c.queue_entry_s = now;
  c.in_callback = true;  // keeps it out of the waiting statistics
  c.outbound_handle_s = s.chat.discovery_s;
  start_human(ghost, g);
}

void Simulation::Impl::on_completion(std::uint32_t id) {
  Customer& c = customers[id];
  const int g = c.group;
  GroupState& state = groups[static_cast<std::size_t>(g)];
  if (state.chat_mode) {
    state.agents[c.agent].voice = false;
    set_chat_busy(g, c.agent, true);
  } else {
    --state.busy;
    --busy_total;
    if (contact_sink != nullptr) {
      rosters[static_cast<std::size_t>(g)].release(static_cast<std::uint32_t>(traces[id].agent),
                                                   state.busy, state.staffed);
    }
  }
  finish_human_contact(id);
  serve_human_queues(g);
}

void Simulation::Impl::on_chat_completion(std::uint32_t id) {
  Customer& c = customers[id];
  const int g = c.group;
  const std::uint32_t a = c.agent;
  GroupState& state = groups[static_cast<std::size_t>(g)];
  ChatAgent& agent = state.agents[a];
  chat_progress(g, a);
  const auto end = agent.customers.begin() + agent.sessions;
  std::remove(agent.customers.begin(), end, id);
  --agent.sessions;
  --state.sessions;
  set_chat_busy(g, a, true);
  chat_reschedule(g, a);
  finish_human_contact(id);
  serve_human_queues(g);
}

void Simulation::Impl::finish_human_contact(std::uint32_t id) {
  Customer& c = customers[id];
  if (c.ghost) {
    free_customer(id);
    return;
  }
  if (c.in_callback && !c.callback_succeeds) {  // the customer could not be reached
    end_contact(id, ContactEnd::unresolved, now);
    return;
  }
  const Reason& reason = s.reasons[c.reason];
  const AttemptDraws& d = attempt_draws[static_cast<std::size_t>(id) * attempts + c.attempt];
  if (c.frustrated || reason.kind == ReasonKind::sensitive) {
    const bool trained = s.groups[c.group].empathy_trained;
    const bool met = d.empathy_u < (trained ? s.empathy.trained_human : s.empathy.human);
    c.empathy_unmet = !met;
    count_contact(c, [met](Counters& k) {
      ++k.empathy_needed;
      k.empathy_met += met ? 1 : 0;
    });
  }
  const bool resolved = !draw_human_outcome ? reason.human_resolution >= 1.0
                                            : d.human_resolves_u < reason.human_resolution;
  if (resolved) count_contact(c, [](Counters& k) { ++k.resolved_contacts; });
  end_contact(id, resolved ? ContactEnd::resolved : ContactEnd::unresolved, now);
}

}  // namespace ccsim
