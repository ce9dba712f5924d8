// Reproducibility: the same scenario and seed give bit-identical results at any thread count,
// and streams are seeded from (seed, replication, stream) only.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "ccsim/engine/random_stream.hpp"
#include "ccsim/io/report.hpp"
#include "ccsim/stats/results.hpp"
#include "ccsim/parallel/runner.hpp"
#include "ccsim/engine/simulation.hpp"
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

TEST_CASE("Stream seeds are fixed functions of seed, replication and stream", "[determinism]") {
  // Golden values: changing the mix would silently change every published result.
  STATIC_REQUIRE(splitmix64(0) == 0xE220A8397B1DCDAFULL);
  CHECK(stream_seed(1, 0, Stream::arrivals) == stream_seed(1, 0, Stream::arrivals));
  CHECK(stream_seed(1, 0, Stream::arrivals) != stream_seed(1, 0, Stream::patience));
  CHECK(stream_seed(1, 0, Stream::arrivals) != stream_seed(1, 1, Stream::arrivals));
  CHECK(stream_seed(1, 0, Stream::arrivals) != stream_seed(2, 0, Stream::arrivals));
}

TEST_CASE("Scenarios differing only in staffing see the same customers", "[determinism]") {
  // Common random numbers: arrivals, patience and handle times are drawn at arrival from their
  // own streams, so the number of agents cannot change who arrives.
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
