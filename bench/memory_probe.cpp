// Peak memory of one replication as a function of its length:
//
//   ccsim_memory_probe N_CUSTOMERS [--journey]
//
// runs one replication of the benchmark's Erlang-A scenario sized to about N_CUSTOMERS arrivals
// (with --journey: scenarios/france-day.json, its 12-hour day repeated until about N_CUSTOMERS
// have arrived) and prints one JSON object with the peak resident set size before and after the
// run. The engine keeps no per-customer state beyond the customers in the system, so the peak
// must not grow with N.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>

#include "ccsim/engine/simulation.hpp"
#include "ccsim/scenario/scenario.hpp"
#include "ccsim/stats/tally.hpp"
#include "erlang_a_scenario.hpp"

namespace {

constexpr int kExitBadInput = 2;
constexpr int kExitFailure = 1;
constexpr double kMinCustomers = 1.0;
constexpr int kOneReplication = 1;
constexpr const char* kJourneyFlag = "--journey";
// The limit on a scenario's horizon (docs/scenario.md).
constexpr double kMaxHorizonS = 1e9;

// scenarios/france-day.json over as many of its days as give about `customers` arrivals: its
// schedules repeat whole, so every day is the same day.
ccsim::Scenario journey_scenario(double customers) {
  ccsim::Scenario day =
      ccsim::load_scenario_file(std::string(CCSIM_SOURCE_DIR) + "/scenarios/france-day.json");
  day.replications = kOneReplication;
  double per_day = 0.0;
  const ccsim::Schedule& rates = day.arrivals_per_hour;
  for (double t = 0.0; t < day.horizon_s; t = rates.next_change_after(t)) {
    per_day += rates.at(t) * (std::min(rates.next_change_after(t), day.horizon_s) - t) /
               ccsim::bench::kSecondsPerHour;
  }
  const double days = std::max(1.0, std::round(customers / per_day));
  day.horizon_s =
      std::min(days * day.horizon_s, std::floor(kMaxHorizonS / day.horizon_s) * day.horizon_s);
  return day;
}

// ru_maxrss is in KiB on Linux.
long peak_rss_kib() {
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) != 0) return -1;
  return usage.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  const bool journey = argc == 3 && std::string(argv[2]) == kJourneyFlag;
  if (argc != 2 && !journey) {
    std::cerr << "usage: ccsim_memory_probe N_CUSTOMERS [--journey]   (e.g. 1e7)\n";
    return kExitBadInput;
  }
  char* end = nullptr;
  const double customers = std::strtod(argv[1], &end);
  if (*end != '\0' || !std::isfinite(customers) || customers < kMinCustomers) {
    std::cerr << "ccsim_memory_probe: N_CUSTOMERS must be a number >= 1, got \"" << argv[1]
              << "\"\n";
    return kExitBadInput;
  }

  const ccsim::Scenario scenario =
      journey ? journey_scenario(customers)
              : ccsim::bench::make_erlang_a_scenario(customers, kOneReplication);
  const long before_kib = peak_rss_kib();
  const auto start = std::chrono::steady_clock::now();
  const ccsim::Tally tally = ccsim::Simulation(scenario, 0).run();
  const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - start;
  const long after_kib = peak_rss_kib();
  if (before_kib < 0 || after_kib < 0) {
    std::cerr << "ccsim_memory_probe: getrusage failed\n";
    return kExitFailure;
  }

  std::cout << "{\"scenario\": \"" << scenario.name
            << "\", \"customers_requested\": " << static_cast<std::uint64_t>(customers)
            << ", \"arrivals\": " << tally.arrivals << ", \"answered\": " << tally.totals().answered
            << ", \"abandoned\": " << tally.totals().abandoned << ", \"wall_s\": " << wall.count()
            << ", \"customers_per_s\": " << static_cast<double>(tally.arrivals) / wall.count()
            << ", \"peak_rss_before_run_kib\": " << before_kib
            << ", \"peak_rss_kib\": " << after_kib << "}\n";
  return 0;
}
