// Agents at work: voice contacts, chat sessions sharing an agent, callbacks, silent leavers.
// Part of engine.hpp.
#pragma once

#include <algorithm>

#include "engine/engine.hpp"

namespace ccsim {

template <class F>
inline bool Engine<F>::needs_voice(const Cust& c) const {
  if constexpr (kLean) {
    return true;
  } else {
    // A voice contact, or an accepted callback (an outbound phone call); a silent leaver's
    // empty chat is a chat.
    return s_.reasons[c.reason].channel == Channel::voice || (c.in_callback && !c.ghost);
  }
}

// A free place for a contact in group g: an idle agent (voice), or an agent holding fewer
// chats than the maximum (chat, in a chat group).
template <class F>
[[gnu::always_inline]] inline bool Engine<F>::group_has_room(int g, bool chat) const {
  const GroupState& state = group(static_cast<std::size_t>(g));
  if constexpr (F::chat) {
    if (state.chat_mode) return (chat ? state.chat_room_agents : state.idle_agents) > 0;
  }
  return state.busy < state.staffed;
}

// The on-duty agent to take a contact: for voice, the first idle one; for chat, the one holding
// the fewest sessions (the first of them on a tie), so chats spread over agents.
template <class F>
int Engine<F>::find_chat_agent(int g, bool voice) const {
  const GroupState& state = group(static_cast<std::size_t>(g));
  const int limit = s_.groups[static_cast<std::size_t>(g)].max_concurrent_chats;
  int best = -1;
  int best_sessions = limit;
  const long on_duty = std::min<long>(state.staffed, static_cast<long>(state.agents.size()));
  for (long a = 0; a < on_duty; ++a) {
    const ChatAgent& agent = state.agents[static_cast<std::size_t>(a)];
    if (agent.voice) continue;
    if (voice) {
      if (agent.sessions == 0) return static_cast<int>(a);
    } else if (agent.sessions < best_sessions) {
      best = static_cast<int>(a);
      best_sessions = agent.sessions;
    }
  }
  return best;
}

template <class F>
void Engine<F>::chat_agent_changed(int g, std::uint32_t a, bool was_voice, int was_sessions) {
  GroupState& state = group(static_cast<std::size_t>(g));
  const ChatAgent& agent = state.agents[a];
  const bool was_busy = was_voice || was_sessions > 0;
  const bool is_busy = agent.voice || agent.sessions > 0;
  if (is_busy != was_busy) {
    const long delta = is_busy ? 1 : -1;
    state.busy += delta;
    busy_total_ += delta;
    if (static_cast<long>(a) >= state.staffed) state.overtime += delta;
  }
  if (static_cast<long>(a) < state.staffed) {
    const int limit = s_.groups[static_cast<std::size_t>(g)].max_concurrent_chats;
    state.idle_agents += (!agent.voice && agent.sessions == 0) - (!was_voice && was_sessions == 0);
    state.chat_room_agents +=
        (!agent.voice && agent.sessions < limit) - (!was_voice && was_sessions < limit);
  }
}

// After a staffing change: the free places among the agents now on duty.
template <class F>
void Engine<F>::recount_chat_room(int g) {
  GroupState& state = group(static_cast<std::size_t>(g));
  const int limit = s_.groups[static_cast<std::size_t>(g)].max_concurrent_chats;
  const long on_duty = std::min<long>(state.staffed, static_cast<long>(state.agents.size()));
  state.idle_agents = state.chat_room_agents = 0;
  for (long a = 0; a < on_duty; ++a) {
    const ChatAgent& agent = state.agents[static_cast<std::size_t>(a)];
    state.idle_agents += !agent.voice && agent.sessions == 0;
    state.chat_room_agents += !agent.voice && agent.sessions < limit;
  }
}

// Brings the work left of every chat on agent a up to now, at the rate of the current load.
template <class F>
void Engine<F>::chat_progress(int g, std::uint32_t a) {
  const ChatAgent& agent = group(static_cast<std::size_t>(g)).agents[a];
  if (agent.sessions == 0) return;
  const double slowdown = s_.groups[static_cast<std::size_t>(g)].chat_slowdown[agent.sessions - 1];
  for (int i = 0; i < agent.sessions; ++i) {
    Customer& c = customers_[agent.customers[static_cast<std::size_t>(i)]];
    c.work_left_s = std::max(0.0, c.work_left_s - (now_ - c.work_since_s) / slowdown);
    c.work_since_s = now_;
  }
}

// With k chats each progresses at 1/f(k): every end time changes when k does. Old completion
// events stay in the calendar and are skipped (their seq is no longer the customer's timer).
template <class F>
void Engine<F>::chat_reschedule(int g, std::uint32_t a) {
  const ChatAgent& agent = group(static_cast<std::size_t>(g)).agents[a];
  if (agent.sessions == 0) return;
  const double slowdown = s_.groups[static_cast<std::size_t>(g)].chat_slowdown[agent.sessions - 1];
  for (int i = 0; i < agent.sessions; ++i) {
    const std::uint32_t id = agent.customers[static_cast<std::size_t>(i)];
    Customer& c = customers_[id];
    c.timer_seq = schedule(now_ + c.work_left_s * slowdown, EventKind::chat_completion, id, g, a);
  }
}

// An agent of group g takes the contact. A voice contact (a call, or a callback's outbound
// call) is settled now: everything about how it ends is known once the agent's time is drawn,
// so its outcome, the customer's next step and, at the end of the journey, the customer's
// figures are tallied at once; the completion only frees the agent. A chat session's end
// depends on the agent's other chats, so a chat is settled when it ends.
template <class F>
[[gnu::always_inline]] inline void Engine<F>::start_human(Cust& c, std::uint32_t id, int g) {
  const double wait_s = now_ - c.queue_entry_s;
  double handle_s = c.human_handle_s;
  if constexpr (kLean) {
    record_human_wait(c, wait_s, true);
  } else {
    c.stage = Stage::human;
    c.group = static_cast<std::uint16_t>(g);
    c.abandon_seq = kNoTimer;
    // A callback is neither answered nor abandoned: it never enters service level or waits.
    if (!c.in_callback) record_human_wait(c, wait_s, true);
    if (c.escalated_now && !s_.routing.context_transfer)
      handle_s *= s_.routing.no_context_handle_factor;
    // A callback that reaches the customer is the contact itself, handled as it would have been;
    // one that does not takes the agent the time of an unanswered call (the attempt's number).
    if (c.in_callback && !c.callback_succeeds && !c.ghost) {
      RandomStream unreached = RandomStream(key_, c.number, c.attempt, Purpose::unreached_handle);
      handle_s = unreached_handle_(unreached);
    } else if (F::assist && assist_[static_cast<std::size_t>(g)].on && !c.ghost) [[unlikely]] {
      handle_s = assisted_handle_s(c, g, handle_s);
    }
    if (sink_ != nullptr) traces_[id].service_start_s = now_;
  }
  GroupState& state = group(static_cast<std::size_t>(g));
  const double ended_s = now_ + handle_s;
  if (!F::chat || !state.chat_mode) {
    if constexpr (!kLean) {
      if (sink_ != nullptr)
        traces_[id].agent = static_cast<std::int32_t>(rosters_[static_cast<std::size_t>(g)].take());
    }
    ++state.busy;
    ++busy_total_;
    schedule(ended_s, EventKind::completion, id, g);
    settle_human_contact(c, id, ended_s, true);
    return;
  }
  if constexpr (F::chat) {
    const bool voice = needs_voice(c);
    const auto a = static_cast<std::uint32_t>(find_chat_agent(g, voice));
    ChatAgent& agent = state.agents[a];
    c.agent = a;
    if (sink_ != nullptr) traces_[id].agent = static_cast<std::int32_t>(a);
    if (voice) {
      agent.voice = true;
      chat_agent_changed(g, a, false, 0);
      schedule(ended_s, EventKind::completion, id, g, a);
      settle_human_contact(c, id, ended_s, true);
      return;
    }
    chat_progress(g, a);
    const int was_sessions = agent.sessions;
    agent.customers[agent.sessions++] = id;
    ++state.sessions;
    c.work_left_s = handle_s;
    c.work_since_s = now_;
    chat_agent_changed(g, a, false, was_sessions);
    chat_reschedule(g, a);
  }
}

// The assist helps with the contact itself: not with an empty chat, nor with a call back that
// does not reach the customer (start_human leaves those out).
template <class F>
double Engine<F>::assisted_handle_s(Customer& c, int g, double handle_s) {
  const GroupAssist& a = assist_[static_cast<std::size_t>(g)];
  c.novice_agent = a.draw_novice
                       ? uniform(block(c.number, c.attempt, Purpose::assist_novice), c.number,
                                 c.attempt, Purpose::assist_novice) < a.novice_share
                       : a.novice_share >= 1.0;
  return handle_s * a.handle_factor[c.novice_agent ? 1 : 0];
}

// The agent who opens a silent leaver's chat spends the discovery time finding it empty. The
// empty chat is a customer slot of its own so the real customer can go on (retry, or leave).
template <class F>
void Engine<F>::start_ghost(std::uint32_t id, int g) {
  const std::uint32_t ghost = new_customer();
  Customer& c = customers_[ghost];
  c.ghost = true;
  c.reason = customers_[id].reason;
  c.segment = customers_[id].segment;
  c.queue_entry_s = now_;
  c.in_callback = true;  // keeps it out of the waiting statistics
  c.human_handle_s = s_.chat.discovery_s;
  start_human(c, ghost, g);
}

template <class F>
[[gnu::always_inline]] inline void Engine<F>::on_completion(const Entry& e) {
  if constexpr (kLean) {
    --group(0).busy;
    --busy_total_;
    serve_human_queues(0);
  } else {
    const std::uint32_t id = e.payload;
    const int g = e.group;
    GroupState& state = group(static_cast<std::size_t>(g));
    if (F::chat && state.chat_mode) {
      state.agents[e.agent].voice = false;
      chat_agent_changed(g, e.agent, true, state.agents[e.agent].sessions);
    } else {
      --state.busy;
      --busy_total_;
    }
    if (sink_ != nullptr) {
      ContactTrace& t = traces_[id];
      if (!state.chat_mode) {
        rosters_[static_cast<std::size_t>(g)].release(static_cast<std::uint32_t>(t.agent),
                                                      state.busy, state.staffed);
      }
      if (t.pending) {
        t.pending = false;
        sink_->record(t.record);
      }
    }
    Customer& c = customers_[id];
    if (c.stage == Stage::leaving) {
      free_customer(id);
    } else if (c.stage == Stage::held) {
      c.stage = Stage::away;
    }
    serve_human_queues(g);
  }
}

template <class F>
void Engine<F>::on_chat_completion(std::uint32_t id) {
  Customer& c = customers_[id];
  const int g = c.group;
  const std::uint32_t a = c.agent;
  GroupState& state = group(static_cast<std::size_t>(g));
  ChatAgent& agent = state.agents[a];
  chat_progress(g, a);
  const auto end = agent.customers.begin() + agent.sessions;
  std::remove(agent.customers.begin(), end, id);
  --agent.sessions;
  --state.sessions;
  chat_agent_changed(g, a, agent.voice, agent.sessions + 1);
  chat_reschedule(g, a);
  settle_human_contact(c, id, now_, false);
  serve_human_queues(g);
}

// How a contact an agent took ends: resolved or not, and whether an empathy need was met.
template <class F>
[[gnu::always_inline]] inline void Engine<F>::settle_human_contact(Cust& c, std::uint32_t id,
                                                                   double ended_s, bool held) {
  // Without kOutcomes an agent always resolves the need.
  bool resolved = true;
  if constexpr (!kLean) {
    if (c.ghost) {
      if (held) {
        c.stage = Stage::leaving;
      } else {
        free_customer(id);
      }
      return;
    }
    if (c.in_callback && !c.callback_succeeds) {  // the customer could not be reached
      end_contact(c, id, ContactEnd::unresolved, ended_s, held);
      return;
    }
    const Reason& reason = s_.reasons[c.reason];
    const bool empathy = needs_empathy(c);
    // P(resolved) and the change of P(empathy met) for this agent: the reason's, and the group's
    // assist (by who took the contact).
    double p_resolved = reason.human_resolution;
    double empathy_uplift = 0.0;
    if constexpr (F::assist) {
      const GroupAssist& a = assist_[c.group];
      if (a.on) [[unlikely]] {
        const int who = c.novice_agent ? 1 : 0;
        p_resolved = std::clamp(p_resolved + a.resolution_uplift[who], 0.0, 1.0);
        empathy_uplift = a.empathy_uplift[who];
        if (c.counted) ++group(c.group).assisted_contacts;
      }
    }
    if (!empathy && !draw_human_outcome_) {
      resolved = p_resolved >= 1.0;
      if (resolved) count_contact(c, [](Counters& k) { ++k.resolved_contacts; });
      end_contact(c, id, resolved ? ContactEnd::resolved : ContactEnd::unresolved, ended_s, held);
      return;
    }
    // The attempt's outcome numbers: the agent's resolution, an empathy need, and then whether
    // the customer comes back.
    const RandomBlock outcome = block(c.number, c.attempt, Purpose::human_outcome);
    if (empathy) {
      const bool trained = s_.groups[c.group].empathy_trained;
      double p_met = trained ? s_.empathy.trained_human : s_.empathy.human;
      if (empathy_uplift != 0.0) p_met = std::clamp(p_met + empathy_uplift, 0.0, 1.0);
      const bool met = uniform(outcome, c.number, c.attempt, Purpose::empathy) < p_met;
      c.empathy_unmet = !met;
      count_contact(c, [met](Counters& k) {
        ++k.empathy_needed;
        k.empathy_met += met ? 1 : 0;
      });
    }
    resolved = !draw_human_outcome_
                   ? p_resolved >= 1.0
                   : uniform(outcome, c.number, c.attempt, Purpose::human_outcome) < p_resolved;
    if (resolved) count_contact(c, [](Counters& k) { ++k.resolved_contacts; });
    end_contact(c, id, resolved ? ContactEnd::resolved : ContactEnd::unresolved, ended_s, held,
                &outcome);
    return;
  }
  count_contact(c, [](Counters& k) { ++k.resolved_contacts; });
  end_contact(c, id, ContactEnd::resolved, ended_s, held);
}

}  // namespace ccsim
