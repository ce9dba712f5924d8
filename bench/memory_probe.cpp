// Peak memory of one replication as a function of its length:
//
//   ccsim_memory_probe N_CUSTOMERS
//
// runs one replication of the benchmark's Erlang-A scenario sized to about N_CUSTOMERS arrivals
// and prints one JSON object with the peak resident set size before and after the run. The engine
// keeps no per-customer state beyond the queue, so the peak must not grow with N.
#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>

#include "ccsim/scenario/scenario.hpp"
#include "ccsim/engine/simulation.hpp"
#include "ccsim/stats/tally.hpp"
#include "erlang_a_scenario.hpp"

namespace {

constexpr int kExitBadInput = 2;
constexpr int kExitFailure = 1;
constexpr double kMinCustomers = 1.0;
constexpr int kOneReplication = 1;

// ru_maxrss is in KiB on Linux.
long peak_rss_kib() {
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) != 0) return -1;
  return usage.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: ccsim_memory_probe N_CUSTOMERS   (e.g. 1e7)\n";
    return kExitBadInput;
  }
  char* end = nullptr;
  const double customers = std::strtod(argv[1], &end);
  if (*end != '\0' || !std::isfinite(customers) || customers < kMinCustomers) {
    std::cerr << "ccsim_memory_probe: N_CUSTOMERS must be a number >= 1, got \"" << argv[1]
              << "\"\n";
    return kExitBadInput;
  }

  const ccsim::Scenario scenario = ccsim::bench::make_erlang_a_scenario(customers, kOneReplication);
  const long before_kib = peak_rss_kib();
  const auto start = std::chrono::steady_clock::now();
  const ccsim::Tally tally = ccsim::Simulation(scenario, 0).run();
  const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - start;
  const long after_kib = peak_rss_kib();
  if (before_kib < 0 || after_kib < 0) {
    std::cerr << "ccsim_memory_probe: getrusage failed\n";
    return kExitFailure;
  }

  std::cout << "{\"customers_requested\": " << static_cast<std::uint64_t>(customers)
            << ", \"arrivals\": " << tally.arrivals << ", \"answered\": " << tally.totals().answered
            << ", \"abandoned\": " << tally.totals().abandoned << ", \"wall_s\": " << wall.count()
            << ", \"customers_per_s\": " << static_cast<double>(tally.arrivals) / wall.count()
            << ", \"peak_rss_before_run_kib\": " << before_kib
            << ", \"peak_rss_kib\": " << after_kib << "}\n";
  return 0;
}
