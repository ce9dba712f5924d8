// The engine's internals: the state of one replication and the steps of a contact's journey.
// Private to the library; include/ccsim/engine/simulation.hpp is the public face.
#pragma once

#include <array>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <cstdint>
#include <limits>
#include <vector>

#include "ccsim/engine/contact_record.hpp"
#include "ccsim/engine/simulation.hpp"
#include "engine/agent_roster.hpp"
#include "engine/interval_pieces.hpp"

namespace ccsim {

inline constexpr std::uint32_t kNoCustomer = std::numeric_limits<std::uint32_t>::max();
inline constexpr double kForever = std::numeric_limits<double>::infinity();

// Where a customer's current contact is.
enum class Stage : std::uint8_t { away, bot_queue, bot, human_queue, human, done };

// How the bot session that has started will end; decided when it starts, from draws made at
// arrival, so the session needs one event only.
enum class BotEnd : std::uint8_t { resolved, failed, asked_for_human, gave_up };

// How a contact ended.
enum class ContactEnd : std::uint8_t { resolved, unresolved, gave_up, unfinished };

// Draws made at arrival for each attempt the customer may make.
struct AttemptDraws {
  float bot_resolves_u = 0.0f;
  float human_resolves_u = 0.0f;
  float empathy_u = 0.0f;
  float return_u = 0.0f;
  float churn_u = 0.0f;
  double retrial_delay_s = 0.0;
  double repeat_delay_s = 0.0;
};

struct Customer {
  double first_arrival_s = 0.0;
  double contact_arrival_s = 0.0;
  double queue_entry_s = 0.0;
  double deadline_s = kForever;  // of the queue the customer is in
  double patience_s = kForever;
  double human_handle_s = 0.0;
  double bot_handle_s = 0.0;
  double bot_patience_s = kForever;
  double outbound_handle_s = 0.0;
  double wait_total_s = 0.0;  // in human queues, over all contacts
  double work_left_s = 0.0;   // chat: solo work left at `work_since_s`
  double work_since_s = 0.0;
  std::uint64_t timer_seq = 0;    // the current chat completion, overflow or bot-queue timer
  std::uint64_t abandon_seq = 0;  // the current human-queue abandonment timer
  std::uint32_t queue_gen = 0;    // bumped on each queue entry and exit
  std::uint32_t next_free = kNoCustomer;
  std::uint32_t agent = 0;  // chat: agent index in its group
  std::uint16_t segment = 0;
  std::uint16_t reason = 0;
  std::uint16_t group = 0;
  std::uint8_t attempt = 0;
  std::uint8_t transfers = 0;
  std::uint8_t transfers_without_context = 0;
  Stage stage = Stage::away;
  BotEnd bot_end = BotEnd::resolved;
  bool counted = false;
  bool frustrated = false;
  bool wants_human = false;
  bool triage_correct = true;
  bool callback_accepts = false;
  bool callback_succeeds = false;
  bool in_callback = false;
  bool used_callback = false;
  bool touched_bot = false;
  bool silent_leaver = false;
  bool escalated_now = false;  // the current contact came from the bot
  bool empathy_unmet = false;  // at the last handled contact
  bool churned = false;
  bool ghost = false;  // a silent leaver's chat, held by an agent until found empty
};

// What a trace needs about a customer's current contact beyond what the engine keeps. Held per
// customer slot (so memory follows the customers present, not all customers), only when a
// contact sink is attached; NaN marks a step not reached.
struct ContactTrace {
  static constexpr double kNotReached = std::numeric_limits<double>::quiet_NaN();
  std::uint64_t customer = 0;  // 1, 2, … by first arrival
  double bot_entry_s = kNotReached;
  double bot_start_s = kNotReached;      // a bot session began
  double queue_entry_s = kNotReached;    // a human queue
  double service_start_s = kNotReached;  // an agent took it
  std::int32_t agent = -1;
  ContactKind kind = ContactKind::first;

  void start_contact() {
    bot_entry_s = bot_start_s = queue_entry_s = service_start_s = kNotReached;
    agent = -1;
  }
};

// A place in a FIFO queue. `gen` must equal the customer's queue_gen for the entry to be live.
struct QueueEntry {
  double deadline_s;
  std::uint32_t customer;
  std::uint32_t gen;
};

// A FIFO ring buffer that grows by doubling and is then reused: no allocation per customer.
class Ring {
 public:
  Ring() : slots_(kInitialCapacity) {}
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  const QueueEntry& front() const { return slots_[head_]; }
  void pop() {
    head_ = (head_ + 1) & (slots_.size() - 1);
    --size_;
  }
  void push(const QueueEntry& e);

 private:
  static constexpr std::size_t kInitialCapacity = 256;
  std::vector<QueueEntry> slots_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

struct ChatAgent {
  std::uint8_t sessions = 0;
  bool voice = false;
  // The customers of its open chats, first `sessions` of them; sized to the group's
  // max_concurrent_chats when the simulation is built, never resized after.
  std::vector<std::uint32_t> customers;
};

struct GroupState {
  long staffed = 0;
  long busy = 0;      // agents with a voice contact or at least one chat session
  long overtime = 0;  // chat mode: busy agents with an index >= staffed
  bool chat_mode = false;
  std::vector<ChatAgent> agents;  // chat mode only
  long sessions = 0;              // chat mode: sessions held
  std::uint32_t kind_mask = 0;    // bit k: takes kind k first
};

struct Simulation::Impl {
  Impl(const Scenario& scenario, std::uint64_t replication, ContactSink* sink,
       const std::vector<GivenArrival>* given = nullptr);
  Tally run();

  // simulation.cpp: calendar, clock, arrivals.
  std::uint64_t schedule(double time, Event::Kind kind, std::uint32_t payload);
  void advance_clock(double t);
  double next_arrival_after(double from);
  // The next arrival: the Poisson process's, or the next given one.
  double next_arrival();
  void on_arrival();
  void draw_customer(Customer& c, std::uint32_t id);
  std::uint32_t new_customer();
  void free_customer(std::uint32_t id);
  int interval_of(double t) const;

  // simulation_route.cpp: where a contact goes, and the bot.
  void start_contact(std::uint32_t id);
  void enter_bot(std::uint32_t id);
  void start_bot_session(std::uint32_t id);
  void on_bot_end(std::uint32_t id, std::uint64_t seq);
  void serve_bot_queue();
  void escalate(std::uint32_t id);

  // simulation_humans.cpp: human queues and agents.
  void enter_human_queue(std::uint32_t id, double patience_s);
  bool try_start_human(std::uint32_t id);
  void serve_human_queues(int group);
  void on_completion(std::uint32_t id);
  void on_chat_completion(std::uint32_t id);
  void on_overflow_check(std::uint32_t id);
  void on_abandon(std::uint32_t id);
  void finish_human_contact(std::uint32_t id);
  bool pick_for_group(int group, std::uint32_t& picked);
  int find_chat_agent(int group, bool voice) const;
  void chat_progress(int group, std::uint32_t agent_index);
  void start_ghost(std::uint32_t id, int group);
  void on_staffing_change(int group);
  // Removes dead entries and customers whose deadline has passed from the head of `queue`. A
  // silent chat leaver is found only by an agent: with `serving_group` >= 0 that group's agent
  // takes their empty chat; with -1 the purge stops at them.
  void drop_expired(Ring& queue, int serving_group);
  void start_human(std::uint32_t id, int group);
  bool group_has_room(int group, bool chat) const;
  void chat_reschedule(int group, std::uint32_t agent_index);
  void set_chat_busy(int group, std::uint32_t agent_index, bool was_busy);
  Ring& human_queue(const Customer& c);
  // A voice contact, or an accepted callback (an outbound phone call); a silent leaver's empty
  // chat is a chat.
  bool needs_voice(const Customer& c) const {
    return s.reasons[c.reason].channel == Channel::voice || (c.in_callback && !c.ghost);
  }
  std::size_t queue_index(int channel, int kind, int priority_class) const {
    return static_cast<std::size_t>((channel * kReasonKinds + kind) * classes + priority_class);
  }

  // simulation_outcome.cpp: the end of a contact and of a customer.
  void record_human_wait(Customer& c, double wait_s, bool answered);
  // `ended_s`: when the contact ended (a lazily found abandonment ended at its deadline).
  void end_contact(std::uint32_t id, ContactEnd how, double ended_s);
  void finish_customer(std::uint32_t id, ContactEnd how);
  double satisfaction_probability(const Customer& c, ContactEnd how) const;
  double churn_probability(const Customer& c, ContactEnd how, double p_satisfied) const;
  Counters& segment_counters(const Customer& c);

  // simulation_trace.cpp: hands the ended contact to the sink (only called with one attached).
  void trace_contact(std::uint32_t id, ContactEnd how, double ended_s, NextStep next);
  template <typename F>
  void count_contact(const Customer& c, F&& update);
  template <typename F>
  void count_customer(const Customer& c, F&& update);

  const Scenario s;  // in full form (expand_shorthands)
  double now = 0.0;
  std::uint64_t next_seq = 0;
  std::vector<Event> calendar;

  // Streams: one per purpose (include/ccsim/engine/random_stream.hpp).
  Rng arrivals_rng, patience_rng, handle_rng, segment_rng, reason_rng, frustration_rng,
      preference_rng, triage_rng, bot_handle_rng, bot_patience_rng, bot_outcome_rng,
      human_outcome_rng, empathy_rng, returns_rng, churn_rng, callback_rng, chat_rng;
  boost::random::exponential_distribution<double> unit_exponential{1.0};
  boost::random::uniform_01<double> uniform;
  const std::uint64_t replication;

  // Traces: null when off, and then none of the trace state below is kept or touched.
  ContactSink* const contact_sink;
  std::vector<ContactTrace> traces;  // per customer slot
  std::vector<AgentRoster> rosters;  // per group, used by voice (non-chat) groups

  // Samplers compiled from the scenario.
  std::vector<Sampler> patience, bot_patience, human_handle, bot_handle;
  std::vector<bool> has_patience, has_bot_patience;
  std::vector<std::vector<double>> reason_cdf;  // per segment
  std::vector<double> segment_cdf;
  std::vector<Sampler> return_delay;  // [0] retrial, [1] repeat
  Sampler outbound_handle;
  double rate_factor = 1.0;  // the day's busyness
  // Given arrivals (a replay), or null for the Poisson process; the next one to arrive.
  const std::vector<GivenArrival>* given = nullptr;
  std::size_t next_given = 0;

  // Which purposes this scenario has: a purpose with nothing to decide draws nothing.
  bool draw_segment = false, draw_reason = false, draw_frustration = false, draw_preference = false,
       draw_triage = false, uses_bots = false, draw_human_outcome = false, draw_empathy = false,
       returns_enabled = false, draw_chat = false, retrial_timers = false;
  int attempts = 1;                                // attempt draws per customer
  std::vector<std::vector<int>> overflow_sources;  // per group: groups overflowing into it
  std::vector<double> mean_human_handle_s;         // per reason, for the announced wait

  std::vector<Customer> customers;
  std::vector<AttemptDraws> attempt_draws;  // attempts per customer slot
  std::uint32_t free_head = kNoCustomer;

  std::vector<int> priority_class;  // per segment: 0 is served first
  int classes = 1;
  std::vector<Ring> human_queues;  // by queue_index(channel, kind, class)
  Ring bot_queue;
  long bots_busy = 0;
  std::vector<GroupState> groups;
  long busy_total = 0;  // busy agents, all groups

  double report_interval_s = 3600.0;
  ReportGrid grid;
  Tally tally;
};

// Adds to the counters of the customer's segment, of the reason's kind and of the interval the
// contact arrived in; the total is the sum over segments, made when results are merged.
template <typename F>
void Simulation::Impl::count_contact(const Customer& c, F&& update) {
  if (!c.counted) return;
  update(tally.by_segment[c.segment]);
  update(tally.by_kind[static_cast<std::size_t>(s.reasons[c.reason].kind)]);
  update(tally.by_interval[static_cast<std::size_t>(interval_of(c.contact_arrival_s))]);
}

// The same for a customer's final figures, in the interval of their first arrival.
template <typename F>
void Simulation::Impl::count_customer(const Customer& c, F&& update) {
  if (!c.counted) return;
  update(tally.by_segment[c.segment]);
  update(tally.by_kind[static_cast<std::size_t>(s.reasons[c.reason].kind)]);
  update(tally.by_interval[static_cast<std::size_t>(interval_of(c.first_arrival_s))]);
}

}  // namespace ccsim
