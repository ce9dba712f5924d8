#include "ccsim/engine/simulation.hpp"

#include "engine/engine.hpp"
#include "engine/features.hpp"

namespace ccsim {

std::unique_ptr<Replication> make_replication(const Scenario& scenario, std::uint64_t replication,
                                              ContactSink* sink, bool general,
                                              const std::vector<GivenArrival>* given) {
  if (!general && sink == nullptr && features_of(scenario) == kNoFeatures) {
    return make_lean_replication(scenario, replication, given);
  }
  return make_journey_replication(scenario, replication, sink, given);
}

// The scenario in full form, which the engine reads throughout the run, and the engine.
struct Simulation::Impl {
  Scenario full;
  std::unique_ptr<Replication> replication;
};

Simulation::Simulation(const Scenario& scenario, std::uint64_t replication, Engine engine,
                       ContactSink* sink, const std::vector<GivenArrival>* given)
    : impl_(std::make_unique<Impl>()) {
  impl_->full = expand_shorthands(scenario);
  impl_->replication =
      make_replication(impl_->full, replication, sink, engine == Engine::general, given);
}

Simulation::~Simulation() = default;

Tally Simulation::run() {
  return impl_->replication->run();
}

}  // namespace ccsim
