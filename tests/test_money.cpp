// Money: currency, the bots' costs per minute and per day, the value of churned customers, and
// net cost (docs/metrics.md, "Money"). Each input changes money only, and by what it says.
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "ccsim/experiment/compare.hpp"
#include "ccsim/parallel/runner.hpp"
#include "ccsim/scenario/scenario.hpp"
#include "ccsim/stats/money.hpp"
#include "ccsim/stats/results.hpp"
#include "test_support.hpp"

namespace {

using ccsim::Results;
using ccsim::Scenario;

Scenario journey() {
  Scenario s = ccsim::load_scenario_file(ccsim::test::source_path("tests/data/journey.json"));
  s.replications = 3;
  return s;
}

Results run(const Scenario& s) {
  const auto tallies = ccsim::run_replications(s, 0, s.replications, {});
  return ccsim::merge_tallies(s, tallies, s.confidence);
}

bool is_money(const std::string& name) {
  return name.find("cost") != std::string::npos;
}

// Every figure of `a` and `b` that is not money, bit for bit (the means and the intervals).
void check_same_outside_money(const Results& a, const Results& b) {
  const auto same = [](const ccsim::MetricSet& x, const ccsim::MetricSet& y) {
    REQUIRE(x.size() == y.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
      INFO(x[i].first);
      REQUIRE(x[i].first == y[i].first);
      if (is_money(x[i].first)) continue;
      CHECK(x[i].second.mean == y[i].second.mean);
      CHECK(x[i].second.ci_low == y[i].second.ci_low);
      CHECK(x[i].second.ci_high == y[i].second.ci_high);
      CHECK(x[i].second.n == y[i].second.n);
    }
  };
  same(a.metrics, b.metrics);
  CHECK(a.customers == b.customers);
  for (std::size_t s = 0; s < a.by_segment.size(); ++s)
    same(a.by_segment[s].second, b.by_segment[s].second);
  for (std::size_t i = 0; i < a.by_interval.size(); ++i)
    same(a.by_interval[i].metrics, b.by_interval[i].metrics);
}

double mean(const Results& r, const std::string& name) {
  return *r.metric(name).mean;
}

}  // namespace

TEST_CASE("A bot costing nothing per minute or per day leaves every other figure bit-identical",
          "[money]") {
  Scenario free = journey();
  Scenario paid = free;
  paid.bots->cost_per_minute = 0.05;
  paid.bots->cost_per_day = 1200.0;
  const Results a = run(free);
  const Results b = run(paid);
  check_same_outside_money(a, b);
  // The fixed cost is paid once per day of operation, whatever happens.
  Scenario fixed_only = free;
  fixed_only.bots->cost_per_day = 1200.0;
  const Results c = run(fixed_only);
  check_same_outside_money(a, c);
  CHECK(mean(c, "operating_cost_per_day") - mean(a, "operating_cost_per_day") ==
        Approx(1200.0).epsilon(1e-12));
  CHECK(c.metric("total_cost").mean == a.metric("total_cost").mean);
  // Per minute of session: more cost, and never less than the fixed part alone.
  CHECK(mean(b, "operating_cost_per_day") > mean(c, "operating_cost_per_day"));
  CHECK(mean(b, "total_cost") > mean(a, "total_cost"));
}

TEST_CASE("A human-only strategy pays no bot licence", "[money]") {
  Scenario human = journey();
  human.routing.strategy = ccsim::Strategy::human_only;
  Scenario licensed = human;
  licensed.bots->cost_per_day = 5000.0;
  CHECK(ccsim::money_model(licensed).bot_fixed_cost == 0.0);
  CHECK(ccsim::money_model(journey()).bot_fixed_cost == 0.0);
  Scenario bot_first = journey();
  bot_first.bots->cost_per_day = 5000.0;
  CHECK(ccsim::money_model(bot_first).bot_fixed_cost == 5000.0);
}

TEST_CASE("Raising the value of a churned customer raises net cost by churned times the rise",
          "[money]") {
  Scenario low = journey();
  for (auto& segment : low.segments) segment.value_per_churned_customer = 300.0;
  Scenario high = low;
  const double rise = 250.0;
  for (auto& segment : high.segments) segment.value_per_churned_customer += rise;
  const Results a = run(low);
  const Results b = run(high);
  check_same_outside_money(a, b);
  CHECK(b.metric("operating_cost_per_day").mean == a.metric("operating_cost_per_day").mean);
  const double churned_per_day = mean(a, "churned");  // the journey's horizon is within a day
  const double excess_per_day = mean(a, "excess_churned_per_day");
  CHECK(mean(b, "net_cost_per_day") - mean(a, "net_cost_per_day") ==
        Approx(churned_per_day * rise).epsilon(1e-12));
  CHECK(mean(b, "net_cost_excess_per_day") - mean(a, "net_cost_excess_per_day") ==
        Approx(excess_per_day * rise).epsilon(1e-12));
  CHECK(mean(a, "net_cost_per_day") ==
        Approx(mean(a, "operating_cost_per_day") + mean(a, "churn_cost_per_day")).epsilon(1e-12));
  CHECK(mean(a, "churn_cost_per_day") == Approx(300.0 * churned_per_day).epsilon(1e-12));
  // Excess churn: fewer than all churned, more than none (the journey serves some badly).
  CHECK(excess_per_day > 0.0);
  CHECK(excess_per_day < churned_per_day);
  // By segment: each segment's churn cost is its churned customers times its value.
  for (const auto& [name, set] : a.by_segment) {
    INFO(name);
    CHECK(*ccsim::find_metric(set, "churn_cost_per_day").mean ==
          Approx(300.0 * *ccsim::find_metric(set, "churned").mean).epsilon(1e-12));
  }
}

TEST_CASE("Values by segment weigh each segment's churn by its own value", "[money]") {
  Scenario s = journey();
  s.segments[0].value_per_churned_customer = 100.0;
  s.segments[2].value_per_churned_customer = 1000.0;
  const Results r = run(s);
  const double expected = 100.0 * *ccsim::find_metric(r.by_segment[0].second, "churned").mean +
                          1000.0 * *ccsim::find_metric(r.by_segment[2].second, "churned").mean;
  CHECK(mean(r, "churn_cost_per_day") == Approx(expected).epsilon(1e-12));
  CHECK(*ccsim::find_metric(r.by_segment[1].second, "churn_cost_per_day").mean == 0.0);
}

TEST_CASE("A replication longer than a day is costed per day of its length", "[money]") {
  Scenario s = journey();
  s.horizon_s = 3 * 86400.0 + s.warmup_s;
  CHECK(ccsim::money_model(s).days == 3.0);
  s.horizon_s = 36000.0;
  CHECK(ccsim::money_model(s).days == 1.0);
}

TEST_CASE("compare pairs the money metrics: the difference in net cost has an interval",
          "[money]") {
  Scenario a = journey();
  a.name = "a";
  for (auto& segment : a.segments) segment.value_per_churned_customer = 400.0;
  Scenario b = a;
  b.name = "b";
  b.bots->cost_per_day = 900.0;
  std::vector<std::vector<ccsim::Tally>> tallies{ccsim::run_replications(a, 0, 3, {}),
                                                 ccsim::run_replications(b, 0, 3, {})};
  const ccsim::Comparison c = ccsim::compare_runs({a, b}, tallies, 0.95, true);
  std::set<std::string> names;
  for (const auto& m : c.metrics) {
    names.insert(m.name);
    if (m.name == "net_cost_per_day" || m.name == "operating_cost_per_day") {
      // Only the licence differs: the paired difference is 900 with no spread.
      CHECK(*m.differences[1].mean == Approx(900.0).epsilon(1e-12));
      CHECK(*m.differences[1].ci_high - *m.differences[1].ci_low == Approx(0.0).margin(1e-6));
    }
    if (m.name == "churn_cost_per_day") CHECK(*m.differences[1].mean == 0.0);
  }
  for (const char* name : {"net_cost_per_day", "net_cost_per_contact", "net_cost_excess_per_day",
                           "operating_cost_per_contact", "excess_churned_per_day"})
    CHECK(names.count(name) == 1);
  REQUIRE(c.by_segment.size() == 3);
  bool churn_cost = false;
  for (const auto& m : c.by_segment[0].second) churn_cost |= m.name == "churn_cost_per_day";
  CHECK(churn_cost);
}

TEST_CASE("currency is an ISO 4217 code, reported in the results", "[money][scenario]") {
  const std::string base =
      R"({"horizon_s": 3600, "arrivals": {"per_hour": 60}, "human_handle_s": {"dist": "exponential", "mean": 60},)"
      R"( "staffing": {"humans": 2}, "currency": )";
  CHECK(ccsim::parse_scenario(base + "\"EUR\"}", "f.json").currency == "EUR");
  for (const char* bad : {"\"eur\"", "\"EURO\"", "\"€\"", "978"}) {
    INFO(bad);
    try {
      ccsim::parse_scenario(base + bad + "}", "f.json");
      FAIL("accepted");
    } catch (const ccsim::ScenarioError& e) {
      REQUIRE(e.problems().size() == 1);
      CHECK(e.problems()[0].rfind("f.json: /currency: expected an ISO 4217 currency code", 0) == 0);
    }
  }
}
