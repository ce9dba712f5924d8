// The customer-journey engine on a scenario with every feature at once: conservation, no NaN,
// reproducibility, under every routing strategy.
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "ccsim/io/report.hpp"
#include "ccsim/stats/results.hpp"
#include "ccsim/parallel/runner.hpp"
#include "ccsim/engine/simulation.hpp"
#include "test_support.hpp"

using namespace ccsim;

namespace {

Scenario journey(Strategy strategy) {
  Scenario s = load_scenario_file(test::source_path("tests/data/journey.json"));
  s.routing.strategy = strategy;
  return s;
}

const Strategy kStrategies[] = {Strategy::human_only, Strategy::bot_only, Strategy::bot_first,
                                Strategy::triage, Strategy::choice};

void check_no_nan(const nlohmann::json& j, const std::string& at) {
  if (j.is_number()) {
    INFO(at);
    CHECK(std::isfinite(j.get<double>()));
  } else if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) check_no_nan(it.value(), at + "/" + it.key());
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i) check_no_nan(j[i], at + "/" + std::to_string(i));
  }
}

}  // namespace

TEST_CASE("Every counted customer and contact ends exactly once under every strategy",
          "[journey]") {
  for (const Strategy strategy : kStrategies) {
    const Scenario s = journey(strategy);
    for (int r = 0; r < 2; ++r) {
      const Tally t = Simulation(s, static_cast<std::uint64_t>(r)).run();
      const Counters c = t.totals();
      INFO(to_string(strategy) << " replication " << r);
      CHECK(c.customers == t.counted_arrivals);
      CHECK(c.customers == c.customers_resolved + c.customers_gave_up + c.customers_unresolved +
                               c.customers_unfinished);
      CHECK(c.contacts == c.resolved_contacts + c.unresolved_contacts + c.gave_up_contacts +
                              c.unfinished_contacts);
      CHECK(c.offered == c.answered + c.abandoned + c.callbacks + c.unfinished);
      CHECK(c.bot_contained + c.escalated + c.bot_abandoned <= c.bot_contacts);
      CHECK(c.empathy_met <= c.empathy_needed);
    }
  }
}

TEST_CASE("Strategies without a bot never use one and bot_only never reaches a human",
          "[journey]") {
  const Counters human = Simulation(journey(Strategy::human_only), 0).run().totals();
  CHECK(human.bot_contacts == 0);
  const Counters bot = Simulation(journey(Strategy::bot_only), 0).run().totals();
  CHECK(bot.offered == 0);
  CHECK(bot.escalated == 0);
  CHECK(bot.bot_contacts == bot.contacts);
}

TEST_CASE("The full model gives finite figures everywhere in its results", "[journey]") {
  for (const Strategy strategy : kStrategies) {
    const Scenario s = journey(strategy);
    const auto tallies = run_replications(s, 0, s.replications, RunOptions{});
    check_no_nan(to_json(merge_tallies(s, tallies, s.confidence)), to_string(strategy).data());
  }
}

TEST_CASE("The full model gives bit-identical results on one thread and two", "[journey]") {
  const Scenario s = journey(Strategy::bot_first);
  RunOptions one, two;
  one.threads = 1;
  two.threads = 2;
  const auto a = to_json(merge_tallies(s, run_replications(s, 0, s.replications, one), 0.95));
  const auto b = to_json(merge_tallies(s, run_replications(s, 0, s.replications, two), 0.95));
  CHECK(a["metrics"].dump() == b["metrics"].dump());
  CHECK(a["by_segment"].dump() == b["by_segment"].dump());
  CHECK(a["by_interval"].dump() == b["by_interval"].dump());
}

TEST_CASE("Strategies differing only in routing see the same customers", "[journey]") {
  // Common random numbers: segment, reason and every per-customer draw come from their own
  // streams, so who arrives does not depend on the strategy.
  const Tally a = Simulation(journey(Strategy::human_only), 0).run();
  const Tally b = Simulation(journey(Strategy::triage), 0).run();
  CHECK(a.arrivals == b.arrivals);
  for (std::size_t seg = 0; seg < a.by_segment.size(); ++seg) {
    CHECK(a.by_segment[seg].customers == b.by_segment[seg].customers);
  }
}

TEST_CASE("A bot with one session at a time still serves everyone or lets them give up",
          "[journey]") {
  Scenario s = journey(Strategy::bot_only);
  s.bots->concurrency = 1;
  const Tally t = Simulation(s, 0).run();
  const Counters c = t.totals();
  CHECK(c.customers == t.counted_arrivals);
  CHECK(c.bot_abandoned > c.bot_contained);
}
