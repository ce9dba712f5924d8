// Human queues and agents: skill groups, priority classes, overflow, chat sessions.
#include <algorithm>

#include "engine/engine.hpp"

namespace ccsim {

namespace {

bool is_chat(const Scenario& s, const Customer& c) {
  return s.reasons[c.reason].channel == Channel::chat;
}

}  // namespace

Ring& Simulation::Impl::human_queue(const Customer& c) {
  const Reason& reason = s.reasons[c.reason];
  return human_queues[queue_index(static_cast<int>(reason.channel), static_cast<int>(reason.kind),
                                  priority_class[c.segment])];
}

// A free place for a contact in group g: an idle agent (voice), or an agent holding fewer
// chats than the maximum (chat, in a chat group).
bool Simulation::Impl::group_has_room(int g, bool chat) const {
  const GroupState& state = groups[static_cast<std::size_t>(g)];
  if (!state.chat_mode) return state.busy < state.staffed;
  return find_chat_agent(g, !chat) >= 0;
}

// The on-duty agent to take a contact: for voice, the first idle one; for chat, the one holding
// the fewest sessions (the first of them on a tie), so chats spread over agents.
int Simulation::Impl::find_chat_agent(int g, bool voice) const {
  const GroupState& state = groups[static_cast<std::size_t>(g)];
  const int limit = s.groups[static_cast<std::size_t>(g)].max_concurrent_chats;
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

void Simulation::Impl::enter_human_queue(std::uint32_t id, double patience_s) {
  Customer& c = customers[id];
  c.queue_entry_s = now;
  c.deadline_s = now + patience_s;
  if (contact_sink != nullptr) traces[id].queue_entry_s = now;
  count_contact(c, [](Counters& k) { ++k.offered; });
  Ring& queue = human_queue(c);
  drop_expired(queue, -1);  // keeps the queue's memory bounded when no agent frees
  if (try_start_human(id)) return;
  count_contact(c, [](Counters& k) { ++k.waited; });
  c.stage = Stage::human_queue;
  const Reason& reason = s.reasons[c.reason];
  if (s.callback.enabled && c.callback_accepts) {
    // The wait a queue would announce: contacts ahead times the mean handle time, spread over
    // the agents who take this kind first.
    long agents = 0;
    for (std::size_t g = 0; g < groups.size(); ++g) {
      if (groups[g].kind_mask & (1u << static_cast<int>(reason.kind))) agents += groups[g].staffed;
    }
    const double announced_s = static_cast<double>(queue.size() + 1) *
                               mean_human_handle_s[c.reason] /
                               static_cast<double>(std::max(1L, agents));
    if (announced_s > s.callback.offer_above_wait_s) {
      // An accepted callback keeps its place without patience.
      c.in_callback = true;
      c.used_callback = true;
      c.deadline_s = kForever;
      count_contact(c, [](Counters& k) { ++k.callbacks; });
    }
  }
  queue.push(QueueEntry{c.deadline_s, id, ++c.queue_gen});
  if (retrial_timers && c.deadline_s < kForever && !c.silent_leaver) {
    c.abandon_seq = schedule(c.deadline_s, Event::Kind::abandon, id);
  }
  // Overflow: the earliest time another group may take it.
  double overflow_after_s = kForever;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const AgentGroup& group = s.groups[g];
    if (group.overflow_to && (groups[g].kind_mask & (1u << static_cast<int>(reason.kind)))) {
      overflow_after_s = std::min(overflow_after_s, group.overflow_after_s);
    }
  }
  if (overflow_after_s < kForever && now + overflow_after_s < c.deadline_s) {
    c.timer_seq = schedule(now + overflow_after_s, Event::Kind::overflow_check, id);
  }
}

bool Simulation::Impl::try_start_human(std::uint32_t id) {
  const Customer& c = customers[id];
  const std::uint32_t bit = 1u << static_cast<int>(s.reasons[c.reason].kind);
  const bool chat = !needs_voice(c);
  const int n = static_cast<int>(groups.size());
  for (int g = 0; g < n; ++g) {
    if ((groups[static_cast<std::size_t>(g)].kind_mask & bit) && group_has_room(g, chat)) {
      start_human(id, g);
      return true;
    }
  }
  for (int g = 0; g < n; ++g) {
    const AgentGroup& group = s.groups[static_cast<std::size_t>(g)];
    const bool overflow_now = group.overflow_to && group.overflow_after_s <= 0.0 &&
                              (groups[static_cast<std::size_t>(g)].kind_mask & bit);
    if (overflow_now && group_has_room(static_cast<int>(*group.overflow_to), chat)) {
      start_human(id, static_cast<int>(*group.overflow_to));
      return true;
    }
  }
  for (int g = 0; g < n; ++g) {
    if (s.groups[static_cast<std::size_t>(g)].takes_others && group_has_room(g, chat)) {
      start_human(id, g);
      return true;
    }
  }
  return false;
}

void Simulation::Impl::drop_expired(Ring& queue, int serving_group) {
  while (!queue.empty()) {
    const QueueEntry e = queue.front();
    Customer& c = customers[e.customer];
    if (c.queue_gen != e.gen || c.stage != Stage::human_queue) {
      queue.pop();
      continue;
    }
    if (!(c.deadline_s < now)) return;
    // Left at the deadline: nobody could take them before it. A silent chat leaver is only
    // found by an agent who opens the chat.
    const bool silent = c.silent_leaver && is_chat(s, c);
    // Only an agent with a free place can open the chat.
    if (silent && (serving_group < 0 || !group_has_room(serving_group, true))) return;
    queue.pop();
    ++c.queue_gen;
    // start_ghost may grow the customer table: `c` is not used after it.
    if (silent) start_ghost(e.customer, serving_group);
    Customer& left = customers[e.customer];
    record_human_wait(left, left.deadline_s - left.queue_entry_s, false);
    end_contact(e.customer, ContactEnd::gave_up, left.deadline_s);
  }
}

void Simulation::Impl::on_abandon(std::uint32_t id) {
  Customer& c = customers[id];
  if (c.stage != Stage::human_queue) return;
  ++c.queue_gen;
  record_human_wait(c, c.deadline_s - c.queue_entry_s, false);
  end_contact(id, ContactEnd::gave_up, now);
}

// Chooses what group g's free agent takes next: its own kinds first (highest priority class
// first, then the longest wait), then contacts overflowing from other groups, then, if it takes
// others, any kind. Dead and expired entries met on the way are cleared.
bool Simulation::Impl::pick_for_group(int g, std::uint32_t& picked) {
  const GroupState& state = groups[static_cast<std::size_t>(g)];
  auto best_in = [&](std::uint32_t mask, double min_wait_s) {
    for (int cls = 0; cls < classes; ++cls) {
      // First clear dead and expired heads (finding a silent leaver takes a place), then
      // choose among the live heads with no further side effect, so the room seen is the room
      // there is.
      for (int channel = 0; channel < 2; ++channel) {
        for (int kind = 0; kind < kReasonKinds; ++kind) {
          if (!(mask & (1u << kind))) continue;
          if (!group_has_room(g, channel == 1)) continue;
          drop_expired(human_queues[queue_index(channel, kind, cls)], g);
        }
      }
      Ring* best = nullptr;
      double best_entry = kForever;
      for (int channel = 0; channel < 2; ++channel) {
        for (int kind = 0; kind < kReasonKinds; ++kind) {
          if (!(mask & (1u << kind))) continue;
          Ring& queue = human_queues[queue_index(channel, kind, cls)];
          if (queue.empty()) continue;
          const QueueEntry& head = queue.front();
          const Customer& c = customers[head.customer];
          // Dead or expired heads left by a group without room for them are skipped here.
          if (c.queue_gen != head.gen || c.stage != Stage::human_queue || c.deadline_s < now) {
            continue;
          }
          if (now - c.queue_entry_s < min_wait_s) continue;
          // An accepted callback in a chat queue is a phone call: it needs an idle agent.
          if (!group_has_room(g, !needs_voice(c))) continue;
          if (c.queue_entry_s < best_entry) {
            best_entry = c.queue_entry_s;
            best = &queue;
          }
        }
      }
      if (best != nullptr) {
        picked = best->front().customer;
        best->pop();
        return true;
      }
    }
    return false;
  };
  if (best_in(state.kind_mask, 0.0)) return true;
  for (int source : overflow_sources[static_cast<std::size_t>(g)]) {
    const AgentGroup& from = s.groups[static_cast<std::size_t>(source)];
    if (best_in(groups[static_cast<std::size_t>(source)].kind_mask, from.overflow_after_s)) {
      return true;
    }
  }
  if (s.groups[static_cast<std::size_t>(g)].takes_others) {
    constexpr std::uint32_t kAllKinds = (1u << kReasonKinds) - 1;
    return best_in(kAllKinds & ~state.kind_mask, 0.0);
  }
  return false;
}

void Simulation::Impl::serve_human_queues(int g) {
  std::uint32_t id = 0;
  while ((group_has_room(g, false) || group_has_room(g, true)) && pick_for_group(g, id)) {
    ++customers[id].queue_gen;
    start_human(id, g);
  }
}

void Simulation::Impl::on_overflow_check(std::uint32_t id) {
  const Customer& c = customers[id];
  if (c.stage != Stage::human_queue) return;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const AgentGroup& group = s.groups[g];
    if (group.overflow_to &&
        (groups[g].kind_mask & (1u << static_cast<int>(s.reasons[c.reason].kind)))) {
      serve_human_queues(static_cast<int>(*group.overflow_to));
    }
  }
}

void Simulation::Impl::on_staffing_change(int g) {
  GroupState& state = groups[static_cast<std::size_t>(g)];
  const Schedule& agents = s.groups[static_cast<std::size_t>(g)].agents;
  state.staffed = static_cast<long>(agents.at(now));
  if (contact_sink != nullptr && !state.chat_mode)
    rosters[static_cast<std::size_t>(g)].set_on_duty(state.staffed, state.busy);
  const double next = agents.next_change_after(now);
  // After the horizon the system drains with the staffing of the last interval.
  if (next < s.horizon_s)
    schedule(next, Event::Kind::staffing_change, static_cast<std::uint32_t>(g));
  if (state.chat_mode) {
    // Agents past the new staffing finish what they hold on overtime.
    state.overtime = 0;
    for (std::size_t a = static_cast<std::size_t>(state.staffed); a < state.agents.size(); ++a) {
      const ChatAgent& agent = state.agents[a];
      if (agent.voice || agent.sessions > 0) ++state.overtime;
    }
  }
  serve_human_queues(g);
}

}  // namespace ccsim
