// The engine: one replication of a scenario, one class template for every scenario. The
// template's argument is a feature set (features.hpp); each rule is written once, and the code
// of a feature the set lacks is compiled out (`if constexpr`), so the single queue runs a loop
// as tight as a hand-written M/M/n+G one while the customer journey pays only for what it has.
// Private to the library; include/ccsim/engine/simulation.hpp is the public face.
//
// The rules are spread over the engine_*.hpp headers, included by the .cpp files that
// instantiate the template (engine_lean.cpp, engine_journey.cpp):
//   engine_clock.hpp     the clock, time integrals, reporting intervals, the tally's cells
//   engine_run.hpp       the event loop, arrivals, staffing changes
//   engine_draws.hpp     the draws of a customer and of each contact, returns
//   engine_route.hpp     where a contact goes, and bots
//   engine_queues.hpp    human queues: entering, leaving, choosing whom an agent takes
//   engine_agents.hpp    agents at work: voice, chat sessions, callbacks, silent leavers
//   engine_outcome.hpp   the end of a contact and of a customer
//   engine_trace.hpp     the record of an ended contact, for traces
#pragma once

#include <array>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <cstdint>
#include <memory>
#include <type_traits>
#include <vector>

#include "ccsim/engine/contact_record.hpp"
#include "ccsim/engine/random_stream.hpp"
#include "ccsim/engine/simulation.hpp"
#include "scenario/sampler.hpp"
#include "ccsim/scenario/scenario.hpp"
#include "ccsim/stats/tally.hpp"
#include "engine/agent_roster.hpp"
#include "engine/arrival_process.hpp"
#include "engine/customer.hpp"
#include "engine/event_calendar.hpp"
#include "engine/features.hpp"
#include "engine/interval_pieces.hpp"
#include "engine/outcome_model.hpp"
#include "engine/random_block.hpp"
#include "engine/ring.hpp"

namespace ccsim {

// One replication, whatever its instantiation. Pure: no I/O, no JSON, no globals; instances
// share nothing, so replications run in parallel.
class Replication {
 public:
  virtual ~Replication() = default;
  virtual Tally run() = 0;
};

// The replication of `scenario` (in full form, outliving the result) on the smallest
// instantiation that has its features, or on the one with every feature when `general` is set
// (tests compare the two). With a sink, the instantiation with every feature describes the
// contacts (only it keeps customers after their service starts); the figures are the same.
// `given`: the arrivals of a replayed day instead of the Poisson process (simulation.hpp).
std::unique_ptr<Replication> make_replication(const Scenario& scenario, std::uint64_t replication,
                                              ContactSink* sink, bool general,
                                              const std::vector<GivenArrival>* given);
// The two instantiations, one per translation unit so they compile in parallel.
std::unique_ptr<Replication> make_lean_replication(const Scenario& scenario,
                                                   std::uint64_t replication,
                                                   const std::vector<GivenArrival>* given);
std::unique_ptr<Replication> make_journey_replication(const Scenario& scenario,
                                                      std::uint64_t replication, ContactSink* sink,
                                                      const std::vector<GivenArrival>* given);

template <class F>
class Engine final : public Replication {
 public:
  Engine(const Scenario& scenario, std::uint64_t replication, ContactSink* sink,
         const std::vector<GivenArrival>* given);
  Tally run() override;

 private:
  static constexpr bool kLean = F::lean;
  using Cust = std::conditional_t<kLean, LeanCustomer, Customer>;
  using Item = std::conditional_t<kLean, LeanEntry, QueueEntry>;
  using Entry = std::conditional_t<kLean, LeanEvent, Event>;

  // engine_clock.hpp
  void advance_clock(double t);
  void advance_clock_slowly(double t);
  void enter_slot(double t);
  std::size_t cell_index(double t, const Cust& c) const;
  template <typename Update>
  void count_contact(const Cust& c, Update&& update);
  template <typename Update>
  void count_customer(const Cust& c, Update&& update);
  LeanCustomer lean_customer(const LeanEntry& e);
  void record_queue_time(double entry_s, double wait_s);
  long agents_on_duty(const GroupState& group) const {
    if constexpr (F::chat) return group.on_duty();
    return std::max(group.staffed, group.busy);
  }
  void finish_tally();

  // engine_run.hpp
  std::uint64_t schedule(double time, EventKind kind, std::uint32_t payload, int group = 0,
                         std::uint32_t agent = 0);
  void push_event(const Entry& e);
  void schedule_arrival(double from);
  void set_staffing_change(std::size_t g, EventKey key);
  void dispatch(const Entry& e);
  void on_arrival();
  std::uint32_t new_customer();
  void free_customer(std::uint32_t id);
  void on_staffing_change(int g);
  void drain();

  // engine_draws.hpp
  void draw_customer(Cust& c);
  void draw_contact(Cust& c, const RandomBlock& b0, std::uint64_t attempt);
  void on_return(std::uint32_t id);

  // engine_route.hpp
  void start_contact(Cust& c, std::uint32_t id);
  void enter_bot(std::uint32_t id);
  bool picks_bot_for_wait(const Cust& c) const;
  void start_bot_session(std::uint32_t id);
  void on_bot_end(std::uint32_t id, std::uint64_t seq);
  void serve_bot_queue();
  void escalate(std::uint32_t id);

  // engine_queues.hpp
  void enter_human_queue(Cust& c, std::uint32_t id, double patience_s);
  bool try_start_human(Cust& c, std::uint32_t id);
  void serve_human_queues(int group);
  bool pick_for_group(int group, std::uint32_t& picked);
  void drop_expired(Ring<Item>& queue, int serving_group);
  void on_abandon(std::uint32_t id);
  void on_overflow_check(std::uint32_t id);
  void leave_human_queue(Customer& c);
  double announced_wait_s(const Customer& c) const;
  bool hears_announced_wait(Customer& c, std::uint32_t id);
  std::size_t human_queue_index(const Cust& c) const;
  Ring<Item>& human_queue(const Cust& c);
  std::size_t queue_index(int channel, int kind, int priority_class) const {
    return static_cast<std::size_t>((channel * kReasonKinds + kind) * classes_ + priority_class);
  }

  // engine_agents.hpp
  void start_human(Cust& c, std::uint32_t id, int group);
  void settle_human_contact(Cust& c, std::uint32_t id, double ended_s, bool held);
  void on_completion(const Entry& e);
  void on_chat_completion(std::uint32_t id);
  bool group_has_room(int group, bool chat) const;
  int find_chat_agent(int group, bool voice) const;
  void chat_progress(int group, std::uint32_t agent);
  void chat_reschedule(int group, std::uint32_t agent);
  // Agent a of chat group g has changed from (was_voice, was_sessions): its group's busy count,
  // overtime and free places follow.
  void chat_agent_changed(int group, std::uint32_t agent, bool was_voice, int was_sessions);
  void recount_chat_room(int group);
  void start_ghost(std::uint32_t id, int group);
  bool needs_voice(const Cust& c) const;
  // An assisted group's agent takes the contact: whether a novice does (the attempt's number),
  // and the handle time with the assist.
  double assisted_handle_s(Customer& c, int group, double handle_s);

  // engine_outcome.hpp
  void record_human_wait(Cust& c, double wait_s, bool answered);
  // A customer not yet frustrated becomes so with probability p (Scenario::frustration), by the
  // attempt's number of `purpose`.
  void maybe_frustrate(Customer& c, Purpose purpose, double p);
  // `ended_s`: when the contact ends (a lazily found abandonment ended at its deadline; a voice
  // contact, settled when an agent takes it, ends when the agent will be done). `held`: an agent
  // is still on it, so the customer's slot stays until the agent's completion.
  // `outcome`: block 3 of the contact's attempt when the caller has it (human_outcome, empathy,
  // returns, churn), else null.
  void end_contact(Cust& c, std::uint32_t id, ContactEnd how, double ended_s, bool held,
                   const RandomBlock* outcome = nullptr);
  void finish_customer(Cust& c, std::uint32_t id, ContactEnd how, bool held);
  Experience experience(const Cust& c, ContactEnd how) const;
  bool needs_empathy(const Cust& c) const;

  // engine_trace.hpp: only called with a contact sink attached.
  void trace_contact(std::uint32_t id, ContactEnd how, double ended_s, NextStep next, bool held);

  Customer& customer(std::uint32_t id) { return customers_[id]; }
  // Random numbers (include/ccsim/engine/random_stream.hpp): the block of purpose `p` of
  // (customer, attempt), and one purpose's numbers from a block already computed.
  RandomBlock block(std::uint64_t customer, std::uint64_t attempt, Purpose p) const {
    return block_inline(key_, customer, attempt, block_of(p));
  }
  RandomStream stream(const RandomBlock& b, std::uint64_t customer, std::uint64_t attempt,
                      Purpose p) const {
    return RandomStream(key_, customer, attempt, p, b[lane_of(p)]);
  }
  // Boost's uniform_01 takes one word, w × 2^-64, unless that rounds to 1 (it then takes the
  // next): the same expression on the purpose's word, the stream built only in that rare case.
  double uniform(const RandomBlock& b, std::uint64_t customer, std::uint64_t attempt, Purpose p) {
    constexpr double kPerWord =
        1.0 / (static_cast<double>(RandomStream::max() - RandomStream::min()) + 1.0);
    const double u = static_cast<double>(b[lane_of(p)] - RandomStream::min()) * kPerWord;
    if (u < 1.0) [[likely]]
      return u;
    RandomStream numbers = stream(b, customer, attempt, p);
    return uniform_(numbers);
  }
  std::size_t group_count() const { return F::groups ? groups_.size() : 1; }
  // One group, one queue: kept in the engine itself rather than behind a vector, so reading
  // them is one load from the engine (the single queue reads them on every event).
  static constexpr bool kSingleQueue = !F::segments && !F::reasons && !F::groups && !F::chat;
  GroupState& group(std::size_t g) {
    if constexpr (F::groups) return groups_[g];
    return single_group_;
  }
  const GroupState& group(std::size_t g) const {
    if constexpr (F::groups) return groups_[g];
    return single_group_;
  }
  template <typename Visit>
  void for_each_human_queue(Visit&& visit) {
    if constexpr (kSingleQueue) {
      visit(single_queue_);
    } else {
      for (Ring<Item>& queue : human_queues_) visit(queue);
    }
  }

  const Scenario& s_;  // in full form (expand_shorthands)
  const std::uint64_t replication_;
  // Copies of the scenario's constants read on every event: members of this object, which the
  // compiler knows the tallies cannot alias, so it need not reload them after each update.
  const double warmup_s_;
  const double horizon_s_;
  const double service_level_threshold_s_;

  // The clock and the calendar. The next arrival and each group's next staffing change are kept
  // apart from the heap, each in a slot of its own, compared by key like the heap's events.
  double now_ = 0.0;
  std::uint64_t next_seq_ = 0;
  EventHeap<Entry> heap_;
  // While an event of the heap runs it is still its top: the first event its handler schedules
  // takes its place in one pass (a completion followed by the next service), else it is popped.
  bool in_hand_ = false;
  EventKey arrival_ = kNever;
  double arrival_s_ = kForever;
  std::vector<EventKey> staffing_changes_;  // per group
  std::size_t next_staffing_group_ = 0;
  EventKey next_staffing_ = kNever;  // staffing_changes_[next_staffing_group_]
  EventKey next_other_ = kNever;     // the earliest of the arrival and the staffing changes

  // Random numbers: the replication's key, and block 0 of the customer whose arrival is
  // pending (its arrival gap, then, once arrived, their patience, handle time and segment).
  const RandomKey key_;
  RandomBlock arrival_block_{};
  boost::random::exponential_distribution<double> unit_exponential_{1.0};
  boost::random::uniform_01<double> uniform_;
  double rate_factor_ = 1.0;  // the day's busyness
  ArrivalProcess arrivals_;
  OutcomeModel outcomes_;
  // Arrivals given instead (a replayed day), or null; the next one to arrive.
  const std::vector<GivenArrival>* const given_;
  std::size_t next_given_ = 0;

  // Samplers compiled from the scenario.
  std::vector<Sampler> patience_, bot_patience_, human_handle_, bot_handle_;
  std::vector<std::uint8_t> has_patience_, has_bot_patience_;
  std::vector<Strategy> strategy_;  // per segment: its own, else the scenario's
  // Per segment: when a customer who wants a human asks the bot for one (ask_human_after_s_of);
  // per (segment, reason), at segment × reasons + reason: P(the bot resolves it)
  // (bot_resolution_of).
  std::vector<double> ask_human_after_s_, bot_resolution_;
  // Balking per segment (Segment::balk_probability, balk_tolerance_s); whether any segment balks.
  std::vector<double> balk_probability_;
  std::vector<std::uint8_t> has_balk_tolerance_;
  std::vector<Sampler> balk_tolerance_;
  bool balks_ = false;
  // Whether any segment scales handle times or patience by time of day (Segment::handle_factor,
  // patience_factor): checked once per customer, read only then.
  bool time_of_day_ = false;
  std::vector<std::vector<double>> reason_cdf_;  // per segment
  std::vector<double> segment_cdf_;
  std::vector<Sampler> return_delay_;  // [0] retrial, [1] repeat
  Sampler unreached_handle_;

  // Which purposes this scenario has: a purpose with nothing to decide draws nothing.
  bool draw_segment_ = false, draw_reason_ = false, draw_frustration_ = false,
       draw_preference_ = false, draw_triage_ = false, uses_bots_ = false,
       draw_human_outcome_ = false, draw_empathy_ = false, returns_enabled_ = false,
       draw_chat_ = false, retrial_timers_ = false, frustrated_by_wait_ = false,
       frustrated_by_bot_ = false;
  // Abandonment from a human queue at its own time (an event) rather than found lazily: when
  // the customer may come back, or when an announced wait (callbacks, balking, choice) must count
  // only those still there.
  bool abandon_timers_ = false;
  int attempts_ = 1;                                // contacts a customer may make
  std::vector<std::vector<int>> overflow_sources_;  // per group: groups overflowing into it
  // Per reason kind: the earliest time a contact waiting for its group may overflow to
  // another (the least overflow_after_s of the groups taking the kind that overflow), else
  // forever. Fixed by the scenario, so worked out once rather than per queued contact.
  std::array<double, kReasonKinds> overflow_after_s_{};
  std::vector<double> mean_human_handle_s_;  // per reason, for the announced wait
  std::vector<double> chat_capacity_;  // per group: chats one agent carries at full load, m / f(m)
  std::vector<GroupAssist> assist_;    // per group (with F::assist)

  std::vector<Customer> customers_;
  std::uint32_t free_head_ = kNoCustomer;

  // Traces: null when off, and then none of the trace state below is kept or touched.
  ContactSink* const sink_;
  std::vector<ContactTrace> traces_;  // per customer slot
  std::vector<AgentRoster> rosters_;  // per group, used by voice (non-chat) groups

  std::vector<int> priority_class_;  // per segment: 0 is served first
  int classes_ = 1;
  std::vector<Ring<Item>> human_queues_;  // by queue_index(channel, kind, class)
  std::vector<long> waiting_;             // live entries of each human queue (the journey's)
  long waiting_total_ = 0;                // their sum
  Ring<Item> single_queue_;               // instead, with kSingleQueue
  Ring<QueueEntry> bot_queue_;
  long bots_busy_ = 0;
  std::vector<GroupState> groups_;  // with F::groups
  GroupState single_group_;         // without
  long busy_total_ = 0;             // busy agents, all groups

  // Reporting intervals and the tally. Counters are kept per cell (interval, segment, reason
  // kind) and summed into the breakdowns when the run ends (finish_tally).
  ReportGrid grid_;
  std::size_t cells_per_interval_ = 1;
  std::vector<Counters> cells_;
  Tally tally_;
  // The interval of the clock, kept between events so that the interval of an event, of an
  // arrival and (usually) of a waiting customer's arrival is known without a division:
  // grid_.slot(t) == slot_ exactly when slot_from_s_ <= t < slot_to_s_ (see enter_slot).
  std::size_t slot_ = 0;
  double slot_from_s_ = 0.0;
  double slot_to_s_ = 0.0;
  double slot_piece_end_s_ = 0.0;  // grid_.piece_end(slot_)
  std::size_t slot_cell_ = 0;      // the first cell of the clock's interval
  IntervalTime* slot_time_ = nullptr;
  // An event at or before this time takes the short step of advance_clock: past the warm-up,
  // before the horizon, and in the clock's interval. Below every time until the warm-up ends.
  double short_step_until_s_ = -kForever;
};

}  // namespace ccsim
