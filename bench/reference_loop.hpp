// A minimal hand-written M/M/n+M simulation: the yardstick the engine's speed is measured against.
//
// It knows one model only (constant rates and staffing, exponential handle and patience) and keeps
// nothing but a heap of completion times and a FIFO of waiting customers. It draws exactly what
// the engine draws, keyed by the same customers and purposes, and applies the same rules (a wait
// equal to the patience is served; expired customers are dropped from the head lazily), so for
// the same scenario and replication it must count the same customers.
#pragma once

#include <cstdint>

#include "ccsim/scenario/scenario.hpp"

namespace ccsim::bench {

// The subset of ccsim::Tally the reference computes, with the same definitions.
struct ReferenceTally {
  std::uint64_t arrivals = 0;  // every customer simulated, warm-up included
  std::uint64_t offered = 0;   // counted customers (arrived at or after the warm-up)
  std::uint64_t answered = 0;
  std::uint64_t abandoned = 0;
  std::uint64_t unfinished = 0;  // still waiting at the end (infinite patience only)
  std::uint64_t waited = 0;      // counted customers who found every agent busy
  double wait_s = 0.0;           // sum of waits, answered and abandoned alike
  double answered_wait_s = 0.0;  // sum of waits of the answered
};

// Replication `replication` of `scenario`. Throws std::invalid_argument unless the scenario is
// an M/M/n(+M): constant arrival rate and staffing, exponential handle time and exponential (or
// absent) patience.
ReferenceTally run_reference_loop(const Scenario& scenario, std::uint64_t replication);

}  // namespace ccsim::bench
