// How contacts are routed and how customers behave and judge: routing, empathy, returns,
// callbacks, chat, and the satisfaction and churn models.
#include "scenario/limits.hpp"
#include "scenario/scenario_keys.hpp"

namespace ccsim::format {

namespace {

template <typename Enum, std::size_t N>
std::vector<std::string> names_of(const std::array<Enum, N>& values) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < N; ++i) {
    // A name's index is its value: the reader turns one into the other.
    assert(static_cast<std::size_t>(values[i]) == i);
    names.emplace_back(to_string(values[i]));
  }
  return names;
}

// Callback: stating a policy is what enables it.
void enable_callback(ObjectRead<Callback>&, Callback& callback) {
  callback.enabled = true;
}

}  // namespace

const std::vector<std::string>& reason_kind_names() {
  static const std::vector<std::string> names =
      names_of(std::array{ReasonKind::simple, ReasonKind::complex, ReasonKind::sensitive});
  return names;
}

const std::vector<std::string>& channel_names() {
  static const std::vector<std::string> names = names_of(std::array{Channel::voice, Channel::chat});
  return names;
}

const std::vector<std::string>& strategy_names() {
  static const std::vector<std::string> names =
      names_of(std::array{Strategy::human_only, Strategy::bot_only, Strategy::bot_first,
                          Strategy::triage, Strategy::choice});
  return names;
}

const Object<Routing>& routing_object() {
  // Escalation parameters: they apply to every escalation, whatever the strategy.
  static const Object<Routing> bot_first{
      object_spec(R"(an object like {"context_transfer": true})", {}, "escalations to humans"),
      {key("context_transfer", boolean(), &Routing::context_transfer,
           "an escalated contact reaches the agent with what the bot learnt"),
       key("no_context_handle_factor", number(kHandleFactor), &Routing::no_context_handle_factor,
           "human handle time multiplier without that context (the customer repeats themselves)"),
       key("ask_human_after_s", seconds(), &Routing::ask_human_after_s,
           "when a customer who prefers a human asks the bot for one"),
       key("no_human_option_patience_factor", number(kPatienceFactor),
           &Routing::no_human_option_patience_factor,
           "bot patience multiplier of a customer who prefers a human and is offered none"),
       key("ask_human_conversion", probability(), &Routing::ask_human_conversion,
           "P(a stated preference for a human becomes behaviour: asking the bot for one, the "
           "impatience of not being able to), as every survey figure converts (calibration.md)")}};
  static const Object<Routing> triage{
      object_spec(R"(an object like {"accuracy": 0.9})", {}, "the intent classifier"),
      {key("accuracy", probability(), &Routing::triage_accuracy,
           "P(the classifier sends a contact where its kind belongs)")}};
  static const Object<Routing> choice_section{
      object_spec(R"(an object like {"bot_above_wait_s": 300})", {}, "the customer's choice"),
      {key("bot_above_wait_s", seconds(), &Routing::choice_bot_above_wait_s,
           "a customer who prefers a human picks the bot when the announced wait for a human "
           "exceeds this")
           .defaults_to("absent: the wait does not change the pick")}};
  static const Object<Routing> object{
      object_spec(R"(an object like {"strategy": "bot_first"})", "routing",
                  "How contacts meet bots and humans."),
      {key("strategy", choice(strategy_names()), &Routing::strategy,
           "human_only; bot_only (no way to a human); bot_first (escalated when the bot fails); "
           "triage (a classifier routes by kind); choice (the customer picks)"),
       key("escalated_patience_factor", number(kFactor), &Routing::escalated_patience_factor,
           "patience in the human queue after the bot, times the customer's own"),
       section("bot_first", bot_first, "how escalations go, whatever the strategy"),
       section("triage", triage, "the triage strategy's classifier"),
       section("choice", choice_section, "the choice strategy's parameters")}};
  return object;
}

const Object<Empathy>& empathy_object() {
  static const Object<Empathy> object{
      object_spec(R"(an object like {"bot": 0.1, "human": 0.6, "trained_human": 0.9})", "empathy",
                  "P(an empathy need is met) by who handles the contact; a contact needs empathy "
                  "when its reason is sensitive or its customer frustrated."),
      {key("bot", probability(), &Empathy::bot, "by a bot"),
       key("human", probability(), &Empathy::human, "by an agent of a group not empathy-trained"),
       key("trained_human", probability(), &Empathy::trained_human,
           "by an agent of an empathy-trained group")}};
  return object;
}

const Object<Frustration>& frustration_object() {
  static const Object<Frustration> object{
      object_spec(R"(an object like {"long_wait_s": 300, "after_long_wait": 0.3})", "frustration",
                  "Frustration the journey causes: a customer not yet frustrated becomes so, and "
                  "then needs empathy at this and every later contact."),
      {key("long_wait_s", seconds(), &Frustration::long_wait_s,
           "a wait for an agent longer than this is a long wait"),
       key("after_long_wait", probability(), &Frustration::after_long_wait,
           "P(frustrated by a long wait, answered or not)"),
       key("after_bot_failure", probability(), &Frustration::after_bot_failure,
           "P(frustrated by a bot session that failed to resolve the need)")}};
  return object;
}

const Object<Returns>& returns_object() {
  static const Object<Returns> object{
      object_spec(R"(an object like {"retrial_probability": 0.3})", "returns",
                  "Abandoned contacts that try again, and unresolved ones that come back."),
      {key("retrial_probability", probability(), &Returns::retrial_probability,
           "P(an abandoned contact tries again)"),
       // A zero delay is an immediate redial: extreme but bounded by max_attempts.
       key("retrial_delay_s", distribution(ZeroMean::allowed), &Returns::retrial_delay_s,
           "time until it does"),
       key("repeat_probability", probability(), &Returns::repeat_probability,
           "P(an unresolved contact comes back)"),
       key("repeat_delay_s", distribution(ZeroMean::allowed), &Returns::repeat_delay_s,
           "time until it does"),
       key("max_attempts", integer<int>(1, kMaxAttempts), &Returns::max_attempts,
           "contacts a customer makes at most, the first included")}};
  return object;
}

const Object<Callback>& callback_object() {
  static const Object<Callback> object{
      object_spec(R"(an object like {"offer_above_wait_s": 120})", "callback",
                  "Callbacks offered to waiting customers; the object's presence enables them."),
      {key("offer_above_wait_s", seconds(), &Callback::offer_above_wait_s,
           "announced wait above which a callback is offered"),
       // A zero time is an agent who spends nothing on a call that does not reach the customer.
       key("unreached_handle_s", distribution(ZeroMean::allowed), &Callback::unreached_handle_s,
           "agent time of a call back that does not reach the customer (a reached one takes "
           "the reason's handle time)"),
       key("success_probability", probability(), &Callback::success_probability,
           "P(the call back reaches the customer)")},
      enable_callback};
  return object;
}

const Object<Chat>& chat_object() {
  static const Object<Chat> object{
      object_spec(R"(an object like {"silent_leave_probability": 0.2})", "chat",
                  "Chat customers who leave without a word."),
      {key("silent_leave_probability", probability(), &Chat::silent_leave_probability,
           "P(an abandoning chat customer leaves silently)"),
       key("discovery_s", seconds(), &Chat::discovery_s,
           "agent time to find out a silent customer left")}};
  return object;
}

const Object<SatisfactionModel>& satisfaction_object() {
  using S = SatisfactionModel;
  static const Object<S> object{
      object_spec(R"(an object of logit coefficients like {"intercept": 1.5})", "satisfaction",
                  "logit P(satisfied) = intercept + the terms that apply to the customer's "
                  "experience, judged after their last contact."),
      {key("intercept", coefficient(), &S::intercept, "before any term"),
       key("per_minute_waited", coefficient(), &S::per_minute_waited,
           "per minute waited in human queues"),
       key("resolved", coefficient(), &S::resolved, "the last contact resolved"),
       key("unresolved", coefficient(), &S::unresolved, "the last contact unresolved"),
       key("empathy_unmet", coefficient(), &S::empathy_unmet, "an empathy need not met"),
       key("per_repeat_contact", coefficient(), &S::per_repeat_contact,
           "per contact after the first"),
       key("per_transfer", coefficient(), &S::per_transfer, "per escalation from bot to human"),
       key("no_context_on_transfer", coefficient(), &S::no_context_on_transfer,
           "per escalation without context"),
       key("undisclosed_bot", coefficient(), &S::undisclosed_bot, "met a bot not disclosed as one"),
       key("gave_up", coefficient(), &S::gave_up, "gave up on the last contact"),
       key("callback", coefficient(), &S::callback, "used a callback"),
       key("per_minute_with_bot", coefficient(), &S::per_minute_with_bot,
           "per minute with a bot that did not resolve the need (its queue included)"),
       key("bot_failure", coefficient(), &S::bot_failure,
           "per bot session that ended unable to resolve the need")}};
  return object;
}

const Object<ChurnModel>& churn_object() {
  using C = ChurnModel;
  static const Object<C> object{
      object_spec(R"(an object of logit coefficients like {"intercept": -3.2})", "churn",
                  "logit P(churn) = intercept + the terms that apply, judged after the last "
                  "contact."),
      {key("intercept", coefficient(), &C::intercept, "before any term"),
       key("dissatisfied", coefficient(), &C::dissatisfied, "weighted by 1 - P(satisfied)"),
       key("gave_up", coefficient(), &C::gave_up, "gave up on the last contact"),
       key("empathy_unmet", coefficient(), &C::empathy_unmet, "an empathy need not met"),
       key("unresolved", coefficient(), &C::unresolved, "the last contact unresolved"),
       key("bot_disclosed", coefficient(), &C::bot_disclosed, "met a bot disclosed as one")}};
  return object;
}

}  // namespace ccsim::format
