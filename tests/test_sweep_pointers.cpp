// Sweep pointers beyond RFC 6901: "*" wildcards, list items by name, multiplied values and axes
// that move together.
#include <catch2/catch.hpp>
#include <string>

#include "ccsim/experiment/sweep.hpp"

namespace {

using ccsim::JsonDocument;
using ccsim::parse_sweep_axis;
using ccsim::SweepError;
using ccsim::SweepGrid;
using ccsim::SweepOp;

const std::string kBase = R"({
  "population": {"segments": [{"name": "18-24", "share": 0.4, "human_preference": 0.6},
                              {"name": "75+", "share": 0.6, "human_preference": 0.7}]},
  "reasons": [{"name": "a", "bot_resolution": 0.8}, {"name": "b", "bot_resolution": 0.5}],
  "staffing": {"groups": [{"name": "g", "agents": 30}]},
  "arrivals": {"per_hour": 250}})";

JsonDocument base() {
  return JsonDocument::parse(kBase);
}

}  // namespace

TEST_CASE("A wildcard sets every item of a list", "[sweep]") {
  JsonDocument d = base();
  REQUIRE_FALSE(SweepGrid({parse_sweep_axis("/reasons/*/bot_resolution=0.3")}).apply(0, d));
  CHECK(d["reasons"][0]["bot_resolution"] == 0.3);
  CHECK(d["reasons"][1]["bot_resolution"] == 0.3);
}

TEST_CASE("A list item is addressed by its name", "[sweep]") {
  JsonDocument d = base();
  REQUIRE_FALSE(
      SweepGrid({parse_sweep_axis("/population/segments/75+/human_preference=0.9")}).apply(0, d));
  CHECK(d["population"]["segments"][1]["human_preference"] == 0.9);
  CHECK(d["population"]["segments"][0]["human_preference"] == 0.6);
}

TEST_CASE("An unknown name is one line naming the names there are", "[sweep]") {
  JsonDocument d = base();
  const auto problem =
      SweepGrid({parse_sweep_axis("/population/segments/80+/share=0.1")}).apply(0, d);
  REQUIRE(problem);
  CHECK(*problem ==
        "/population/segments/80+/share: expected an index of the array at "
        "/population/segments (0 to 2 - 1) or the name of one of its items (18-24, 75+), got 80+");
  CHECK(d == base());
}

TEST_CASE("*= multiplies every number named and keeps integers whole", "[sweep]") {
  const ccsim::SweepAxis axis = parse_sweep_axis("/reasons/*/bot_resolution*=[0.5,1]");
  CHECK(axis.op == SweepOp::multiply);
  CHECK(axis.pointer == "/reasons/*/bot_resolution");
  CHECK(axis.column() == "/reasons/*/bot_resolution*");
  const SweepGrid grid({axis, parse_sweep_axis("/staffing/groups/g/agents*=1.1")});
  JsonDocument d = base();
  REQUIRE_FALSE(grid.apply(0, d));
  CHECK(d["reasons"][0]["bot_resolution"].get<double>() == Approx(0.4));
  CHECK(d["reasons"][1]["bot_resolution"].get<double>() == Approx(0.25));
  CHECK(d["staffing"]["groups"][0]["agents"].is_number_integer());
  CHECK(d["staffing"]["groups"][0]["agents"] == 33);
  CHECK(grid.describe(1) == "/reasons/*/bot_resolution*=1, /staffing/groups/g/agents*=1.1");
}

TEST_CASE("Multiplying takes numbers and needs a number in the scenario", "[sweep]") {
  CHECK_THROWS_WITH(parse_sweep_axis("/a*=\"x\""),
                    Catch::Contains("expected numbers to multiply by, got \"x\""));
  JsonDocument d = base();
  const auto problem = SweepGrid({parse_sweep_axis("/reasons/a*=2")}).apply(0, d);
  REQUIRE(problem);
  CHECK_THAT(*problem,
             Catch::StartsWith("/reasons/a*: expected a number to multiply at /reasons/0"));
  const auto missing = SweepGrid({parse_sweep_axis("/arrivals/rate*=2")}).apply(0, d);
  REQUIRE(missing);
  CHECK(*missing ==
        "/arrivals/rate*: expected a pointer into the scenario, got nothing at "
        "/arrivals/rate");
}

TEST_CASE("A wildcard segment before = sets, it does not multiply", "[sweep]") {
  const ccsim::SweepAxis axis = parse_sweep_axis("/arrivals/*=300");
  CHECK(axis.op == SweepOp::assign);
  CHECK(axis.pointer == "/arrivals/*");
  CHECK(parse_sweep_axis("/arrivals/**=2").op == SweepOp::multiply);
}

TEST_CASE("Linked axes move together and count as one dimension", "[sweep]") {
  const SweepGrid grid({parse_sweep_axis("/arrivals/per_hour=[200,300]"),
                        parse_sweep_axis("/reasons/a/bot_resolution=[0.5,0.6,0.7]"),
                        parse_sweep_axis("&/reasons/b/bot_resolution=[0.1,0.2,0.3]")});
  REQUIRE(grid.size() == 6);
  CHECK(grid.dimensions() == 2);
  for (std::size_t p = 0; p < grid.size(); ++p) {
    JsonDocument d = base();
    REQUIRE_FALSE(grid.apply(p, d));
    CHECK(d["reasons"][0]["bot_resolution"].get<double>() - 0.4 ==
          Approx(d["reasons"][1]["bot_resolution"].get<double>()));
  }
  CHECK(grid.value(4, 0) == 300);
  CHECK(grid.value(4, 2) == 0.2);
}

TEST_CASE("A linked axis needs an axis before it with as many values", "[sweep]") {
  CHECK_THROWS_WITH(SweepGrid({parse_sweep_axis("&/a=[1,2]")}), Catch::Contains("got it first"));
  CHECK_THROWS_WITH(SweepGrid({parse_sweep_axis("/a=[1,2]"), parse_sweep_axis("&/b=[1,2,3]")}),
                    Catch::Contains("expected &/b to have as many values as /a (2), got 3"));
}

TEST_CASE("A wildcard over an empty list names nothing and says so", "[sweep]") {
  JsonDocument d = JsonDocument::parse(R"({"reasons": []})");
  const auto problem = SweepGrid({parse_sweep_axis("/reasons/*/x=1")}).apply(0, d);
  REQUIRE(problem);
  CHECK_THAT(*problem, Catch::Contains("expected at least one place"));
}
