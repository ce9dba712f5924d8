// The scenario every benchmark and the memory probe run: the smallest Erlang-A (M/M/n+M) system,
// sized by the number of customers rather than by a horizon, so that runs of different sizes
// differ only in length.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>

#include "ccsim/scenario/distribution.hpp"
#include "ccsim/scenario/scenario.hpp"
#include "ccsim/scenario/schedule.hpp"

namespace ccsim::bench {

inline constexpr double kArrivalsPerHour = 2880.0;  // lambda = 48 per minute
inline constexpr double kMeanHandleS = 60.0;
inline constexpr double kMeanPatienceS = 120.0;
inline constexpr double kAgents = 50.0;  // offered load 48 Erlang on 50 agents: a busy queue
inline constexpr std::uint64_t kSeed = 20240229;
inline constexpr double kSecondsPerHour = 3600.0;
// An hour of warm-up is ample for a system whose time constants are minutes; it is capped at a
// small share of the horizon so that tiny runs (CI, callgrind) still count most customers.
inline constexpr double kWarmupS = 3600.0;
inline constexpr double kMaxWarmupShare = 0.1;

// Replication r of the result simulates about `customers_per_replication` arrivals (Poisson, so
// the exact number varies): the horizon is that many mean inter-arrival gaps.
inline Scenario make_erlang_a_scenario(double customers_per_replication, int replications) {
  Scenario scenario;
  scenario.name = "bench-erlang-a";
  scenario.seed = kSeed;
  scenario.replications = replications;
  scenario.horizon_s = customers_per_replication / (kArrivalsPerHour / kSecondsPerHour);
  scenario.warmup_s = std::min(kWarmupS, kMaxWarmupShare * scenario.horizon_s);
  scenario.arrivals_per_hour = Schedule::constant(kArrivalsPerHour);
  scenario.patience_s = DistributionSpec{DistKind::exponential, kMeanPatienceS, 0.0, {}, {}};
  scenario.human_handle_s = DistributionSpec{DistKind::exponential, kMeanHandleS, 0.0, {}, {}};
  scenario.humans = Schedule::constant(kAgents);
  return scenario;
}

}  // namespace ccsim::bench
