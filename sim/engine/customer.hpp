// What the engine keeps about a customer, a queued contact, an agent group and a traced contact.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include "ccsim/engine/contact_record.hpp"
#include "ccsim/scenario/model.hpp"
#include "ccsim/stats/tally.hpp"
#include "engine/event_calendar.hpp"
#include "engine/outcome_model.hpp"

namespace ccsim {

inline constexpr std::uint32_t kNoCustomer = std::numeric_limits<std::uint32_t>::max();
inline constexpr double kForever = std::numeric_limits<double>::infinity();
inline constexpr std::uint64_t kNoTimer = std::numeric_limits<std::uint64_t>::max();

// Where a customer's current contact is. `held`: the contact is settled but an agent is still
// on it; `leaving`: the same, and the customer's journey ends with it.
enum class Stage : std::uint8_t { away, bot_queue, bot, human_queue, human, held, leaving, done };

// How the bot session that has started will end; decided when it starts, so the session needs
// one event only.
enum class BotEnd : std::uint8_t { resolved, failed, asked_for_human, gave_up };

// A customer of the customer-journey model, held in a slot from first arrival to the end of
// their last contact.
struct Customer {
  std::uint64_t number = 0;  // 1, 2, … by first arrival: the key of the customer's numbers
  double first_arrival_s = 0.0;
  double contact_arrival_s = 0.0;
  double queue_entry_s = 0.0;
  double deadline_s = kForever;  // of the queue the customer is in
  double patience_s = kForever;
  double human_handle_s = 0.0;
  double bot_handle_s = 0.0;
  double bot_patience_s = kForever;
  double bot_resolves_u = 0.0;  // the current attempt's bot outcome draw
  double wait_total_s = 0.0;    // in human queues, over all contacts
  double bot_lost_s = 0.0;      // with bots (their queue included) on contacts they did not resolve
  double work_left_s = 0.0;     // chat: solo work left at `work_since_s`
  double work_since_s = 0.0;
  std::uint64_t timer_seq = kNoTimer;    // the current chat completion, overflow or bot timer
  std::uint64_t abandon_seq = kNoTimer;  // the current human-queue abandonment timer
  std::uint32_t queue_gen = 0;           // bumped on each queue entry and exit
  std::uint32_t next_free = kNoCustomer;
  std::uint32_t agent = 0;  // chat: agent index in its group
  // The tally cells of the current contact and of the customer (engine_clock.hpp), when counted.
  std::uint32_t contact_cell = 0;
  std::uint32_t customer_cell = 0;
  std::uint16_t segment = 0;
  std::uint16_t reason = 0;
  std::uint16_t group = 0;
  std::uint8_t attempt = 0;
  std::uint8_t transfers = 0;
  std::uint8_t transfers_without_context = 0;
  std::uint8_t bot_failures = 0;  // bot sessions that ended unable to resolve the need
  Stage stage = Stage::away;
  BotEnd bot_end = BotEnd::resolved;
  // The segment's routing strategy (strategy_of), kept with the customer so that routing reads
  // one byte it already holds, not the scenario.
  Strategy strategy = Strategy::human_only;
  bool counted = false;
  bool frustrated = false;
  bool wants_human = false;  // states a preference for a human (the survey's figure)
  bool asks_human = false;   // acts on it: asks the bot for one, or is impatient without the option
  bool triage_correct = true;
  bool callback_succeeds = false;
  bool in_callback = false;
  bool used_callback = false;
  bool touched_bot = false;
  bool silent_leaver = false;
  bool escalated_now = false;  // the current contact came from the bot
  bool balked_now = false;     // the current contact left on hearing the announced wait
  bool empathy_unmet = false;  // at the last handled contact
  bool ghost = false;          // a silent leaver's chat, held by an agent until found empty
  bool novice_agent = false;   // the agent of an assisted group who took it is a novice
};

// A customer of the single queue: one contact, one segment, one reason, one group. Such a
// customer exists only from arrival to the start of their service (or their abandonment), so
// the queue holds the customer itself (LeanEntry) and nothing else is kept.
struct LeanCustomer {
  double queue_entry_s = 0.0;  // also the first arrival: there is no bot before the queue
  double deadline_s = kForever;
  double human_handle_s = 0.0;
  double wait_total_s = 0.0;
  double patience_s = kForever;  // until the customer enters the queue
  Counters* cell = nullptr;      // the tally cell of the customer; null when not counted
};

// A place in a FIFO queue of the journey. `gen` must equal the customer's queue_gen for the
// entry to be live.
struct QueueEntry {
  double deadline_s;
  std::uint32_t customer;
  std::uint32_t gen;
};

// A place in the single queue: the customer itself, always live.
struct LeanEntry {
  double queue_entry_s;
  double deadline_s;  // entry + patience: served if an agent frees at or before it
  double human_handle_s;
};

// Events of the calendar besides the next arrival and the staffing changes, which are kept
// apart from it (engine.hpp).
enum class EventKind : std::uint16_t {
  contact,          // a retrial or repeat of customer `payload`
  completion,       // an agent finishes customer `payload`'s voice contact
  chat_completion,  // a chat session of customer `payload` ends, if still current
  bot_end,          // customer `payload`'s bot session ends (resolved, failed, asked, gave up)
  overflow_check,   // customer `payload` has waited long enough to overflow, if still waiting
  abandon,          // customer `payload`'s patience ends in a human queue, if still waiting
};

struct Event {
  EventKey key;
  std::uint32_t payload;
  EventKind kind;
  // A completion's agent: its group, and its index in a chat group. The customer may be settled
  // and gone by then, so the agent is named by the event itself.
  std::uint16_t group;
  std::uint32_t agent;
};

// The single queue's calendar holds completions only, which carry nothing: the customer was
// settled when the agent took them, and the group is the only one.
struct LeanEvent {
  EventKey key;
};

// What a trace needs about a customer's current contact beyond what the engine keeps. Held per
// customer slot (so memory follows the customers present, not all customers), only when a
// contact sink is attached; NaN marks a step not reached.
struct ContactTrace {
  static constexpr double kNotReached = std::numeric_limits<double>::quiet_NaN();
  double bot_entry_s = kNotReached;
  double bot_start_s = kNotReached;      // a bot session began
  double queue_entry_s = kNotReached;    // a human queue
  double service_start_s = kNotReached;  // an agent took it
  std::int32_t agent = -1;
  ContactKind kind = ContactKind::first;
  // A voice contact is settled when an agent takes it and reported when the agent finishes.
  bool pending = false;
  ContactRecord record;

  void start_contact() {
    bot_entry_s = bot_start_s = queue_entry_s = service_start_s = kNotReached;
    agent = -1;
  }
};

struct ChatAgent {
  std::uint8_t sessions = 0;
  bool voice = false;
  // The customers of its open chats, first `sessions` of them; sized to the group's
  // max_concurrent_chats when the simulation is built, never resized after.
  std::vector<std::uint32_t> customers;
};

// A group's agent assist (Scenario's AgentGroup::assist) as the engine reads it per contact:
// each effect indexed by who takes the contact, [0] an experienced agent, [1] a novice.
struct GroupAssist {
  bool on = false;
  bool draw_novice = false;  // 0 < novice_share < 1: whose contact it is takes a draw
  double novice_share = 0.0;
  double handle_factor[2] = {1.0, 1.0};
  double resolution_uplift[2] = {0.0, 0.0};
  double empathy_uplift[2] = {0.0, 0.0};
  double cost_per_contact = 0.0;

  GroupAssist() = default;
  explicit GroupAssist(const std::optional<Assist>& assist) {
    if (!assist) return;
    on = true;
    novice_share = assist->novice_share;
    draw_novice = novice_share > 0.0 && novice_share < 1.0;
    handle_factor[0] = assist->handle_factor;
    handle_factor[1] = assist->novice_handle_factor;
    resolution_uplift[0] = assist->resolution_uplift;
    resolution_uplift[1] = assist->novice_resolution_uplift;
    empathy_uplift[0] = assist->empathy_uplift;
    empathy_uplift[1] = assist->novice_empathy_uplift;
    cost_per_contact = assist->cost_per_contact;
  }
  bool changes_resolution() const {
    return on && (resolution_uplift[0] != 0.0 || resolution_uplift[1] != 0.0);
  }
};

struct GroupState {
  long staffed = 0;
  long busy = 0;      // agents with a voice contact or at least one chat session
  long overtime = 0;  // chat mode: busy agents with an index >= staffed
  bool chat_mode = false;
  std::vector<ChatAgent> agents;  // chat mode only
  long sessions = 0;              // chat mode: sessions held
  // Chat mode: on-duty agents (index < staffed) free for a voice contact (no chat, no call) and
  // for a chat (fewer chats than the maximum, no call), kept up to date as agents change.
  long idle_agents = 0;
  long chat_room_agents = 0;
  std::uint32_t kind_mask = 0;          // bit k: takes kind k first
  double paid_agent_s = 0.0;            // agent time on duty over [warm-up, horizon]
  double drain_agent_s = 0.0;           // busy agent time after the horizon
  std::uint64_t assisted_contacts = 0;  // counted customers' contacts its assisted agents handled

  // Agents on duty: busy agents past a fall in staffing finish on overtime.
  long on_duty() const { return chat_mode ? staffed + overtime : std::max(staffed, busy); }
};

}  // namespace ccsim
