// Reproducibility: the same scenario and seed give bit-identical results at any thread count,
// and every random number is a function of (seed, replication, customer, attempt, purpose) only.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "ccsim/engine/random_stream.hpp"
#include "ccsim/engine/simulation.hpp"
#include "ccsim/io/report.hpp"
#include "ccsim/parallel/runner.hpp"
#include "ccsim/stats/results.hpp"
#include "test_support.hpp"

using namespace ccsim;

namespace {

nlohmann::json metrics_json(const Scenario& scenario, int threads) {
  RunOptions options;
  options.threads = threads;
  const auto tallies = run_replications(scenario, 0, scenario.replications, options);
  return to_json(merge_tallies(scenario, tallies, scenario.confidence))["metrics"];
}

}  // namespace

TEST_CASE("One and two threads give bit-identical metrics", "[determinism]") {
  test::MmnSpec spec;
  spec.replications = 6;
  const Scenario scenario = test::mmn_scenario(spec);
  CHECK(metrics_json(scenario, 1).dump() == metrics_json(scenario, 2).dump());
}

TEST_CASE("A replication gives the same tally when run twice", "[determinism]") {
  const Scenario scenario = test::mmn_scenario({});
  const Tally a = Simulation(scenario, 3).run();
  const Tally b = Simulation(scenario, 3).run();
  CHECK(a.arrivals == b.arrivals);
  CHECK(a.totals().abandoned == b.totals().abandoned);
  CHECK(a.totals().wait_s == b.totals().wait_s);
}

TEST_CASE("Random numbers are fixed functions of seed, replication, customer, attempt and purpose",
          "[determinism]") {
  // Golden values: a change of generator or of layout would silently change every published
  // result. The first is Random123's known answer for Philox4x64-10 (counter and key zero).
  STATIC_REQUIRE(splitmix64(0) == 0xE220A8397B1DCDAFULL);
  const RandomBlock zero = random_block(RandomKey{0, 0}, 0, 0, 0);
  CHECK(zero[0] == 0x16554d9eca36314cULL);
  CHECK(zero[1] == 0xdb20fe9d672d0fdcULL);
  const RandomKey key{1, 0};
  auto first = [](const RandomKey& k, std::uint64_t customer, std::uint64_t attempt, Purpose p) {
    return RandomStream(k, customer, attempt, p)();
  };
  const std::uint64_t w = first(key, 5, 0, Purpose::patience);
  CHECK(w == random_block(key, 5, 0, block_of(Purpose::patience))[lane_of(Purpose::patience)]);
  CHECK(w == first(key, 5, 0, Purpose::patience));
  CHECK(w != first(key, 5, 0, Purpose::human_handle));
  CHECK(w != first(key, 6, 0, Purpose::patience));
  CHECK(w != first(key, 5, 1, Purpose::patience));
  CHECK(w != first(RandomKey{1, 1}, 5, 0, Purpose::patience));
  CHECK(w != first(RandomKey{2, 0}, 5, 0, Purpose::patience));
  // A purpose's further words come from its own blocks, not from its neighbours' lanes.
  RandomStream patience(key, 5, 0, Purpose::patience);
  patience();
  const std::uint64_t second = patience();
  for (std::uint64_t b = 0; b < 6; ++b) {
    for (std::uint64_t lane : random_block(key, 5, 0, b)) CHECK(lane != second);
  }
}

TEST_CASE("Scenarios differing only in staffing see the same customers", "[determinism]") {
  // Common random numbers: arrivals, patience and handle times are keyed by the customer, so
  // the number of agents cannot change who arrives.
  test::MmnSpec few;
  few.agents = 40;
  test::MmnSpec many = few;
  many.agents = 60;
  const Tally a = Simulation(test::mmn_scenario(few), 0).run();
  const Tally b = Simulation(test::mmn_scenario(many), 0).run();
  CHECK(a.arrivals == b.arrivals);
  CHECK(a.totals().offered == b.totals().offered);
  CHECK(a.totals().abandoned > b.totals().abandoned);
}
