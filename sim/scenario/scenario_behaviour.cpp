// How contacts are routed and how customers behave and judge: routing, empathy, returns,
// callbacks, chat, and the satisfaction and churn models.
#include "scenario/scenario_readers.hpp"

namespace ccsim::scenario_readers {

namespace {

// Shapes shown to users whose value is not even of the right kind.
constexpr std::string_view kRoutingShape = R"(an object like {"strategy": "bot_first"})";
constexpr std::string_view kBotFirstShape = R"(an object like {"context_transfer": true})";
constexpr std::string_view kTriageShape = R"(an object like {"accuracy": 0.9})";
constexpr std::string_view kChoiceShape = R"(an object like {"bot_above_wait_s": 300})";
constexpr std::string_view kEmpathyShape =
    R"(an object like {"bot": 0.1, "human": 0.6, "trained_human": 0.9})";
constexpr std::string_view kReturnsShape = R"(an object like {"retrial_probability": 0.3})";
constexpr std::string_view kCallbackShape = R"(an object like {"offer_above_wait_s": 120})";
constexpr std::string_view kChatShape = R"(an object like {"silent_leave_probability": 0.2})";
constexpr std::string_view kSatisfactionShape =
    R"(an object of logit coefficients like {"intercept": 1.5})";
constexpr std::string_view kChurnShape =
    R"(an object of logit coefficients like {"intercept": -3.2})";

// Attempts a customer may make, the first included: beyond a few, retrials and repeats stop
// being a model of people and become a loop.
constexpr int kMaxAttempts = 16;

const NumberRange kHandleFactor = NumberRange::at_least(1.0).at_most(kMaxFactor);
const NumberRange kPatienceFactor = NumberRange::greater_than(0.0).at_most(1.0);
// Beyond a logit of 100 a probability is 1 to 43 decimals: a larger coefficient says nothing
// more, and sums of huge coefficients of both signs would be undefined (inf - inf).
const NumberRange kCoefficient = NumberRange::at_least(-kMaxLogit).at_most(kMaxLogit);

// One coefficient of a logit model and the key it is read from.
template <typename Model>
struct Term {
  std::string_view key;
  double Model::*member;
};

constexpr std::array<Term<SatisfactionModel>, 13> kSatisfactionTerms{{
    {"intercept", &SatisfactionModel::intercept},
    {"per_minute_waited", &SatisfactionModel::per_minute_waited},
    {"resolved", &SatisfactionModel::resolved},
    {"unresolved", &SatisfactionModel::unresolved},
    {"empathy_unmet", &SatisfactionModel::empathy_unmet},
    {"per_repeat_contact", &SatisfactionModel::per_repeat_contact},
    {"per_transfer", &SatisfactionModel::per_transfer},
    {"no_context_on_transfer", &SatisfactionModel::no_context_on_transfer},
    {"undisclosed_bot", &SatisfactionModel::undisclosed_bot},
    {"gave_up", &SatisfactionModel::gave_up},
    {"callback", &SatisfactionModel::callback},
    {"per_minute_with_bot", &SatisfactionModel::per_minute_with_bot},
    {"bot_failure", &SatisfactionModel::bot_failure},
}};

constexpr std::array<Term<ChurnModel>, 6> kChurnTerms{{
    {"intercept", &ChurnModel::intercept},
    {"dissatisfied", &ChurnModel::dissatisfied},
    {"gave_up", &ChurnModel::gave_up},
    {"empathy_unmet", &ChurnModel::empathy_unmet},
    {"unresolved", &ChurnModel::unresolved},
    {"bot_disclosed", &ChurnModel::bot_disclosed},
}};

template <typename Model, std::size_t N>
std::optional<Model> read_logit(const Field& field, std::string_view shape,
                                const std::array<Term<Model>, N>& terms) {
  return read_part<Model>(field, shape, [&terms](PartReader& part, Model& model) {
    for (const Term<Model>& term : terms) part.number(term.key, kCoefficient, model.*term.member);
  });
}

// A nested object of `part`, read by `read(section)`; its problems make `part` invalid.
template <typename Read>
void read_section(PartReader& part, std::string_view key, std::string_view shape, Read read) {
  const Field field = part.field(key);
  const JsonDocument* json = field.get(shape);
  if (json == nullptr) return;
  ObjectReader object(part.checker(), *json, field.where(), shape);
  PartReader section(object);
  read(section);
  object.reject_unknown_keys();
  if (!section.valid()) part.invalidate();
}

}  // namespace

std::optional<Routing> read_routing(const Field& field, std::optional<Strategy>& strategy) {
  strategy = Strategy::human_only;
  return read_part<Routing>(field, kRoutingShape, [&strategy](PartReader& part, Routing& routing) {
    if (!part.object().is_object()) {
      strategy = std::nullopt;  // a routing value that is not an object states no strategy
      return;
    }
    const Field name = part.field("strategy");
    const std::optional<std::size_t> index = name.choice(strategy_names());
    part.take(name, index ? std::optional<Strategy>(kAllStrategies[*index]) : std::nullopt,
              routing.strategy);
    strategy = index || !name.present() ? std::optional<Strategy>(routing.strategy) : std::nullopt;
    part.number("escalated_patience_factor", kFactor, routing.escalated_patience_factor);
    // Escalation parameters: they apply to every escalation, whatever the strategy.
    read_section(part, "bot_first", kBotFirstShape, [&routing](PartReader& section) {
      section.boolean("context_transfer", routing.context_transfer);
      section.number("no_context_handle_factor", kHandleFactor, routing.no_context_handle_factor);
      section.number("ask_human_after_s", kNonNegativeSeconds, routing.ask_human_after_s);
      section.number("no_human_option_patience_factor", kPatienceFactor,
                     routing.no_human_option_patience_factor);
      section.probability("ask_human_conversion", routing.ask_human_conversion);
    });
    read_section(part, "triage", kTriageShape, [&routing](PartReader& section) {
      section.probability("accuracy", routing.triage_accuracy);
    });
    read_section(part, "choice", kChoiceShape, [&routing](PartReader& section) {
      // Absent: the announced wait does not change the pick.
      double wait_s = 0.0;
      if (section.field("bot_above_wait_s").present()) {
        section.number("bot_above_wait_s", kNonNegativeSeconds, wait_s);
        routing.choice_bot_above_wait_s = wait_s;
      }
    });
  });
}

std::optional<Empathy> read_empathy(const Field& field) {
  return read_part<Empathy>(field, kEmpathyShape, [](PartReader& part, Empathy& empathy) {
    part.probability("bot", empathy.bot);
    part.probability("human", empathy.human);
    part.probability("trained_human", empathy.trained_human);
  });
}

std::optional<Returns> read_returns(const Field& field) {
  return read_part<Returns>(field, kReturnsShape, [](PartReader& part, Returns& returns) {
    part.probability("retrial_probability", returns.retrial_probability);
    // A zero delay is an immediate redial: extreme but bounded by max_attempts.
    part.distribution("retrial_delay_s", ZeroMean::allowed, returns.retrial_delay_s);
    part.probability("repeat_probability", returns.repeat_probability);
    part.distribution("repeat_delay_s", ZeroMean::allowed, returns.repeat_delay_s);
    part.integer<int>("max_attempts", 1, kMaxAttempts, returns.max_attempts);
  });
}

std::optional<Callback> read_callback(const Field& field) {
  return read_part<Callback>(field, kCallbackShape, [](PartReader& part, Callback& callback) {
    // Stating a callback policy is what enables it.
    callback.enabled = true;
    part.number("offer_above_wait_s", kNonNegativeSeconds, callback.offer_above_wait_s);
    // A zero time is an agent who spends nothing on a call that does not reach the customer.
    part.distribution("unreached_handle_s", ZeroMean::allowed, callback.unreached_handle_s);
    part.probability("success_probability", callback.success_probability);
  });
}

std::optional<Chat> read_chat(const Field& field) {
  return read_part<Chat>(field, kChatShape, [](PartReader& part, Chat& chat) {
    part.probability("silent_leave_probability", chat.silent_leave_probability);
    part.number("discovery_s", kNonNegativeSeconds, chat.discovery_s);
  });
}

std::optional<SatisfactionModel> read_satisfaction(const Field& field) {
  return read_logit(field, kSatisfactionShape, kSatisfactionTerms);
}

std::optional<ChurnModel> read_churn(const Field& field) {
  return read_logit(field, kChurnShape, kChurnTerms);
}

}  // namespace ccsim::scenario_readers
