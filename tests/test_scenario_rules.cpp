// The rules across the keys of a scenario file (a shorthand and its full form, a population
// and its reasons, a bot strategy and its bots), suggestions for names, and which keys
// unknown-key messages list.
#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ccsim/scenario/scenario.hpp"

namespace {

using Json = nlohmann::ordered_json;
using Lines = std::vector<std::string>;

// Two segments, two reasons with bot handle times, the shorthand staffing.
Json journey() {
  return Json::parse(R"({
    "horizon_s": 7200,
    "arrivals": {"per_hour": 100},
    "population": {"segments": [
      {"name": "young", "share": 0.5, "reasons": {"billing": 0.5, "outage": 0.5}},
      {"name": "senior", "share": 0.5, "reasons": {"outage": 1}}]},
    "reasons": [
      {"name": "billing", "human_handle_s": {"dist": "exponential", "mean": 200},
       "bot_handle_s": {"dist": "exponential", "mean": 100}},
      {"name": "outage", "kind": "complex", "human_handle_s": {"dist": "exponential", "mean": 400},
       "bot_handle_s": {"dist": "exponential", "mean": 150}}],
    "staffing": {"humans": 10}
  })");
}

Json shorthand() {
  return Json::parse(R"({
    "horizon_s": 7200,
    "arrivals": {"per_hour": 100},
    "human_handle_s": {"dist": "exponential", "mean": 60},
    "staffing": {"humans": 3}
  })");
}

const Json kExponential = Json::parse(R"({"dist": "exponential", "mean": 60})");

// The problems `json` is rejected with; empty when it loads.
Lines problems_of(const Json& json) {
  try {
    ccsim::parse_scenario(json.dump(), "bad.json");
  } catch (const ccsim::ScenarioError& error) {
    return error.problems();
  }
  return {};
}

ccsim::Scenario parse(const Json& json) {
  return ccsim::parse_scenario(json.dump(), "test.json");
}

}  // namespace

TEST_CASE("The journey base file of these tests loads", "[scenario]") {
  CHECK(problems_of(journey()).empty());
  CHECK(problems_of(shorthand()).empty());
}

TEST_CASE("A shorthand beside its full form is one problem at the shorthand", "[scenario]") {
  auto json = journey();
  json["patience_s"] = kExponential;
  json["human_handle_s"] = kExponential;
  json["staffing"]["groups"] = Json::parse(R"([{"name": "all", "agents": 10}])");
  CHECK(problems_of(json) ==
        Lines{"bad.json: /staffing/humans: expected either the shorthand humans or groups, got "
              "both",
              "bad.json: /patience_s: expected either the shorthand patience_s or population, "
              "got both",
              "bad.json: /human_handle_s: expected either the shorthand human_handle_s or "
              "reasons, got both"});
}

TEST_CASE("A population needs reasons and reasons need a population", "[scenario]") {
  auto without_reasons = journey();
  without_reasons.erase("reasons");
  const Lines a = problems_of(without_reasons);
  REQUIRE(a.size() == 1);
  CHECK(a[0].rfind("bad.json: /reasons: expected a non-empty list of reason objects", 0) == 0);
  CHECK(a[0].find("got nothing (required with population)") != std::string::npos);

  auto without_population = journey();
  without_population.erase("population");
  const Lines b = problems_of(without_population);
  REQUIRE(b.size() == 1);
  CHECK(b[0].rfind("bad.json: /population: expected an object like", 0) == 0);
  CHECK(b[0].find("got nothing (required with reasons)") != std::string::npos);
}

TEST_CASE("Without reasons the shorthand handle time is required", "[scenario]") {
  auto json = shorthand();
  json.erase("human_handle_s");
  CHECK(problems_of(json) ==
        Lines{"bad.json: /human_handle_s: expected a distribution object like {\"dist\": "
              "\"exponential\", \"mean\": 60}, got nothing (required key missing)"});
}

TEST_CASE("Staffing needs the shorthand humans or groups", "[scenario]") {
  auto json = journey();
  json["staffing"] = Json::object();
  CHECK(problems_of(json) ==
        Lines{"bad.json: /staffing/humans: expected an integer in [0, 100000] or an object like "
              "{\"interval_s\": 1800, \"agents\": [50, 60]}, got nothing (required without "
              "groups)"});
}

TEST_CASE("A bot strategy needs a bots object", "[scenario]") {
  for (const char* strategy : {"bot_only", "bot_first", "triage", "choice"}) {
    auto json = journey();
    json["routing"] = {{"strategy", strategy}};
    CHECK(problems_of(json) == Lines{"bad.json: /bots: expected a bots object when "
                                     "routing.strategy is \"" +
                                     std::string(strategy) + "\", got nothing"});
    json["bots"] = {{"concurrency", 5}};
    CHECK(problems_of(json).empty());
  }
}

TEST_CASE("A bot strategy needs every reason's bot handle time", "[scenario]") {
  auto json = journey();
  json["bots"] = {{"concurrency", 5}};
  json["routing"] = {{"strategy", "triage"}};
  json["reasons"][0].erase("bot_handle_s");
  CHECK(problems_of(json) ==
        Lines{"bad.json: /reasons/0/bot_handle_s: expected a distribution object like "
              "{\"dist\": \"exponential\", \"mean\": 60}, got nothing (required when "
              "routing.strategy is \"triage\")"});
  json["routing"]["strategy"] = "human_only";
  CHECK(problems_of(json).empty());
}

TEST_CASE("A segment's own strategy overrides routing.strategy for its customers", "[scenario]") {
  auto json = journey();
  json["bots"] = {{"concurrency", 5}};
  json["routing"] = {{"strategy", "bot_first"}};
  json["population"]["segments"][1]["strategy"] = "human_only";
  const ccsim::Scenario s = parse(json);
  CHECK(ccsim::strategy_of(s, s.segments[0]) == ccsim::Strategy::bot_first);
  CHECK(ccsim::strategy_of(s, s.segments[1]) == ccsim::Strategy::human_only);
  CHECK(ccsim::uses_bots(s));
  json["population"]["segments"][0]["strategy"] = "human_only";
  CHECK_FALSE(ccsim::uses_bots(parse(json)));
}

TEST_CASE("A segment's strategy is one of the strategies, with a suggestion", "[scenario]") {
  auto json = journey();
  json["population"]["segments"][1]["strategy"] = "humans_only";
  CHECK(problems_of(json) ==
        Lines{"bad.json: /population/segments/1/strategy: expected one of human_only, bot_only, "
              "bot_first, triage, choice, got \"humans_only\" (did you mean \"human_only\"?)"});
}

TEST_CASE("A segment whose strategy uses bots needs a bots object", "[scenario]") {
  for (const char* strategy : {"bot_only", "bot_first", "triage", "choice"}) {
    auto json = journey();
    json["population"]["segments"][1]["strategy"] = strategy;
    CHECK(problems_of(json) ==
          Lines{"bad.json: /bots: expected a bots object when segment \"senior\" has strategy \"" +
                std::string(strategy) + "\", got nothing"});
    json["bots"] = {{"concurrency", 5}};
    CHECK(problems_of(json).empty());
  }
}

TEST_CASE("A segment whose strategy uses bots needs every reason's bot handle time", "[scenario]") {
  auto json = journey();
  json["bots"] = {{"concurrency", 5}};
  json["population"]["segments"][0]["strategy"] = "human_only";
  json["population"]["segments"][1]["strategy"] = "triage";
  json["reasons"][0].erase("bot_handle_s");
  json["reasons"][1].erase("bot_handle_s");
  CHECK(problems_of(json) ==
        Lines{"bad.json: /reasons/0/bot_handle_s: expected a distribution object like "
              "{\"dist\": \"exponential\", \"mean\": 60}, got nothing (required when segment "
              "\"senior\" has strategy \"triage\")",
              "bad.json: /reasons/1/bot_handle_s: expected a distribution object like "
              "{\"dist\": \"exponential\", \"mean\": 60}, got nothing (required when segment "
              "\"senior\" has strategy \"triage\")"});
  json["population"]["segments"][1]["strategy"] = "human_only";
  CHECK(problems_of(json).empty());
}

TEST_CASE("Kinds no group takes are an error unless every segment is bot_only", "[scenario]") {
  auto json = journey();
  json["bots"] = {{"concurrency", 5}};
  json["staffing"] = Json::parse(R"({"groups": [{"name": "front", "agents": 3,
                                                   "kinds": ["simple"]}]})");
  json["routing"] = {{"strategy", "bot_only"}};
  CHECK(problems_of(json).empty());
  json["population"]["segments"][1]["strategy"] = "bot_first";
  CHECK(problems_of(json).size() == 1);
  json["routing"] = {{"strategy", "human_only"}};
  json["population"]["segments"][0]["strategy"] = "bot_only";
  json["population"]["segments"][1]["strategy"] = "bot_only";
  CHECK(problems_of(json).empty());
}

TEST_CASE("A scenario without reasons cannot use bots", "[scenario]") {
  auto json = shorthand();
  json["bots"] = {{"concurrency", 5}};
  json["routing"] = {{"strategy", "bot_first"}};
  CHECK(problems_of(json) ==
        Lines{"bad.json: /routing/strategy: expected \"human_only\" in a scenario without "
              "reasons (bots need each reason's bot_handle_s), got \"bot_first\""});
}

TEST_CASE("No bot sessions at all is a valid extreme of a bot strategy", "[scenario]") {
  auto json = journey();
  json["bots"] = {{"concurrency", 0}};
  json["routing"] = {{"strategy", "bot_only"}};
  const auto s = ccsim::parse_scenario(json.dump(), "zero.json");
  REQUIRE(s.bots.has_value());
  CHECK(s.bots->concurrency == 0);
}

TEST_CASE("Groups state their own costs, not the staffing", "[scenario]") {
  auto json = journey();
  json["staffing"] = Json::parse(R"({"groups": [{"name": "a", "agents": 2}], "cost_per_hour": 9})");
  CHECK(problems_of(json) ==
        Lines{"bad.json: /staffing/cost_per_hour: expected cost_per_hour only beside humans "
              "(each group states its own), got 9"});
}

TEST_CASE("A group may overflow to a group listed after it", "[scenario]") {
  auto json = journey();
  json["staffing"] = Json::parse(R"({"groups": [
      {"name": "a", "agents": 1, "overflow": {"to": "c"}}, {"name": "b", "agents": 1},
      {"name": "c", "agents": 1, "overflow": {"to": "a", "after_s": 0}}]})");
  const ccsim::Scenario s = parse(json);
  CHECK(s.groups[0].overflow_to == std::optional<std::size_t>(2));
  CHECK(s.groups[0].overflow_after_s == 0.0);
  CHECK(s.groups[2].overflow_to == std::optional<std::size_t>(0));
}

TEST_CASE("Shares and mixes summing to 1 up to rounding are accepted", "[scenario]") {
  // In doubles, 0.3 + 0.6 + 0.1 is 0.9999999999999999.
  auto json = journey();
  json["population"]["segments"] = Json::parse(R"([
      {"name": "a", "share": 0.3, "reasons": {"billing": 0.3, "outage": 0.6, "complaint": 0.1}},
      {"name": "b", "share": 0.6, "reasons": {"outage": 1}},
      {"name": "c", "share": 0.1, "reasons": {"billing": 1}}])");
  json["reasons"].push_back(Json::parse(
      R"({"name": "complaint", "human_handle_s": {"dist": "exponential", "mean": 1}})"));
  const ccsim::Scenario s = parse(json);
  REQUIRE(s.segments.size() == 3);
  CHECK(s.segments[0].reason_mix == std::vector<double>{0.3, 0.6, 0.1});
}

TEST_CASE("The shorthand staffing may state its cost per hour", "[scenario]") {
  auto json = shorthand();
  json["staffing"]["cost_per_hour"] = 28.5;
  CHECK(parse(json).humans_cost_per_hour == 28.5);
}

TEST_CASE("A segment's unknown reason gets a suggestion among the reasons", "[scenario]") {
  auto json = journey();
  json["population"]["segments"][1]["reasons"] = {{"outgae", 1}};
  CHECK(problems_of(json) ==
        Lines{"bad.json: /population/segments/1/reasons/outgae: expected one of the reasons "
              "billing, outage, got unknown reason \"outgae\" (did you mean \"outage\"?)"});
}

TEST_CASE("An overflow to an unknown group gets a suggestion among the others", "[scenario]") {
  auto json = journey();
  json["staffing"] = Json::parse(R"({"groups": [
      {"name": "front", "agents": 5, "overflow": {"to": "backk", "after_s": 30}},
      {"name": "back", "agents": 5}]})");
  CHECK(problems_of(json) ==
        Lines{"bad.json: /staffing/groups/0/overflow/to: expected one of the groups back, got "
              "unknown group \"backk\" (did you mean \"back\"?)"});
}

TEST_CASE("The only group cannot overflow", "[scenario]") {
  auto json = journey();
  json["staffing"] = Json::parse(R"({"groups": [
      {"name": "front", "agents": 5, "overflow": {"to": "front"}}]})");
  CHECK(problems_of(json) == Lines{"bad.json: /staffing/groups/0/overflow/to: expected the name "
                                   "of another group, got \"front\", the group itself"});
}

TEST_CASE("Names are unique among reasons and among groups", "[scenario]") {
  auto json = journey();
  json["reasons"][1]["name"] = "billing";
  json["staffing"] =
      Json::parse(R"({"groups": [{"name": "a", "agents": 1}, {"name": "a", "agents": 1}]})");
  const Lines problems = problems_of(json);
  // The duplicated reason also makes the mix name "outage" unknown.
  CHECK(std::find(problems.begin(), problems.end(),
                  "bad.json: /reasons/1/name: expected a name no other reason has, got "
                  "\"billing\", already the name of reason 0") != problems.end());
  CHECK(std::find(problems.begin(), problems.end(),
                  "bad.json: /staffing/groups/1/name: expected a name no other group has, got "
                  "\"a\", already the name of group 0") != problems.end());
}

TEST_CASE("Every problem of a journey is reported at once, in document order", "[scenario]") {
  auto json = journey();
  json["population"]["segments"][0]["share"] = 0.25;
  json["population"]["segments"][1]["p_frustrated"] = -1;
  json["reasons"][1]["kind"] = "hard";
  json["returns"] = {{"max_attempts", 17}};
  json["chat"] = {{"discovery", 30}};
  CHECK(problems_of(json) ==
        Lines{"bad.json: /population/segments: expected shares summing to 1, got 0.75",
              "bad.json: /population/segments/1/p_frustrated: expected a number in [0, 1], got "
              "-1",
              "bad.json: /reasons/1/kind: expected one of simple, complex, sensitive, got \"hard\"",
              "bad.json: /returns/max_attempts: expected an integer in [1, 16], got 17",
              "bad.json: /chat/discovery: expected one of the keys silent_leave_probability, "
              "discovery_s, got unknown key \"discovery\" (did you mean \"discovery_s\"?)"});
}

// --- which keys unknown-key messages list

TEST_CASE("A minimal file is shown the minimal form's keys", "[scenario]") {
  auto json = shorthand();
  json["staffing"]["humanz"] = 1;
  CHECK(problems_of(json) == Lines{"bad.json: /staffing/humanz: expected one of the keys humans, "
                                   "got unknown key \"humanz\" (did you mean \"humans\"?)"});
}

TEST_CASE("A file using the full form is shown all its keys", "[scenario]") {
  auto json = journey();
  json["staffing"]["humanz"] = 1;
  CHECK(problems_of(json) ==
        Lines{"bad.json: /staffing/humanz: expected one of the keys humans, cost_per_hour, "
              "groups, shrinkage, got unknown key \"humanz\" (did you mean \"humans\"?)"});
}

TEST_CASE("A misspelt key of the full form is suggested in a minimal file", "[scenario]") {
  auto json = shorthand();
  json["staffing"]["group"] = Json::array();
  const Lines problems = problems_of(json);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].rfind("bad.json: /staffing/group: expected one of the keys humans, "
                          "cost_per_hour, groups, shrinkage, got unknown key \"group\" (did you "
                          "mean \"groups\"?)",
                          0) == 0);
}

TEST_CASE("Every key of the full form is known in an otherwise minimal file", "[scenario]") {
  const Json values = Json::parse(R"({
    "report_interval_s": 900, "population": null, "reasons": null, "empathy": {},
    "bots": {"concurrency": 1}, "routing": {}, "returns": {}, "callback": {}, "chat": {},
    "satisfaction": {}, "churn": {}})");
  for (const auto& [key, value] : values.items()) {
    INFO(key);
    auto json = shorthand();
    json[key] = value;
    for (const std::string& problem : problems_of(json)) {
      CHECK(problem.find("unknown key") == std::string::npos);
    }
  }
  auto arrivals = shorthand();
  arrivals["arrivals"]["busyness_cv"] = 0.2;
  CHECK(ccsim::parse_scenario(arrivals.dump(), "a.json").busyness_cv == 0.2);
}
