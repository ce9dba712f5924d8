// The scenario loader on the full customer-journey model: every value it states, the model's
// defaults for what it leaves out, and hostile values anywhere in it.
#include <catch2/catch.hpp>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ccsim/scenario/scenario.hpp"

namespace {

using ccsim::Channel;
using ccsim::DistKind;
using ccsim::ReasonKind;
using ccsim::Scenario;
using ccsim::ScenarioError;
using ccsim::Strategy;
using Json = nlohmann::ordered_json;

// Every key of the format, each with a value other than its default.
const Json kFullModel = Json::parse(R"({
  "name": "journey", "horizon_s": 28800, "warmup_s": 1800, "report_interval_s": 900,
  "arrivals": {"interval_s": 1800, "per_hour": [300, 400], "busyness_cv": 0.1},
  "population": {"segments": [
    {"name": "young", "share": 0.6, "patience_s": {"dist": "exponential", "mean": 90},
     "bot_patience_s": {"dist": "deterministic", "mean": 0}, "human_preference": 0.2,
     "reasons": {"billing": 0.7, "outage": 0.3}, "p_frustrated": 0.1, "priority": 1,
     "callback_acceptance": 0.4, "description": "18-34", "sources": ["a survey"]},
    {"name": "senior", "share": 0.4, "human_preference": 0.8,
     "reasons": {"outage": 0.5, "complaint": 0.5}, "p_frustrated": 0.3, "priority": 2,
     "callback_acceptance": 0.6}
  ]},
  "reasons": [
    {"name": "billing", "kind": "simple", "channel": "chat",
     "human_handle_s": {"dist": "gamma", "mean": 240, "cv": 0.8},
     "bot_handle_s": {"dist": "exponential", "mean": 150}, "bot_resolution": 0.6,
     "human_resolution": 0.95, "description": "invoices", "sources": "logs"},
    {"name": "outage", "kind": "complex", "human_handle_s": {"dist": "exponential", "mean": 420},
     "bot_handle_s": {"dist": "exponential", "mean": 200}, "bot_resolution": 0.2},
    {"name": "complaint", "kind": "sensitive", "channel": "voice",
     "human_handle_s": {"dist": "lognormal", "mean": 600, "sd": 300},
     "bot_handle_s": {"dist": "exponential", "mean": 100}}
  ],
  "empathy": {"bot": 0.2, "human": 0.5, "trained_human": 0.95},
  "staffing": {"groups": [
    {"name": "front", "agents": {"interval_s": 1800, "agents": [10, 12]}, "cost_per_hour": 30,
     "kinds": ["simple", "complex"], "overflow": {"to": "experts", "after_s": 60},
     "max_concurrent_chats": 3, "chat_slowdown": [1, 1.2, 1.5]},
    {"name": "experts", "agents": 5, "empathy_trained": true, "cost_per_hour": 45,
     "kinds": ["sensitive"], "takes_others": true}
  ]},
  "bots": {"concurrency": 50, "cost_per_session": 0.1, "discloses_bot": false,
           "offers_human": false},
  "routing": {"strategy": "bot_first", "escalated_patience_factor": 0.8,
              "bot_first": {"context_transfer": false, "no_context_handle_factor": 1.5,
                            "ask_human_after_s": 20, "no_human_option_patience_factor": 0.6,
                            "ask_human_conversion": 0.4},
              "triage": {"accuracy": 0.85}, "choice": {"bot_above_wait_s": 200}},
  "returns": {"retrial_probability": 0.3, "retrial_delay_s": {"dist": "exponential", "mean": 300},
              "repeat_probability": 0.5,
              "repeat_delay_s": {"dist": "deterministic", "mean": 3600}, "max_attempts": 3},
  "callback": {"offer_above_wait_s": 90, "unreached_handle_s": {"dist": "deterministic", "mean": 45},
               "success_probability": 0.7},
  "chat": {"silent_leave_probability": 0.25, "discovery_s": 45},
  "satisfaction": {"intercept": 1, "per_minute_waited": -0.1, "resolved": 2, "unresolved": -2,
                   "empathy_unmet": -1, "per_repeat_contact": -0.5, "per_transfer": -0.2,
                   "no_context_on_transfer": -0.7, "undisclosed_bot": -0.6, "gave_up": -3,
                   "callback": 0.3},
  "churn": {"intercept": -3, "dissatisfied": 1.5, "gave_up": 0.9, "empathy_unmet": 0.7,
            "unresolved": 0.4, "bot_disclosed": 0.2}
})");

// The smallest file in the full form: one segment, one reason, the shorthand staffing.
Json minimal_full() {
  return Json::parse(R"({
    "horizon_s": 7200,
    "arrivals": {"per_hour": 100},
    "population": {"segments": [{"name": "all", "reasons": {"only": 1}}]},
    "reasons": [{"name": "only", "human_handle_s": {"dist": "exponential", "mean": 60}}],
    "staffing": {"humans": 3}
  })");
}

// The smallest file in the minimal form.
Json minimal_shorthand() {
  return Json::parse(R"({
    "horizon_s": 7200,
    "arrivals": {"per_hour": 100},
    "human_handle_s": {"dist": "exponential", "mean": 60},
    "staffing": {"humans": 3}
  })");
}

Scenario parse(const Json& json) {
  return ccsim::parse_scenario(json.dump(), "test.json");
}

}  // namespace

TEST_CASE("A full customer-journey file loads with every value it states", "[scenario]") {
  const Scenario s = parse(kFullModel);
  CHECK(s.report_interval_s == 900.0);
  CHECK(s.busyness_cv == 0.1);
  CHECK(s.arrivals_per_hour.values == std::vector<double>{300.0, 400.0});

  REQUIRE(s.segments.size() == 2);
  const auto& young = s.segments[0];
  CHECK(young.name == "young");
  CHECK(young.share == 0.6);
  REQUIRE(young.patience_s.has_value());
  CHECK(young.patience_s->mean == 90.0);
  REQUIRE(young.bot_patience_s.has_value());
  CHECK(young.bot_patience_s->kind == DistKind::deterministic);
  CHECK(young.bot_patience_s->mean == 0.0);
  CHECK(young.human_preference == 0.2);
  CHECK(young.reason_mix == std::vector<double>{0.7, 0.3, 0.0});
  CHECK(young.p_frustrated == 0.1);
  CHECK(young.priority == 1);
  CHECK(young.callback_acceptance == 0.4);
  const auto& senior = s.segments[1];
  CHECK_FALSE(senior.patience_s.has_value());
  CHECK_FALSE(senior.bot_patience_s.has_value());
  CHECK(senior.reason_mix == std::vector<double>{0.0, 0.5, 0.5});
  CHECK(senior.priority == 2);

  REQUIRE(s.reasons.size() == 3);
  CHECK(s.reasons[0].name == "billing");
  CHECK(s.reasons[0].kind == ReasonKind::simple);
  CHECK(s.reasons[0].channel == Channel::chat);
  CHECK(s.reasons[0].human_handle_s.kind == DistKind::gamma);
  CHECK(s.reasons[0].human_handle_s.param == 0.8);
  CHECK(s.reasons[0].bot_handle_s.mean == 150.0);
  CHECK(s.reasons[0].bot_resolution == 0.6);
  CHECK(s.reasons[0].human_resolution == 0.95);
  CHECK(s.reasons[1].kind == ReasonKind::complex);
  CHECK(s.reasons[1].channel == Channel::voice);
  CHECK(s.reasons[2].kind == ReasonKind::sensitive);
  CHECK(s.reasons[2].human_handle_s.kind == DistKind::lognormal);

  CHECK(s.empathy.bot == 0.2);
  CHECK(s.empathy.human == 0.5);
  CHECK(s.empathy.trained_human == 0.95);

  REQUIRE(s.groups.size() == 2);
  const auto& front = s.groups[0];
  CHECK(front.name == "front");
  CHECK(front.agents.interval_s == 1800.0);
  CHECK(front.agents.values == std::vector<double>{10.0, 12.0});
  CHECK_FALSE(front.empathy_trained);
  CHECK(front.cost_per_hour == 30.0);
  CHECK(front.kinds == std::vector<ReasonKind>{ReasonKind::simple, ReasonKind::complex});
  CHECK_FALSE(front.takes_others);
  CHECK(front.overflow_to == std::optional<std::size_t>(1));
  CHECK(front.overflow_after_s == 60.0);
  CHECK(front.max_concurrent_chats == 3);
  CHECK(front.chat_slowdown == std::vector<double>{1.0, 1.2, 1.5});
  const auto& experts = s.groups[1];
  CHECK(experts.agents.values == std::vector<double>{5.0});
  CHECK(experts.empathy_trained);
  CHECK(experts.kinds == std::vector<ReasonKind>{ReasonKind::sensitive});
  CHECK(experts.takes_others);
  CHECK_FALSE(experts.overflow_to.has_value());
  CHECK(s.humans.values.empty());

  REQUIRE(s.bots.has_value());
  CHECK(s.bots->concurrency == 50);
  CHECK(s.bots->cost_per_session == 0.1);
  CHECK_FALSE(s.bots->discloses_bot);
  CHECK_FALSE(s.bots->offers_human);

  CHECK(s.routing.strategy == Strategy::bot_first);
  CHECK(s.routing.escalated_patience_factor == 0.8);
  CHECK_FALSE(s.routing.context_transfer);
  CHECK(s.routing.no_context_handle_factor == 1.5);
  CHECK(s.routing.ask_human_after_s == 20.0);
  CHECK(s.routing.no_human_option_patience_factor == 0.6);
  CHECK(s.routing.triage_accuracy == 0.85);
  CHECK(s.routing.ask_human_conversion == 0.4);
  CHECK(s.routing.choice_bot_above_wait_s == 200.0);

  CHECK(s.returns.retrial_probability == 0.3);
  CHECK(s.returns.retrial_delay_s.mean == 300.0);
  CHECK(s.returns.repeat_probability == 0.5);
  CHECK(s.returns.repeat_delay_s.kind == DistKind::deterministic);
  CHECK(s.returns.max_attempts == 3);

  CHECK(s.callback.enabled);
  CHECK(s.callback.offer_above_wait_s == 90.0);
  CHECK(s.callback.unreached_handle_s.mean == 45.0);
  CHECK(s.callback.success_probability == 0.7);

  CHECK(s.chat.silent_leave_probability == 0.25);
  CHECK(s.chat.discovery_s == 45.0);

  CHECK(s.satisfaction.intercept == 1.0);
  CHECK(s.satisfaction.per_minute_waited == -0.1);
  CHECK(s.satisfaction.no_context_on_transfer == -0.7);
  CHECK(s.satisfaction.callback == 0.3);
  CHECK(s.churn.intercept == -3.0);
  CHECK(s.churn.dissatisfied == 1.5);
  CHECK(s.churn.bot_disclosed == 0.2);
}

TEST_CASE("Journey keys left out take the model's defaults", "[scenario]") {
  const Scenario s = parse(minimal_full());
  CHECK(s.busyness_cv == 0.0);
  CHECK(s.report_interval_s == 0.0);
  CHECK_FALSE(s.patience_s.has_value());
  REQUIRE(s.segments.size() == 1);
  const ccsim::Segment segment_default;
  CHECK(s.segments[0].share == 1.0);
  CHECK_FALSE(s.segments[0].patience_s.has_value());
  CHECK_FALSE(s.segments[0].bot_patience_s.has_value());
  CHECK(s.segments[0].human_preference == segment_default.human_preference);
  CHECK(s.segments[0].reason_mix == std::vector<double>{1.0});
  CHECK(s.segments[0].p_frustrated == segment_default.p_frustrated);
  CHECK(s.segments[0].priority == segment_default.priority);
  CHECK(s.segments[0].callback_acceptance == segment_default.callback_acceptance);
  REQUIRE(s.reasons.size() == 1);
  const ccsim::Reason reason_default;
  CHECK(s.reasons[0].kind == reason_default.kind);
  CHECK(s.reasons[0].channel == reason_default.channel);
  CHECK(s.reasons[0].bot_handle_s.kind == reason_default.bot_handle_s.kind);
  CHECK(s.reasons[0].bot_handle_s.mean == reason_default.bot_handle_s.mean);
  CHECK(s.reasons[0].bot_resolution == reason_default.bot_resolution);
  CHECK(s.reasons[0].human_resolution == reason_default.human_resolution);
  CHECK(s.groups.empty());
  CHECK(s.humans.values == std::vector<double>{3.0});
  CHECK(s.humans_cost_per_hour == 0.0);
  CHECK_FALSE(s.bots.has_value());

  const ccsim::Routing routing;
  CHECK(s.routing.strategy == Strategy::human_only);
  CHECK(s.routing.context_transfer == routing.context_transfer);
  CHECK(s.routing.no_context_handle_factor == routing.no_context_handle_factor);
  CHECK(s.routing.ask_human_after_s == routing.ask_human_after_s);
  CHECK(s.routing.triage_accuracy == routing.triage_accuracy);
  CHECK(s.routing.escalated_patience_factor == routing.escalated_patience_factor);
  CHECK(s.routing.no_human_option_patience_factor == routing.no_human_option_patience_factor);
  const ccsim::Empathy empathy;
  CHECK(s.empathy.bot == empathy.bot);
  CHECK(s.empathy.human == empathy.human);
  CHECK(s.empathy.trained_human == empathy.trained_human);
  const ccsim::Returns returns;
  CHECK(s.returns.retrial_probability == returns.retrial_probability);
  CHECK(s.returns.retrial_delay_s.mean == returns.retrial_delay_s.mean);
  CHECK(s.returns.repeat_probability == returns.repeat_probability);
  CHECK(s.returns.repeat_delay_s.mean == returns.repeat_delay_s.mean);
  CHECK(s.returns.max_attempts == returns.max_attempts);
  const ccsim::Callback callback;
  CHECK_FALSE(s.callback.enabled);
  CHECK(s.callback.offer_above_wait_s == callback.offer_above_wait_s);
  CHECK(s.callback.success_probability == callback.success_probability);
  const ccsim::Chat chat;
  CHECK(s.chat.silent_leave_probability == chat.silent_leave_probability);
  CHECK(s.chat.discovery_s == chat.discovery_s);
  const ccsim::SatisfactionModel satisfaction;
  CHECK(s.satisfaction.intercept == satisfaction.intercept);
  CHECK(s.satisfaction.per_minute_waited == satisfaction.per_minute_waited);
  CHECK(s.satisfaction.gave_up == satisfaction.gave_up);
  const ccsim::ChurnModel churn;
  CHECK(s.churn.intercept == churn.intercept);
  CHECK(s.churn.dissatisfied == churn.dissatisfied);
}

TEST_CASE("A group's defaults take every kind and hold one chat at full speed", "[scenario]") {
  auto json = minimal_full();
  json["staffing"] = Json::parse(R"({"groups": [{"name": "all", "agents": 4},
                                                {"name": "chat", "agents": 2,
                                                 "max_concurrent_chats": 3}]})");
  const Scenario s = parse(json);
  REQUIRE(s.groups.size() == 2);
  const ccsim::AgentGroup group_default;
  CHECK(s.groups[0].kinds == group_default.kinds);
  CHECK(s.groups[0].kinds.size() == static_cast<std::size_t>(ccsim::kReasonKinds));
  CHECK_FALSE(s.groups[0].empathy_trained);
  CHECK_FALSE(s.groups[0].takes_others);
  CHECK(s.groups[0].cost_per_hour == 0.0);
  CHECK_FALSE(s.groups[0].overflow_to.has_value());
  CHECK(s.groups[0].max_concurrent_chats == 1);
  CHECK(s.groups[0].chat_slowdown == std::vector<double>{1.0});
  CHECK(s.groups[1].chat_slowdown == std::vector<double>{1.0, 1.0, 1.0});
}

TEST_CASE("A callback object enables callbacks, even an empty one", "[scenario]") {
  auto json = minimal_shorthand();
  json["callback"] = Json::object();
  const Scenario s = parse(json);
  CHECK(s.callback.enabled);
  CHECK(s.callback.offer_above_wait_s == ccsim::Callback{}.offer_above_wait_s);
}

// --- hostile input in the full form

namespace {

// What the engine relies on in every scenario that loads.
void check_consistent(const Scenario& s) {
  CHECK(s.segments.empty() == s.reasons.empty());
  double shares = 0.0;
  for (const auto& segment : s.segments) {
    CHECK(segment.reason_mix.size() == s.reasons.size());
    shares += segment.share;
  }
  if (!s.segments.empty()) CHECK(shares == Approx(1.0));
  for (const auto& group : s.groups) {
    CHECK(group.chat_slowdown.size() == static_cast<std::size_t>(group.max_concurrent_chats));
    CHECK_FALSE(group.kinds.empty());
    if (group.overflow_to) CHECK(*group.overflow_to < s.groups.size());
  }
  if (s.routing.strategy != Strategy::human_only) CHECK(s.bots.has_value());
  if (s.groups.empty()) CHECK_FALSE(s.humans.values.empty());
}

// Loads `text`, failing the test on any exception but ScenarioError or on a malformed problem;
// what loads must be consistent.
void expect_load_or_problems(const std::string& text) {
  try {
    INFO(text);
    check_consistent(ccsim::parse_scenario(text, "hostile.json"));
  } catch (const ScenarioError& error) {
    REQUIRE_FALSE(error.problems().empty());
    for (const std::string& line : error.problems()) {
      INFO(line);
      CHECK(line.rfind("hostile.json: ", 0) == 0);
      CHECK(line.find('\n') == std::string::npos);
      CHECK(line.find("expected ") != std::string::npos);
      CHECK(line.find(", got ") != std::string::npos);
    }
  } catch (const std::exception& other) {
    FAIL("unexpected exception: " << other.what() << "\ninput: " << text);
  }
}

// Calls `visit` with the JSON pointer of every value in `json`, the root excepted.
void for_each_pointer(const Json& json, const Json::json_pointer& here,
                      const std::function<void(const Json::json_pointer&)>& visit) {
  if (json.is_object()) {
    for (const auto& [key, value] : json.items()) {
      visit(here / key);
      for_each_pointer(value, here / key, visit);
    }
  } else if (json.is_array()) {
    for (std::size_t i = 0; i < json.size(); ++i) {
      visit(here / i);
      for_each_pointer(json[i], here / i, visit);
    }
  }
}

}  // namespace

TEST_CASE("Any value anywhere in a full model is either accepted or reported", "[scenario]") {
  const std::vector<Json> replacements = {nullptr,
                                          true,
                                          0,
                                          -1,
                                          0.5,
                                          1.5,
                                          1e308,
                                          18446744073709551615ULL,
                                          "",
                                          "front",
                                          Json::array(),
                                          Json::array({1, "x"}),
                                          Json::object(),
                                          Json::object({{"dist", "gamma"}})};
  for_each_pointer(kFullModel, Json::json_pointer(), [&](const Json::json_pointer& where) {
    for (const Json& replacement : replacements) {
      Json changed = kFullModel;
      changed[where] = replacement;
      expect_load_or_problems(changed.dump());
    }
    Json removed = kFullModel;
    Json& parent = removed[where.parent_pointer()];
    if (parent.is_object()) {
      parent.erase(where.back());
      expect_load_or_problems(removed.dump());
    }
  });
}
