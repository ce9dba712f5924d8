// The customer-journey model: population, contact reasons, human groups, bots, routing, and the
// satisfaction and churn models. Each struct is what a scenario file states, validated.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ccsim/scenario/distribution.hpp"
#include "ccsim/scenario/schedule.hpp"

namespace ccsim {

enum class ReasonKind : std::uint8_t { simple = 0, complex = 1, sensitive = 2 };
inline constexpr int kReasonKinds = 3;
enum class Channel : std::uint8_t { voice = 0, chat = 1 };
enum class Strategy : std::uint8_t { human_only, bot_only, bot_first, triage, choice };

std::string_view to_string(ReasonKind kind);
std::string_view to_string(Channel channel);
std::string_view to_string(Strategy strategy);

// A customer segment (an age band, a premium class …).
struct Segment {
  std::string name;
  double share = 1.0;                          // of arrivals; shares sum to 1
  std::optional<DistributionSpec> patience_s;  // in the human queue; absent: never abandons
  // How long they keep trying with a bot before giving up; absent: until the bot is done.
  std::optional<DistributionSpec> bot_patience_s;
  double human_preference = 0.0;  // P(takes the human option when offered)
  // Digital ease: a multiplier of every reason's bot_resolution for this segment's contacts,
  // capped so that the probability stays at most 1 (bot_resolution_of).
  double bot_resolution_factor = 1.0;
  // When a customer of this segment who wants a human asks the bot for one; absent: the
  // scenario's routing.ask_human_after_s (ask_human_after_s_of).
  std::optional<double> ask_human_after_s;
  // The routing strategy of this segment's contacts; absent: the scenario's routing.strategy
  // (strategy_of). The other routing parameters stay the scenario's.
  std::optional<Strategy> strategy;
  std::vector<double> reason_mix;    // P(reason r), indexed like Scenario::reasons; sums to 1
  double p_frustrated = 0.0;         // P(arrives frustrated or angry): an empathy need
  int priority = 0;                  // higher is served first in human queues
  double callback_acceptance = 0.0;  // P(accepts a callback when offered)
  // Balking (docs/model.md): a contact that would queue for an agent is told the announced wait W
  // and leaves at once with probability balk_probability × P(T < W), T the customer's tolerance
  // drawn from balk_tolerance_s (absent: 0, so any announced wait may make them balk).
  double balk_probability = 0.0;
  std::optional<DistributionSpec> balk_tolerance_s;
  // Time-of-day multipliers, by the customer's arrival time: of their human handle times and of
  // their patience in the human queue (a fitted day: both vary with the hour).
  Schedule handle_factor = Schedule::constant(1.0);
  Schedule patience_factor = Schedule::constant(1.0);
  // What losing one of these customers costs (lifetime value, in the scenario's currency): a
  // churned customer counts this much in net_cost. Changes no simulated figure.
  double value_per_churned_customer = 0.0;
};

struct Reason {
  std::string name;
  ReasonKind kind = ReasonKind::simple;
  Channel channel = Channel::voice;
  DistributionSpec human_handle_s;
  DistributionSpec bot_handle_s = DistributionSpec::of(DistKind::exponential, 120.0);
  double bot_resolution = 0.0;    // P(the bot resolves it)
  double human_resolution = 1.0;  // P(a human resolves it)
};

// P(an empathy need is met) by who handles the contact.
struct Empathy {
  double bot = 0.1;
  double human = 0.6;
  double trained_human = 0.9;
};

// Agent assist: a tool that helps the group's agents (suggested answers, knowledge at hand)
// rather than replacing them (docs/model.md, "Agent assist"). Each contact the group takes goes
// to a novice agent with probability `novice_share` (agents of a group are interchangeable in
// the model) and then has the novice effects, else the experienced ones. Defaults: the field
// study of Brynjolfsson, Li & Raymond (2023), docs/calibration.md.
struct Assist {
  // Experienced agents: handle time multiplier, change of P(resolved) and of P(an empathy need
  // is met), in probability points (the result kept in [0, 1]).
  double handle_factor = 0.93;
  double resolution_uplift = 0.01;
  double empathy_uplift = 0.0;
  // Novice agents: their share of the group, and the same three effects.
  double novice_share = 0.2;
  double novice_handle_factor = 0.77;
  double novice_resolution_uplift = 0.03;
  double novice_empathy_uplift = 0.0;
  // What it costs: per contact an assisted agent handles (a counted customer's), and per agent
  // hour on duty (a seat licence; raised by staffing.shrinkage as cost_per_hour is).
  double cost_per_contact = 0.0;
  double cost_per_agent_hour = 0.0;
};

struct AgentGroup {
  std::string name;
  Schedule agents;  // on duty, by interval
  bool empathy_trained = false;
  double cost_per_hour = 0.0;
  // Kinds this group takes first; it takes the other kinds only when `takes_others` (and then
  // only when no contact of its own kinds waits).
  std::vector<ReasonKind> kinds{ReasonKind::simple, ReasonKind::complex, ReasonKind::sensitive};
  bool takes_others = false;
  // Contacts of this group's kinds that waited `overflow_after_s` may also go to `overflow_to`.
  std::optional<std::size_t> overflow_to;  // index into Scenario::groups
  double overflow_after_s = 0.0;
  // Chat: sessions one agent holds at once, and f(k): with k sessions each progresses at 1/f(k).
  int max_concurrent_chats = 1;
  std::vector<double> chat_slowdown{1.0};  // f(1), f(2), …, f(max_concurrent_chats)
  std::optional<Assist> assist;            // absent: no assist
};

struct Bots {
  long concurrency = 0;  // sessions at once
  double cost_per_session = 0.0;
  double cost_per_minute = 0.0;  // of bot session time (counted contacts)
  double cost_per_day = 0.0;     // fixed: licence, platform (docs/metrics.md, "Money")
  bool discloses_bot = true;
  bool offers_human = true;
};

struct Routing {
  Strategy strategy = Strategy::human_only;
  bool context_transfer = true;            // bot_first, triage, choice: on escalation
  double no_context_handle_factor = 1.25;  // human handle time multiplier without context
  double ask_human_after_s = 30.0;         // when a customer who wants a human asks for one
  double triage_accuracy = 0.9;            // P(the intent classifier is right)
  double escalated_patience_factor = 0.7;  // patience in the human queue after the bot
  // Without a human option, customers who wanted a human give up on the bot sooner.
  double no_human_option_patience_factor = 0.5;
  // A stated preference for a human becomes behaviour (asking the bot for one, the impatience of
  // not being able to) with this probability, as every other survey figure does
  // (docs/calibration.md): P(acts on it) = human_preference × ask_human_conversion.
  double ask_human_conversion = 1.0;
  // Under `choice`, a customer who prefers a human picks the bot instead when the announced wait
  // for a human exceeds this; none: the wait does not change the pick.
  std::optional<double> choice_bot_above_wait_s;
};

// Frustration the journey causes (docs/model.md): a customer not yet frustrated becomes so after
// a long wait for an agent or a bot session that failed, with these probabilities, and then needs
// empathy at this and every later contact. Off by default (an assumption to set, not a finding).
struct Frustration {
  double long_wait_s = 300.0;      // a wait in a human queue longer than this is long
  double after_long_wait = 0.0;    // P(frustrated by a long wait)
  double after_bot_failure = 0.0;  // P(frustrated by a bot session that failed)
};

// Abandoned contacts that try again, and unresolved contacts that come back.
struct Returns {
  double retrial_probability = 0.0;
  DistributionSpec retrial_delay_s = DistributionSpec::of(DistKind::exponential, 600.0);
  double repeat_probability = 0.0;
  DistributionSpec repeat_delay_s = DistributionSpec::of(DistKind::exponential, 86400.0);
  int max_attempts = 4;  // first contact included
};

// A reached callback is handled like the contact it replaces (the reason's handle time); a call
// that does not reach the customer takes the agent `unreached_handle_s` (dialling, ringing, a
// message).
struct Callback {
  bool enabled = false;
  double offer_above_wait_s = 120.0;  // announced wait above which a callback is offered
  DistributionSpec unreached_handle_s = DistributionSpec::of(DistKind::deterministic, 60.0);
  double success_probability = 0.8;  // P(the customer is reached)
};

struct Chat {
  double silent_leave_probability = 0.0;  // P(an abandoning chat customer leaves silently)
  double discovery_s = 60.0;              // agent time to find out they left
};

// logit P(satisfied) = intercept + sum of the terms that apply to the customer's experience.
struct SatisfactionModel {
  double intercept = 1.5;
  double per_minute_waited = -0.25;
  double resolved = 1.0;
  double unresolved = -1.5;
  double empathy_unmet = -1.2;
  double per_repeat_contact = -0.4;
  double per_transfer = -0.3;
  double no_context_on_transfer = -0.6;
  double undisclosed_bot = -0.5;
  double gave_up = -2.0;
  double callback = 0.2;
  // Time with a bot that did not resolve the need (its queue included), and each bot session
  // that ended unable to resolve it: the customer's time and effort spent for nothing.
  double per_minute_with_bot = -0.25;
  double bot_failure = -0.5;
};

// logit P(churn) = intercept + sum of the terms that apply.
struct ChurnModel {
  double intercept = -3.2;
  double dissatisfied = 1.4;  // weighted by 1 - P(satisfied)
  double gave_up = 0.8;
  double empathy_unmet = 0.6;
  double unresolved = 0.5;
  double bot_disclosed = 0.1;  // told it was a bot (Gartner: some would consider leaving)
};

}  // namespace ccsim
