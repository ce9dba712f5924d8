// Throughput of the engine against a minimal hand-written loop on the same Erlang-A scenario.
//
//   CCSIM_BENCH_CUSTOMERS=2e7 ccsim_bench [--benchmark_* flags]
//
// CCSIM_BENCH_CUSTOMERS is the number of customers per benchmark iteration, over all
// replications (default 2e7). Before benchmarking, the engine and the reference loop run the
// same replications and must count the same customers; a disagreement is reported on stderr and
// the program exits with status 1 (stdout stays clean for --benchmark_format=json).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include "ccsim/engine/simulation.hpp"
#include "ccsim/parallel/runner.hpp"
#include "ccsim/scenario/scenario.hpp"
#include "ccsim/stats/tally.hpp"
#include "erlang_a_scenario.hpp"
#include "reference_loop.hpp"

namespace {

// Relative difference allowed between the engine's and the reference's sums of waits.
constexpr double kSumTolerance = 1e-12;

using ccsim::Scenario;
using ccsim::Tally;
using ccsim::bench::ReferenceTally;

constexpr const char* kCustomersVariable = "CCSIM_BENCH_CUSTOMERS";
constexpr double kDefaultCustomers = 2e7;
// Below this a run is dominated by set-up, not by the simulation being measured.
constexpr double kMinCustomers = 1e4;
// Eight replications keep both threads busy until the end (an even split) and match the default
// replication count of a scenario.
constexpr int kReplications = 8;
constexpr int kTwoThreads = 2;
// The self-check runs before any benchmark: large enough for thousands of abandonments and long
// queues, small enough to cost a fraction of a second.
constexpr int kSelfCheckReplications = 2;
constexpr double kMaxSelfCheckCustomersPerReplication = 2.5e5;
constexpr int kExitMismatch = 1;
constexpr int kExitBadInput = 2;

// Totals of one benchmark iteration over every replication.
struct Totals {
  std::uint64_t arrivals = 0;
  std::uint64_t answered = 0;
  std::uint64_t abandoned = 0;

  void add(const ReferenceTally& tally) {
    arrivals += tally.arrivals;
    answered += tally.answered;
    abandoned += tally.abandoned;
  }
  void add(const Tally& tally) {
    const ccsim::Counters c = tally.totals();
    arrivals += tally.arrivals;
    answered += c.answered;
    abandoned += c.abandoned;
  }
};

// Customers per second as a rate, and the counts of one iteration, so a JSON reader can compare
// the engine with the reference at full scale too (and divide an instruction count by them).
void report(benchmark::State& state, const Totals& last_iteration, std::uint64_t all_arrivals) {
  state.counters["customers"] =
      benchmark::Counter(static_cast<double>(all_arrivals), benchmark::Counter::kIsRate);
  state.counters["arrivals"] = static_cast<double>(last_iteration.arrivals);
  state.counters["answered"] = static_cast<double>(last_iteration.answered);
  state.counters["abandoned"] = static_cast<double>(last_iteration.abandoned);
  const std::uint64_t finished = last_iteration.answered + last_iteration.abandoned;
  if (finished > 0) {
    state.counters["abandon_rate"] =
        static_cast<double>(last_iteration.abandoned) / static_cast<double>(finished);
  }
}

// Runs `replications` replications one after the other with `run_one(r)` per iteration.
template <typename RunOne>
void bm_sequential(benchmark::State& state, int replications, RunOne run_one) {
  Totals totals;
  std::uint64_t all_arrivals = 0;
  for (auto _ : state) {
    totals = Totals{};
    for (int r = 0; r < replications; ++r) {
      const auto t = run_one(static_cast<std::uint64_t>(r));
      benchmark::DoNotOptimize(t);
      totals.add(t);
    }
    all_arrivals += totals.arrivals;
  }
  report(state, totals, all_arrivals);
}

void bm_reference_loop(benchmark::State& state, const Scenario& scenario) {
  bm_sequential(state, kReplications,
                [&](std::uint64_t r) { return ccsim::bench::run_reference_loop(scenario, r); });
}

void bm_engine_1thread(benchmark::State& state, const Scenario& scenario) {
  bm_sequential(state, kReplications,
                [&](std::uint64_t r) { return ccsim::Simulation(scenario, r).run(); });
}

// The same replications on the engine's instantiation with every feature compiled in: what
// specialising the engine for the single queue saves.
void bm_general_engine_1thread(benchmark::State& state, const Scenario& scenario) {
  bm_sequential(state, kReplications, [&](std::uint64_t r) {
    return ccsim::Simulation(scenario, r, ccsim::Simulation::Engine::general).run();
  });
}

// A full-model day (scenarios/france-day.json: six age bands, bots first, two skill groups with
// overflow, chat, callbacks, returns) on one thread, its own replications.
void bm_full_model_day(benchmark::State& state, const Scenario& scenario) {
  bm_sequential(state, scenario.replications,
                [&](std::uint64_t r) { return ccsim::Simulation(scenario, r).run(); });
}

// Runs `replications` replications on two threads (ccsim::run_replications) per iteration.
void bm_two_threads(benchmark::State& state, const Scenario& scenario, int replications) {
  Totals totals;
  std::uint64_t all_arrivals = 0;
  ccsim::RunOptions options;
  options.threads = kTwoThreads;
  for (auto _ : state) {
    totals = Totals{};
    const std::vector<Tally> tallies = ccsim::run_replications(scenario, 0, replications, options);
    benchmark::DoNotOptimize(tallies.data());
    for (const Tally& t : tallies) totals.add(t);
    all_arrivals += totals.arrivals;
  }
  report(state, totals, all_arrivals);
}

void bm_engine_2threads(benchmark::State& state, const Scenario& scenario) {
  bm_two_threads(state, scenario, kReplications);
}

// The full-model day's replications on two threads.
void bm_full_model_day_2threads(benchmark::State& state, const Scenario& scenario) {
  bm_two_threads(state, scenario, scenario.replications);
}

// Customers per iteration from the environment; 0 on a malformed or out-of-range value.
double customers_from_environment() {
  const char* text = std::getenv(kCustomersVariable);
  if (text == nullptr || *text == '\0') return kDefaultCustomers;
  char* end = nullptr;
  const double value = std::strtod(text, &end);
  if (*end != '\0' || !std::isfinite(value) || value < kMinCustomers) return 0.0;
  return value;
}

// Runs the engine and the reference loop on the same replications; prints the outcome on
// stderr and returns whether every count (and every wait sum, to the bit) agrees.
bool engine_matches_reference(double customers, std::string& summary) {
  const double per_replication =
      std::min(customers / kReplications, kMaxSelfCheckCustomersPerReplication);
  const Scenario scenario =
      ccsim::bench::make_erlang_a_scenario(per_replication, kSelfCheckReplications);
  bool all_agree = true;
  Totals totals;
  for (int r = 0; r < kSelfCheckReplications; ++r) {
    const Tally tally = ccsim::Simulation(scenario, r).run();
    const ccsim::Counters e = tally.totals();
    const ReferenceTally f = ccsim::bench::run_reference_loop(scenario, r);
    // The engine sums waits by reporting interval first, so the sums may differ in their last
    // bits from the reference's single running sum; every count must be identical.
    const auto same_sum = [](double a, double b) {
      return std::abs(a - b) <= kSumTolerance * std::max(1.0, std::abs(a));
    };
    const bool agree =
        tally.arrivals == f.arrivals && e.offered == f.offered && e.answered == f.answered &&
        e.abandoned == f.abandoned && e.unfinished == f.unfinished && e.waited == f.waited &&
        same_sum(e.wait_s, f.wait_s) && same_sum(e.answered_wait_s, f.answered_wait_s);
    if (!agree) {
      std::cerr << "self-check: replication " << r << " DIFFERS: engine answered " << e.answered
                << ", abandoned " << e.abandoned << ", waited " << e.waited
                << "; reference answered " << f.answered << ", abandoned " << f.abandoned
                << ", waited " << f.waited << "\n";
    }
    all_agree = all_agree && agree;
    totals.add(tally);
  }
  summary = std::string(all_agree ? "identical" : "DIFFERENT") +
            " counts (and wait sums to 1e-12) on " + std::to_string(kSelfCheckReplications) +
            " replications of " + std::to_string(totals.arrivals / kSelfCheckReplications) +
            " customers (answered " + std::to_string(totals.answered) + ", abandoned " +
            std::to_string(totals.abandoned) + ")";
  std::cerr << "self-check: engine vs reference loop: " << summary << "\n";
  return all_agree;
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return kExitBadInput;

  const double customers = customers_from_environment();
  if (customers == 0.0) {
    std::cerr << "ccsim_bench: " << kCustomersVariable << " must be a number >= " << kMinCustomers
              << " (customers per iteration, e.g. 2e7)\n";
    return kExitBadInput;
  }
  std::string summary;
  const bool agree = engine_matches_reference(customers, summary);
  benchmark::AddCustomContext("ccsim_customers_per_iteration",
                              std::to_string(static_cast<std::uint64_t>(customers)));
  benchmark::AddCustomContext("ccsim_replications", std::to_string(kReplications));
  benchmark::AddCustomContext("ccsim_self_check", summary);
  if (!agree) return kExitMismatch;

  // The scenario outlives the benchmarks, which hold it by reference.
  static const Scenario scenario =
      ccsim::bench::make_erlang_a_scenario(customers / kReplications, kReplications);
  // Wall-clock time throughout, so that the rates of the threaded and single-threaded runs are
  // comparable (CPU time would count only the calling thread).
  benchmark::RegisterBenchmark("BM_ReferenceLoop", bm_reference_loop, std::cref(scenario))
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
  benchmark::RegisterBenchmark("BM_Engine_1thread", bm_engine_1thread, std::cref(scenario))
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
  benchmark::RegisterBenchmark("BM_Engine_2threads", bm_engine_2threads, std::cref(scenario))
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
  benchmark::RegisterBenchmark("BM_GeneralEngine_1thread", bm_general_engine_1thread,
                               std::cref(scenario))
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
  static const Scenario day =
      ccsim::load_scenario_file(std::string(CCSIM_SOURCE_DIR) + "/scenarios/france-day.json");
  benchmark::RegisterBenchmark("BM_FullModelDay_1thread", bm_full_model_day, std::cref(day))
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
  benchmark::RegisterBenchmark("BM_FullModelDay_2threads", bm_full_model_day_2threads,
                               std::cref(day))
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();

  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
