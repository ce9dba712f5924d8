// Chat sessions sharing an agent, day-level busyness, and the compare command.
#include <sys/wait.h>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "ccsim/experiment/compare.hpp"
#include "ccsim/stats/results.hpp"
#include "ccsim/parallel/runner.hpp"
#include "ccsim/engine/simulation.hpp"
#include "test_support.hpp"

using namespace ccsim;

namespace {

// One chat reason served by one group whose agents hold up to `chats` sessions.
Scenario chat_scenario(int chats, std::vector<double> slowdown) {
  Scenario s = test::mmn_scenario({});
  s = expand_shorthands(s);
  s.reasons[0].channel = Channel::chat;
  s.groups[0].max_concurrent_chats = chats;
  s.groups[0].chat_slowdown = std::move(slowdown);
  s.replications = 6;
  return s;
}

Results run_all(const Scenario& s) {
  return merge_tallies(s, run_replications(s, 0, s.replications, RunOptions{}), s.confidence);
}

}  // namespace

TEST_CASE("Agents holding two chats without slowdown abandon fewer customers", "[resources]") {
  const Results one = run_all(chat_scenario(1, {1.0}));
  const Results two = run_all(chat_scenario(2, {1.0, 1.0}));
  CHECK(*two.metric("abandon_rate").ci_high < *one.metric("abandon_rate").ci_low);
  const Estimate& slots = two.metric("chat_slot_utilization");
  CHECK(*slots.mean > 0.0);
  CHECK(*slots.mean <= 1.0);
  CHECK(*two.metric("occupancy").mean <= 1.0);
}

TEST_CASE("Agents may hold more chats than a small fixed array would", "[resources]") {
  // Regression: the sessions of an agent are sized by the scenario (up to the loader's cap).
  constexpr int kChats = 12;
  const Results r = run_all(chat_scenario(kChats, std::vector<double>(kChats, 1.0)));
  CHECK(*r.metric("chat_slot_utilization").mean > 0.0);
  CHECK(*r.metric("chat_slot_utilization").mean <= 1.0);
}

TEST_CASE("Chats that slow each other down hold their slots longer", "[resources]") {
  // With f(2) = 2 two chats on one agent each progress at half speed, so a session lasts
  // longer than with f(2) = 1 and the same customers keep more slots busy.
  const Results fast = run_all(chat_scenario(2, {1.0, 1.0}));
  const Results slow = run_all(chat_scenario(2, {1.0, 2.0}));
  CHECK(*slow.metric("chat_slot_utilization").ci_low >
        *fast.metric("chat_slot_utilization").ci_high);
}

TEST_CASE("Day-level busyness spreads daily arrivals beyond Poisson", "[resources]") {
  Scenario s = test::mmn_scenario({});
  s.horizon_s = 3600.0;
  s.warmup_s = 0.0;
  constexpr int kDays = 200;
  constexpr double kCv = 0.3;
  auto variance_of_days = [&](double cv) {
    s.busyness_cv = cv;
    double sum = 0.0, sum2 = 0.0;
    for (int r = 0; r < kDays; ++r) {
      const double n =
          static_cast<double>(Simulation(s, static_cast<std::uint64_t>(r)).run().arrivals);
      sum += n;
      sum2 += n * n;
    }
    const double mean = sum / kDays;
    return std::pair{mean, (sum2 - kDays * mean * mean) / (kDays - 1)};
  };
  const auto [plain_mean, plain_var] = variance_of_days(0.0);
  const auto [busy_mean, busy_var] = variance_of_days(kCv);
  // Poisson: variance = mean. With the factor: mean + cv^2 mean^2, about 30 times more here.
  CHECK(plain_var < 2.0 * plain_mean);
  CHECK(busy_var > 10.0 * busy_mean);
  CHECK(busy_mean == Approx(plain_mean).epsilon(0.1));
}

TEST_CASE("compare gives paired differences narrower than unpaired ones", "[resources]") {
  test::MmnSpec few;
  few.agents = 48;
  test::MmnSpec more = few;
  more.agents = 50;
  std::vector<Scenario> scenarios{test::mmn_scenario(few), test::mmn_scenario(more)};
  scenarios[1].name = "more";
  std::vector<std::vector<Tally>> tallies;
  for (const Scenario& s : scenarios) tallies.push_back(run_replications(s, 0, s.replications, {}));
  const Comparison c = compare_runs(scenarios, tallies, 0.95, false);
  const ComparedMetric* abandon = nullptr;
  for (const ComparedMetric& m : c.metrics) {
    if (m.name == "abandon_rate") abandon = &m;
  }
  REQUIRE(abandon != nullptr);
  const Estimate& d = abandon->differences[1];
  CHECK(*d.ci_high < 0.0);  // two more agents: less abandonment, and the interval says so
  // Common random numbers: the paired interval is narrower than either scenario's own.
  CHECK(*d.half_width() < *abandon->values[0].half_width());
}

TEST_CASE("ccsim compare prints JSON with each scenario's value and difference", "[resources]") {
  const std::string a = test::source_path("scenarios/erlang-a.json");
  const std::string c = test::source_path("scenarios/erlang-c.json");
  const test::CommandOutcome o =
      test::run_ccsim("compare " + a + " " + c + " --replications 3 --json");
  REQUIRE(o.status == 0);
  const auto j = nlohmann::json::parse(o.out);
  CHECK(j["baseline"] == "erlang-a");
  CHECK(j["metrics"]["abandon_rate"]["erlang-c"].contains("difference"));
  CHECK(j["metrics"]["abandon_rate"]["erlang-c"]["value"]["mean"] == 0.0);
}
