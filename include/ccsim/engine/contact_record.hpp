// One finished contact as the engine saw it. When a ContactSink is attached to a Simulation the
// engine fills a ContactRecord as each contact ends and hands it over; the engine itself does no
// I/O (traces: trace.hpp, docs/formats.md).
#pragma once

#include <cstdint>
#include <limits>

namespace ccsim {

// What brought the contact: the customer's first contact, a retrial after giving up, or a
// repeat after a contact that did not resolve the need.
enum class ContactKind : std::uint8_t { first, retrial, repeat };

// How the contact ended. The first six passed through a human queue, the last four did not.
enum class ContactOutcome : std::uint8_t {
  answered,             // taken by an agent from the queue
  abandoned,            // left the human queue (patience ran out)
  unfinished,           // still waiting in the human queue when the run ended
  callback_served,      // accepted a callback and was reached by an agent's outbound call
  callback_unreached,   // accepted a callback; the agent's outbound call did not reach them
  callback_unfinished,  // accepted a callback not yet made when the run ended
  bot_resolved,         // the bot resolved the need
  bot_unresolved,       // bot only: the bot failed and there was no one to pass the contact to
  bot_abandoned,        // gave up on the bot, waiting for one or during the session
  bot_unfinished,       // still waiting for a free bot when the run ended
  balked,               // left at once on hearing the announced wait, without joining the queue
};

// How the bot leg of a contact ended.
enum class BotLegEnd : std::uint8_t {
  none,             // no bot
  resolved,         // the bot resolved the need
  failed,           // the bot could not (escalated, or unresolved under bot only)
  asked_for_human,  // the customer asked for a human and was escalated
  gave_up,          // the customer gave up during the session
  gave_up_waiting,  // the customer gave up waiting for a free bot
  unfinished,       // still waiting for a free bot when the run ended
};

// What follows the contact for its customer.
enum class NextStep : std::uint8_t {
  none,     // nothing: the customer's journey ends here
  retrial,  // comes back after giving up
  repeat,   // comes back because the need was not resolved
};

struct ContactRecord {
  static constexpr double kNone = std::numeric_limits<double>::quiet_NaN();

  std::uint64_t replication = 0;
  std::uint64_t customer = 0;  // 1, 2, … in order of first arrival within the replication
  int contact = 1;             // 1 for the customer's first contact, 2, 3, … for later ones
  ContactKind kind = ContactKind::first;
  std::uint16_t segment = 0;  // index into the full-form scenario's segments
  std::uint16_t reason = 0;   // … and reasons
  // Simulation times (seconds since time 0) and durations (seconds); kNone when not reached.
  double arrival_s = 0.0;
  double bot_s = kNone;          // with the bot, its queue included
  double bot_wait_s = kNone;     // waiting for a free bot (part of bot_s)
  double queue_entry_s = kNone;  // entered a human queue
  double waited_s = 0.0;         // in the human queue; 0 when never queued
  double handle_s = kNone;       // an agent's time on the contact (call, chat or callback)
  double end_s = 0.0;            // when the contact ended
  int group = -1;                // agent group index, -1: no agent
  int agent = -1;                // agent index within the group, from 0; -1: no agent
  ContactOutcome outcome = ContactOutcome::answered;
  BotLegEnd bot_end = BotLegEnd::none;
  NextStep next = NextStep::none;
  bool resolved = false;        // this contact resolved the need
  bool escalated = false;       // passed from the bot to a human queue
  bool callback = false;        // accepted a callback while queued
  bool empathy_needed = false;  // handled (by a bot or an agent) with an empathy need …
  bool empathy_met = false;     // … and the need was met
  bool frustrated = false;      // the customer arrived frustrated or angry
  bool wants_human = false;     // the customer takes the human option when offered
  bool warmup = false;          // the customer arrived before the warm-up ended: not in the results
  bool last = false;            // the customer's last contact; the two below are set only then
  double p_satisfied = kNone;   // P(satisfied) given the journey (the results' csat term)
  double churned = kNone;       // P(churn) given the journey (the results' churn term)
};

// Receives every finished contact of one replication, in the order they end. Called by the
// engine once per contact when attached, never otherwise.
class ContactSink {
 public:
  virtual ~ContactSink() = default;
  virtual void record(const ContactRecord& contact) = 0;
};

}  // namespace ccsim
