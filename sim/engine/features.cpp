// Classifies every field of a scenario: either it selects code (a feature) or it only changes
// numbers the engine reads at run time. Each structured binding below names every member of its
// struct, so adding a member to Scenario or to one of its parts breaks this file's build until
// the member is classified here; a new field can therefore never be silently ignored by an
// instantiation that lacks the code it needs.
#include "engine/features.hpp"

#include <algorithm>

namespace ccsim {

namespace {

// Fields that change numbers, not code: every instantiation reads them at run time.
template <typename... T>
constexpr void runtime_values(const T&...) {}

FeatureMask segment_features(const Segment& segment, std::size_t reasons) {
  const auto& [name, share, patience_s, bot_patience_s, human_preference, bot_resolution_factor,
               ask_human_after_s, strategy, reason_mix, p_frustrated, priority, callback_acceptance,
               balk_probability, balk_tolerance_s, handle_factor, patience_factor,
               value_per_churned_customer] = segment;
  runtime_values(name, share, patience_s, handle_factor, patience_factor);
  FeatureMask m = kNoFeatures;
  // Bot patience, the preference for a human, digital ease and the time before asking for a
  // human matter only with bots; priorities only with several segments (one segment is one
  // priority class); the acceptance of a callback only with callbacks: their features carry
  // them.
  runtime_values(bot_patience_s, human_preference, bot_resolution_factor, ask_human_after_s,
                 priority, callback_acceptance, value_per_churned_customer);
  // A segment's own strategy with a bot needs the bot machinery (absent: the scenario's, below).
  if (strategy && *strategy != Strategy::human_only) m |= kBots;
  if (reason_mix.size() != reasons) m |= kReasons;
  if (p_frustrated > 0.0) m |= kEmpathy;
  // Balking reads the announced wait, as callbacks do; its tolerance matters only then.
  runtime_values(balk_tolerance_s);
  if (balk_probability > 0.0) m |= kCallbacks;
  return m;
}

FeatureMask reason_features(const Reason& reason) {
  const auto& [name, kind, channel, human_handle_s, bot_handle_s, bot_resolution,
               human_resolution] = reason;
  runtime_values(name, human_handle_s, bot_handle_s, bot_resolution);
  FeatureMask m = kNoFeatures;
  if (kind == ReasonKind::sensitive) m |= kEmpathy;
  if (channel == Channel::chat) m |= kChat;
  if (human_resolution < 1.0) m |= kOutcomes;
  return m;
}

FeatureMask group_features(const AgentGroup& group, ReasonKind only_kind) {
  const auto& [name, agents, empathy_trained, cost_per_hour, kinds, takes_others, overflow_to,
               overflow_after_s, max_concurrent_chats, chat_slowdown, assist] = group;
  runtime_values(name, agents, cost_per_hour, overflow_after_s, chat_slowdown);
  // Training matters only for empathy needs, which kEmpathy carries.
  runtime_values(empathy_trained);
  FeatureMask m = kNoFeatures;
  const bool takes_kind = std::find(kinds.begin(), kinds.end(), only_kind) != kinds.end();
  // The single-group code assumes its group takes every contact.
  if (!takes_kind && !takes_others) m |= kGroups;
  if (overflow_to.has_value()) m |= kGroups;
  if (max_concurrent_chats > 1) m |= kChat;
  if (assist) {
    // Every field of the assist is a number read per contact, by the assist's code.
    const auto& [handle_factor, resolution_uplift, empathy_uplift, novice_share,
                 novice_handle_factor, novice_resolution_uplift, novice_empathy_uplift,
                 cost_per_contact, cost_per_agent_hour] = *assist;
    runtime_values(handle_factor, empathy_uplift, novice_share, novice_handle_factor,
                   novice_empathy_uplift, cost_per_contact, cost_per_agent_hour);
    m |= kAssist;
    // A change of P(resolved) may leave a need unresolved that no reason leaves so.
    if (resolution_uplift != 0.0 || novice_resolution_uplift != 0.0) m |= kOutcomes;
  }
  return m;
}

}  // namespace

FeatureMask features_of(const Scenario& s) {
  const auto& [name, seed, replications, horizon_s, warmup_s, service_level_threshold_s, confidence,
               opens_at_s, currency, arrivals_per_hour, busyness_cv, report_interval_s, patience_s,
               human_handle_s, humans, humans_cost_per_hour, shrinkage, segments, reasons, groups,
               bots, routing, empathy, frustration, returns, callback, chat, satisfaction, churn] =
      s;
  runtime_values(name, seed, replications, horizon_s, warmup_s, service_level_threshold_s,
                 confidence, opens_at_s, currency, arrivals_per_hour, busyness_cv,
                 report_interval_s);
  // Shorthands: the full form (expand_shorthands) carries them into segments, reasons, groups.
  runtime_values(patience_s, human_handle_s, humans, humans_cost_per_hour);
  // A cost factor, folded into the groups' cost per hour by expand_shorthands.
  runtime_values(shrinkage);

  FeatureMask m = kNoFeatures;
  if (segments.size() != 1) m |= kSegments;
  if (reasons.size() != 1) m |= kReasons;
  if (groups.size() != 1) m |= kGroups;
  for (const Segment& segment : segments) m |= segment_features(segment, reasons.size());
  for (const Reason& reason : reasons) m |= reason_features(reason);
  const ReasonKind only_kind = reasons.empty() ? ReasonKind::simple : reasons.front().kind;
  for (const AgentGroup& group : groups) m |= group_features(group, only_kind);

  {
    const auto& [concurrency, cost_per_session, cost_per_minute, cost_per_day, discloses_bot,
                 offers_human] = bots.value_or(Bots{});
    runtime_values(concurrency, cost_per_session, cost_per_minute, cost_per_day, discloses_bot,
                   offers_human);
  }
  {
    const auto& [strategy, context_transfer, no_context_handle_factor, ask_human_after_s,
                 triage_accuracy, escalated_patience_factor, no_human_option_patience_factor,
                 ask_human_conversion, choice_bot_above_wait_s] = routing;
    runtime_values(context_transfer, no_context_handle_factor, ask_human_after_s, triage_accuracy,
                   escalated_patience_factor, no_human_option_patience_factor, ask_human_conversion,
                   choice_bot_above_wait_s);
    if (strategy != Strategy::human_only) m |= kBots;
  }
  {
    const auto& [bot, human, trained_human] = empathy;
    runtime_values(bot, human, trained_human);
  }
  {
    // Frustration caused by the journey is an empathy need.
    const auto& [long_wait_s, after_long_wait, after_bot_failure] = frustration;
    runtime_values(long_wait_s);
    if (after_long_wait > 0.0 || after_bot_failure > 0.0) m |= kEmpathy;
  }
  {
    const auto& [retrial_probability, retrial_delay_s, repeat_probability, repeat_delay_s,
                 max_attempts] = returns;
    runtime_values(retrial_delay_s, repeat_delay_s, max_attempts);
    if (retrial_probability > 0.0 || repeat_probability > 0.0) m |= kReturns;
  }
  {
    const auto& [enabled, offer_above_wait_s, unreached_handle_s, success_probability] = callback;
    runtime_values(offer_above_wait_s, unreached_handle_s, success_probability);
    if (enabled) m |= kCallbacks;
  }
  {
    // Silent leavers are chat customers: with no chat they never occur.
    const auto& [silent_leave_probability, discovery_s] = chat;
    runtime_values(silent_leave_probability, discovery_s);
  }
  {
    const auto& [intercept, per_minute_waited, resolved, unresolved, empathy_unmet,
                 per_repeat_contact, per_transfer, no_context_on_transfer, undisclosed_bot, gave_up,
                 callback_term, per_minute_with_bot, bot_failure] = satisfaction;
    runtime_values(intercept, per_minute_waited, resolved, unresolved, empathy_unmet,
                   per_repeat_contact, per_transfer, no_context_on_transfer, undisclosed_bot,
                   gave_up, callback_term, per_minute_with_bot, bot_failure);
  }
  {
    const auto& [intercept, dissatisfied, gave_up, empathy_unmet, unresolved, bot_disclosed] =
        churn;
    runtime_values(intercept, dissatisfied, gave_up, empathy_unmet, unresolved, bot_disclosed);
  }
  return m;
}

}  // namespace ccsim
