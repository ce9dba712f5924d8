#include "ccsim/parallel/runner.hpp"

#include <oneapi/tbb/parallel_pipeline.h>
#include <oneapi/tbb/task_arena.h>

#include "ccsim/engine/simulation.hpp"

namespace ccsim {

void for_each_replication(const Scenario& scenario, int first, int count, const RunOptions& options,
                          const std::function<void(int replication, Tally& tally)>& consume) {
  if (count <= 0) return;
  const int threads =
      options.threads > 0 ? options.threads : tbb::this_task_arena::max_concurrency();
  // The replications in flight are always a run [oldest, next) of at most `ahead`: each has a
  // slot of its own in a ring.
  const int ahead = std::min(count, threads * kReplicationsAheadPerThread);
  std::vector<Tally> ring(static_cast<std::size_t>(ahead));
  const auto slot = [&](int i) -> Tally& { return ring[static_cast<std::size_t>(i % ahead)]; };
  int next = 0;
  int done = 0;
  tbb::task_arena arena(threads);
  // One replication per token: replications are long and independent, so the finest grain
  // balances best; the last stage takes them in index order.
  arena.execute([&] {
    tbb::parallel_pipeline(
        static_cast<std::size_t>(ahead),
        tbb::make_filter<void, int>(tbb::filter_mode::serial_in_order, [&](tbb::flow_control&
                                                                               control) {
          if (next == count) control.stop();
          return next++;
        }) & tbb::make_filter<int, int>(tbb::filter_mode::parallel, [&](int i) {
          std::unique_ptr<ContactSink> sink =
              options.contact_sink ? options.contact_sink(first + i) : nullptr;
          {
            const RunOptions::ReplicationInput input =
                options.input ? options.input(first + i) : RunOptions::ReplicationInput{};
            Simulation simulation(input.scenario != nullptr ? *input.scenario : scenario,
                                  static_cast<std::uint64_t>(first + i),
                                  Simulation::Engine::automatic, sink.get(), input.arrivals);
            slot(i) = simulation.run();
          }
          sink.reset();  // closes a trace piece before its rows are taken
          return i;
        }) & tbb::make_filter<int, void>(tbb::filter_mode::serial_in_order, [&](int i) {
          if (options.on_in_order) options.on_in_order(first + i);
          consume(first + i, slot(i));
          slot(i) = Tally{};  // its memory goes now, not when the slot is reused
          ++done;
          if (options.on_progress) options.on_progress(done);
        }));
  });
}

std::vector<Tally> run_replications(const Scenario& scenario, int first, int count,
                                    const RunOptions& options) {
  std::vector<Tally> tallies;
  tallies.reserve(static_cast<std::size_t>(std::max(count, 0)));
  for_each_replication(scenario, first, count, options,
                       [&](int, Tally& tally) { tallies.push_back(std::move(tally)); });
  return tallies;
}

}  // namespace ccsim
