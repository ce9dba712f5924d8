#include "ccsim/parallel/runner.hpp"

#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>
#include <atomic>

#include "ccsim/engine/simulation.hpp"

namespace ccsim {

std::vector<Tally> run_replications(const Scenario& scenario, int first, int count,
                                    const RunOptions& options) {
  std::vector<Tally> tallies(static_cast<std::size_t>(count));
  std::atomic<int> done{0};
  auto body = [&](int i) {
    std::unique_ptr<ContactSink> sink =
        options.contact_sink ? options.contact_sink(first + i) : nullptr;
    {
      const RunOptions::ReplicationInput input =
          options.input ? options.input(first + i) : RunOptions::ReplicationInput{};
      Simulation simulation(input.scenario != nullptr ? *input.scenario : scenario,
                            static_cast<std::uint64_t>(first + i), Simulation::Engine::automatic,
                            sink.get(), input.arrivals);
      tallies[static_cast<std::size_t>(i)] = simulation.run();
    }
    sink.reset();  // closes a trace piece before the next replication opens one
    const int finished = ++done;
    if (options.on_progress) options.on_progress(finished);
  };
  const int threads =
      options.threads > 0 ? options.threads : tbb::this_task_arena::max_concurrency();
  tbb::task_arena arena(threads);
  // One replication per task: replications are long and independent, so the finest grain
  // balances best; the result of each lands in its own slot.
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<int>(0, count, 1), [&](const tbb::blocked_range<int>& r) {
      for (int i = r.begin(); i != r.end(); ++i) body(i);
    });
  });
  return tallies;
}

}  // namespace ccsim
