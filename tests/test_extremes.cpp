// Extreme but valid scenarios run to sensible results: never NaN, never a hang, and a figure with
// no data behind it is null with n = 0 (and "no data" in the table), never 0 or NaN.
#include <catch2/catch.hpp>
#include <cmath>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>

#include "ccsim/queueing/erlang.hpp"
#include "ccsim/io/report.hpp"
#include "ccsim/stats/results.hpp"
#include "ccsim/parallel/runner.hpp"
#include "ccsim/scenario/scenario.hpp"
#include "ccsim/engine/simulation.hpp"
#include "test_support.hpp"

using namespace ccsim;

namespace {

// Metrics that are shares of something: in [0, 1] whenever there is data.
const char* const kShares[] = {"abandon_rate",
                               "p_wait",
                               "service_level",
                               "containment_rate",
                               "escalation_rate",
                               "bot_abandon_rate",
                               "gave_up_rate",
                               "resolution_rate",
                               "empathy_met_rate",
                               "callback_rate",
                               "csat",
                               "churn_rate",
                               "occupancy",
                               "chat_slot_utilization"};

// As in the Erlang validation: a 99.9% interval per assertion against an exact value, so that a
// correct engine fails one of this file's four such assertions by bad luck about once in 250
// seeds (with 95% intervals, about once in five).
constexpr double kTestConfidence = 0.999;

Results run_all(const Scenario& scenario) {
  const auto tallies = run_replications(scenario, 0, scenario.replications, RunOptions{});
  return merge_tallies(scenario, tallies, kTestConfidence);
}

void check_estimate(const std::string& name, const Estimate& e) {
  INFO(name);
  for (const auto& v : {e.mean, e.sd, e.ci_low, e.ci_high}) CHECK((!v || std::isfinite(*v)));
  if (!e.mean) {
    CHECK(e.n == 0);
    return;
  }
  CHECK(*e.mean >= 0.0);
  for (const char* share : kShares) {
    if (name == share) CHECK(*e.mean <= 1.0 + 1e-12);
  }
}

void check_set(const MetricSet& set) {
  for (const auto& [name, e] : set) check_estimate(name, e);
}

// Every figure of the results is finite, or null with n = 0; shares lie in [0, 1].
void check_sensible(const Results& r) {
  check_set(r.metrics);
  for (const auto& [segment, set] : r.by_segment) check_set(set);
  for (const auto& [kind, set] : r.by_reason_kind) check_set(set);
  for (const IntervalResult& interval : r.by_interval) check_set(interval.metrics);
}

// The exact Erlang A figures of an M/M/n+M scenario.
ErlangResult exact(const test::MmnSpec& spec) {
  ErlangInput input;
  input.lambda_per_s = spec.lambda_per_hour / 3600.0;
  input.handle_s = spec.handle_s;
  input.agents = spec.agents;
  input.patience_s = spec.patience_s;
  return erlang(input);
}

void check_within_ci(const Estimate& e, double exact_value) {
  REQUIRE(e.ci_low.has_value());
  CHECK(*e.ci_low <= exact_value);
  CHECK(exact_value <= *e.ci_high);
}

std::string table_of(const Results& r) {
  std::ostringstream out;
  write_table(out, r);
  return out.str();
}

// A small full-model scenario: two segments, a simple and a sensitive reason, one of them by
// chat, two groups; `edit` changes it before it is loaded.
Scenario journey(const std::function<void(nlohmann::json&)>& edit) {
  auto json = nlohmann::json::parse(R"({
    "name": "extreme", "seed": 5, "replications": 4, "horizon_s": 3600,
    "arrivals": {"per_hour": 240},
    "population": {"segments": [
      {"name": "young", "share": 0.5, "patience_s": {"dist": "exponential", "mean": 90},
       "bot_patience_s": {"dist": "exponential", "mean": 120}, "human_preference": 0.5,
       "reasons": {"order": 0.8, "grief": 0.2}, "p_frustrated": 0.2},
      {"name": "old", "share": 0.5, "patience_s": {"dist": "exponential", "mean": 200},
       "human_preference": 0.8, "reasons": {"order": 0.6, "grief": 0.4}}
    ]},
    "reasons": [
      {"name": "order", "kind": "simple", "channel": "chat",
       "human_handle_s": {"dist": "exponential", "mean": 180},
       "bot_handle_s": {"dist": "exponential", "mean": 90}, "bot_resolution": 0.7},
      {"name": "grief", "kind": "sensitive", "human_handle_s": {"dist": "exponential", "mean": 400},
       "bot_handle_s": {"dist": "exponential", "mean": 120}, "bot_resolution": 0.1}
    ],
    "staffing": {"groups": [
      {"name": "front", "agents": 6, "kinds": ["simple"], "max_concurrent_chats": 2},
      {"name": "care", "agents": 3, "kinds": ["sensitive"], "empathy_trained": true,
       "takes_others": true}
    ]},
    "bots": {"concurrency": 20},
    "routing": {"strategy": "bot_first"},
    "returns": {"retrial_probability": 0.3, "retrial_delay_s": {"dist": "exponential", "mean": 300}},
    "callback": {"offer_above_wait_s": 120}
  })");
  edit(json);
  return parse_scenario(json.dump(), "extreme.json");
}

}  // namespace

TEST_CASE("Zero arrivals give null contact figures with n = 0 and idle agents", "[extremes]") {
  test::MmnSpec spec;
  spec.lambda_per_hour = 0.0;
  spec.replications = 3;
  const Results r = run_all(test::mmn_scenario(spec));
  check_sensible(r);
  CHECK(r.customers == 0);
  for (const char* name : {"abandon_rate", "p_wait", "mean_wait_s", "service_level", "asa_s",
                           "wait_p90_s", "csat", "churn_rate", "cost_per_contact"}) {
    INFO(name);
    CHECK_FALSE(r.metric(name).mean.has_value());
    CHECK(r.metric(name).n == 0);
  }
  // Agents were on duty and idle: that is data, and it is 0.
  CHECK(*r.metric("occupancy").mean == 0.0);
  const auto json = to_json(r);
  CHECK(json["metrics"]["abandon_rate"]["mean"].is_null());
  CHECK(json["metrics"]["abandon_rate"]["n"] == 0);
  const std::string table = table_of(r);
  CHECK(table.find("no data") != std::string::npos);
  CHECK(table.find("nan") == std::string::npos);
}

TEST_CASE("Zero agents: everyone waits out their patience and occupancy has no data",
          "[extremes]") {
  test::MmnSpec spec;
  spec.agents = 0;
  spec.replications = 3;
  const Results r = run_all(test::mmn_scenario(spec));
  check_sensible(r);
  CHECK(*r.metric("abandon_rate").mean == 1.0);
  CHECK(*r.metric("service_level").mean == 0.0);
  CHECK_FALSE(r.metric("occupancy").mean.has_value());
  CHECK(r.metric("occupancy").n == 0);
  CHECK(r.metric("asa_s").n == 0);
  // No agent on duty costs nothing.
  CHECK(*r.metric("total_cost").mean == 0.0);
}

TEST_CASE("Zero agents in the full model leave every contact to give up or wait unfinished",
          "[extremes]") {
  const Scenario s = journey([](nlohmann::json& j) {
    for (auto& group : j["staffing"]["groups"]) group["agents"] = 0;
  });
  const Results r = run_all(s);
  check_sensible(r);
  CHECK_FALSE(r.metric("occupancy").mean.has_value());
  CHECK(r.metric("occupancy").n == 0);
  CHECK_FALSE(r.metric("asa_s").mean.has_value());
  CHECK(*r.metric("resolution_rate").mean < 1.0);
}

TEST_CASE("Ten times more load than capacity: nine in ten abandon and agents never rest",
          "[extremes]") {
  test::MmnSpec spec;
  spec.agents = 5;
  spec.handle_s = 60.0;
  spec.lambda_per_hour = 3000.0;  // 50 erlangs on 5 agents
  spec.patience_s = 60.0;
  spec.horizon_s = 7200.0;
  spec.warmup_s = 600.0;
  spec.replications = 4;
  const Results r = run_all(test::mmn_scenario(spec));
  check_sensible(r);
  // Deep in overload the agents serve about their capacity, 300 an hour, and the rest abandon.
  const ErlangResult e = exact(spec);
  CHECK(*e.abandon_rate > 0.89);
  check_within_ci(r.metric("abandon_rate"), *e.abandon_rate);
  check_within_ci(r.metric("occupancy"), *e.occupancy);
}

TEST_CASE("Ten times more load than capacity and no patience drains after the horizon",
          "[extremes]") {
  test::MmnSpec spec;
  spec.agents = 5;
  spec.lambda_per_hour = 3000.0;
  spec.patience_s = std::nullopt;
  spec.horizon_s = 1800.0;
  spec.warmup_s = 0.0;
  spec.replications = 2;
  const Results r = run_all(test::mmn_scenario(spec));
  check_sensible(r);
  // Everyone is answered in the end: the queue drains with the staffing at the horizon.
  CHECK(*r.metric("abandon_rate").mean == 0.0);
  CHECK(*r.metric("resolution_rate").mean == 1.0);
  // About 1500 customers over 5 agents of 720 an hour (12 per minute): the last wait hours.
  CHECK(*r.metric("asa_s").mean > 3600.0);
}

TEST_CASE("Ten thousand agents carry their offered load", "[extremes]") {
  test::MmnSpec spec;
  spec.agents = 10000;
  spec.handle_s = 60.0;
  spec.lambda_per_hour = 540000.0;  // 9000 erlangs: 90% occupancy
  spec.patience_s = 120.0;
  spec.horizon_s = 1200.0;
  spec.warmup_s = 600.0;
  spec.replications = 4;
  const Results r = run_all(test::mmn_scenario(spec));
  check_sensible(r);
  const ErlangResult e = exact(spec);
  check_within_ci(r.metric("occupancy"), *e.occupancy);
  // At 90% on 10,000 agents waiting is vanishingly rare (exact P(wait) about 1e-30).
  CHECK(*e.p_wait < 1e-6);
  CHECK(*r.metric("p_wait").mean < 1e-3);
}

TEST_CASE("Ten thousand agents in the full model's groups run", "[extremes]") {
  const Scenario s = journey([](nlohmann::json& j) {
    j["staffing"]["groups"][1]["agents"] = 10000;
    j["replications"] = 2;
  });
  const Results r = run_all(s);
  check_sensible(r);
  CHECK(*r.metric("abandon_rate").mean < 0.05);
}

TEST_CASE("A one-second horizon gives figures or honest nulls", "[extremes]") {
  test::MmnSpec spec;
  spec.horizon_s = 1.0;
  spec.warmup_s = 0.0;
  spec.lambda_per_hour = 7200.0;  // two customers a second on average
  const Results r = run_all(test::mmn_scenario(spec));
  check_sensible(r);
  REQUIRE(r.by_interval.size() == 1);
  CHECK(r.by_interval[0].start_s == 0.0);
  const Scenario s = journey([](nlohmann::json& j) { j["horizon_s"] = 1; });
  check_sensible(run_all(s));
}

TEST_CASE("Deterministic zero patience: a customer who waits leaves at once", "[extremes]") {
  test::MmnSpec spec;
  spec.patience_s = 0.0;
  spec.replications = 3;
  const Results r = run_all(test::mmn_scenario(spec));
  check_sensible(r);
  // Nobody answered waited, and every wait (of those who left) is zero.
  CHECK(*r.metric("asa_s").mean == 0.0);
  CHECK(*r.metric("mean_wait_s").mean == 0.0);
  CHECK(*r.metric("service_level").mean == Approx(1.0 - *r.metric("abandon_rate").mean));
  spec.agents = 0;
  const Results none = run_all(test::mmn_scenario(spec));
  check_sensible(none);
  CHECK(*none.metric("abandon_rate").mean == 1.0);
  CHECK(*none.metric("mean_wait_s").mean == 0.0);
}

TEST_CASE("Every contact to the bot: the human-queue figures have no data", "[extremes]") {
  const Scenario s = journey([](nlohmann::json& j) {
    j["routing"]["strategy"] = "bot_only";
    for (auto& group : j["staffing"]["groups"]) group["agents"] = 0;
  });
  const Results r = run_all(s);
  check_sensible(r);
  for (const char* name : {"abandon_rate", "p_wait", "service_level", "asa_s", "escalation_rate",
                           "occupancy", "callback_rate"}) {
    INFO(name);
    if (std::string(name) == "escalation_rate") {
      CHECK(*r.metric(name).mean == 0.0);  // bot contacts, none escalated: data, and 0
      continue;
    }
    CHECK_FALSE(r.metric(name).mean.has_value());
    CHECK(r.metric(name).n == 0);
  }
  CHECK(*r.metric("containment_rate").mean > 0.0);
  CHECK(table_of(r).find("no data") != std::string::npos);
}

TEST_CASE("A bot with one session at a time and customers who never give up on it drains",
          "[extremes]") {
  const Scenario s = journey([](nlohmann::json& j) {
    j["routing"]["strategy"] = "bot_only";
    j["bots"]["concurrency"] = 1;
    for (auto& segment : j["population"]["segments"]) segment.erase("bot_patience_s");
    j["returns"] = nlohmann::json::object();
  });
  const Tally t = Simulation(s, 0).run();
  const Counters c = t.totals();
  // About 240 contacts of some 100 s each on one session: the bot works long past the horizon,
  // and everyone is served in the end.
  CHECK(c.customers == t.counted_arrivals);
  CHECK(c.bot_abandoned == 0);
  CHECK(c.bot_contacts == c.contacts);
  CHECK(c.customers_unfinished == 0);
  check_sensible(run_all(s));
}

TEST_CASE("A bot with one session and impatient customers under bot_first", "[extremes]") {
  const Scenario s = journey([](nlohmann::json& j) { j["bots"]["concurrency"] = 1; });
  const Results r = run_all(s);
  check_sensible(r);
  CHECK(*r.metric("bot_abandon_rate").mean > 0.0);
}

TEST_CASE("A bot pool of zero leaves bot contacts to give up or wait unfinished", "[extremes]") {
  const Scenario s = journey([](nlohmann::json& j) {
    j["routing"]["strategy"] = "bot_only";
    j["bots"]["concurrency"] = 0;
  });
  const Results r = run_all(s);
  check_sensible(r);
  CHECK(*r.metric("containment_rate").mean == 0.0);
}
