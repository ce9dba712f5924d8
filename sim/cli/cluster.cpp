#include "cluster.hpp"

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdlib>
#include <iostream>
#include <stdexcept>
#include <thread>

#include "stats/tally_codec.hpp"

#ifdef CCSIM_WITH_MPI
#include <mpi.h>
#endif

namespace ccsim::cli {

namespace {

// The environment an MPI launcher gives each process: Open MPI's mpirun, PMIx (srun
// --mpi=pmix, recent mpirun) and PMI-2 (srun --mpi=pmi2, MPICH).
int launched_size() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"}) {
    if (const char* value = std::getenv(name)) return std::atoi(value);
  }
  return std::getenv("PMIX_RANK") != nullptr ? 0 : -1;  // 0: launched, size unknown
}

// Replications per chunk of a spread batch: at most Cluster::kSpreadChunk, fewer when the batch
// is small, so that every process gets a share of it. A function of the batch and the process
// count only: every process computes the same chunks.
[[maybe_unused]] int spread_chunk(int count, int size) {
  return std::clamp((count + size - 1) / size, 1, Cluster::kSpreadChunk);
}

}  // namespace

#ifdef CCSIM_WITH_MPI

namespace {

constexpr int kSpreadTag = 1;
constexpr int kPointTag = 2;
// A waiting process polls instead of blocking in MPI: Open MPI's blocking calls spin a core,
// which the simulation threads of the same machine would lose.
constexpr auto kPollPeriod = std::chrono::microseconds(500);

void wait_polling(MPI_Request& request) {
  int done = 0;
  MPI_Test(&request, &done, MPI_STATUS_IGNORE);
  while (done == 0) {
    std::this_thread::sleep_for(kPollPeriod);
    MPI_Test(&request, &done, MPI_STATUS_IGNORE);
  }
}

std::string receive_polling(int source, int tag) {
  int found = 0;
  MPI_Status status;
  MPI_Iprobe(source, tag, MPI_COMM_WORLD, &found, &status);
  while (found == 0) {
    std::this_thread::sleep_for(kPollPeriod);
    MPI_Iprobe(source, tag, MPI_COMM_WORLD, &found, &status);
  }
  int count = 0;
  MPI_Get_count(&status, MPI_BYTE, &count);
  std::string bytes(static_cast<std::size_t>(count), '\0');
  MPI_Recv(bytes.data(), count, MPI_BYTE, source, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return bytes;
}

}  // namespace

struct Cluster::Send {
  std::string bytes;
  MPI_Request request = MPI_REQUEST_NULL;
};

Cluster::Cluster() {
  if (launched_size() < 0) return;
  int provided = 0;
  // Only the main thread calls MPI; the simulation threads never do.
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  joined_ = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

Cluster::~Cluster() {
  if (!joined_) return;
  flush_sends();
  MPI_Finalize();
}

int Cluster::broadcast(int value_on_root) {
  if (size_ > 1) MPI_Bcast(&value_on_root, 1, MPI_INT, 0, MPI_COMM_WORLD);
  return value_on_root;
}

bool Cluster::all(bool mine) {
  int value = mine ? 1 : 0;
  if (size_ > 1) MPI_Allreduce(MPI_IN_PLACE, &value, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  return value == 1;
}

std::vector<Tally> Cluster::run_spread(const Scenario& scenario, int first, int count,
                                       const RunOptions& options) {
  std::vector<Tally> tallies;
  run_spread(scenario, first, count, options,
             [&](int, Tally& tally) { tallies.push_back(std::move(tally)); });
  return tallies;
}

void Cluster::run_spread(const Scenario& scenario, int first, int count, const RunOptions& options,
                         const std::function<void(int replication, Tally& tally)>& consume) {
  if (size_ == 1) {
    for_each_replication(scenario, first, count, options, consume);
    return;
  }
  int command[2] = {first, count};
  MPI_Request request;
  MPI_Ibcast(command, 2, MPI_INT, 0, MPI_COMM_WORLD, &request);
  wait_polling(request);
  const int chunk = spread_chunk(count, size_);
  int done = 0;
  for (int j = 0; done < count; ++j) {
    const int begin = first + done;
    const int n = std::min(chunk, count - done);
    if (j % size_ == 0) {
      RunOptions mine = options;
      if (options.on_progress) {
        mine.on_progress = [&options, done](int finished) { options.on_progress(done + finished); };
      }
      for_each_replication(scenario, begin, n, mine, consume);
    } else {
      // MPI keeps the order of one sender's messages on one tag: chunk j is the next one.
      std::vector<Tally> theirs = decode_tallies(receive_polling(j % size_, kSpreadTag));
      if (theirs.size() != static_cast<std::size_t>(n)) {
        throw std::runtime_error("process " + std::to_string(j % size_) + " sent " +
                                 std::to_string(theirs.size()) + " tallies for a chunk of " +
                                 std::to_string(n));
      }
      for (int i = 0; i < n; ++i) consume(begin + i, theirs[static_cast<std::size_t>(i)]);
      if (options.on_progress) options.on_progress(done + n);
    }
    done += n;
  }
}

void Cluster::serve(const Scenario& scenario, const RunOptions& options) {
  for (;;) {
    int command[2] = {0, 0};
    MPI_Request request;
    MPI_Ibcast(command, 2, MPI_INT, 0, MPI_COMM_WORLD, &request);
    wait_polling(request);
    const auto [first, count] = command;
    if (count == 0) return;
    // This process's chunks, in order; the next one is computed while the last one is sent.
    const int chunk = spread_chunk(count, size_);
    std::string in_flight;
    MPI_Request sent = MPI_REQUEST_NULL;
    for (int j = rank_, begin = j * chunk; begin < count; j += size_, begin = j * chunk) {
      std::string bytes = encode_tallies(
          run_replications(scenario, first + begin, std::min(chunk, count - begin), options));
      if (sent != MPI_REQUEST_NULL) wait_polling(sent);
      in_flight = std::move(bytes);
      MPI_Isend(in_flight.data(), static_cast<int>(in_flight.size()), MPI_BYTE, 0, kSpreadTag,
                MPI_COMM_WORLD, &sent);
    }
    if (sent != MPI_REQUEST_NULL) wait_polling(sent);
  }
}

void Cluster::end_service() {
  if (size_ == 1) return;
  int command[2] = {0, 0};
  MPI_Request request;
  MPI_Ibcast(command, 2, MPI_INT, 0, MPI_COMM_WORLD, &request);
  wait_polling(request);
}

void Cluster::send_to_root(std::string bytes) {
  if (bytes.size() > static_cast<std::size_t>(INT_MAX)) {
    throw std::runtime_error("a point's tallies exceed the 2 GiB of one MPI message");
  }
  // One send in flight: the next point is computed while the root receives this one.
  flush_sends();
  send_ = std::make_unique<Send>();
  send_->bytes = std::move(bytes);
  MPI_Isend(send_->bytes.data(), static_cast<int>(send_->bytes.size()), MPI_BYTE, 0, kPointTag,
            MPI_COMM_WORLD, &send_->request);
}

std::string Cluster::receive_from(int rank) {
  return receive_polling(rank, kPointTag);
}

void Cluster::flush_sends() {
  if (!send_) return;
  wait_polling(send_->request);
  send_.reset();
}

void Cluster::abort_job(int status) {
  if (joined_ && size_ > 1) MPI_Abort(MPI_COMM_WORLD, status);
  std::_Exit(status);
}

#else  // without MPI: a cluster of one

struct Cluster::Send {};

Cluster::Cluster() {
  if (launched_size() > 1) {
    std::cerr << "ccsim: built without MPI (CCSIM_WITH_MPI=OFF): each of the " << launched_size()
              << " processes runs the whole job on its own\n";
  }
}

Cluster::~Cluster() = default;

int Cluster::broadcast(int value_on_root) {
  return value_on_root;
}

bool Cluster::all(bool mine) {
  return mine;
}

std::vector<Tally> Cluster::run_spread(const Scenario& scenario, int first, int count,
                                       const RunOptions& options) {
  return run_replications(scenario, first, count, options);
}

void Cluster::run_spread(const Scenario& scenario, int first, int count, const RunOptions& options,
                         const std::function<void(int replication, Tally& tally)>& consume) {
  for_each_replication(scenario, first, count, options, consume);
}

void Cluster::serve(const Scenario&, const RunOptions&) {
  throw std::logic_error("serve() called in a cluster of one");
}

void Cluster::end_service() {}

void Cluster::send_to_root(std::string) {
  throw std::logic_error("send_to_root() called in a cluster of one");
}

std::string Cluster::receive_from(int) {
  throw std::logic_error("receive_from() called in a cluster of one");
}

void Cluster::flush_sends() {}

void Cluster::abort_job(int status) {
  std::_Exit(status);
}

#endif

}  // namespace ccsim::cli
