// One engine, specialised by feature set: the instantiation a scenario runs on and the one with
// every feature give the same tally, to the last bit.
#include <catch2/catch.hpp>

#include "ccsim/engine/simulation.hpp"
#include "stats/tally_codec.hpp"
#include "engine/features.hpp"
#include "test_support.hpp"

using namespace ccsim;

namespace {

// Every field of every replication's tally, doubles bit for bit.
std::string tally_bytes(const Scenario& s, Simulation::Engine engine) {
  std::vector<Tally> tallies;
  for (int r = 0; r < s.replications; ++r) {
    tallies.push_back(Simulation(s, static_cast<std::uint64_t>(r), engine).run());
  }
  return encode_tallies(tallies);
}

void check_same_tallies(const Scenario& s) {
  CHECK(tally_bytes(s, Simulation::Engine::automatic) ==
        tally_bytes(s, Simulation::Engine::general));
}

}  // namespace

TEST_CASE("The single queue's instantiation and the general one agree to the last bit",
          "[instantiations]") {
  const Scenario erlang_a = load_scenario_file(test::source_path("scenarios/erlang-a.json"));
  REQUIRE(features_of(expand_shorthands(erlang_a)) == kNoFeatures);
  check_same_tallies(erlang_a);
}

TEST_CASE("The instantiations agree with schedules, costs, no patience and busyness",
          "[instantiations]") {
  Scenario s = test::mmn_scenario({});
  s.arrivals_per_hour = Schedule{1800.0, {2000.0, 3400.0, 2600.0}};
  s.humans = Schedule{1800.0, {40.0, 60.0, 30.0}};
  s.humans_cost_per_hour = 25.0;
  s.horizon_s = 6 * 1800.0;
  s.warmup_s = 900.0;
  s.replications = 3;
  check_same_tallies(s);
  s.patience_s.reset();
  check_same_tallies(s);
  s.busyness_cv = 0.2;
  check_same_tallies(s);
}

TEST_CASE("The instantiations agree with zero agents and zero arrivals", "[instantiations]") {
  test::MmnSpec spec;
  spec.agents = 0;
  spec.replications = 2;
  check_same_tallies(test::mmn_scenario(spec));
  spec.agents = 10;
  spec.lambda_per_hour = 0.0;
  check_same_tallies(test::mmn_scenario(spec));
}

TEST_CASE("The single queue has no feature and each journey feature is recognised",
          "[instantiations]") {
  const Scenario minimal = expand_shorthands(test::mmn_scenario({}));
  CHECK(features_of(minimal) == kNoFeatures);
  auto with = [&](auto change) {
    Scenario s = minimal;
    change(s);
    return features_of(s);
  };
  CHECK(with([](Scenario& s) { s.segments.push_back(s.segments[0]); }) & kSegments);
  CHECK(with([](Scenario& s) { s.routing.strategy = Strategy::bot_first; }) & kBots);
  CHECK(with([](Scenario& s) { s.segments[0].strategy = Strategy::triage; }) & kBots);
  CHECK((with([](Scenario& s) { s.segments[0].strategy = Strategy::human_only; }) & kBots) == 0);
  CHECK(with([](Scenario& s) { s.reasons[0].channel = Channel::chat; }) & kChat);
  CHECK(with([](Scenario& s) { s.groups[0].max_concurrent_chats = 2; }) & kChat);
  CHECK(with([](Scenario& s) { s.callback.enabled = true; }) & kCallbacks);
  CHECK(with([](Scenario& s) { s.returns.retrial_probability = 0.1; }) & kReturns);
  CHECK(with([](Scenario& s) { s.returns.repeat_probability = 0.1; }) & kReturns);
  CHECK(with([](Scenario& s) { s.segments[0].p_frustrated = 0.1; }) & kEmpathy);
  CHECK(with([](Scenario& s) { s.reasons[0].kind = ReasonKind::sensitive; }) & kEmpathy);
  CHECK(with([](Scenario& s) { s.reasons[0].human_resolution = 0.9; }) & kOutcomes);
  CHECK(with([](Scenario& s) { s.groups.push_back(s.groups[0]); }) & kGroups);
  CHECK(with([](Scenario& s) { s.groups[0].kinds = {ReasonKind::complex}; }) & kGroups);
  // Numbers that change no code are no feature.
  CHECK(with([](Scenario& s) { s.busyness_cv = 0.3; }) == kNoFeatures);
  CHECK(with([](Scenario& s) { s.groups[0].cost_per_hour = 30.0; }) == kNoFeatures);
  CHECK(with([](Scenario& s) { s.satisfaction.intercept = 0.0; }) == kNoFeatures);
}

TEST_CASE("Given arrivals replace the Poisson process in every instantiation", "[instantiations]") {
  test::MmnSpec spec;
  spec.horizon_s = 3600.0;
  spec.warmup_s = 0.0;
  spec.agents = 1;
  const Scenario s = test::mmn_scenario(spec);
  std::vector<GivenArrival> given;
  for (int i = 0; i < 50; ++i) given.push_back({10.0 * i + 1.0, 0});
  for (const auto engine : {Simulation::Engine::automatic, Simulation::Engine::general}) {
    const Tally t = Simulation(s, 0, engine, nullptr, &given).run();
    CHECK(t.arrivals == given.size());
    CHECK(t.totals().offered == given.size());
  }
  CHECK(encode_tallies(std::vector<Tally>{
            Simulation(s, 0, Simulation::Engine::automatic, nullptr, &given).run()}) ==
        encode_tallies(std::vector<Tally>{
            Simulation(s, 0, Simulation::Engine::general, nullptr, &given).run()}));
}
