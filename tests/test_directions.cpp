// Directions the shipped French scenarios must show: each change a planner would make moves its
// metric the way the sources and the model say, by more than the noise. Every comparison is
// paired (same seed, replication by replication, common random numbers) and asserts that the
// confidence interval of the difference excludes zero on the expected side.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "ccsim/experiment/compare.hpp"
#include "ccsim/parallel/runner.hpp"
#include "ccsim/scenario/scenario.hpp"
#include "ccsim/stats/results.hpp"
#include "ccsim/stats/statistics.hpp"
#include "paired_support.hpp"

using namespace ccsim;
using test::check_negative;
using test::check_positive;
using test::group_index;
using test::segment_index;

namespace {

// Several directions share this file: at 99% each, a false alarm somewhere in it stays unlikely.
using test::kConfidence;
// Generalists added for the staffing direction: a fifth more, a change a planner would weigh.
constexpr double kExtraGeneralists = 6.0;

Scenario load(const std::string& file) {
  return test::load_shipped(file);
}

std::vector<Tally> run(const Scenario& scenario) {
  return test::run_all(scenario);
}

// The paired difference `changed` - `baseline` of an overall metric.
Estimate difference(const Scenario& baseline, const Scenario& changed, const std::string& metric) {
  REQUIRE(baseline.seed == changed.seed);
  REQUIRE(baseline.replications == changed.replications);
  const Comparison comparison =
      compare_runs({baseline, changed}, {run(baseline), run(changed)}, kConfidence, false);
  for (const ComparedMetric& m : comparison.metrics) {
    if (m.name == metric) return m.differences[1];
  }
  FAIL("no compared metric named " << metric);
  return {};
}

template <typename PickA, typename PickB>
Estimate paired_difference(const std::vector<Tally>& runs_a, PickA pick_a,
                           const std::vector<Tally>& runs_b, PickB pick_b,
                           const std::string& metric) {
  return test::paired_difference(runs_a, pick_a, runs_b, pick_b, metric, kConfidence);
}

}  // namespace

TEST_CASE("More agents mean less abandonment", "[directions]") {
  const Scenario baseline = load("france-human-only.json");
  Scenario more = baseline;
  AgentGroup& generalists = more.groups[group_index(more, "generalists")];
  REQUIRE(generalists.agents.is_constant());
  generalists.agents = Schedule::constant(generalists.agents.values[0] + kExtraGeneralists);
  check_negative(difference(baseline, more, "abandon_rate"));
}

TEST_CASE("Passing the context on escalation raises satisfaction", "[directions]") {
  const Scenario without_context = load("france-bot-first-no-context.json");
  const Scenario with_context = load("france-bot-first.json");
  REQUIRE_FALSE(without_context.routing.context_transfer);
  REQUIRE(with_context.routing.context_transfer);
  check_positive(difference(without_context, with_context, "csat"));
}

TEST_CASE("Sensitive contacts are less satisfied and churn more under bot_only than under triage",
          "[directions]") {
  const Scenario triage = load("france-triage.json");
  const Scenario bot_only = load("france-bot-only.json");
  const auto triage_runs = run(triage);
  const auto bot_only_runs = run(bot_only);
  const auto sensitive = [](const Tally& t) -> const Counters& {
    return t.by_kind[static_cast<std::size_t>(ReasonKind::sensitive)];
  };
  check_negative(paired_difference(triage_runs, sensitive, bot_only_runs, sensitive, "csat"));
  check_positive(paired_difference(triage_runs, sensitive, bot_only_runs, sensitive, "churn_rate"));
}

TEST_CASE("Under bot_first the 18-34 bands give up on the bot more than the 60-75 band",
          "[directions]") {
  const Scenario scenario = load("france-bot-first.json");
  const auto runs = run(scenario);
  const std::size_t older = segment_index(scenario, "60-75");
  const auto band = [](std::size_t i) {
    return [i](const Tally& t) -> const Counters& { return t.by_segment[i]; };
  };
  for (const char* younger : {"18-24", "25-34"}) {
    INFO("band " << younger);
    check_positive(paired_difference(runs, band(older), runs,
                                     band(segment_index(scenario, younger)), "bot_abandon_rate"));
  }
}

TEST_CASE("Without a way to reach a human more customers give up", "[directions]") {
  const Scenario offered = load("france-bot-first.json");
  REQUIRE(offered.bots->offers_human);
  Scenario not_offered = offered;
  not_offered.bots->offers_human = false;
  check_positive(difference(offered, not_offered, "gave_up_rate"));
}

TEST_CASE("Saying that the bot is a bot raises satisfaction", "[directions]") {
  const Scenario disclosed = load("france-bot-first.json");
  REQUIRE(disclosed.bots->discloses_bot);
  Scenario undisclosed = disclosed;
  undisclosed.bots->discloses_bot = false;
  check_positive(difference(undisclosed, disclosed, "csat"));
}
