// The fast path for the core's single queue gives the general engine's figures.
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "ccsim/io/report.hpp"
#include "ccsim/stats/results.hpp"
#include "ccsim/engine/simulation.hpp"
#include "test_support.hpp"

using namespace ccsim;

namespace {

// The two engines add the same terms in different orders (the fast path sums by interval
// first), so the last bits of a sum may differ; nothing else may.
constexpr double kRelativeTolerance = 1e-9;

nlohmann::json results_of(const Scenario& s, Simulation::Engine engine) {
  std::vector<Tally> tallies;
  for (int r = 0; r < s.replications; ++r) {
    tallies.push_back(Simulation(s, static_cast<std::uint64_t>(r), engine).run());
  }
  nlohmann::json j = to_json(merge_tallies(s, tallies, s.confidence));
  j.erase("run_info");
  return j;
}

void check_same(const nlohmann::json& a, const nlohmann::json& b, const std::string& at) {
  if (a.is_number() && b.is_number()) {
    INFO(at << ": " << a << " vs " << b);
    const double x = a.get<double>(), y = b.get<double>();
    CHECK(std::abs(x - y) <= kRelativeTolerance * std::max(1.0, std::abs(x)));
  } else if (a.is_object() && b.is_object()) {
    CHECK(a.size() == b.size());
    for (auto it = a.begin(); it != a.end(); ++it) {
      REQUIRE(b.contains(it.key()));
      check_same(it.value(), b[it.key()], at + "/" + it.key());
    }
  } else if (a.is_array() && b.is_array()) {
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) check_same(a[i], b[i], at + "/" + std::to_string(i));
  } else {
    INFO(at);
    CHECK(a == b);
  }
}

}  // namespace

TEST_CASE("The fast path and the general engine agree on the minimal Erlang A scenario",
          "[fast_path]") {
  const Scenario s = load_scenario_file(test::source_path("scenarios/erlang-a.json"));
  check_same(results_of(s, Simulation::Engine::general),
             results_of(s, Simulation::Engine::automatic), "");
}

TEST_CASE("The fast path and the general engine agree with schedules, costs and no patience",
          "[fast_path]") {
  Scenario s = test::mmn_scenario({});
  s.arrivals_per_hour = Schedule{1800.0, {2000.0, 3400.0, 2600.0}};
  s.humans = Schedule{1800.0, {40.0, 60.0, 30.0}};
  s.humans_cost_per_hour = 25.0;
  s.horizon_s = 6 * 1800.0;
  s.warmup_s = 900.0;
  s.replications = 3;
  check_same(results_of(s, Simulation::Engine::general),
             results_of(s, Simulation::Engine::automatic), "");
  s.patience_s.reset();
  check_same(results_of(s, Simulation::Engine::general),
             results_of(s, Simulation::Engine::automatic), "");
}

TEST_CASE("The fast path and the general engine agree with zero agents and zero arrivals",
          "[fast_path]") {
  test::MmnSpec spec;
  spec.agents = 0;
  spec.replications = 2;
  check_same(results_of(test::mmn_scenario(spec), Simulation::Engine::general),
             results_of(test::mmn_scenario(spec), Simulation::Engine::automatic), "");
  spec.agents = 10;
  spec.lambda_per_hour = 0.0;
  check_same(results_of(test::mmn_scenario(spec), Simulation::Engine::general),
             results_of(test::mmn_scenario(spec), Simulation::Engine::automatic), "");
}
