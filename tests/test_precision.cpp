// Target precision: batch sizes, the batches' replication indices, metric names.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "ccsim/experiment/precision.hpp"
#include "ccsim/io/report.hpp"
#include "ccsim/parallel/runner.hpp"
#include "test_support.hpp"

namespace {

ccsim::PrecisionOutcome outcome_at(int replications, double half_width, double target,
                                   int max_replications = 1000,
                                   ccsim::PrecisionStage stage = ccsim::PrecisionStage::planned) {
  ccsim::PrecisionOutcome o;
  o.targets = {{"abandon_rate", target}};
  o.half_widths = {half_width};
  o.unusable = {""};
  o.replications = replications;
  o.max_replications = max_replications;
  o.met = half_width <= target;
  o.stage = stage;
  return o;
}

ccsim::Estimate rate_of(double mean, std::uint64_t n, double half_width) {
  ccsim::Estimate e;
  e.kind = ccsim::MetricKind::rate;
  e.mean = mean;
  e.n = n;
  e.ci_low = mean - half_width;
  e.ci_high = mean + half_width;
  return e;
}

}  // namespace

TEST_CASE("The total is planned from the first stage at once: Stein's second stage",
          "[precision]") {
  using ccsim::PrecisionStage;
  // hw 1.5 x the target after a pilot of 40: N = 40 * 2.25 = 90, so 50 more in one batch.
  CHECK(ccsim::next_precision_batch(outcome_at(40, 0.015, 0.01, 1000, PrecisionStage::pilot)) ==
        50);
  // hw 3 x the target after a pilot of 10: N = 90, not a doubling at a time.
  CHECK(ccsim::next_precision_batch(outcome_at(10, 0.03, 0.01, 1000, PrecisionStage::pilot)) == 80);
}

TEST_CASE("Past the planned total a target still missed is topped up, not crawled to",
          "[precision]") {
  // hw 1.2 x at n = 100: n_needed = 144.
  CHECK(ccsim::next_precision_batch(outcome_at(100, 0.012, 0.01)) == 44);
  // Nearly there: at least n / 8 more, so tiny batches do not pile up.
  CHECK(ccsim::next_precision_batch(outcome_at(100, 0.01001, 0.01)) == 13);
  CHECK(ccsim::next_precision_batch(outcome_at(4, 0.01001, 0.01)) == ccsim::kMinPrecisionBatch);
}

TEST_CASE("No batch goes past the cap, and none follows a met target", "[precision]") {
  CHECK(ccsim::next_precision_batch(outcome_at(40, 0.03, 0.01, 50)) == 10);
  CHECK(ccsim::next_precision_batch(outcome_at(50, 0.03, 0.01, 50)) == 0);
  CHECK(ccsim::next_precision_batch(outcome_at(40, 0.009, 0.01)) == 0);
}

TEST_CASE("While a target's interval cannot decide, the first stage doubles", "[precision]") {
  ccsim::PrecisionOutcome o = outcome_at(12, 0.0, 0.01, 1000, ccsim::PrecisionStage::pilot);
  o.half_widths = {std::nullopt};
  o.unusable = {"no interval"};
  o.met = false;
  CHECK(ccsim::next_precision_batch(o) == 12);
  // A narrow interval from 3 events is not a met target: it doubles too.
  o.half_widths = {0.001};
  o.unusable = {"3 events"};
  CHECK(ccsim::next_precision_batch(o) == 12);
}

TEST_CASE("An interval behind fewer than 10 events, or of zero width, cannot decide",
          "[precision]") {
  // 0.002 of 3,000 contacts is 6 abandonments.
  CHECK(ccsim::unusable_interval(rate_of(0.002, 3000, 0.001)) == "6 events");
  CHECK(ccsim::unusable_interval(rate_of(0.004, 3000, 0.001)).empty());
  // Near 1 the events that count are the misses: 0.998 of 3,000 is 6 of them.
  CHECK(ccsim::unusable_interval(rate_of(0.998, 3000, 0.001)) == "6 events");
  CHECK(ccsim::unusable_interval(rate_of(0.5, 3000, 0.0)) == "an interval of zero width");
  ccsim::Estimate none;
  none.mean = 0.5;
  none.n = 3000;
  CHECK(ccsim::unusable_interval(none) == "no interval");
  // Other kinds count what is behind them.
  ccsim::Estimate wait = rate_of(12.0, 9, 1.0);
  wait.kind = ccsim::MetricKind::non_negative;
  CHECK(ccsim::unusable_interval(wait) == "9 events");
}

TEST_CASE("The first batch of a precision run has at least 10 replications", "[precision]") {
  ccsim::test::MmnSpec spec;
  spec.horizon_s = 3600.0;
  spec.warmup_s = 300.0;
  spec.replications = 2;
  const ccsim::Scenario scenario = ccsim::test::mmn_scenario(spec);
  std::vector<std::pair<int, int>> batches;
  const ccsim::PreciseRun run =
      ccsim::run_to_precision(scenario, {{"abandon_rate", 0.5}}, 60, [&](int first, int count) {
        batches.emplace_back(first, count);
        return ccsim::run_replications(scenario, first, count, ccsim::RunOptions{});
      });
  REQUIRE(run.precision);
  CHECK(batches.front() == std::pair<int, int>{0, ccsim::kMinFirstBatch});
  CHECK(run.precision->met);
  CHECK(run.precision->first_batch == ccsim::kMinFirstBatch);
  CHECK(run.precision->pilot == ccsim::kMinFirstBatch);
}

TEST_CASE("Batches continue the replication indices, as one plain run", "[precision]") {
  ccsim::test::MmnSpec spec;
  spec.horizon_s = 3600.0;
  spec.warmup_s = 300.0;
  spec.replications = 3;
  const ccsim::Scenario scenario = ccsim::test::mmn_scenario(spec);
  ccsim::RunOptions options;
  options.threads = 2;
  std::vector<std::pair<int, int>> batches;
  const ccsim::PreciseRun run =
      ccsim::run_to_precision(scenario, {{"abandon_rate", 0.004}}, 60, [&](int first, int count) {
        batches.emplace_back(first, count);
        return ccsim::run_replications(scenario, first, count, options);
      });
  REQUIRE(run.precision);
  REQUIRE(batches.size() > 1);
  int expected_first = 0;
  for (const auto& [first, count] : batches) {
    CHECK(first == expected_first);
    expected_first += count;
  }
  const int n = static_cast<int>(run.tallies.size());
  CHECK(run.precision->replications == n);
  const auto plain = ccsim::run_replications(scenario, 0, n, options);
  nlohmann::json precise = ccsim::to_json(run.results);
  nlohmann::json reference =
      ccsim::to_json(ccsim::merge_tallies(scenario, plain, scenario.confidence));
  // The targeted metric's interval is Stein's where that is wider; the rest is the plain run's.
  const nlohmann::json target = precise["metrics"]["abandon_rate"];
  const nlohmann::json plain_target = reference["metrics"]["abandon_rate"];
  CHECK(target["mean"] == plain_target["mean"]);
  CHECK(target["ci_low"].get<double>() <= plain_target["ci_low"].get<double>());
  CHECK(target["ci_high"].get<double>() >= plain_target["ci_high"].get<double>());
  precise["metrics"].erase("abandon_rate");
  reference["metrics"].erase("abandon_rate");
  precise.erase("run_info");
  reference.erase("run_info");
  CHECK(precise.dump() == reference.dump());
  if (run.precision->met) CHECK(*run.results.metric("abandon_rate").half_width() <= 0.004);
}

TEST_CASE("A precision run replayed from its tallies makes the same decisions", "[precision]") {
  ccsim::test::MmnSpec spec;
  spec.horizon_s = 3600.0;
  spec.warmup_s = 300.0;
  const ccsim::Scenario scenario = ccsim::test::mmn_scenario(spec);
  const std::vector<ccsim::PrecisionTarget> targets = {{"abandon_rate", 0.004}};
  const ccsim::PreciseRun run = ccsim::run_to_precision(scenario, targets, 80, [&](int f, int c) {
    return ccsim::run_replications(scenario, f, c, ccsim::RunOptions{});
  });
  const ccsim::PreciseRun replay =
      ccsim::run_to_precision(scenario, targets, 80, [&](int f, int c) {
        return std::vector<ccsim::Tally>(run.tallies.begin() + f, run.tallies.begin() + f + c);
      });
  CHECK(replay.tallies.size() == run.tallies.size());
  CHECK(ccsim::to_json(replay.results).dump() == ccsim::to_json(run.results).dump());
  CHECK(ccsim::to_json(*replay.precision).dump() == ccsim::to_json(*run.precision).dump());
}

TEST_CASE("An unknown metric name gets a suggestion", "[precision]") {
  const ccsim::Scenario scenario = ccsim::test::mmn_scenario({});
  const auto problems =
      ccsim::precision_problems({{"abandon_rat", 0.01}, {"asa_s", 1.0}}, scenario);
  REQUIRE(problems.size() == 1);
  CHECK_THAT(problems[0],
             Catch::StartsWith("--precision: expected a metric of the results (") &&
                 Catch::EndsWith("got \"abandon_rat\" (did you mean \"abandon_rate\"?)"));
}

TEST_CASE("A precision target needs a positive half-width", "[precision]") {
  CHECK(ccsim::parse_precision_target("asa_s=0.5").half_width == 0.5);
  CHECK_THROWS_WITH(ccsim::parse_precision_target("asa_s=0"), Catch::Contains("half-width > 0"));
  CHECK_THROWS_AS(ccsim::parse_precision_target("asa_s"), std::invalid_argument);
  CHECK_THROWS_AS(ccsim::parse_precision_target("asa_s=1x"), std::invalid_argument);
}
