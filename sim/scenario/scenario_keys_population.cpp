// Who contacts the centre and why: the population's segments and the reasons for contact.
#include <algorithm>

#include "scenario/limits.hpp"
#include "scenario/scenario_keys.hpp"

namespace ccsim::format {

namespace {

constexpr std::string_view kSegmentsShape =
    R"(a non-empty list of segment objects like {"name": "all", "reasons": {"billing": 1}})";
constexpr std::string_view kSegmentShape =
    R"(a segment object like {"name": "all", "reasons": {"billing": 1}})";
constexpr std::string_view kPopulationShape =
    R"(an object like {"segments": [{"name": "all", "reasons": {"billing": 1}}]})";
constexpr std::string_view kMixShape =
    R"(a non-empty object of reason probabilities like {"billing": 0.7, "outage": 0.3})";
constexpr std::string_view kReasonShape =
    R"(a reason object like {"name": "billing", "human_handle_s": )"
    R"({"dist": "exponential", "mean": 300}})";

// The segments' shares sum to 1: judged when every one is known (a segment without a share has
// 1), even when a segment has other problems, so that every problem is reported at once. Shares
// that do not add up are rejected, never normalised.
bool shares_sum_to_one(Reading& reading, const Field& field, const JsonDocument& list,
                       const std::optional<std::vector<Segment>>&) {
  if (!list.is_array() || list.empty()) return true;
  const ObjectSpec& segment = segment_object().spec();
  double total = 0.0;
  for (const JsonDocument& element : list) {
    if (!element.is_object()) return true;
    if (!element.contains("share")) {
      total += Segment{}.share;
      continue;
    }
    const std::optional<double> share = peek_number(&element, segment, "share");
    if (!share) return true;
    total += *share;
  }
  return check_sums_to_one(reading.checker, field.where(), "shares", total);
}

// A reason's bot handle time is required when a strategy in use sends contacts to bots.
bool read_bot_handle(ObjectRead<Reason>& read, Reason& reason) {
  const Field& bot = read.field("bot_handle_s");
  const std::string& needed_by = read.reading().bots_needed_by;
  if (!bot.present() && !needed_by.empty() && read.object().is_object()) {
    read.checker().report_missing(bot.where(), read.spec("bot_handle_s").value.shape,
                                  "required when " + needed_by);
    return false;
  }
  return read.read("bot_handle_s", reason);
}

// A strategy's name as the file gives it, when it is one.
std::optional<Strategy> strategy_named(const JsonDocument& json) {
  if (!json.is_string()) return std::nullopt;
  const auto& names = strategy_names();
  const auto found = std::find(names.begin(), names.end(), json.get<std::string>());
  if (found == names.end()) return std::nullopt;
  return static_cast<Strategy>(found - names.begin());
}

std::string in_quotes(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

// {"enum": [every strategy that uses bots]}
JsonDocument bot_strategies_schema() {
  JsonDocument names = JsonDocument::array();
  for (const std::string& name : strategy_names()) {
    if (name != to_string(Strategy::human_only)) names.push_back(name);
  }
  JsonDocument schema = JsonDocument::object();
  schema["enum"] = std::move(names);
  return schema;
}

}  // namespace

std::string bots_needed_by(std::optional<Strategy> strategy, const JsonDocument* population) {
  if (strategy && *strategy != Strategy::human_only) {
    return "routing.strategy is " + in_quotes(to_string(*strategy));
  }
  if (population == nullptr || !population->is_object()) return {};
  const auto segments = population->find("segments");
  if (segments == population->end() || !segments->is_array()) return {};
  for (std::size_t i = 0; i < segments->size() && i < kMaxNamedItems; ++i) {
    const JsonDocument& segment = (*segments)[i];
    if (!segment.is_object()) continue;
    const auto own = segment.find("strategy");
    if (own == segment.end()) continue;
    const std::optional<Strategy> used = strategy_named(*own);
    if (!used || *used == Strategy::human_only) continue;
    const auto name = segment.find("name");
    const std::string who = name != segment.end() && name->is_string()
                                ? "segment " + in_quotes(name->get<std::string>())
                                : "segment " + std::to_string(i);
    return who + " has strategy " + in_quotes(to_string(*used));
  }
  return {};
}

JsonDocument segment_bots_schema() {
  JsonDocument rule = JsonDocument::parse(R"({
      "if": {"properties": {"population": {"properties": {"segments": {"contains": {
                 "properties": {"strategy": {}}, "required": ["strategy"]}}}}},
             "required": ["population"]},
      "then": {"required": ["bots", "reasons"],
               "properties": {"reasons": {"items": {"required": ["bot_handle_s"]}}}}})");
  rule["if"]["properties"]["population"]["properties"]["segments"]["contains"]["properties"]
      ["strategy"] = bot_strategies_schema();
  return rule;
}

bool only_bots(std::optional<Strategy> strategy, const std::vector<Segment>& segments) {
  if (!strategy) return false;
  if (segments.empty()) return *strategy == Strategy::bot_only;
  return std::all_of(segments.begin(), segments.end(), [&strategy](const Segment& segment) {
    return segment.strategy.value_or(*strategy) == Strategy::bot_only;
  });
}

JsonDocument only_bots_schema() {
  // Every segment states bot_only, or routing.strategy is bot_only and no segment states
  // another strategy.
  return JsonDocument::parse(R"({"anyOf": [
      {"properties": {"population": {"properties": {"segments": {"items": {
           "properties": {"strategy": {"const": "bot_only"}}, "required": ["strategy"]}}}}},
       "required": ["population"]},
      {"properties": {
           "routing": {"properties": {"strategy": {"const": "bot_only"}}, "required": ["strategy"]},
           "population": {"properties": {"segments": {"items": {
               "properties": {"strategy": {"const": "bot_only"}}}}}}},
       "required": ["routing"]}]})");
}

const Object<Segment>& segment_object() {
  static const Object<Segment> object{
      object_spec(std::string(kSegmentShape), "population.segments[]",
                  "A customer segment (an age band, a premium class …)."),
      {key("name", name(), &Segment::name, "its name")
           .required()
           .checked_with("unique among the segments"),
       key("share", probability(), &Segment::share, "its share of arrivals")
           .checked_with("the segments' shares sum to 1"),
       key("patience_s", distribution(ZeroMean::allowed), &Segment::patience_s,
           "patience in a human queue")
           .defaults_to("absent: never abandons"),
       key("bot_patience_s", distribution(ZeroMean::allowed), &Segment::bot_patience_s,
           "how long they keep trying with a bot")
           .defaults_to("absent: until the bot is done"),
       key("human_preference", probability(), &Segment::human_preference,
           "P(takes the human option when offered)"),
       key("bot_resolution_factor", number(kBotResolutionFactor), &Segment::bot_resolution_factor,
           "digital ease: multiplies every reason's bot_resolution for these customers (the "
           "product capped at 1)"),
       key("ask_human_after_s", seconds(), &Segment::ask_human_after_s,
           "when a customer of this segment who prefers a human asks the bot for one")
           .defaults_to("absent: `routing.bot_first.ask_human_after_s`"),
       key("strategy", choice(strategy_names()), &Segment::strategy,
           "the routing strategy of this segment's contacts (one of routing.strategy's); the "
           "other routing keys stay the scenario's")
           .defaults_to("absent: `routing.strategy`")
           .checked_with_schema("one that uses bots needs bots and every reason's bot_handle_s"),
       key("reasons", mix(std::string(kMixShape)), &Segment::reason_mix,
           "P(each reason), by reason name")
           .required()
           .checked_with("names of reasons, probabilities summing to 1"),
       key("p_frustrated", probability(), &Segment::p_frustrated,
           "P(arrives frustrated or angry): an empathy need"),
       key("priority", integer<int>(0), &Segment::priority,
           "higher is served first in human queues"),
       key("callback_acceptance", probability(), &Segment::callback_acceptance,
           "P(accepts a callback when offered)"),
       key("balk_probability", probability(), &Segment::balk_probability,
           "P(a contact that would queue for an agent leaves at once when the announced wait "
           "exceeds the customer's tolerance): the balking curve's height"),
       key("balk_tolerance_s", distribution(ZeroMean::allowed), &Segment::balk_tolerance_s,
           "the announced wait a customer accepts without balking, drawn per contact: "
           "P(balk) = balk_probability × P(tolerance < announced wait)")
           .defaults_to("absent: 0, every announced wait"),
       key("handle_factor", factors_schedule(), &Segment::handle_factor,
           "by time of arrival: a multiplier of the customer's human handle times")
           .checked_with("a list covers the horizon once, or repeats whole within it"),
       key("patience_factor", factors_schedule(), &Segment::patience_factor,
           "by time of arrival: a multiplier of the customer's patience in the human queue")
           .checked_with("a list covers the horizon once, or repeats whole within it"),
       key("value_per_churned_customer", money("per customer"),
           &Segment::value_per_churned_customer,
           "what losing one of these customers costs, counted in net_cost (docs/metrics.md, "
           "Money)"),
       key<Segment>("description", free_text(), "for readers of the file"),
       key<Segment>("sources", free_text(), "for readers of the file")}};
  return object;
}

const Object<Scenario>& population_section() {
  static const Object<Scenario> object{
      object_spec(std::string(kPopulationShape), "population", "Who contacts the centre."),
      {list("segments", segment_object(), &Scenario::segments, "segments", "segment",
            std::string(kSegmentsShape), "1 to 1000 segments", shares_sum_to_one)
           .required()}};
  return object;
}

const Object<Reason>& reason_object() {
  static const Object<Reason> object{
      object_spec(std::string(kReasonShape), "reasons[]", "A reason for contact."),
      {key("name", name(), &Reason::name, "its name")
           .required()
           .checked_with("unique among the reasons"),
       key("kind", choice(reason_kind_names()), &Reason::kind,
           "simple (a bot may resolve it), complex or sensitive (it needs empathy)"),
       key("channel", choice(channel_names()), &Reason::channel, "voice or chat"),
       key("human_handle_s", distribution(ZeroMean::forbidden), &Reason::human_handle_s,
           "an agent's handle time")
           .required(),
       key("bot_handle_s", distribution(ZeroMean::forbidden), &Reason::bot_handle_s,
           "a bot session's length")
           .checked_with_schema("required when routing.strategy or a segment's strategy uses bots")
           .read_by(read_bot_handle),
       key("bot_resolution", probability(), &Reason::bot_resolution, "P(the bot resolves it)"),
       key("human_resolution", probability(), &Reason::human_resolution, "P(an agent resolves it)"),
       key<Reason>("description", free_text(), "for readers of the file"),
       key<Reason>("sources", free_text(), "for readers of the file")}};
  return object;
}

}  // namespace ccsim::format
