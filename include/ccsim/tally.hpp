// What one replication counted: totals only, so it merges by addition.
#pragma once

#include <cstdint>

#include "ccsim/wait_histogram.hpp"

namespace ccsim {

// Counts are over customers who arrived at or after the warm-up ("counted" customers); time
// integrals over [warm-up, horizon]. Every counted customer who entered the queue ends as exactly
// one of answered, abandoned or unfinished (still waiting, with infinite patience, when nobody is
// left to serve them after the horizon).
struct Tally {
  std::uint64_t arrivals = 0;  // every customer simulated, warm-up included
  std::uint64_t offered = 0;   // counted customers who entered the human queue
  std::uint64_t answered = 0;
  std::uint64_t abandoned = 0;
  std::uint64_t unfinished = 0;
  std::uint64_t waited = 0;                     // found no free agent on arrival
  std::uint64_t answered_within_threshold = 0;  // answered with wait <= threshold
  double wait_s = 0.0;           // sum of waits, answered and abandoned alike
  double answered_wait_s = 0.0;  // sum of waits of the answered
  double busy_agent_s = 0.0;       // integral of busy agents over [warm-up, horizon]
  double available_agent_s = 0.0;  // integral of max(staffed, busy) over [warm-up, horizon]
  WaitHistogram waits;             // waits of answered and abandoned
};

}  // namespace ccsim
