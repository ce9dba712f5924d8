// Churn in units a planner can use: excess churn, each customer's P(churn) beyond that of a
// perfect experience (served at once, resolved at the first contact), so strategy differences
// do not depend on the assumed level of churn that no service can prevent.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "paired_support.hpp"

using namespace ccsim;
using test::all;

namespace {

using test::kConfidence;

// Every customer's journey perfect: ample agents, every need resolved at the first contact,
// nobody frustrated, every empathy need met.
Scenario perfect_day() {
  Scenario s = test::load_shipped_short("france-human-only.json");
  test::make_ample(s);
  for (Reason& r : s.reasons) r.human_resolution = 1.0;
  for (Segment& g : s.segments) g.p_frustrated = 0.0;
  s.empathy.human = s.empathy.trained_human = 1.0;
  return s;
}

}  // namespace

TEST_CASE("A perfect experience has excess churn exactly 0", "[journey][churn]") {
  const Scenario s = perfect_day();
  const auto runs = test::run_all(s);
  for (const Tally& t : runs) {
    const Counters k = t.totals();
    CHECK(k.customers > 0);
    CHECK(k.wait_s == 0.0);
    CHECK(k.customers_resolved == k.customers);
    CHECK(k.churned > 0.0);  // the churn no service prevents
    CHECK(k.excess_churned == 0.0);
    for (const Counters& segment : t.by_segment) CHECK(segment.excess_churned == 0.0);
  }
  const Results r = merge_tallies(s, runs, kConfidence);
  CHECK(*r.metric("excess_churn_rate").mean == 0.0);
  CHECK(*r.metric("excess_churned").mean == 0.0);
  CHECK(*r.metric("excess_churned_per_day").mean == 0.0);
  CHECK(*r.metric("churn_rate").mean > 0.0);
}

TEST_CASE("Excess churn is churn less that of as many perfect experiences", "[journey][churn]") {
  const Scenario s = test::load_shipped_short("france-bot-first.json");
  const double perfect = *merge_tallies(perfect_day(), test::run_all(perfect_day()), kConfidence)
                              .metric("churn_rate")
                              .mean;
  const Results r = merge_tallies(s, test::run_all(s), kConfidence);
  CHECK(*r.metric("excess_churn_rate").mean ==
        Approx(*r.metric("churn_rate").mean - perfect).epsilon(1e-9));
  CHECK(*r.metric("excess_churn_rate").mean > 0.0);
  for (const auto& [name, set] : r.by_segment) {
    INFO(name);
    CHECK(*find_metric(set, "excess_churn_rate").mean ==
          Approx(*find_metric(set, "churn_rate").mean - perfect).epsilon(1e-9));
  }
}

TEST_CASE("Strategy differences in excess churn equal differences in churn, paired",
          "[journey][churn]") {
  const Scenario human = test::load_shipped_short("france-human-only.json");
  for (const std::string file : {"france-bot-first.json", "france-bot-only.json"}) {
    INFO(file);
    const Scenario other = test::load_shipped_short(file);
    const auto a = test::run_all(human);
    const auto b = test::run_all(other);
    for (std::size_t r = 0; r < a.size(); ++r) {
      const Counters x = a[r].totals();
      const Counters y = b[r].totals();
      REQUIRE(x.customers == y.customers);  // the same customers, by common random numbers
      CHECK(y.excess_churned - x.excess_churned ==
            Approx(y.churned - x.churned).epsilon(1e-9).margin(1e-9));
    }
    const Estimate churn = test::paired_difference(a, all, b, all, "churn_rate", kConfidence);
    const Estimate excess =
        test::paired_difference(a, all, b, all, "excess_churn_rate", kConfidence);
    CHECK(*excess.mean == Approx(*churn.mean).epsilon(1e-9));
    CHECK(*excess.ci_low == Approx(*churn.ci_low).epsilon(1e-6));
    CHECK(*excess.ci_high == Approx(*churn.ci_high).epsilon(1e-6));
  }
}
