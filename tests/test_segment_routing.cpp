// Routing per segment (population.segments[].strategy): relations between runs of a shipped
// French scenario with common random numbers. Where a segment's strategy cannot reach a figure,
// the figure is identical to the bit; where it can, it moves as the strategy says.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "paired_support.hpp"

using namespace ccsim;
using test::check_same_runs;
using test::check_same_segment;
using test::group_index;
using test::make_ample;
using test::segment_index;

namespace {

using test::kConfidence;

const Strategy kStrategies[] = {Strategy::human_only, Strategy::bot_only, Strategy::bot_first,
                                Strategy::triage, Strategy::choice};

}  // namespace

TEST_CASE("Segments that state the scenario's own strategy run as segments that state none",
          "[journey][segment_routing]") {
  for (const char* file : {"france-bot-first.json", "france-triage.json", "france-choice.json"}) {
    INFO(file);
    const Scenario none = test::load_shipped_short(file);
    Scenario stated = none;
    for (Segment& seg : stated.segments) seg.strategy = none.routing.strategy;
    check_same_runs(test::run_all(none), test::run_all(stated));
  }
}

TEST_CASE("A segment alone with its own strategy runs as a scenario of that strategy",
          "[journey][segment_routing]") {
  // The 75+ segment alone, under each strategy: stated by the segment in a bot_first scenario,
  // or by routing.strategy. Their feature sets may differ (a human_only segment runs in an
  // engine built for bots): the figures may not.
  Scenario base = test::load_shipped_short("france-bot-first.json");
  base.horizon_s = 2.0 * 3600.0;
  const Segment older = base.segments[segment_index(base, "75+")];
  base.segments = {older};
  base.segments[0].share = 1.0;
  for (const Strategy strategy : kStrategies) {
    INFO(to_string(strategy));
    Scenario own = base;
    own.segments[0].strategy = strategy;
    Scenario whole = base;
    whole.routing.strategy = strategy;
    check_same_runs(test::run_all(own), test::run_all(whole));
  }
}

TEST_CASE("Routing the 75+ segment to humans touches no other segment when nobody waits",
          "[journey][segment_routing]") {
  Scenario bot_first = test::load_shipped_short("france-bot-first.json");
  make_ample(bot_first);
  Scenario older_to_humans = bot_first;
  const std::size_t older = segment_index(bot_first, "75+");
  older_to_humans.segments[older].strategy = Strategy::human_only;
  const auto a = test::run_all(bot_first);
  const auto b = test::run_all(older_to_humans);
  test::each_segment(bot_first, a, b,
                     [older](std::size_t seg, const Counters& x, const Counters& y) {
                       if (seg == older) {
                         CHECK(x.bot_contacts > 0);
                         CHECK(y.bot_contacts == 0);
                         CHECK(y.customers == x.customers);
                       } else {
                         check_same_segment(x, y);
                       }
                     });
}

TEST_CASE("Routing the 75+ segment to humans meets no bot and loads the shared queues",
          "[journey][segment_routing]") {
  // With the shipped staffing the other segments share the agents the 75+ now reach directly:
  // their own bot sessions start alike, and their waits for an agent can only grow.
  const Scenario bot_first = test::load_shipped_short("france-bot-first.json");
  Scenario older_to_humans = bot_first;
  const std::size_t older = segment_index(bot_first, "75+");
  older_to_humans.segments[older].strategy = Strategy::human_only;
  const auto a = test::run_all(bot_first);
  const auto b = test::run_all(older_to_humans);
  const auto others = [older](const Tally& t) {
    Counters sum;
    for (std::size_t seg = 0; seg < t.by_segment.size(); ++seg) {
      if (seg != older) sum.add(t.by_segment[seg]);
    }
    return sum;
  };
  for (std::size_t r = 0; r < a.size(); ++r) {
    CHECK(b[r].by_segment[older].bot_contacts == 0);
    CHECK(b[r].by_segment[older].escalated == 0);
  }
  test::check_positive(test::paired_difference(a, others, b, others, "asa_s", kConfidence));
}
