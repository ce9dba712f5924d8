#include "ccsim/results.hpp"

#include <stdexcept>

namespace ccsim {

namespace {

// The p90 of waits as reported: the pooled histogram's quantile, with the spread of the
// per-replication quantiles for its interval (batch means: each replication is one batch).
constexpr double kWaitQuantile = 0.90;

Estimate quantile_estimate(std::span<const Tally> tallies, double confidence) {
  WaitHistogram pooled;
  std::vector<double> per_replication;
  for (const Tally& t : tallies) {
    pooled.merge(t.waits);
    if (auto q = t.waits.quantile(kWaitQuantile)) per_replication.push_back(*q);
  }
  Estimate e = mean_estimate(per_replication, confidence, pooled.count());
  e.mean = pooled.quantile(kWaitQuantile);
  if (e.mean && e.sd) {
    const double half = (*e.ci_high - *e.ci_low) / 2.0;
    e.ci_low = *e.mean - half;
    e.ci_high = *e.mean + half;
  }
  return e;
}

}  // namespace

const Estimate& Results::metric(const std::string& name) const {
  for (const auto& [key, estimate] : metrics) {
    if (key == name) return estimate;
  }
  throw std::out_of_range("no metric named " + name);
}

Results merge_tallies(const std::string& scenario_name, std::span<const Tally> tallies,
                      double confidence) {
  Results results;
  results.scenario = scenario_name;
  results.replications = static_cast<int>(tallies.size());
  results.confidence = confidence;

  const std::size_t k = tallies.size();
  std::vector<double> abandoned(k), answered(k), finished(k), offered(k), waited(k), within(k),
      wait(k), answered_wait(k), busy(k), available(k);
  std::uint64_t total_offered = 0, total_finished = 0, total_answered = 0;
  for (std::size_t r = 0; r < k; ++r) {
    const Tally& t = tallies[r];
    results.customers += t.arrivals;
    abandoned[r] = static_cast<double>(t.abandoned);
    answered[r] = static_cast<double>(t.answered);
    finished[r] = static_cast<double>(t.answered + t.abandoned);
    offered[r] = static_cast<double>(t.offered);
    waited[r] = static_cast<double>(t.waited);
    within[r] = static_cast<double>(t.answered_within_threshold);
    wait[r] = t.wait_s;
    answered_wait[r] = t.answered_wait_s;
    busy[r] = t.busy_agent_s;
    available[r] = t.available_agent_s;
    total_offered += t.offered;
    total_finished += t.answered + t.abandoned;
    total_answered += t.answered;
  }
  auto& m = results.metrics;
  m.emplace_back("abandon_rate", ratio_estimate(abandoned, finished, confidence, total_finished));
  m.emplace_back("p_wait", ratio_estimate(waited, offered, confidence, total_offered));
  m.emplace_back("mean_wait_s", ratio_estimate(wait, finished, confidence, total_finished));
  m.emplace_back("service_level", ratio_estimate(within, finished, confidence, total_finished));
  m.emplace_back("asa_s", ratio_estimate(answered_wait, answered, confidence, total_answered));
  m.emplace_back("wait_p90_s", quantile_estimate(tallies, confidence));
  m.emplace_back("occupancy", ratio_estimate(busy, available, confidence, k));
  return results;
}

}  // namespace ccsim
