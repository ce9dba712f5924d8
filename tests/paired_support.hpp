// Paired comparisons (same seed, replication by replication, common random numbers) of the
// shipped scenarios and their variants, shared by the tests of directions and relations.
#pragma once

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "ccsim/parallel/runner.hpp"
#include "ccsim/scenario/scenario.hpp"
#include "ccsim/stats/results.hpp"
#include "ccsim/stats/statistics.hpp"
#include "stats/tally_codec.hpp"

namespace ccsim::test {

// The confidence of every paired interval these tests read. A relation is asserted on many
// intervals at once: at 99% each, a correct model fails one of a hundred by chance, and with
// fixed seeds that chance is spent once, when a test is written, not at every run.
inline constexpr double kConfidence = 0.99;

inline Scenario load_shipped(const std::string& file) {
  return load_scenario_file(std::string(CCSIM_SOURCE_DIR) + "/scenarios/" + file);
}

// A shipped scenario on a four-hour day instead of eight: each relation then takes about a second.
inline Scenario load_shipped_short(const std::string& file) {
  Scenario s = load_shipped(file);
  s.horizon_s = 4.0 * 3600.0;
  return s;
}

// The counters of every segment of a replication: the pick of paired_difference for the whole
// centre.
inline Counters all(const Tally& t) {
  return t.totals();
}

inline std::vector<Tally> run_all(const Scenario& scenario) {
  return run_replications(scenario, 0, scenario.replications, RunOptions{});
}

inline const CounterMetric& counter_metric(const std::string& name) {
  for (const CounterMetric& def : counter_metric_defs()) {
    if (def.name == name) return def;
  }
  FAIL("no counter metric named " << name);
  return counter_metric_defs().front();
}

// The paired difference b - a of a ratio metric between two sets of counters, one pair per
// replication (two scenarios' runs, or two segments of one run).
template <typename PickA, typename PickB>
Estimate paired_difference(const std::vector<Tally>& runs_a, PickA pick_a,
                           const std::vector<Tally>& runs_b, PickB pick_b,
                           const std::string& metric, double confidence) {
  const CounterMetric& def = counter_metric(metric);
  REQUIRE(def.y != nullptr);
  REQUIRE(runs_a.size() == runs_b.size());
  std::vector<double> xa, ya, xb, yb;
  for (std::size_t r = 0; r < runs_a.size(); ++r) {
    // Copies: a pick may return a reference to scratch counters it reuses.
    const Counters a = pick_a(runs_a[r]);
    const Counters b = pick_b(runs_b[r]);
    xa.push_back(def.x(a));
    ya.push_back(def.y(a));
    xb.push_back(def.x(b));
    yb.push_back(def.y(b));
  }
  return paired_ratio_difference(xa, ya, xb, yb, confidence);
}

inline std::size_t segment_index(const Scenario& scenario, const std::string& name) {
  for (std::size_t i = 0; i < scenario.segments.size(); ++i) {
    if (scenario.segments[i].name == name) return i;
  }
  FAIL("no segment named " << name);
  return 0;
}

inline std::size_t group_index(const Scenario& scenario, const std::string& name) {
  for (std::size_t i = 0; i < scenario.groups.size(); ++i) {
    if (scenario.groups[i].name == name) return i;
  }
  FAIL("no group named " << name);
  return 0;
}

inline void check_positive(const Estimate& d) {
  REQUIRE(d.ci_low.has_value());
  INFO("difference " << *d.mean << " [" << *d.ci_low << ", " << *d.ci_high << "]");
  CHECK(*d.ci_low > 0.0);
}

inline void check_negative(const Estimate& d) {
  REQUIRE(d.ci_high.has_value());
  INFO("difference " << *d.mean << " [" << *d.ci_low << ", " << *d.ci_high << "]");
  CHECK(*d.ci_high < 0.0);
}

// The customer-level totals of two runs agree to the bit.
inline void check_same_customers(const Counters& a, const Counters& b) {
  CHECK(a.customers == b.customers);
  CHECK(a.customers_resolved == b.customers_resolved);
  CHECK(a.customers_gave_up == b.customers_gave_up);
  CHECK(a.customers_unresolved == b.customers_unresolved);
  CHECK(a.contacts == b.contacts);
  CHECK(a.offered == b.offered);
  CHECK(a.answered == b.answered);
  CHECK(a.abandoned == b.abandoned);
  CHECK(a.wait_s == b.wait_s);
  CHECK(a.satisfied == b.satisfied);
  CHECK(a.churned == b.churned);
}

// Bit-identical runs: every counter of every replication.
inline void check_same_runs(const std::vector<Tally>& a, const std::vector<Tally>& b) {
  REQUIRE(a.size() == b.size());
  CHECK(encode_tallies(a) == encode_tallies(b));
}

// A segment's customer-level figures, and its bot's, agree to the bit.
inline void check_same_segment(const Counters& a, const Counters& b) {
  check_same_customers(a, b);
  CHECK(a.bot_contacts == b.bot_contacts);
  CHECK(a.bot_contained == b.bot_contained);
  CHECK(a.escalated == b.escalated);
}

// A relation that holds in every replication of two paired runs: `check(a_r, b_r)` on the two
// replications' tallies, the replication named when it fails.
template <typename Check>
void each_replication(const std::vector<Tally>& a, const std::vector<Tally>& b, Check check) {
  REQUIRE(a.size() == b.size());
  for (std::size_t r = 0; r < a.size(); ++r) {
    INFO("replication " << r);
    check(a[r], b[r]);
  }
}

// The same on each replication's counters over the whole centre.
template <typename Check>
void each_replication_totals(const std::vector<Tally>& a, const std::vector<Tally>& b,
                             Check check) {
  each_replication(a, b, [&](const Tally& x, const Tally& y) { check(x.totals(), y.totals()); });
}

// The same on each segment of each replication: `check(segment, a_rs, b_rs)`, the segment named
// (by `scenario`) when it fails.
template <typename Check>
void each_segment(const Scenario& scenario, const std::vector<Tally>& a,
                  const std::vector<Tally>& b, Check check) {
  each_replication(a, b, [&](const Tally& x, const Tally& y) {
    REQUIRE(x.by_segment.size() == y.by_segment.size());
    for (std::size_t seg = 0; seg < x.by_segment.size(); ++seg) {
      INFO("segment " << scenario.segments[seg].name);
      check(seg, x.by_segment[seg], y.by_segment[seg]);
    }
  });
}

// Nobody waits for an agent or a bot: each customer's journey is their own.
inline void make_ample(Scenario& s) {
  for (AgentGroup& g : s.groups) {
    g.agents = Schedule::constant(1000.0);
    // One chat per agent: with several, a chat's pace depends on who shares the agent.
    g.max_concurrent_chats = 1;
    g.chat_slowdown = {1.0};
  }
  if (s.bots) s.bots->concurrency = 100000;
}

// The interval of the difference holds zero: no effect the replications can see.
inline void check_no_difference(const Estimate& d) {
  REQUIRE(d.ci_low.has_value());
  INFO("difference " << *d.mean << " [" << *d.ci_low << ", " << *d.ci_high << "]");
  CHECK(*d.ci_low <= 0.0);
  CHECK(*d.ci_high >= 0.0);
}

}  // namespace ccsim::test
