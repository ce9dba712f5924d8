// The scenario loader on hostile input: whatever the text, it either loads or throws a
// ScenarioError whose problems are single lines naming the file.
#include <catch2/catch.hpp>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ccsim/scenario/json_checker.hpp"
#include "ccsim/scenario/scenario.hpp"

namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kLabel = "hostile.json";

const Json kValid = Json::parse(R"({
  "name": "erlang-a", "seed": 1, "replications": 8, "horizon_s": 36000, "warmup_s": 3600,
  "service_level_threshold_s": 20, "confidence": 0.9, "description": ["a", "b"],
  "arrivals": {"interval_s": 1800, "per_hour": [2880, 3000]},
  "patience_s": {"dist": "empirical", "values": [60, 120], "weights": [1, 1]},
  "human_handle_s": {"dist": "uniform", "mean": 60, "half_width": 10},
  "staffing": {"humans": {"interval_s": 1800, "agents": [50, 55]}}
})");

// Loads `text`, failing the test on any exception but ScenarioError or on a malformed problem.
void expect_load_or_problems(const std::string& text) {
  try {
    ccsim::parse_scenario(text, kLabel);
  } catch (const ccsim::ScenarioError& error) {
    REQUIRE_FALSE(error.problems().empty());
    for (const std::string& line : error.problems()) {
      INFO(line);
      CHECK(line.rfind(std::string(kLabel) + ": ", 0) == 0);
      CHECK(line.find('\n') == std::string::npos);
      CHECK(line.find("expected ") != std::string::npos);
      CHECK(line.find(", got ") != std::string::npos);
      // Valid UTF-8 throughout: writing the line out as JSON must not fail.
      CHECK_NOTHROW(Json(line).dump());
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

TEST_CASE("No prefix of a valid file throws anything but a scenario error", "[scenario]") {
  const std::string text = kValid.dump(2);
  for (std::size_t length = 0; length < text.size(); ++length) {
    expect_load_or_problems(text.substr(0, length));
  }
}

TEST_CASE("Any value of any type anywhere is either accepted or reported", "[scenario]") {
  const std::vector<Json> replacements = {nullptr,
                                          true,
                                          false,
                                          0,
                                          -1,
                                          2.5,
                                          1e308,
                                          -1e308,
                                          18446744073709551615ULL,
                                          -9223372036854775807LL - 1,
                                          "",
                                          "text",
                                          Json::array(),
                                          Json::array({1, "x"}),
                                          Json::object(),
                                          Json::object({{"dist", "gamma"}})};
  for_each_pointer(kValid, Json::json_pointer(), [&](const Json::json_pointer& where) {
    for (const Json& replacement : replacements) {
      Json changed = kValid;
      changed[where] = replacement;
      expect_load_or_problems(changed.dump());
    }
    Json removed = kValid;
    Json& parent = removed[where.parent_pointer()];
    if (parent.is_object()) {
      parent.erase(where.back());
      expect_load_or_problems(removed.dump());
    }
  });
}

TEST_CASE("A root that is not an object is reported as a scenario error", "[scenario]") {
  for (const char* text : {"null", "3", "\"text\"", "[]", "true"}) {
    expect_load_or_problems(text);
  }
}

TEST_CASE("Nesting deeper than any scenario needs is reported, not recursed into", "[scenario]") {
  constexpr std::size_t kDepth = 100000;
  std::string text = kValid.dump();
  text.insert(1, "\"seed\": " + std::string(kDepth, '[') + std::string(kDepth, ']') + ", ");
  try {
    ccsim::parse_scenario(text, kLabel);
    FAIL("a deeply nested file loaded");
  } catch (const ccsim::ScenarioError& error) {
    // The root object is level 1, so level 101 is the 100th '[', which follows the 9
    // characters of `{"seed": `.
    CHECK(error.problems() ==
          std::vector<std::string>{"hostile.json: expected JSON nested at most 100 levels deep, "
                                   "got deeper nesting at line 1, column 109"});
  }
}

TEST_CASE("A released document is empty, whatever its nesting, and its parts are freed once",
          "[scenario]") {
  // Lists in objects in lists, long and short, empty containers and plain values: every shape
  // release_json takes apart container by container.
  ccsim::JsonDocument document = ccsim::JsonDocument::parse(
      R"({"a": [1, [2, [3, {"b": [4, 5], "c": {}}]], []], "d": {"e": {"f": [[], {}]}}, "g": 7})");
  ccsim::JsonDocument& rates = document["rates"];
  for (int i = 0; i < 100000; ++i) rates.push_back(ccsim::JsonDocument::array({i, "x"}));
  ccsim::release_json(document);
  CHECK(document.is_null());
  // A plain value or an empty container is released as it is.
  for (ccsim::JsonDocument value : {ccsim::JsonDocument(3), ccsim::JsonDocument("text"),
                                    ccsim::JsonDocument::array(), ccsim::JsonDocument::object()}) {
    ccsim::release_json(value);
    CHECK(value.is_null());
  }
}

TEST_CASE("An object of more keys than any format has is refused before it is parsed",
          "[scenario]") {
  // Two million keys once took minutes (the JSON library finds each new key by a linear
  // search); past 10,000 keys in one object the file is refused at the first key too many.
  std::string text = kValid.dump();
  text.pop_back();
  for (int i = 0; i < 200000; ++i) text += ",\"unknown" + std::to_string(i) + "\":0";
  text += "}";
  try {
    ccsim::parse_scenario(text, kLabel);
    FAIL("an object of 200,000 keys loaded");
  } catch (const ccsim::ScenarioError& error) {
    REQUIRE(error.problems().size() == 1);
    CHECK_THAT(error.problems()[0],
               Catch::Matchers::StartsWith(
                   "hostile.json: expected objects of at most 10000 keys, got more at line 1, "));
  }
}

TEST_CASE("An object of 10,000 keys is still read, each unknown key reported", "[scenario]") {
  Json json = kValid;
  const std::size_t unknown = 10000 - json.size();
  for (std::size_t i = 0; i < unknown; ++i) json["unknown" + std::to_string(i)] = 0;
  try {
    ccsim::parse_scenario(json.dump(), kLabel);
    FAIL("unknown keys loaded");
  } catch (const ccsim::ScenarioError& error) {
    CHECK(error.problems().size() == unknown);
  }
}

TEST_CASE("A nested value within the depth limit is described, not dumped", "[scenario]") {
  constexpr std::size_t kDepth = 90;
  Json json = kValid;
  json.erase("seed");
  std::string text = json.dump();
  text.insert(1, "\"seed\": " + std::string(kDepth, '[') + std::string(kDepth, ']') + ", ");
  try {
    ccsim::parse_scenario(text, kLabel);
    FAIL("a list seed was accepted");
  } catch (const ccsim::ScenarioError& error) {
    CHECK(error.problems() ==
          std::vector<std::string>{
              "hostile.json: /seed: expected an integer >= 0, got a list of 1 value"});
  }
}

TEST_CASE("Malformed JSON of every common kind is reported as a scenario error", "[scenario]") {
  for (const char* text :
       {"{", "{\"a\": }", "{\"a\" 1}", "{\"seed\": 1,}", "{'seed': 1}", "{\"seed\": NaN}",
        "{\"seed\": 1e99999}", "{\"s\": \"\x01\"}", "{\"s\": \"\xff\"}", "{} {}", "\xEF\xBB\xBF"}) {
    expect_load_or_problems(text);
  }
}

TEST_CASE("A key with control characters keeps its problem on one line", "[scenario]") {
  Json json = kValid;
  json["bad\nkey\t"] = 1;
  try {
    ccsim::parse_scenario(json.dump(), kLabel);
    FAIL("an unknown key was accepted");
  } catch (const ccsim::ScenarioError& error) {
    REQUIRE(error.problems().size() == 1);
    CHECK(error.problems()[0].rfind("hostile.json: /bad\\nkey\\t: expected", 0) == 0);
  }
}

TEST_CASE("A long string value is shown shortened", "[scenario]") {
  Json json = kValid;
  json["name"] = 3;
  json["seed"] = std::string(10000, 'x');
  try {
    ccsim::parse_scenario(json.dump(), kLabel);
    FAIL("a string seed was accepted");
  } catch (const ccsim::ScenarioError& error) {
    REQUIRE(error.problems().size() == 2);
    CHECK(error.problems()[1].size() < 200);
    CHECK(error.problems()[1].find("…\"") != std::string::npos);
  }
}
