// The scenario format's documents, written from the declarations the loader reads by: the
// committed copies are current, and what they say agrees with what the loader does.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "ccsim/scenario/scenario.hpp"
#include "ccsim/scenario/schema.hpp"
#include "test_support.hpp"

namespace {

std::string file_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("The committed scenarios/schema.json is what ccsim schema writes", "[scenario][schema]") {
  // When this fails after a change to sim/scenario/scenario_keys_*.cpp:
  //   build/ccsim schema --out scenarios/schema.json
  CHECK(file_text(ccsim::test::source_path("scenarios/schema.json")) ==
        ccsim::scenario_json_schema());
}

TEST_CASE("The committed docs/scenario-keys.md is what ccsim schema --markdown writes",
          "[scenario][schema]") {
  //   build/ccsim schema --markdown --out docs/scenario-keys.md
  CHECK(file_text(ccsim::test::source_path("docs/scenario-keys.md")) ==
        ccsim::scenario_key_tables());
}

TEST_CASE("Every key the schema declares has a description and its stated default loads",
          "[scenario][schema]") {
  const nlohmann::json schema = nlohmann::json::parse(ccsim::scenario_json_schema());
  const nlohmann::json& keys = schema.at("properties");
  for (auto it = keys.begin(); it != keys.end(); ++it) {
    INFO(it.key());
    CHECK(!it.value().value("description", std::string()).empty());
  }
  // The run keys' stated defaults are the loader's: a scenario that writes them out loads to
  // the same values as one that leaves them out.
  const std::string minimal =
      R"({"horizon_s": 3600, "arrivals": {"per_hour": 100},
          "human_handle_s": {"dist": "exponential", "mean": 180}, "staffing": {"humans": 5}})";
  nlohmann::json explicit_defaults = nlohmann::json::parse(minimal);
  for (const char* key :
       {"seed", "replications", "warmup_s", "service_level_threshold_s", "confidence"}) {
    INFO(key);
    REQUIRE(keys.at(key).contains("default"));
    explicit_defaults[key] = keys.at(key).at("default");
  }
  const ccsim::Scenario left_out = ccsim::parse_scenario(minimal, "left-out.json");
  const ccsim::Scenario written = ccsim::parse_scenario(explicit_defaults.dump(), "written.json");
  CHECK(written.seed == left_out.seed);
  CHECK(written.replications == left_out.replications);
  CHECK(written.warmup_s == left_out.warmup_s);
  CHECK(written.service_level_threshold_s == left_out.service_level_threshold_s);
  CHECK(written.confidence == left_out.confidence);
}
