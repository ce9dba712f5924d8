// Target precision: batch sizes, the batches' replication indices, metric names.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "ccsim/experiment/precision.hpp"
#include "ccsim/io/report.hpp"
#include "ccsim/parallel/runner.hpp"
#include "test_support.hpp"

namespace {

ccsim::PrecisionOutcome outcome_at(int replications, double half_width, double target,
                                   int max_replications = 1000) {
  ccsim::PrecisionOutcome o;
  o.targets = {{"abandon_rate", target}};
  o.half_widths = {half_width};
  o.replications = replications;
  o.max_replications = max_replications;
  o.met = half_width <= target;
  return o;
}

}  // namespace

TEST_CASE("The next batch extrapolates the half-width as 1/sqrt(n)", "[precision]") {
  // hw 1.5 x the target at n = 40: n_needed = 40 * 2.25 = 90, so 50 more, capped at doubling.
  CHECK(ccsim::next_precision_batch(outcome_at(40, 0.015, 0.01)) == 40);
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

TEST_CASE("A target with no interval yet doubles the replications", "[precision]") {
  ccsim::PrecisionOutcome o = outcome_at(3, 0.0, 0.01);
  o.half_widths = {std::nullopt};
  o.met = false;
  CHECK(ccsim::next_precision_batch(o) == 3);
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
  CHECK(ccsim::to_json(run.results).dump() ==
        ccsim::to_json(ccsim::merge_tallies(scenario, plain, scenario.confidence)).dump());
  if (run.precision->met) CHECK(*run.results.metric("abandon_rate").half_width() <= 0.004);
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
