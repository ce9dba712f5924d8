// Runs the replications of a scenario in parallel on oneTBB.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "ccsim/engine/contact_record.hpp"
#include "ccsim/engine/simulation.hpp"

#include "ccsim/scenario/scenario.hpp"
#include "ccsim/stats/tally.hpp"

namespace ccsim {

struct RunOptions {
  int threads = 0;  // 0: every hardware thread
  // Called after each replication completes with the number completed so far (any thread).
  std::function<void(int done)> on_progress;
  // When set, called once per replication (any thread) for the sink of its contacts, which is
  // destroyed as soon as the replication ends (a trace: TraceWriter::sink_for).
  std::function<std::unique_ptr<ContactSink>(int replication)> contact_sink;
  // When set, replication r runs what it returns (a replay of a logged day): its own scenario
  // (a day's staffing) and given arrivals; a null field keeps the run's scenario or its Poisson
  // arrivals. What the pointers point to must outlive the run.
  struct ReplicationInput {
    const Scenario* scenario = nullptr;
    const std::vector<GivenArrival>* arrivals = nullptr;
  };
  std::function<ReplicationInput(int replication)> input;
};

// Replication r of `scenario` lands in slot r - first: the output does not depend on which
// thread ran what, or in which order.
std::vector<Tally> run_replications(const Scenario& scenario, int first, int count,
                                    const RunOptions& options);

}  // namespace ccsim
