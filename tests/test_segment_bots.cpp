// Behaviour with bots per segment (population.segments[].bot_resolution_factor and
// ask_human_after_s): relations between runs of a shipped French scenario with common random
// numbers. A segment's own value moves that segment's figures the way it says; stated at the
// scenario's value it changes nothing, to the bit; with nobody waiting, the other segments'
// customers are untouched.
#include <catch2/catch.hpp>
#include <functional>
#include <string>
#include <vector>

#include "ccsim/scenario/scenario.hpp"
#include "paired_support.hpp"

using namespace ccsim;
using test::segment_index;

namespace {

using test::kConfidence;

// The shipped bot_first with agents and bot sessions to spare (nobody waits), as it is and with
// one segment changed: `metric`'s paired difference (changed − as it is) in that segment, every
// other segment's customers checked identical.
Estimate difference_in_changed_segment(const std::string& band,
                                       const std::function<void(Segment&)>& change,
                                       const std::string& metric) {
  Scenario base = test::load_shipped_short("france-bot-first.json");
  test::make_ample(base);
  const std::size_t segment = segment_index(base, band);
  Scenario changed = base;
  change(changed.segments[segment]);
  const auto a = test::run_all(base);
  const auto b = test::run_all(changed);
  test::each_segment(base, a, b, [segment](std::size_t seg, const Counters& x, const Counters& y) {
    if (seg != segment) test::check_same_segment(x, y);
  });
  const auto pick = [segment](const Tally& t) { return t.by_segment[segment]; };
  return test::paired_difference(a, pick, b, pick, metric, kConfidence);
}

}  // namespace

TEST_CASE(
    "A bot resolution factor of 1 and the scenario's ask time stated per segment change "
    "nothing, to the bit",
    "[journey][segment_bots]") {
  for (const char* file : {"france-bot-first.json", "france-triage.json", "france-choice.json",
                           "france-bot-only.json"}) {
    INFO(file);
    const Scenario none = test::load_shipped_short(file);
    Scenario stated = none;
    for (Segment& seg : stated.segments) {
      seg.bot_resolution_factor = 1.0;
      seg.ask_human_after_s = none.routing.ask_human_after_s;
    }
    test::check_same_runs(test::run_all(none), test::run_all(stated));
  }
}

TEST_CASE(
    "Digital ease on every segment runs as the same change to every reason's bot "
    "resolution",
    "[journey][segment_bots]") {
  // 0.8 × p stays below 1 for every shipped reason: no cap, the same products to the bit.
  const Scenario base = test::load_shipped_short("france-bot-first.json");
  Scenario by_segment = base;
  for (Segment& seg : by_segment.segments) seg.bot_resolution_factor = 0.8;
  Scenario by_reason = base;
  for (Reason& reason : by_reason.reasons) reason.bot_resolution *= 0.8;
  test::check_same_runs(test::run_all(by_segment), test::run_all(by_reason));
}

TEST_CASE("Every segment's own ask time runs as the scenario's ask time",
          "[journey][segment_bots]") {
  const Scenario base = test::load_shipped_short("france-bot-first.json");
  Scenario by_segment = base;
  for (Segment& seg : by_segment.segments) seg.ask_human_after_s = 75.0;
  Scenario by_routing = base;
  by_routing.routing.ask_human_after_s = 75.0;
  test::check_same_runs(test::run_all(by_segment), test::run_all(by_routing));
}

TEST_CASE(
    "A bot resolution factor above what a probability allows makes the bot resolve every "
    "contact that stays to its end",
    "[journey][segment_bots]") {
  // Under bot_only nobody is escalated: a bot contact is contained unless its customer gave up.
  Scenario s = test::load_shipped_short("france-bot-only.json");
  for (Segment& seg : s.segments) seg.bot_resolution_factor = 100.0;
  for (const Tally& t : test::run_all(s)) {
    const Counters k = t.totals();
    CHECK(k.bot_contacts > 0);
    CHECK(k.bot_contained + k.bot_abandoned == k.bot_contacts);
    CHECK(k.customers_unresolved == 0);
  }
}

TEST_CASE(
    "A higher bot resolution factor for one segment raises its containment and leaves the "
    "other segments' customers identical when nobody waits",
    "[journey][segment_bots]") {
  const auto easier = [](Segment& seg) { seg.bot_resolution_factor = 1.15; };  // 0.85 → 0.9775
  test::check_positive(difference_in_changed_segment("18-24", easier, "containment_rate"));
}

TEST_CASE(
    "A longer ask time for one segment keeps more of its contacts with the bot and leaves "
    "the other segments' customers identical when nobody waits",
    "[journey][segment_bots]") {
  const auto later = [](Segment& seg) { seg.ask_human_after_s = 120.0; };  // the routing's 30 s
  test::check_positive(difference_in_changed_segment("60-75", later, "containment_rate"));
  test::check_negative(difference_in_changed_segment("60-75", later, "escalation_rate"));
}

TEST_CASE("A bot resolution factor of 0 for one segment contains none of its contacts",
          "[journey][segment_bots]") {
  Scenario s = test::load_shipped_short("france-bot-first.json");
  const std::size_t older = segment_index(s, "75+");
  s.segments[older].bot_resolution_factor = 0.0;
  for (const Tally& t : test::run_all(s)) {
    CHECK(t.by_segment[older].bot_contacts > 0);
    CHECK(t.by_segment[older].bot_contained == 0);
    CHECK(t.totals().bot_contained > 0);
  }
}
