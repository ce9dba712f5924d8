// The processes of an MPI job (mpirun, srun), or this process alone. The only place that knows
// about MPI: the engine and the library never do.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ccsim/parallel/runner.hpp"
#include "ccsim/scenario/scenario.hpp"
#include "ccsim/stats/tally.hpp"

namespace ccsim::cli {

class Cluster {
 public:
  // Joins the MPI job when the process was started by an MPI launcher (and ccsim was built
  // with CCSIM_WITH_MPI); otherwise a cluster of one, at no cost.
  Cluster();
  ~Cluster();
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  bool is_root() const { return rank_ == 0; }

  // Collective calls: every process makes them, in the same order.
  int broadcast(int value_on_root);  // the root's value, on every process
  bool all(bool mine);               // true when true on every process

  // Replications spread over the processes. The root calls run_spread for each batch: every
  // process runs its chunks of [first, first + count) and the root returns all the tallies in
  // index order. The other processes call serve(), which runs their blocks of each
  // batch until the root calls end_service().
  std::vector<Tally> run_spread(const Scenario& scenario, int first, int count,
                                const RunOptions& options);
  // The same, each tally handed to `consume` on the root in replication order as it arrives:
  // the batch goes out in chunks of at most kSpreadChunk replications, chunk j to process
  // j mod size, and each process keeps at most two of its chunks, so no process's memory grows
  // with `count`. The root consumes replication r after r - 1 whatever the process count, so
  // the results are bit-identical to one process's.
  void run_spread(const Scenario& scenario, int first, int count, const RunOptions& options,
                  const std::function<void(int replication, Tally& tally)>& consume);
  void serve(const Scenario& scenario, const RunOptions& options);
  void end_service();

  // Replications per chunk of a spread batch (fewer when a batch has fewer than this per
  // process): enough that a chunk keeps every thread of a process busy.
  static constexpr int kSpreadChunk = 64;

  // Point-to-point results: a process sends the tallies of its points to the root in the order
  // it computes them; the root receives each process's in that same order.
  void send_to_root(std::string bytes);
  std::string receive_from(int rank);
  // Waits until what this process sent has been received.
  void flush_sends();

  // Ends every process of the job at once (a process that fails mid-run cannot leave the
  // others waiting for it).
  [[noreturn]] void abort_job(int status);

 private:
  int rank_ = 0;
  int size_ = 1;
  bool joined_ = false;
  struct Send;  // a send in flight: its bytes and its MPI request
  std::unique_ptr<Send> send_;
};

}  // namespace ccsim::cli
