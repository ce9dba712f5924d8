// One replication of a scenario: owns its clock, its event calendar and its random streams.
#pragma once

#include <array>
#include <boost/random/exponential_distribution.hpp>
#include <cstdint>
#include <vector>

#include "ccsim/engine/contact_record.hpp"
#include "ccsim/engine/random_stream.hpp"
#include "ccsim/scenario/distribution.hpp"
#include "ccsim/scenario/scenario.hpp"
#include "ccsim/stats/tally.hpp"

namespace ccsim {

// An event of the calendar. Ordered by (time, seq): simultaneous events run in the order they
// were scheduled, so ties are first-in-first-out and the run never depends on heap internals.
struct Event {
  enum class Kind : std::uint32_t {
    arrival,          // a new customer
    contact,          // a retrial or repeat of customer `payload`
    completion,       // an agent finishes customer `payload` (voice)
    chat_completion,  // a chat session of customer `payload` ends, if still current
    bot_end,          // customer `payload`'s bot session ends (resolved, failed, asked, gave up)
    overflow_check,   // customer `payload` has waited long enough to overflow, if still waiting
    abandon,          // customer `payload`'s patience ends in a human queue, if still waiting
    staffing_change,  // group `payload`'s staffing changes
  };
  double time;
  std::uint64_t seq;
  Kind kind;
  std::uint32_t payload;
};

// An arrival given rather than drawn (the replay of a logged day): when, and in which segment
// (an index into the scenario's segments in full form).
struct GivenArrival {
  double time_s = 0.0;
  std::uint32_t segment = 0;
};

// Pure: no I/O, no JSON, no globals. Instances share nothing, so replications run in parallel.
class FastQueue;

class Simulation {
 public:
  // `automatic` runs the core's single queue (one segment, one reason, one voice group, human
  // only, nothing coming back) on a specialised fast path that gives the general engine's
  // figures; `general` forces the general engine (tests and benchmarks compare the two).
  enum class Engine { automatic, general };

  // With a `sink`, every finished contact is also handed to it (contact_record.hpp). Only the
  // general engine describes contacts: a scenario that would run on the fast path runs on both,
  // the general engine for the sink and the fast path for the tally, so attaching a sink
  // never changes the figures, not even in their last bits.
  // With `given` (sorted by time, each before the horizon), the customers arrive at exactly
  // those instants and in those segments instead of the scenario's Poisson process; every other
  // draw is made as usual. It must outlive the simulation.
  Simulation(const Scenario& scenario, std::uint64_t replication, Engine engine = Engine::automatic,
             ContactSink* sink = nullptr, const std::vector<GivenArrival>* given = nullptr);
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;
  Tally run();

  struct Impl;

 private:
  Impl* impl_ = nullptr;
  FastQueue* fast_ = nullptr;
  Scenario* full_ = nullptr;  // the scenario in full form, for the fast path
};

}  // namespace ccsim
