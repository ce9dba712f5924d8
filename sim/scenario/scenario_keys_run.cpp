// The scenario file itself: the keys of a run, arrivals, the shorthands, and the rules that tie
// the full form's parts together (a population needs reasons, a bot strategy needs bots).
#include <algorithm>
#include <utility>

#include "scenario/limits.hpp"
#include "scenario/scenario_keys.hpp"

namespace ccsim::format {

namespace {

constexpr std::string_view kArrivalsShape =
    R"(an object like {"per_hour": 120} or {"interval_s": 1800, "per_hour": [120, 150]})";
constexpr std::string_view kReasonsShape =
    R"(a non-empty list of reason objects like {"name": "billing", "human_handle_s": )"
    R"({"dist": "exponential", "mean": 300}})";

// A rate per hour: one number, or a list of numbers, one per interval of interval_s.
void arrivals_rules(ObjectRead<Scenario>& read, Scenario& scenario) {
  JsonChecker& checker = read.checker();
  const Field& interval = read.field("interval_s");
  const Field& rates = read.field("per_hour");
  const std::optional<double> interval_s = read.number("interval_s");
  const Value& value = read.spec("per_hour").value;
  const JsonDocument* json = rates.get(value.shape);
  if (json == nullptr) return read.invalidate();
  if (json->is_number()) {
    // A constant rate needs no interval; one given anyway is checked above and unused.
    const auto rate = checker.number(*json, rates.where(), value.range);
    if (!rate) return read.invalidate();
    scenario.arrivals_per_hour = Schedule::constant(*rate);
    return;
  }
  if (!json->is_array()) {
    checker.report_value(rates.where(), value.shape, *json);
    return read.invalidate();
  }
  auto values = checker.list<double>(
      *json, rates.where(), value.list_shape,
      [&value](JsonChecker& list_checker, const JsonDocument& rate, const JsonPath& where) {
        return list_checker.number(rate, where, value.range);
      });
  if (!interval.present()) {
    checker.report_missing(interval.where(), read.spec("interval_s").value.range.describe(),
                           "required when per_hour is a list");
  }
  if (!values || !interval_s) return read.invalidate();
  Schedule schedule{*interval_s, std::move(*values)};
  if (!check_schedule_span(checker, rates.where(), schedule, read.reading().horizon_s)) {
    return read.invalidate();
  }
  scenario.arrivals_per_hour = std::move(schedule);
}

void arrivals_schema_rules(JsonDocument& schema) {
  schema["if"] = JsonDocument::parse(R"({"properties": {"per_hour": {"type": "array"}},
                                         "required": ["per_hour"]})");
  schema["then"] = JsonDocument::parse(R"({"required": ["interval_s"]})");
}

const Object<Scenario>& arrivals_section() {
  static const Object<Scenario> object{
      [] {
        ObjectSpec spec = object_spec(std::string(kArrivalsShape), "arrivals",
                                      "Poisson arrivals: a constant rate, or a schedule of rates.");
        spec.schema_rules = arrivals_schema_rules;
        return spec;
      }(),
      {key<Scenario>("interval_s", interval_seconds(), "the length of each rate's interval")
           .checked_with_schema("required when per_hour is a list")
           .read_by_object_rules(),
       key<Scenario>("per_hour", rates(kPerHour, "per hour"),
                     "the rate: a constant, or one per interval (a schedule)")
           .required()
           .checked_with("a list covers the horizon once, or repeats whole within it")
           .read_by_object_rules(),
       key("busyness_cv", number(kBusynessCv), &Scenario::busyness_cv,
           "each replication's rates times a gamma factor of mean 1 and this cv (0: Poisson)")
           .full_form()},
      nullptr,
      arrivals_rules};
  return object;
}

// routing.strategy as the reader will take it: human_only when absent, nullopt when invalid.
std::optional<Strategy> peek_strategy(const Field& routing) {
  if (!routing.present()) return Strategy::human_only;
  const JsonDocument& json = *routing.value();
  if (!json.is_object()) return std::nullopt;
  const auto strategy = json.find("strategy");
  if (strategy == json.end()) return Strategy::human_only;
  if (!strategy->is_string()) return std::nullopt;
  const auto& names = strategy_names();
  const auto found = std::find(names.begin(), names.end(), strategy->get<std::string>());
  if (found == names.end()) return std::nullopt;
  return static_cast<Strategy>(found - names.begin());
}

// What rules deeper in the file need: the horizon (schedules), the strategy (bot handle times),
// the reasons' names (the segments' mixes), each only when valid.
void prepare(ObjectRead<Scenario>& read, Scenario&) {
  Reading& reading = read.reading();
  reading.horizon_s = peek_number(read.json(), read.spec(), "horizon_s");
  if (reading.form != Form::full) return;
  reading.strategy = peek_strategy(read.field("routing"));
  reading.bots_needed_by = bots_needed_by(reading.strategy, read.field("population").value());
  const Field& reasons = read.field("reasons");
  if (reasons.present() && reasons.value()->size() <= kMaxNamedItems) {
    reading.reason_names = peek_names(*reasons.value());
  }
}

void report_both(ObjectRead<Scenario>& read, const Field& shorthand, std::string_view full) {
  read.checker().report(
      shorthand.where(),
      "either the shorthand " + shorthand.where().tokens().back() + " or " + std::string(full),
      "both");
}

// The shorthands patience_s and human_handle_s stand for one segment and one reason: a file
// that gives both a shorthand and its full form is an error.
bool read_patience_shorthand(ObjectRead<Scenario>& read, Scenario& scenario) {
  const Field& patience = read.field("patience_s");
  if (patience.present() && read.field("population").present()) {
    report_both(read, patience, "population");
    return false;
  }
  return read.read("patience_s", scenario);
}

bool read_handle_shorthand(ObjectRead<Scenario>& read, Scenario& scenario) {
  const Field& handle = read.field("human_handle_s");
  if (read.field("reasons").present()) {
    if (!handle.present()) return true;
    report_both(read, handle, "reasons");
    return false;
  }
  // Required without reasons; but a population without reasons is reported as such, and asking
  // for the shorthand as well would point the wrong way.
  if (handle.present() || !read.field("population").present()) {
    return read.read("human_handle_s", scenario, true);
  }
  return true;
}

// The rules between the full form's parts.
void journey_rules(ObjectRead<Scenario>& read, Scenario& scenario) {
  if (read.reading().form != Form::full) return;
  JsonChecker& checker = read.checker();
  const std::optional<Strategy> strategy = read.reading().strategy;
  // Rules that depend on a strategy are only judged when it is valid.
  const bool uses_bots = strategy && *strategy != Strategy::human_only;
  const std::string strategy_name = uses_bots ? std::string(to_string(*strategy)) : "";
  const std::string& bots_needed_by = read.reading().bots_needed_by;
  const Field& population = read.field("population");
  const Field& reasons = read.field("reasons");
  if (!read.field("bots").present() && !bots_needed_by.empty()) {
    checker.report(read.field("bots").where(), "a bots object when " + bots_needed_by, "nothing");
  }
  // A population's reason mix needs reasons; reasons need a population to say who has them.
  if (population.present() && !reasons.present()) {
    checker.report_missing(reasons.where(), read.spec("reasons").value.shape,
                           "required with population");
  }
  if (reasons.present() && !population.present()) {
    checker.report_missing(population.where(), read.spec("population").value.object->shape,
                           "required with reasons");
  }
  // The shorthand's single reason has no bot handle time, so a bot would have nothing to do.
  if (uses_bots && !reasons.present() && !population.present()) {
    checker.report(read.field("routing").where() / "strategy",
                   "\"human_only\" in a scenario without reasons (bots need each reason's "
                   "bot_handle_s)",
                   describe_json(JsonDocument(strategy_name)));
  }
  // Without humans in the journey (bot_only for every segment) nobody needs to take anything.
  if (!scenario.reasons.empty() && !scenario.groups.empty() && strategy &&
      !only_bots(strategy, scenario.segments)) {
    check_kinds_taken(checker, scenario.reasons, scenario.groups);
  }
}

// Every kind of reason in use is taken by some group, unless every segment's strategy is bot_only.
JsonDocument kinds_taken_schema() {
  JsonDocument each = JsonDocument::array();
  for (const std::string& kind : reason_kind_names()) {
    JsonDocument has_kind =
        JsonDocument::parse(R"({"properties": {"kind": {}}, "required": ["kind"]})");
    has_kind["properties"]["kind"]["const"] = kind;
    JsonDocument reason = has_kind;
    if (kind == to_string(Reason{}.kind)) {
      // A reason without a kind has the default one.
      reason = JsonDocument::object();
      reason["anyOf"] = JsonDocument::array(
          {has_kind, JsonDocument::parse(R"({"not": {"required": ["kind"]}})")});
    }
    // A group without kinds takes every kind (AgentGroup's default).
    JsonDocument takes = JsonDocument::parse(R"({"anyOf": [
        {"not": {"required": ["kinds"]}},
        {"properties": {"kinds": {"contains": {}}}},
        {"properties": {"takes_others": {"const": true}}, "required": ["takes_others"]}]})");
    takes["anyOf"][1]["properties"]["kinds"]["contains"]["const"] = kind;
    JsonDocument rule = JsonDocument::object();
    rule["if"]["properties"]["reasons"]["contains"] = std::move(reason);
    rule["if"]["required"] = JsonDocument::array({"reasons"});
    rule["then"]["properties"]["staffing"]["properties"]["groups"]["contains"] = std::move(takes);
    each.push_back(std::move(rule));
  }
  JsonDocument rule = JsonDocument::object();
  rule["if"]["not"] = only_bots_schema();
  rule["then"]["allOf"] = std::move(each);
  return rule;
}

constexpr std::string_view kClockTime =
    "a clock time \"HH:MM\" or \"HH:MM:SS\" from 00:00 to 23:59:59";
constexpr std::string_view kCurrency =
    "an ISO 4217 currency code of three capital letters like \"EUR\"";
constexpr std::string_view kClockPattern = "^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$";
constexpr std::string_view kCurrencyPattern = "^[A-Z]{3}$";

// The text of an optional string key, or nullopt (a value that is not a string is reported as
// not of the form `expected` names).
std::optional<std::string> text_of(const Field& field, std::string_view expected) {
  const JsonDocument* json = field.get(expected);
  if (json == nullptr) return std::nullopt;
  if (!json->is_string()) {
    field.checker().report_value(field.where(), expected, *json);
    return std::nullopt;
  }
  return json->get<std::string>();
}

// opens_at: the wall-clock time of t = 0, "HH:MM" or "HH:MM:SS", as seconds after midnight; it
// only labels the intervals of outputs.
bool read_opens_at(ObjectRead<Scenario>& read, Scenario& scenario) {
  const Field& field = read.field("opens_at");
  if (!field.present()) return true;
  const std::optional<std::string> text = text_of(field, kClockTime);
  if (!text) return false;
  const bool shape_ok = (text->size() == 5 || text->size() == 8) &&
                        text->find_first_not_of("0123456789:") == std::string::npos &&
                        (*text)[2] == ':' && (text->size() == 5 || (*text)[5] == ':');
  constexpr int kHoursPerDay = 24;
  constexpr int kSixty = 60;
  const auto two_digits = [&](std::size_t at) {
    const char a = (*text)[at];
    const char b = (*text)[at + 1];
    return (a >= '0' && a <= '9' && b >= '0' && b <= '9') ? (a - '0') * 10 + (b - '0') : -1;
  };
  const int hours = shape_ok ? two_digits(0) : -1;
  const int minutes = shape_ok ? two_digits(3) : -1;
  const int seconds = shape_ok && text->size() == 8 ? two_digits(6) : 0;
  if (hours < 0 || hours >= kHoursPerDay || minutes < 0 || minutes >= kSixty || seconds < 0 ||
      seconds >= kSixty) {
    read.checker().report_value(field.where(), kClockTime, *field.value());
    return false;
  }
  scenario.opens_at_s = static_cast<double>((hours * kSixty + minutes) * kSixty + seconds);
  return true;
}

// currency: an ISO 4217 code ("EUR", "USD", "GBP") that outputs print beside money.
bool read_currency(ObjectRead<Scenario>& read, Scenario& scenario) {
  const Field& field = read.field("currency");
  if (!field.present()) return true;
  const std::optional<std::string> text = text_of(field, kCurrency);
  if (!text) return false;
  if (text->size() != 3 ||
      text->find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos) {
    read.checker().report_value(field.where(), kCurrency, *field.value());
    return false;
  }
  scenario.currency = *text;
  return true;
}

void root_schema_rules(JsonDocument& schema) {
  schema["properties"]["opens_at"]["pattern"] = std::string(kClockPattern);
  schema["properties"]["currency"]["pattern"] = std::string(kCurrencyPattern);
  schema["dependentRequired"] =
      JsonDocument::parse(R"({"population": ["reasons"], "reasons": ["population"]})");
  JsonDocument rules = JsonDocument::parse(R"([
      {"not": {"required": ["patience_s", "population"]}},
      {"not": {"required": ["human_handle_s", "reasons"]}},
      {"if": {"not": {"anyOf": [{"required": ["reasons"]}, {"required": ["population"]}]}},
       "then": {"required": ["human_handle_s"]}}])");
  // A strategy with bots needs bots, reasons and every reason's bot_handle_s.
  JsonDocument bots = JsonDocument::parse(R"({
      "if": {"properties": {"routing": {"properties": {"strategy": {"enum": []}},
                                        "required": ["strategy"]}},
             "required": ["routing"]},
      "then": {"required": ["bots", "reasons"],
               "properties": {"reasons": {"items": {"required": ["bot_handle_s"]}}}}})");
  for (const std::string& strategy : strategy_names()) {
    if (strategy != to_string(Strategy::human_only)) {
      bots["if"]["properties"]["routing"]["properties"]["strategy"]["enum"].push_back(strategy);
    }
  }
  rules.push_back(std::move(bots));
  rules.push_back(segment_bots_schema());
  rules.push_back(kinds_taken_schema());
  schema["allOf"] = std::move(rules);
}

bool uses_full_keys(const ObjectSpec& spec, const JsonDocument& object) {
  if (!object.is_object()) return false;
  // The candidates in declaration order, so that the suggestion judged here is the one shown.
  std::vector<std::string> all;
  for (const KeySpec& key : spec.keys) all.emplace_back(key.name);
  for (auto it = object.begin(); it != object.end(); ++it) {
    const KeySpec* key = spec.find(it.key());
    if (key == nullptr) {
      const std::string near = closest_match(it.key(), all);
      key = near.empty() ? nullptr : spec.find(near);
    }
    if (key != nullptr && key->form == Form::full) return true;
  }
  return false;
}

}  // namespace

const Object<Scenario>& scenario_object() {
  using S = Scenario;
  static const Object<S> object{
      [] {
        ObjectSpec spec = object_spec("a scenario object", "Top level", "A ccsim scenario.");
        spec.schema_rules = root_schema_rules;
        return spec;
      }(),
      {key("name", name(), &S::name, "the scenario's name in outputs")
           .defaults_to("the file name without `.json`"),
       key("seed", integer<std::uint64_t>(0), &S::seed,
           "every random number is keyed by the seed, the replication and its purpose"),
       key("replications", integer<int>(1, kMaxReplications), &S::replications,
           "independent runs: the confidence intervals are across them"),
       key("horizon_s", number(kPositiveSeconds, "s"), &S::horizon_s,
           "arrivals stop here; the system then drains")
           .required(),
       key("warmup_s", number(kNonNegative, "s").below_key("horizon_s"), &S::warmup_s,
           "customers who arrive before this are simulated but not counted")
           .checked_with("below horizon_s"),
       key("service_level_threshold_s", seconds(), &S::service_level_threshold_s,
           "service level counts the contacts answered within this wait"),
       key("confidence", number(kConfidence), &S::confidence,
           "the confidence level of every interval"),
       key<S>("opens_at", name(),
              "the wall-clock time of t = 0: tables, results and CSV label intervals by clock "
              "time; it changes no figure")
           .defaults_to("absent: offsets from the start (`\"0:30\"`)")
           .checked_with_schema("\"HH:MM\" or \"HH:MM:SS\" from 00:00 to 23:59:59")
           .read_by(read_opens_at),
       key<S>("currency", name(), "the unit of every amount in the file and the results")
           .defaults_to("absent: unnamed")
           .checked_with_schema("three capital letters")
           .read_by(read_currency),
       key<S>("description", free_text(), "for readers of the file"),
       key<S>("sources", free_text(), "for readers of the file"),
       section("arrivals", arrivals_section(), "Poisson arrivals, per hour").required(),
       key("patience_s", distribution(ZeroMean::allowed), &S::patience_s,
           "the shorthand: every customer's patience in the queue (0: Erlang B)")
           .defaults_to("absent: customers never abandon")
           .checked_with_schema("not with population")
           .read_by(read_patience_shorthand),
       key("human_handle_s", distribution(ZeroMean::forbidden), &S::human_handle_s,
           "the shorthand: every contact's handle time")
           .defaults_to("required without `reasons`")
           .checked_with_schema("not with reasons")
           .read_by(read_handle_shorthand),
       section("staffing", staffing_section(), "who serves").required(),
       key("report_interval_s", interval_seconds(), &S::report_interval_s,
           "the width of the by-interval breakdown")
           .defaults_to("the arrivals' `interval_s`, else 3600")
           .full_form(),
       section("population", population_section(), "who contacts the centre")
           .full_form()
           .checked_with_schema("required with reasons"),
       list("reasons", reason_object(), &S::reasons, "reasons", "reason",
            std::string(kReasonsShape), "1 to 1000 reasons for contact")
           .full_form()
           .checked_with_schema("required with population"),
       key("empathy", empathy_object(), &S::empathy, "P(an empathy need is met), by who serves")
           .full_form(),
       key("bots", bots_object(), &S::bots, "the bot")
           .full_form()
           .checked_with_schema("required when routing.strategy or a segment's strategy uses bots"),
       key("frustration", frustration_object(), &S::frustration,
           "frustration caused by a long wait or a failed bot session")
           .full_form(),
       key("routing", routing_object(), &S::routing, "how contacts meet bots and humans")
           .full_form(),
       key("returns", returns_object(), &S::returns, "retrials and repeat contacts").full_form(),
       key("callback", callback_object(), &S::callback, "callbacks; the object enables them")
           .full_form(),
       key("chat", chat_object(), &S::chat, "silent leavers of chat").full_form(),
       key("satisfaction", satisfaction_object(), &S::satisfaction,
           "the satisfaction model's logit coefficients")
           .full_form(),
       key("churn", churn_object(), &S::churn, "the churn model's logit coefficients").full_form()},
      prepare,
      journey_rules};
  return object;
}

Form detect_form(const JsonDocument& root) {
  if (!root.is_object()) return Form::minimal;
  const ObjectSpec& spec = scenario_object().spec();
  if (uses_full_keys(spec, root)) return Form::full;
  for (const KeySpec& key : spec.keys) {
    const auto member = root.find(std::string(key.name));
    if (key.value.type == Type::object && member != root.end() &&
        uses_full_keys(*key.value.object, *member)) {
      return Form::full;
    }
  }
  return Form::minimal;
}

}  // namespace ccsim::format
