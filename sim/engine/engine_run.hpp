// The engine's set-up, its event loop, arrivals, staffing changes and the end of a run. Part of
// engine.hpp.
#pragma once

#include <algorithm>
#include <boost/random/gamma_distribution.hpp>
#include <cmath>

#include "engine/engine.hpp"

namespace ccsim {

namespace run_detail {

inline constexpr std::size_t kInitialCustomerCapacity = 1024;

inline std::vector<double> cumulative(const std::vector<double>& weights) {
  std::vector<double> cdf(weights.size());
  double sum = 0.0;
  for (std::size_t i = 0; i < weights.size(); ++i) cdf[i] = sum += weights[i];
  return cdf;
}

// Index drawn from a cumulative distribution by a uniform; the last index absorbs rounding.
inline std::size_t pick(const std::vector<double>& cdf, double u) {
  const double scaled = u * cdf.back();
  for (std::size_t i = 0; i + 1 < cdf.size(); ++i) {
    if (scaled < cdf[i]) return i;
  }
  return cdf.size() - 1;
}

inline bool is_probability_strictly_inside(double p) {
  return p > 0.0 && p < 1.0;
}

// The day's busyness: one gamma draw of mean 1 per replication (customer 0). A cv so
// small that its square underflows (< 1e-154) is a factor of 1 to the last bit.
inline double busyness_factor(const Scenario& s, const RandomKey& key) {
  const double shape = 1.0 / (s.busyness_cv * s.busyness_cv);
  if (!(s.busyness_cv > 0.0 && std::isfinite(shape))) return 1.0;
  RandomStream numbers(key, 0, 0, Purpose::busyness);
  return boost::random::gamma_distribution<double>(shape, 1.0 / shape)(numbers);
}

}  // namespace run_detail

template <class F>
Engine<F>::Engine(const Scenario& s, std::uint64_t r, ContactSink* sink,
                  const std::vector<GivenArrival>* given)
    : s_(s),
      replication_(r),
      warmup_s_(s.warmup_s),
      horizon_s_(s.horizon_s),
      service_level_threshold_s_(s.service_level_threshold_s),
      key_{s.seed, r},
      rate_factor_(run_detail::busyness_factor(s, key_)),
      arrivals_(s.arrivals_per_hour, rate_factor_, s.horizon_s),
      outcomes_(s.satisfaction, s.churn),
      given_(given),
      sink_(sink) {
  using run_detail::cumulative;
  std::vector<double> shares;
  bool any_sensitive = false, any_chat = false;
  for (const Segment& seg : s_.segments) {
    shares.push_back(seg.share);
    has_patience_.push_back(seg.patience_s.has_value());
    patience_.emplace_back(
        seg.patience_s.value_or(DistributionSpec::of(DistKind::deterministic, 0)));
    has_bot_patience_.push_back(seg.bot_patience_s.has_value());
    bot_patience_.emplace_back(
        seg.bot_patience_s.value_or(DistributionSpec::of(DistKind::deterministic, 0)));
    reason_cdf_.push_back(cumulative(seg.reason_mix));
    balk_probability_.push_back(seg.balk_probability);
    has_balk_tolerance_.push_back(seg.balk_tolerance_s.has_value());
    balk_tolerance_.emplace_back(
        seg.balk_tolerance_s.value_or(DistributionSpec::of(DistKind::deterministic, 0)));
    balks_ = balks_ || seg.balk_probability > 0.0;
    strategy_.push_back(strategy_of(s_, seg));
    ask_human_after_s_.push_back(ask_human_after_s_of(s_, seg));
    for (const Reason& reason : s_.reasons)
      bot_resolution_.push_back(bot_resolution_of(seg, reason));
    draw_frustration_ = draw_frustration_ || seg.p_frustrated > 0.0;
    time_of_day_ = time_of_day_ || seg.handle_factor.values != std::vector<double>{1.0} ||
                   seg.patience_factor.values != std::vector<double>{1.0};
  }
  segment_cdf_ = cumulative(shares);
  for (const Reason& reason : s_.reasons) {
    human_handle_.emplace_back(reason.human_handle_s);
    bot_handle_.emplace_back(reason.bot_handle_s);
    any_sensitive = any_sensitive || reason.kind == ReasonKind::sensitive;
    any_chat = any_chat || reason.channel == Channel::chat;
    draw_human_outcome_ =
        draw_human_outcome_ || run_detail::is_probability_strictly_inside(reason.human_resolution);
    mean_human_handle_s_.push_back(reason.human_handle_s.exact_mean());
  }
  draw_segment_ = s_.segments.size() > 1;
  draw_reason_ = s_.reasons.size() > 1;
  // Each segment's strategy (Segment::strategy) routes its customers; what a strategy needs is
  // set up when some segment uses it.
  const auto any_segment = [this](Strategy strategy) {
    return std::find(strategy_.begin(), strategy_.end(), strategy) != strategy_.end();
  };
  uses_bots_ = uses_bots(s_);
  // Every strategy with a bot has customers who would rather talk to a human: under bot_only
  // they cannot, and give up on the bot sooner for it.
  draw_preference_ = uses_bots_;
  draw_triage_ = any_segment(Strategy::triage);
  frustrated_by_wait_ = s_.frustration.after_long_wait > 0.0;
  frustrated_by_bot_ = s_.frustration.after_bot_failure > 0.0;
  draw_empathy_ = any_sensitive || draw_frustration_ || frustrated_by_wait_ || frustrated_by_bot_;
  returns_enabled_ = s_.returns.retrial_probability > 0.0 || s_.returns.repeat_probability > 0.0;
  retrial_timers_ = s_.returns.retrial_probability > 0.0;
  abandon_timers_ = retrial_timers_ || s_.callback.enabled || balks_ ||
                    (any_segment(Strategy::choice) && s_.routing.choice_bot_above_wait_s);
  attempts_ = returns_enabled_ ? s_.returns.max_attempts : 1;
  draw_chat_ = any_chat && s_.chat.silent_leave_probability > 0.0;
  return_delay_ = {Sampler(s_.returns.retrial_delay_s), Sampler(s_.returns.repeat_delay_s)};
  unreached_handle_ = Sampler(s_.callback.unreached_handle_s);

  // Priority classes: distinct segment priorities, highest first.
  std::vector<int> levels;
  for (const Segment& seg : s_.segments) levels.push_back(seg.priority);
  std::sort(levels.begin(), levels.end(), std::greater<>());
  levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
  classes_ = static_cast<int>(levels.size());
  for (const Segment& seg : s_.segments) {
    priority_class_.push_back(
        static_cast<int>(std::find(levels.begin(), levels.end(), seg.priority) - levels.begin()));
  }
  human_queues_.resize(queue_index(1, kReasonKinds - 1, classes_ - 1) + 1);
  waiting_.assign(human_queues_.size(), 0);
  overflow_sources_.resize(s_.groups.size());
  for (std::size_t g = 0; g < s_.groups.size(); ++g) {
    if (s_.groups[g].overflow_to)
      overflow_sources_[*s_.groups[g].overflow_to].push_back(static_cast<int>(g));
  }
  for (const AgentGroup& g : s_.groups) {
    GroupState state;
    state.chat_mode = g.max_concurrent_chats > 1;
    if (state.chat_mode) {
      const double most = *std::max_element(g.agents.values.begin(), g.agents.values.end());
      ChatAgent idle;
      idle.customers.resize(static_cast<std::size_t>(g.max_concurrent_chats));
      state.agents.assign(static_cast<std::size_t>(most), idle);
    }
    for (ReasonKind k : g.kinds) state.kind_mask |= 1u << static_cast<int>(k);
    groups_.push_back(std::move(state));
    const auto m = static_cast<std::size_t>(g.max_concurrent_chats);
    chat_capacity_.push_back(static_cast<double>(m) / g.chat_slowdown[m - 1]);
    assist_.emplace_back(g.assist);
    // A changed P(resolved) needs the outcome's draw even where a reason's is 0 or 1.
    draw_human_outcome_ = draw_human_outcome_ || assist_.back().changes_resolution();
  }
  for (int kind = 0; kind < kReasonKinds; ++kind) {
    overflow_after_s_[static_cast<std::size_t>(kind)] = kForever;
    for (std::size_t g = 0; g < groups_.size(); ++g) {
      const AgentGroup& group = s_.groups[g];
      if (group.overflow_to && (groups_[g].kind_mask & (1u << kind))) {
        overflow_after_s_[static_cast<std::size_t>(kind)] =
            std::min(overflow_after_s_[static_cast<std::size_t>(kind)], group.overflow_after_s);
      }
    }
  }
  staffing_changes_.assign(groups_.size(), kNever);
  if constexpr (!F::groups) {
    single_group_ = std::move(groups_.front());
    groups_.clear();
  }
  if (sink_ != nullptr) rosters_.resize(s_.groups.size());

  grid_ = ReportGrid(s_.horizon_s, s_.report_interval_s);
  cells_per_interval_ = kLean ? 1 : s_.segments.size() * kReasonKinds;
  cells_.assign(grid_.count * cells_per_interval_, Counters{});
  tally_.interval_time.resize(grid_.count);
  enter_slot(0.0);
  if constexpr (!kLean) {
    customers_.reserve(run_detail::kInitialCustomerCapacity);
  }
}

template <class F>
[[gnu::always_inline]] inline void Engine<F>::push_event(const Entry& e) {
  if (in_hand_) {
    heap_.replace_top(e);
    in_hand_ = false;
  } else {
    heap_.push(e);
  }
}

template <class F>
[[gnu::always_inline]] inline std::uint64_t Engine<F>::schedule(double time, EventKind kind,
                                                                std::uint32_t payload, int group,
                                                                std::uint32_t agent) {
  const std::uint64_t seq = next_seq_++;
  if constexpr (kLean) {
    push_event(Entry{make_event_key(time, seq)});
  } else {
    push_event(
        Entry{make_event_key(time, seq), payload, kind, static_cast<std::uint16_t>(group), agent});
  }
  return seq;
}

// Numbered when scheduled, like every event, so that simultaneous events keep their order. The
// next customer's block 0 is computed now: its first lane spaces them after the customer who
// has just arrived, and the others wait for their arrival.
template <class F>
[[gnu::always_inline]] inline void Engine<F>::schedule_arrival(double from) {
  const std::uint64_t number = tally_.arrivals + 1;
  arrival_block_ = block(number, 0, Purpose::arrival_gap);
  double next;
  if (given_ == nullptr) [[likely]] {
    RandomStream gap = stream(arrival_block_, number, 0, Purpose::arrival_gap);
    next = arrivals_.next_after(from, unit_exponential_(gap));
  } else {
    next = next_given_ < given_->size() ? (*given_)[next_given_].time_s : kForever;
  }
  arrival_s_ = next;
  arrival_ = next < horizon_s_ ? make_event_key(next, next_seq_++) : kNever;
  next_other_ = std::min(arrival_, next_staffing_);
}

template <class F>
void Engine<F>::set_staffing_change(std::size_t g, EventKey key) {
  staffing_changes_[g] = key;
  std::size_t first = 0;
  for (std::size_t i = 1; i < staffing_changes_.size(); ++i) {
    if (staffing_changes_[i] < staffing_changes_[first]) first = i;
  }
  next_staffing_group_ = first;
  next_staffing_ = staffing_changes_[first];
  next_other_ = std::min(arrival_, next_staffing_);
}

template <class F>
Tally Engine<F>::run() {
  for (std::size_t g = 0; g < s_.groups.size(); ++g) {
    const Schedule& agents = s_.groups[g].agents;
    group(g).staffed = static_cast<long>(agents.at(0.0));
    if constexpr (F::chat) {
      if (group(g).chat_mode) recount_chat_room(static_cast<int>(g));
    }
    if (sink_ != nullptr) rosters_[g].set_on_duty(group(g).staffed, 0);
    const double change = agents.next_change_after(0.0);
    set_staffing_change(g, change < horizon_s_ ? make_event_key(change, next_seq_++) : kNever);
  }
  schedule_arrival(0.0);

  // Keys are unique but for "never": the earliest event runs. A customer who leaves in the
  // drain may still come back (a return is part of their journey, whenever it falls): the loop
  // then goes on until no event is left.
  do {
    for (;;) {
      if (heap_.top().key < next_other_) {
        const Entry e = heap_.top();
        advance_clock(time_of(e.key));
        in_hand_ = true;
        dispatch(e);
        if (in_hand_) {
          heap_.pop_top();
          in_hand_ = false;
        }
      } else if (next_other_ == arrival_) {
        if (next_other_ == kNever) break;  // no arrival, no staffing change, no event
        advance_clock(arrival_s_);
        on_arrival();
      } else {
        const std::size_t g = next_staffing_group_;
        advance_clock(time_of(next_staffing_));
        on_staffing_change(static_cast<int>(g));
      }
    }
    drain();
  } while (heap_.size() > 0);
  finish_tally();
  return std::move(tally_);
}

template <class F>
[[gnu::always_inline]] inline void Engine<F>::dispatch(const Entry& e) {
  if constexpr (kLean) {
    on_completion(e);
  } else {
    const std::uint32_t id = e.payload;
    const std::uint64_t seq = seq_of(e.key);
    switch (e.kind) {
      case EventKind::contact:
        on_return(id);
        break;
      case EventKind::completion:
        on_completion(e);
        break;
      case EventKind::chat_completion:
        if (customers_[id].timer_seq == seq) on_chat_completion(id);
        break;
      case EventKind::bot_end:
        on_bot_end(id, seq);
        break;
      case EventKind::abandon:
        if (customers_[id].abandon_seq == seq) on_abandon(id);
        break;
      case EventKind::overflow_check:
        if (customers_[id].timer_seq == seq) on_overflow_check(id);
        break;
    }
  }
}

template <class F>
std::uint32_t Engine<F>::new_customer() {
  if (free_head_ != kNoCustomer) {
    const std::uint32_t id = free_head_;
    free_head_ = customers_[id].next_free;
    const std::uint32_t gen = customers_[id].queue_gen;
    customers_[id] = Customer{};
    customers_[id].queue_gen = gen + 1;  // entries of the slot's previous customer stay dead
    if (sink_ != nullptr) traces_[id] = ContactTrace{};
    return id;
  }
  customers_.emplace_back();
  if (sink_ != nullptr) traces_.emplace_back();
  return static_cast<std::uint32_t>(customers_.size() - 1);
}

template <class F>
void Engine<F>::free_customer(std::uint32_t id) {
  customers_[id].stage = Stage::done;
  customers_[id].next_free = free_head_;
  free_head_ = id;
}

template <class F>
[[gnu::always_inline]] inline void Engine<F>::on_arrival() {
  if constexpr (kLean) {
    LeanCustomer c;
    c.queue_entry_s = now_;
    if (now_ >= warmup_s_) c.cell = &cells_[cell_index(now_, c)];
    draw_customer(c);
    ++tally_.arrivals;
    // Numbered before any completion this arrival schedules, as the order of events requires.
    schedule_arrival(now_);
    start_contact(c, 0);
  } else {
    const std::uint32_t id = new_customer();
    Customer& c = customers_[id];
    c.first_arrival_s = now_;
    c.contact_arrival_s = now_;
    c.counted = now_ >= warmup_s_;
    draw_customer(c);
    c.customer_cell = static_cast<std::uint32_t>(cell_index(now_, c));
    ++tally_.arrivals;
    schedule_arrival(now_);
    start_contact(c, id);
  }
}

template <class F>
void Engine<F>::on_staffing_change(int g) {
  GroupState& state = group(static_cast<std::size_t>(g));
  const Schedule& agents = s_.groups[static_cast<std::size_t>(g)].agents;
  state.staffed = static_cast<long>(agents.at(now_));
  if (sink_ != nullptr && !state.chat_mode)
    rosters_[static_cast<std::size_t>(g)].set_on_duty(state.staffed, state.busy);
  const double next = agents.next_change_after(now_);
  // After the horizon the system drains with the staffing of the last interval.
  set_staffing_change(static_cast<std::size_t>(g),
                      next < horizon_s_ ? make_event_key(next, next_seq_++) : kNever);
  if constexpr (F::chat) {
    if (state.chat_mode) {
      // Agents past the new staffing finish what they hold on overtime.
      state.overtime = 0;
      for (std::size_t a = static_cast<std::size_t>(state.staffed); a < state.agents.size(); ++a) {
        const ChatAgent& agent = state.agents[a];
        if (agent.voice || agent.sessions > 0) ++state.overtime;
      }
      recount_chat_room(g);
    }
  }
  serve_human_queues(g);
}

// Nobody will be served any more: those still waiting leave at their deadlines, or, with
// infinite patience, are still waiting when the run ends.
template <class F>
void Engine<F>::drain() {
  advance_clock(std::max(now_, horizon_s_));
  for_each_human_queue([&](Ring<Item>& queue) { drop_expired(queue, -1); });
  for_each_human_queue([&](Ring<Item>& queue) {
    while (!queue.empty()) {
      const Item e = queue.front();
      queue.pop();
      if constexpr (kLean) {
        LeanCustomer c = lean_customer(e);
        if (c.deadline_s < kForever) {
          record_human_wait(c, c.deadline_s - c.queue_entry_s, false);
          end_contact(c, 0, ContactEnd::gave_up, c.deadline_s, false);
        } else {
          count_contact(c, [](Counters& k) { ++k.unfinished; });
          end_contact(c, 0, ContactEnd::unfinished, now_, false);
        }
      } else {
        Customer& c = customers_[e.customer];
        if (c.queue_gen != e.gen || c.stage != Stage::human_queue) continue;
        leave_human_queue(c);
        if (c.deadline_s < kForever) {
          record_human_wait(c, c.deadline_s - c.queue_entry_s, false);
          end_contact(c, e.customer, ContactEnd::gave_up, c.deadline_s, false);
        } else {
          // An accepted callback still waiting is a callback, not an unfinished wait in line.
          if (!c.in_callback) count_contact(c, [](Counters& k) { ++k.unfinished; });
          end_contact(c, e.customer, ContactEnd::unfinished, now_, false);
        }
      }
    }
  });
  if constexpr (F::bots) {
    // Bot queue leftovers (a bot pool of zero): they give up at their bot patience, or wait on.
    while (!bot_queue_.empty()) {
      const QueueEntry e = bot_queue_.front();
      bot_queue_.pop();
      Customer& c = customers_[e.customer];
      if (c.queue_gen != e.gen || c.stage != Stage::bot_queue) continue;
      if (c.deadline_s < kForever) {
        count_contact(c, [](Counters& k) { ++k.bot_abandoned; });
        end_contact(c, e.customer, ContactEnd::gave_up, c.deadline_s, false);
      } else {
        end_contact(c, e.customer, ContactEnd::unfinished, now_, false);
      }
    }
  }
}

}  // namespace ccsim
