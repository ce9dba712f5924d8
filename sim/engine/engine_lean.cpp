// The instantiation without any feature: the single queue of Erlang's models.
#include "engine/engine_all.hpp"

namespace ccsim {

std::unique_ptr<Replication> make_lean_replication(const Scenario& scenario,
                                                   std::uint64_t replication,
                                                   const std::vector<GivenArrival>* given) {
  return std::make_unique<Engine<FeatureSet<kNoFeatures>>>(scenario, replication, nullptr, given);
}

}  // namespace ccsim
