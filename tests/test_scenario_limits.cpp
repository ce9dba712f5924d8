// The loader's rules beyond a value's own type: schedules against the horizon, repeated keys,
// kinds no group takes, the limits of the format, and inputs that are not scenario files.
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ccsim/scenario/scenario.hpp"

namespace {

using Json = nlohmann::ordered_json;
using Lines = std::vector<std::string>;

Json minimal() {
  return Json::parse(R"({
    "horizon_s": 36000,
    "arrivals": {"per_hour": 100},
    "human_handle_s": {"dist": "exponential", "mean": 60},
    "staffing": {"humans": 3}
  })");
}

Json two_groups() {
  return Json::parse(R"({
    "horizon_s": 28800,
    "arrivals": {"per_hour": 300},
    "population": {"segments": [{"name": "all", "reasons": {"billing": 0.9, "grief": 0.1}}]},
    "reasons": [
      {"name": "billing", "kind": "complex", "human_handle_s": {"dist": "exponential", "mean": 240},
       "bot_handle_s": {"dist": "exponential", "mean": 60}},
      {"name": "grief", "kind": "sensitive", "human_handle_s": {"dist": "exponential", "mean": 600},
       "bot_handle_s": {"dist": "exponential", "mean": 60}}
    ],
    "staffing": {"groups": [{"name": "front", "agents": 15, "kinds": ["complex"]}]}
  })");
}

Lines problems_of(const std::string& text) {
  try {
    ccsim::parse_scenario(text, "bad.json");
  } catch (const ccsim::ScenarioError& error) {
    return error.problems();
  }
  return {};
}

Lines problems_of(const Json& json) {
  return problems_of(json.dump());
}

Json schedule(double interval_s, std::vector<int> agents) {
  return Json{{"humans", {{"interval_s", interval_s}, {"agents", agents}}}};
}

}  // namespace

TEST_CASE("A schedule that covers the horizon once, to the last value, loads", "[scenario]") {
  auto json = minimal();
  json["staffing"] = schedule(3600, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  CHECK(problems_of(json).empty());
  // The last interval may run past the horizon: it still comes into force before it.
  json["staffing"] = schedule(4000, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  CHECK(problems_of(json).empty());
}

TEST_CASE("A schedule repeated a whole number of times within the horizon loads", "[scenario]") {
  auto json = minimal();
  json["staffing"] = schedule(1800, {4, 6});  // 3600 s, ten times
  CHECK(problems_of(json).empty());
  // 3 x 100.1 s into 36036 s: 120 repeats up to the rounding of decimal fractions.
  json["horizon_s"] = 36036;
  json["staffing"] = schedule(100.1, {4, 6, 8});
  CHECK(problems_of(json).empty());
}

TEST_CASE("A one-value schedule is a constant whatever its interval", "[scenario]") {
  auto json = minimal();
  json["staffing"] = schedule(7000, {4});
  CHECK(problems_of(json).empty());
}

TEST_CASE("A schedule whose last values start after the horizon is rejected", "[scenario]") {
  auto json = minimal();
  json["arrivals"] = {{"interval_s", 3600}, {"per_hour", {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}}};
  CHECK(problems_of(json) ==
        Lines{"bad.json: /arrivals/per_hour: expected at most 10 values (the intervals of "
              "interval_s = 3600 that start before horizon_s = 36000), got a list of 11 values: "
              "the last ones are never used"});
}

TEST_CASE("A horizon of whole intervals counts them whole despite binary rounding", "[scenario]") {
  // 1201.2 / 100.1 is 12.000000000000002 in binary: twelve intervals start before the horizon.
  auto json = minimal();
  json["horizon_s"] = 1201.2;
  json["staffing"] = schedule(100.1, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
  CHECK(problems_of(json).empty());
  json["staffing"] = schedule(100.1, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13});
  const Lines problems = problems_of(json);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].find("expected at most 12 values") != std::string::npos);
}

TEST_CASE("A schedule cut short by the horizon in its last repeat is rejected", "[scenario]") {
  auto json = minimal();
  json["staffing"] = schedule(1800, {4, 6, 8, 6, 4, 2, 1, 1});  // 4 hours into 10
  CHECK(problems_of(json) ==
        Lines{"bad.json: /staffing/humans/agents: expected values covering horizon_s = 36000 "
              "once, or a whole fraction of it (a schedule repeats whole), got a list of 8 values "
              "covering 14400 s, which horizon_s = 36000 holds 2.5 times"});
}

TEST_CASE("A group's schedule is judged against the horizon too", "[scenario]") {
  auto json = two_groups();
  json["staffing"]["groups"][0]["kinds"] = {"complex", "sensitive"};
  json["staffing"]["groups"][0]["agents"] = {{"interval_s", 3600}, {"agents", {1, 2, 3}}};
  const Lines problems = problems_of(json);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].rfind("bad.json: /staffing/groups/0/agents/agents: expected values covering",
                          0) == 0);
}

TEST_CASE("A key repeated deep inside a list is reported at its own pointer", "[scenario]") {
  auto json = two_groups();
  json["staffing"]["groups"][0]["takes_others"] = true;
  auto text = json.dump();
  const std::string needle = R"("name":"grief")";
  text.insert(text.find(needle) + needle.size(), R"(,"kind":"simple")");
  CHECK(problems_of(text) ==
        Lines{"bad.json: /reasons/1/kind: expected each key once in its object, got \"kind\" "
              "again (only its last value would count)"});
}

TEST_CASE("Every kind of reason must be taken by some group", "[scenario]") {
  CHECK(problems_of(two_groups()) ==
        Lines{"bad.json: /staffing/groups: expected groups that take every kind of reason (in "
              "kinds, or with takes_others), got no group taking \"sensitive\", the kind of "
              "reason \"grief\""});
}

TEST_CASE("A group that takes others, or no human in the journey, takes every kind", "[scenario]") {
  auto takes_others = two_groups();
  takes_others["staffing"]["groups"][0]["takes_others"] = true;
  CHECK(problems_of(takes_others).empty());
  auto bot_only = two_groups();
  bot_only["bots"] = {{"concurrency", 10}};
  bot_only["routing"] = {{"strategy", "bot_only"}};
  CHECK(problems_of(bot_only).empty());
}

TEST_CASE("Values past the format's limits are rejected with the limit", "[scenario]") {
  auto json = minimal();
  json["horizon_s"] = 2e9;
  json["replications"] = 10001;
  json["arrivals"] = {{"per_hour", 2e9}};
  json["staffing"] = {{"humans", 100001}};
  CHECK(problems_of(json) ==
        Lines{"bad.json: /horizon_s: expected a number in (0, 1e9], got 2000000000.0",
              "bad.json: /arrivals/per_hour: expected a number in [0, 1e9], got 2000000000.0",
              "bad.json: /staffing/humans: expected an integer in [0, 100000], got 100001",
              "bad.json: /replications: expected an integer in [1, 10000], got 10001"});
}

TEST_CASE("Values at the format's limits load", "[scenario]") {
  auto json = minimal();
  json["horizon_s"] = 1e9;
  json["replications"] = 10000;
  json["arrivals"] = {{"per_hour", 1e9}};
  json["staffing"] = {{"humans", 100000}};
  json["human_handle_s"] = {{"dist", "weibull"}, {"mean", 1e9}, {"shape", 0.1}};
  json["patience_s"] = {{"dist", "gamma"}, {"mean", 1e9}, {"cv", 100}};
  CHECK(problems_of(json).empty());
}

TEST_CASE("A device that never ends is refused past 64 MiB, not read for ever", "[scenario]") {
  try {
    ccsim::load_scenario_file("/dev/zero");
    FAIL("/dev/zero loaded");
  } catch (const ccsim::ScenarioError& error) {
    CHECK(error.problems() ==
          Lines{"/dev/zero: expected a scenario file of at most 64 MiB, got a larger one"});
  }
}

TEST_CASE("A directory given as a scenario is reported with the system's reason", "[scenario]") {
  const std::string dir = std::filesystem::temp_directory_path().string();
  try {
    ccsim::load_scenario_file(dir);
    FAIL("a directory loaded");
  } catch (const ccsim::ScenarioError& error) {
    CHECK(error.problems() ==
          Lines{dir + ": expected a readable scenario file, got Is a directory"});
  }
}

TEST_CASE("Names with control characters keep every message that lists them on one line",
          "[scenario]") {
  auto json = two_groups();
  json["staffing"]["groups"][0]["takes_others"] = true;
  json["reasons"][1]["name"] = "gr\nief";
  json["staffing"]["groups"][0]["overflow"] = {{"to", "back\tend"}};
  json["staffing"]["groups"].push_back({{"name", "back\r\x01"}, {"agents", 1}});
  CHECK(problems_of(json) ==
        Lines{"bad.json: /population/segments/0/reasons/grief: expected one of the reasons "
              "billing, gr\\nief, got unknown reason \"grief\" (did you mean \"gr\\nief\"?)",
              "bad.json: /staffing/groups/0/overflow/to: expected one of the groups "
              "back\\r\\u0001, got unknown group \"back\\tend\""});
}
