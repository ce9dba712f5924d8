// One replication of a scenario: owns its clock, its event calendar and its random numbers.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "ccsim/engine/contact_record.hpp"
#include "ccsim/scenario/scenario.hpp"
#include "ccsim/stats/tally.hpp"

namespace ccsim {

// An arrival given rather than drawn (the replay of a logged day): when, and in which segment
// (an index into the scenario's segments in full form).
struct GivenArrival {
  double time_s = 0.0;
  std::uint32_t segment = 0;
};

// Pure: no I/O, no JSON, no globals. Instances share nothing, so replications run in parallel.
class Simulation {
 public:
  // One engine runs every scenario (docs/model.md, "One engine"). `automatic` runs it
  // specialised for what the scenario uses; `general` runs the instantiation with every feature
  // compiled in, whatever the scenario uses: both give the same tally, to the last bit (tests
  // and the fuzzer compare them).
  enum class Engine { automatic, general };

  // With a `sink`, every finished contact is also handed to it (contact_record.hpp), from the
  // same run that produces the tally: attaching a sink never changes a figure.
  // With `given` (sorted by time, each before the horizon), the customers arrive at exactly
  // those instants and in those segments instead of the scenario's Poisson process; every other
  // draw is made as usual. It must outlive the simulation.
  Simulation(const Scenario& scenario, std::uint64_t replication, Engine engine = Engine::automatic,
             ContactSink* sink = nullptr, const std::vector<GivenArrival>* given = nullptr);
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;
  Tally run();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ccsim
