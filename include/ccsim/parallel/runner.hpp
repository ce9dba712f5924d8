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
  // Called after each replication completes with the number completed so far, in index order,
  // one call at a time.
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
  // When set, called for each replication in index order, one call at a time, once it and every
  // replication before it have ended (a trace appends its rows: TraceWriter::replication_done).
  std::function<void(int replication)> on_in_order;
};

// Replications a worker thread may run ahead of the oldest one not yet handed over: the memory
// held is that many tallies (and trace pieces) per thread, whatever the replication count.
constexpr int kReplicationsAheadPerThread = 4;

// Runs replications [first, first + count) and hands each one's tally to `consume` in index
// order, one call at a time, as soon as it and those before it have ended. At most
// kReplicationsAheadPerThread replications per thread are in progress or waiting, so memory
// does not grow with `count`; the order of the calls never depends on the thread count.
void for_each_replication(const Scenario& scenario, int first, int count, const RunOptions& options,
                          const std::function<void(int replication, Tally& tally)>& consume);

// Replication r of `scenario` lands in slot r - first: the output does not depend on which
// thread ran what, or in which order.
std::vector<Tally> run_replications(const Scenario& scenario, int first, int count,
                                    const RunOptions& options);

}  // namespace ccsim
