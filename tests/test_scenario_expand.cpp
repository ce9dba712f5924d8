// expand_shorthands, which turns a scenario's shorthands into the full customer-journey form,
// and the names of the model's enumerations.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "ccsim/scenario/scenario.hpp"

namespace {

using ccsim::Channel;
using ccsim::ReasonKind;
using ccsim::Scenario;
using ccsim::Strategy;
using Json = nlohmann::ordered_json;

// The smallest file in the minimal form.
Json minimal_shorthand() {
  return Json::parse(R"({
    "horizon_s": 7200,
    "arrivals": {"per_hour": 100},
    "human_handle_s": {"dist": "exponential", "mean": 60},
    "staffing": {"humans": 3}
  })");
}

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

Scenario parse(const Json& json) {
  return ccsim::parse_scenario(json.dump(), "test.json");
}

}  // namespace

TEST_CASE("The model's names are the file format's", "[scenario]") {
  CHECK(ccsim::to_string(ReasonKind::simple) == "simple");
  CHECK(ccsim::to_string(ReasonKind::complex) == "complex");
  CHECK(ccsim::to_string(ReasonKind::sensitive) == "sensitive");
  CHECK(ccsim::to_string(Channel::voice) == "voice");
  CHECK(ccsim::to_string(Channel::chat) == "chat");
  CHECK(ccsim::to_string(Strategy::human_only) == "human_only");
  CHECK(ccsim::to_string(Strategy::bot_only) == "bot_only");
  CHECK(ccsim::to_string(Strategy::bot_first) == "bot_first");
  CHECK(ccsim::to_string(Strategy::triage) == "triage");
  CHECK(ccsim::to_string(Strategy::choice) == "choice");
}

// --- expand_shorthands

TEST_CASE("expand_shorthands turns the minimal scenario into one segment, reason and group",
          "[scenario]") {
  auto json = minimal_shorthand();
  json["patience_s"] = Json::parse(R"({"dist": "exponential", "mean": 120})");
  json["staffing"]["cost_per_hour"] = 25;
  const Scenario s = ccsim::expand_shorthands(parse(json));
  REQUIRE(s.segments.size() == 1);
  CHECK(s.segments[0].name == "all");
  CHECK(s.segments[0].share == 1.0);
  REQUIRE(s.segments[0].patience_s.has_value());
  CHECK(s.segments[0].patience_s->mean == 120.0);
  CHECK(s.segments[0].human_preference == 0.0);
  CHECK(s.segments[0].reason_mix == std::vector<double>{1.0});
  REQUIRE(s.reasons.size() == 1);
  CHECK(s.reasons[0].name == "default");
  CHECK(s.reasons[0].kind == ReasonKind::simple);
  CHECK(s.reasons[0].channel == Channel::voice);
  CHECK(s.reasons[0].human_handle_s.mean == 60.0);
  CHECK(s.reasons[0].bot_resolution == 0.0);
  CHECK(s.reasons[0].human_resolution == 1.0);
  REQUIRE(s.groups.size() == 1);
  CHECK(s.groups[0].name == "humans");
  CHECK(s.groups[0].agents.values == std::vector<double>{3.0});
  CHECK(s.groups[0].cost_per_hour == 25.0);
  CHECK(s.groups[0].kinds.size() == static_cast<std::size_t>(ccsim::kReasonKinds));
  CHECK(s.report_interval_s == 3600.0);
}

TEST_CASE("expand_shorthands keeps a segment without patience patient", "[scenario]") {
  const Scenario s = ccsim::expand_shorthands(parse(minimal_shorthand()));
  CHECK_FALSE(s.segments.at(0).patience_s.has_value());
}

TEST_CASE("The report interval defaults to the arrivals' interval, then to an hour", "[scenario]") {
  auto json = minimal_shorthand();
  json["arrivals"] = Json::parse(R"({"interval_s": 1800, "per_hour": [100, 200]})");
  CHECK(ccsim::expand_shorthands(parse(json)).report_interval_s == 1800.0);
  json["report_interval_s"] = 600;
  CHECK(ccsim::expand_shorthands(parse(json)).report_interval_s == 600.0);
}

TEST_CASE("expand_shorthands returns a full scenario as it is", "[scenario]") {
  auto json = minimal_full();
  json["staffing"] = Json::parse(R"({"groups": [{"name": "front", "agents": 2},
                                                {"name": "back", "agents": 1}]})");
  json["report_interval_s"] = 900;
  const Scenario loaded = parse(json);
  const Scenario s = ccsim::expand_shorthands(loaded);
  REQUIRE(s.segments.size() == 1);
  CHECK(s.segments[0].name == "all");
  CHECK(s.segments[0].reason_mix == loaded.segments[0].reason_mix);
  REQUIRE(s.reasons.size() == 1);
  CHECK(s.reasons[0].name == "only");
  REQUIRE(s.groups.size() == 2);
  CHECK(s.groups[0].name == "front");
  CHECK(s.groups[1].agents.values == std::vector<double>{1.0});
  CHECK(s.report_interval_s == 900.0);
  const Scenario again = ccsim::expand_shorthands(s);
  CHECK(again.segments.size() == 1);
  CHECK(again.groups.size() == 2);
}

TEST_CASE("A full population keeps the shorthand staffing as one group", "[scenario]") {
  const Scenario s = ccsim::expand_shorthands(parse(minimal_full()));
  REQUIRE(s.groups.size() == 1);
  CHECK(s.groups[0].name == "humans");
  CHECK(s.segments.at(0).name == "all");
  CHECK(s.reasons.at(0).name == "only");
}

TEST_CASE("expand_shorthands rejects segments without reasons", "[scenario]") {
  Scenario s = parse(minimal_full());
  s.reasons.clear();
  CHECK_THROWS_AS(ccsim::expand_shorthands(s), std::invalid_argument);
}
