// The instantiation with every feature: the whole customer journey.
#include "engine/engine_all.hpp"

namespace ccsim {

std::unique_ptr<Replication> make_journey_replication(const Scenario& scenario,
                                                      std::uint64_t replication, ContactSink* sink,
                                                      const std::vector<GivenArrival>* given) {
  return std::make_unique<Engine<FeatureSet<kAllFeatures>>>(scenario, replication, sink, given);
}

}  // namespace ccsim
