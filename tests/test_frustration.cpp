// Frustration the journey causes (Scenario::frustration): relations between runs of a shipped
// French scenario with common random numbers. Frustration changes who needs empathy, never who
// waits or for how long; where nothing can cause it, nothing changes, to the bit.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "stats/tally_codec.hpp"
#include "paired_support.hpp"

using namespace ccsim;
using test::all;
using test::check_negative;
using test::check_positive;

namespace {

using test::kConfidence;

// The flow of contacts is the same; empathy needs only grow, one replication at a time.
void check_more_empathy_needed(const std::vector<Tally>& a, const std::vector<Tally>& b) {
  REQUIRE(a.size() == b.size());
  test::each_replication_totals(a, b, [&](const Counters& x, const Counters& y) {
    CHECK(x.contacts == y.contacts);
    CHECK(x.answered == y.answered);
    CHECK(x.abandoned == y.abandoned);
    CHECK(x.wait_s == y.wait_s);
    CHECK(x.bot_contacts == y.bot_contacts);
    CHECK(y.empathy_needed > x.empathy_needed);
  });
}

}  // namespace

TEST_CASE("Frustration that nothing can cause changes nothing", "[journey][frustration]") {
  const Scenario base = test::load_shipped_short("france-human-only.json");
  Scenario never_long = base;
  never_long.frustration.after_long_wait = 1.0;
  never_long.frustration.long_wait_s = 1e8;        // no wait is that long
  never_long.frustration.after_bot_failure = 1.0;  // nobody meets a bot
  CHECK(encode_tallies(test::run_all(base)) == encode_tallies(test::run_all(never_long)));
}

TEST_CASE("A long wait that frustrates raises empathy needs and lowers satisfaction",
          "[journey][frustration]") {
  Scenario base = test::load_shipped_short("france-human-only.json");
  // Fewer generalists: long waits are common enough to be seen.
  base.groups[test::group_index(base, "generalists")].agents = Schedule::constant(24.0);
  Scenario frustrating = base;
  frustrating.frustration.long_wait_s = 60.0;
  frustrating.frustration.after_long_wait = 0.5;
  const auto a = test::run_all(base);
  const auto b = test::run_all(frustrating);
  check_more_empathy_needed(a, b);
  check_negative(test::paired_difference(a, all, b, all, "csat", kConfidence));
  check_positive(test::paired_difference(a, all, b, all, "churn_rate", kConfidence));
}

TEST_CASE("A failed bot session that frustrates raises empathy needs and lowers satisfaction",
          "[journey][frustration]") {
  const Scenario base = test::load_shipped_short("france-bot-first.json");
  Scenario frustrating = base;
  frustrating.frustration.after_bot_failure = 0.5;
  const auto a = test::run_all(base);
  const auto b = test::run_all(frustrating);
  check_more_empathy_needed(a, b);
  check_negative(test::paired_difference(a, all, b, all, "csat", kConfidence));
}
