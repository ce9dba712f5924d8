// Human queues: entering one, leaving it (served, abandoned, overflowing), and which contact a
// free agent takes. Part of engine.hpp.
#pragma once

#include <algorithm>

#include "engine/engine.hpp"

namespace ccsim {

template <class F>
inline std::size_t Engine<F>::human_queue_index(const Cust& c) const {
  if constexpr (kLean) {
    return 0;
  } else {
    const Reason& reason = s_.reasons[c.reason];
    return queue_index(static_cast<int>(reason.channel), static_cast<int>(reason.kind),
                       priority_class_[c.segment]);
  }
}

template <class F>
inline Ring<typename Engine<F>::Item>& Engine<F>::human_queue(const Cust& c) {
  if constexpr (kSingleQueue) {
    return single_queue_;
  } else {
    return human_queues_[human_queue_index(c)];
  }
}

// A customer of the journey leaves their human queue (served, abandoned, or found gone): their
// entry dies and the queue's live count falls.
template <class F>
[[gnu::always_inline]] inline void Engine<F>::leave_human_queue(Customer& c) {
  ++c.queue_gen;
  --waiting_[human_queue_index(c)];
  --waiting_total_;
}

// The wait a queue announces to a contact about to join it, the one definition callbacks,
// balking and the choice of a bot read: the contacts that agents taking its kind would serve
// first — those still waiting in the queues of its kind, either channel, of its priority class
// or a higher one — plus itself, times the reason's mean handle time, over the agents on duty
// who take its kind first (for a chat, each chat agent counts m / f(m): the chats one carries at
// full load). With no such agent on duty the wait is unbounded. The queue counts only what it
// knows: a chat customer who left silently is still waiting as far as it can tell.
template <class F>
double Engine<F>::announced_wait_s(const Customer& c) const {
  const Reason& reason = s_.reasons[c.reason];
  const int kind = static_cast<int>(reason.kind);
  long ahead = 0;
  for (int channel = 0; channel < 2; ++channel) {
    for (int cls = 0; cls <= priority_class_[c.segment]; ++cls) {
      ahead += waiting_[queue_index(channel, kind, cls)];
    }
  }
  const bool chat = reason.channel == Channel::chat;
  double servers = 0.0;
  for (std::size_t g = 0; g < group_count(); ++g) {
    const GroupState& state = group(g);
    if (!(state.kind_mask & (1u << kind))) continue;
    servers += static_cast<double>(state.staffed) * (chat ? chat_capacity_[g] : 1.0);
  }
  if (!(servers > 0.0)) return kForever;
  return static_cast<double>(ahead + 1) * mean_human_handle_s_[c.reason] / servers;
}

// What a contact that found no free agent does on hearing the announced wait W (computed once):
// take a callback when one is offered (W above callback.offer_above_wait_s) and they accept it,
// else balk — leave at once, giving up — with probability balk_probability × P(tolerance < W).
// A customer who takes a callback does not balk. Returns whether they balked (the contact has
// then ended); the numbers are the attempt's, of their own purposes.
template <class F>
bool Engine<F>::hears_announced_wait(Customer& c, std::uint32_t id) {
  const double p_balk = balk_probability_[c.segment];
  if (!s_.callback.enabled && !(p_balk > 0.0)) return false;
  const double wait_s = announced_wait_s(c);
  const std::uint64_t n = c.number;
  const std::uint64_t a = c.attempt;
  if (s_.callback.enabled && wait_s > s_.callback.offer_above_wait_s) {
    // A callback is offered, and taken with the segment's acceptance; the customer's answer and
    // whether the agent's call reaches them are the attempt's numbers (block 4).
    const RandomBlock b = block(n, a, Purpose::callback_accept);
    if (uniform(b, n, a, Purpose::callback_accept) < s_.segments[c.segment].callback_acceptance) {
      c.callback_succeeds =
          uniform(b, n, a, Purpose::callback_success) < s_.callback.success_probability;
      // An accepted callback keeps its place without patience.
      c.in_callback = true;
      c.used_callback = true;
      c.deadline_s = kForever;
      count_contact(c, [](Counters& k) { ++k.callbacks; });
      return false;
    }
  }
  if (!(p_balk > 0.0)) return false;
  const RandomBlock b = block(n, a, Purpose::balk);
  if (!(uniform(b, n, a, Purpose::balk) < p_balk)) return false;
  double tolerance_s = 0.0;
  if (has_balk_tolerance_[c.segment] != 0) {
    RandomStream tolerance = stream(b, n, a, Purpose::balk_tolerance);
    tolerance_s = balk_tolerance_[c.segment](tolerance);
  }
  if (!(tolerance_s < wait_s)) return false;
  count_contact(c, [](Counters& k) { ++k.balked; });
  c.balked_now = true;
  end_contact(c, id, ContactEnd::gave_up, now_, false);
  return true;
}

template <class F>
[[gnu::always_inline]] inline void Engine<F>::enter_human_queue(Cust& c, std::uint32_t id,
                                                                double patience_s) {
  c.queue_entry_s = now_;
  c.deadline_s = now_ + patience_s;
  if constexpr (!kLean) {
    if (sink_ != nullptr) traces_[id].queue_entry_s = now_;
  }
  count_contact(c, [](Counters& k) { ++k.offered; });
  Ring<Item>& queue = human_queue(c);
  drop_expired(queue, -1);  // keeps the queue's memory bounded when no agent frees
  if (try_start_human(c, id)) return;
  if constexpr (F::callbacks) {
    if (hears_announced_wait(c, id)) return;
  }
  count_contact(c, [](Counters& k) { ++k.waited; });
  if constexpr (kLean) {
    queue.push(LeanEntry{c.queue_entry_s, c.deadline_s, c.human_handle_s});
  } else {
    c.stage = Stage::human_queue;
    const Reason& reason = s_.reasons[c.reason];
    queue.push(QueueEntry{c.deadline_s, id, ++c.queue_gen});
    ++waiting_[human_queue_index(c)];
    ++waiting_total_;
    c.silent_leaver = false;
    if constexpr (F::chat) {
      // Whether the customer would leave this chat silently, should they abandon it.
      if (draw_chat_ && reason.channel == Channel::chat) {
        const std::uint64_t a = c.attempt;
        c.silent_leaver = uniform(block(c.number, a, Purpose::silent_leave), c.number, a,
                                  Purpose::silent_leave) < s_.chat.silent_leave_probability;
      }
    }
    if constexpr (F::returns || F::callbacks) {
      if (abandon_timers_ && c.deadline_s < kForever && !c.silent_leaver) {
        c.abandon_seq = schedule(c.deadline_s, EventKind::abandon, id);
      }
    }
    if constexpr (F::groups) {
      // Overflow: the earliest time another group may take it.
      double overflow_after_s = kForever;
      for (std::size_t g = 0; g < groups_.size(); ++g) {
        const AgentGroup& group = s_.groups[g];
        if (group.overflow_to && (groups_[g].kind_mask & (1u << static_cast<int>(reason.kind)))) {
          overflow_after_s = std::min(overflow_after_s, group.overflow_after_s);
        }
      }
      if (overflow_after_s < kForever && now_ + overflow_after_s < c.deadline_s) {
        c.timer_seq = schedule(now_ + overflow_after_s, EventKind::overflow_check, id);
      }
    }
  }
}

// A free place in a group that takes the contact: its own kinds first, then a group it
// overflows to at once, then a group taking others. A single group takes everything.
template <class F>
[[gnu::always_inline]] inline bool Engine<F>::try_start_human(Cust& c, std::uint32_t id) {
  const bool chat = !needs_voice(c);
  if constexpr (!F::groups) {
    if (!group_has_room(0, chat)) return false;
    start_human(c, id, 0);
    return true;
  } else {
    const std::uint32_t bit = 1u << static_cast<int>(s_.reasons[c.reason].kind);
    const int n = static_cast<int>(groups_.size());
    for (int g = 0; g < n; ++g) {
      if ((group(static_cast<std::size_t>(g)).kind_mask & bit) && group_has_room(g, chat)) {
        start_human(c, id, g);
        return true;
      }
    }
    for (int g = 0; g < n; ++g) {
      const AgentGroup& group = s_.groups[static_cast<std::size_t>(g)];
      const bool overflow_now = group.overflow_to && group.overflow_after_s <= 0.0 &&
                                (this->group(static_cast<std::size_t>(g)).kind_mask & bit);
      if (overflow_now && group_has_room(static_cast<int>(*group.overflow_to), chat)) {
        start_human(c, id, static_cast<int>(*group.overflow_to));
        return true;
      }
    }
    for (int g = 0; g < n; ++g) {
      if (s_.groups[static_cast<std::size_t>(g)].takes_others && group_has_room(g, chat)) {
        start_human(c, id, g);
        return true;
      }
    }
    return false;
  }
}

// Removes dead entries and customers whose deadline has passed from the head of `queue`: they
// left at their deadline, nobody having been free to take them before it (an agent freeing
// exactly at the deadline serves them: wait == patience). A silent chat leaver is found only by
// an agent: with `serving_group` >= 0 that group's agent takes their empty chat; with -1 the
// purge stops at them.
template <class F>
[[gnu::always_inline]] inline void Engine<F>::drop_expired(Ring<Item>& queue, int serving_group) {
  while (!queue.empty()) {
    const Item e = queue.front();
    if constexpr (kLean) {
      if (!(e.deadline_s < now_)) return;
      queue.pop();
      LeanCustomer c = lean_customer(e);
      record_human_wait(c, c.deadline_s - c.queue_entry_s, false);
      end_contact(c, 0, ContactEnd::gave_up, c.deadline_s, false);
    } else {
      Customer& c = customers_[e.customer];
      if (c.queue_gen != e.gen || c.stage != Stage::human_queue) {
        queue.pop();
        continue;
      }
      if (!(c.deadline_s < now_)) return;
      const bool silent = c.silent_leaver && s_.reasons[c.reason].channel == Channel::chat;
      // Only an agent with a free place can open the chat.
      if (silent && (serving_group < 0 || !group_has_room(serving_group, true))) return;
      queue.pop();
      leave_human_queue(c);
      // start_ghost may grow the customer table: `c` is not used after it.
      if (silent) start_ghost(e.customer, serving_group);
      Customer& left = customers_[e.customer];
      record_human_wait(left, left.deadline_s - left.queue_entry_s, false);
      end_contact(left, e.customer, ContactEnd::gave_up, left.deadline_s, false);
    }
  }
}

template <class F>
void Engine<F>::on_abandon(std::uint32_t id) {
  Customer& c = customers_[id];
  if (c.stage != Stage::human_queue) return;
  leave_human_queue(c);
  record_human_wait(c, c.deadline_s - c.queue_entry_s, false);
  end_contact(c, id, ContactEnd::gave_up, now_, false);
}

// Chooses what group g's free agent takes next: its own kinds first (highest priority class
// first, then the longest wait), then contacts overflowing from other groups, then, if it takes
// others, any kind. Dead and expired entries met on the way are cleared.
template <class F>
bool Engine<F>::pick_for_group(int g, std::uint32_t& picked) {
  // A queue without a live contact (waiting_ counts them) has nothing to give: at most dead
  // entries, which clearing would only pop (the next contact to join it clears them). Skipping
  // such queues, or every queue when none has a live contact (the usual case when an agent
  // frees), changes nothing but the work done.
  if (waiting_total_ == 0) return false;
  const GroupState& state = group(static_cast<std::size_t>(g));
  auto best_in = [&](std::uint32_t mask, double min_wait_s) {
    for (int cls = 0; cls < classes_; ++cls) {
      // First clear dead and expired heads (finding a silent leaver takes a place), then
      // choose among the live heads with no further side effect, so the room seen is the room
      // there is.
      for (int channel = 0; channel < 2; ++channel) {
        for (int kind = 0; kind < kReasonKinds; ++kind) {
          if (!(mask & (1u << kind))) continue;
          const std::size_t q = queue_index(channel, kind, cls);
          if (waiting_[q] == 0 || !group_has_room(g, channel == 1)) continue;
          drop_expired(human_queues_[q], g);
        }
      }
      Ring<Item>* best = nullptr;
      double best_entry = kForever;
      for (int channel = 0; channel < 2; ++channel) {
        for (int kind = 0; kind < kReasonKinds; ++kind) {
          if (!(mask & (1u << kind))) continue;
          const std::size_t q = queue_index(channel, kind, cls);
          Ring<Item>& queue = human_queues_[q];
          if (waiting_[q] == 0 || queue.empty()) continue;
          const QueueEntry& head = queue.front();
          const Customer& c = customers_[head.customer];
          // Dead or expired heads left by a group without room for them are skipped here.
          if (c.queue_gen != head.gen || c.stage != Stage::human_queue || c.deadline_s < now_) {
            continue;
          }
          if (now_ - c.queue_entry_s < min_wait_s) continue;
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
  for (int source : overflow_sources_[static_cast<std::size_t>(g)]) {
    const AgentGroup& from = s_.groups[static_cast<std::size_t>(source)];
    if (best_in(groups_[static_cast<std::size_t>(source)].kind_mask, from.overflow_after_s)) {
      return true;
    }
  }
  if (s_.groups[static_cast<std::size_t>(g)].takes_others) {
    constexpr std::uint32_t kAllKinds = (1u << kReasonKinds) - 1;
    return best_in(kAllKinds & ~state.kind_mask, 0.0);
  }
  return false;
}

// A free agent of group g takes contacts while it has room. With one queue and one group (no
// segments, reasons, groups or chat) the choice above comes down to the head of that queue.
template <class F>
[[gnu::always_inline]] inline void Engine<F>::serve_human_queues(int g) {
  if constexpr (kSingleQueue) {
    Ring<Item>& queue = single_queue_;
    while (group_has_room(0, false)) {
      drop_expired(queue, 0);
      if (queue.empty()) return;
      const Item e = queue.front();
      queue.pop();
      if constexpr (kLean) {
        LeanCustomer c = lean_customer(e);
        start_human(c, 0, 0);
      } else {
        leave_human_queue(customers_[e.customer]);
        start_human(customers_[e.customer], e.customer, 0);
      }
    }
  } else {
    std::uint32_t id = 0;
    while ((group_has_room(g, false) || group_has_room(g, true)) && pick_for_group(g, id)) {
      leave_human_queue(customers_[id]);
      start_human(customers_[id], id, g);
    }
  }
}

template <class F>
void Engine<F>::on_overflow_check(std::uint32_t id) {
  const Customer& c = customers_[id];
  if (c.stage != Stage::human_queue) return;
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    const AgentGroup& group = s_.groups[g];
    if (group.overflow_to &&
        (groups_[g].kind_mask & (1u << static_cast<int>(s_.reasons[c.reason].kind)))) {
      serve_human_queues(static_cast<int>(*group.overflow_to));
    }
  }
}

}  // namespace ccsim
