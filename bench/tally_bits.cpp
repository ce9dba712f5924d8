// Every field of every replication's Tally, doubles as bit patterns, for a fixed set of
// single-queue scenarios:
//
//   ccsim_tally_bits [--general] > tallies.txt
//   ccsim_tally_bits --journey > journey.txt
//
// A change meant to make the engine faster without changing its results must leave this output
// identical: build the engine before and after the change, run both, and compare the two files
// byte for byte (`cmp`). With --general the same scenarios run on the engine's instantiation
// with every feature instead of the one specialised for the single queue: the output must be
// the same, byte for byte, as without it.
//
// The scenarios cover what the single queue's code treats apart: the shipped Erlang scenarios,
// schedules of arrivals and staffing (with zero rates and zero staff), no patience,
// deterministic and empirical durations that force exact ties, other distributions, reporting
// widths whose bounds round unevenly, horizons of days, late and zero warm-ups, a zero
// service-level threshold.
//
// With --journey, the shipped customer-journey scenarios (scenarios/france-*.json, every
// replication they ask for) run instead, on the instantiation Simulation picks for them: the
// same comparison for a change to the journey's code.
#include <bit>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>

#include "ccsim/engine/simulation.hpp"
#include "ccsim/scenario/scenario.hpp"
#include "ccsim/stats/tally.hpp"

namespace {

using ccsim::Counters;
using ccsim::DistKind;
using ccsim::DistributionSpec;
using ccsim::Scenario;
using ccsim::Schedule;
using ccsim::Simulation;
using ccsim::Tally;

constexpr double kSecondsPerDay = 86400.0;
constexpr double kQuantiles[] = {0.1, 0.5, 0.9, 0.99};
constexpr double kNoQuantile = -1.0;

void print(const char* name, double x) {
  std::printf("%s %016llx %.17g\n", name,
              static_cast<unsigned long long>(std::bit_cast<std::uint64_t>(x)), x);
}
void print(const char* name, std::uint64_t x) {
  std::printf("%s %llu\n", name, static_cast<unsigned long long>(x));
}

void print(const Counters& k) {
#define CCSIM_FIELD(f) print(#f, k.f);
  CCSIM_FIELD(contacts)
  CCSIM_FIELD(offered)
  CCSIM_FIELD(answered)
  CCSIM_FIELD(abandoned)
  CCSIM_FIELD(unfinished)
  CCSIM_FIELD(callbacks)
  CCSIM_FIELD(waited)
  CCSIM_FIELD(answered_within_threshold)
  CCSIM_FIELD(wait_s)
  CCSIM_FIELD(answered_wait_s)
  CCSIM_FIELD(bot_contacts)
  CCSIM_FIELD(bot_contained)
  CCSIM_FIELD(bot_abandoned)
  CCSIM_FIELD(escalated)
  CCSIM_FIELD(empathy_needed)
  CCSIM_FIELD(empathy_met)
  CCSIM_FIELD(resolved_contacts)
  CCSIM_FIELD(unresolved_contacts)
  CCSIM_FIELD(gave_up_contacts)
  CCSIM_FIELD(unfinished_contacts)
  CCSIM_FIELD(customers)
  CCSIM_FIELD(customers_resolved)
  CCSIM_FIELD(customers_gave_up)
  CCSIM_FIELD(customers_unresolved)
  CCSIM_FIELD(customers_unfinished)
  CCSIM_FIELD(returns_after_horizon)
  CCSIM_FIELD(satisfied)
  CCSIM_FIELD(churned)
  CCSIM_FIELD(bot_cost)
#undef CCSIM_FIELD
}

void print(const std::string& name, const Scenario& s, Simulation::Engine engine) {
  for (int r = 0; r < s.replications; ++r) {
    const Tally t = Simulation(s, static_cast<std::uint64_t>(r), engine).run();
    std::printf("== %s, replication %d\n", name.c_str(), r);
    print("arrivals", t.arrivals);
    print("counted_arrivals", t.counted_arrivals);
    std::printf("-- total\n");
    print(t.total);
    for (const Counters& k : t.by_segment) {
      std::printf("-- segment\n");
      print(k);
    }
    for (const Counters& k : t.by_kind) {
      std::printf("-- kind\n");
      print(k);
    }
    for (const Counters& k : t.by_interval) {
      std::printf("-- interval\n");
      print(k);
    }
    for (const ccsim::IntervalTime& it : t.interval_time) {
      print("queue_customer_s", it.queue_customer_s);
      print("busy_agent_s", it.busy_agent_s);
      print("available_agent_s", it.available_agent_s);
      print("busy_bot_s", it.busy_bot_s);
    }
    print("busy_agent_s", t.busy_agent_s);
    print("available_agent_s", t.available_agent_s);
    print("chat_session_s", t.chat_session_s);
    print("chat_slot_s", t.chat_slot_s);
    print("human_cost", t.human_cost);
    print("waits", t.waits.count());
    for (const double q : kQuantiles)
      print("wait_quantile", t.waits.quantile(q).value_or(kNoQuantile));
  }
}

struct Mmn {
  double per_hour = 2880.0;
  double handle_s = 60.0;
  std::optional<double> patience_s = 120.0;
  double agents = 50.0;
  double horizon_s = 36000.0;
  double warmup_s = 3600.0;
  int replications = 2;
  std::uint64_t seed = 1;
};

Scenario mmn(const Mmn& m) {
  Scenario s;
  s.name = "tally-bits";
  s.seed = m.seed;
  s.replications = m.replications;
  s.horizon_s = m.horizon_s;
  s.warmup_s = m.warmup_s;
  s.arrivals_per_hour = Schedule::constant(m.per_hour);
  s.human_handle_s = DistributionSpec::of(DistKind::exponential, m.handle_s);
  if (m.patience_s) s.patience_s = DistributionSpec::of(DistKind::exponential, *m.patience_s);
  s.humans = Schedule::constant(m.agents);
  return s;
}

DistributionSpec empirical(std::initializer_list<double> values, double mean) {
  DistributionSpec d = DistributionSpec::of(DistKind::empirical, mean);
  d.values = values;
  d.weights.assign(d.values.size(), 1.0);
  return d;
}

Scenario shipped(const char* name) {
  return ccsim::load_scenario_file(std::string(CCSIM_SOURCE_DIR) + "/scenarios/" + name + ".json");
}

}  // namespace

int main(int argc, char** argv) {
  const bool general = argc > 1 && std::strcmp(argv[1], "--general") == 0;
  const bool journey = argc > 1 && std::strcmp(argv[1], "--journey") == 0;
  if (argc > 2 || (argc == 2 && !general && !journey)) {
    std::fprintf(stderr, "usage: ccsim_tally_bits [--general | --journey]\n");
    return 2;
  }
  const auto engine = general ? Simulation::Engine::general : Simulation::Engine::automatic;
  const auto run = [&](const std::string& name, const Scenario& s) { print(name, s, engine); };

  if (journey) {
    for (const char* name : {"france-human-only", "france-bot-first", "france-bot-first-no-context",
                             "france-bot-only", "france-choice", "france-triage", "france-day"}) {
      run(name, shipped(name));
    }
    return 0;
  }
  for (const char* name : {"erlang-a", "erlang-b", "erlang-c"}) run(name, shipped(name));
  Scenario s = mmn({.replications = 3});
  run("mmn", s);
  s.report_interval_s = 1000.3;  // 3 x width rounds to a time the division puts in interval 2
  run("width 1000.3 s", s);
  s.report_interval_s = 0.7;
  s.horizon_s = 4000.0;
  s.warmup_s = 100.0;
  run("width 0.7 s", s);
  s = mmn({.horizon_s = 3 * kSecondsPerDay + 1234.5, .warmup_s = 0.0, .seed = 7});
  run("three days", s);
  s.report_interval_s = 7000.0;
  run("three days, width 7000 s", s);
  s = mmn({.horizon_s = 1001.0000000000001, .warmup_s = 0.0, .seed = 13});
  s.report_interval_s = 7.7;  // the last interval's end, 130 x 7.7, rounds below the horizon
  run("width 7.7 s", s);

  s = mmn({.seed = 3});
  s.human_handle_s = DistributionSpec::of(DistKind::deterministic, 60.0);
  s.patience_s = DistributionSpec::of(DistKind::deterministic, 30.0);
  run("deterministic", s);
  s.report_interval_s = 60.0;
  run("deterministic, width 60 s", s);
  s.warmup_s = 0.0;
  s.report_interval_s = 1.0;
  s.horizon_s = 5000.0;
  run("deterministic, width 1 s", s);
  s = mmn({.seed = 4});
  s.human_handle_s = empirical({30.0, 60.0, 90.0}, 60.0);
  s.patience_s = empirical({0.0, 20.0, 40.0}, 20.0);
  run("empirical", s);
  s = mmn({.seed = 12});
  s.patience_s = DistributionSpec::of(DistKind::lognormal, 100.0, 80.0);
  s.human_handle_s = DistributionSpec::of(DistKind::gamma, 60.0, 0.5);
  run("lognormal and gamma", s);

  s = mmn({.horizon_s = 6 * 1800.0, .warmup_s = 900.0, .replications = 3, .seed = 5});
  s.arrivals_per_hour = Schedule{1800.0, {2000.0, 3400.0, 2600.0}};
  s.humans = Schedule{1800.0, {40.0, 60.0, 30.0}};
  s.humans_cost_per_hour = 25.0;
  run("schedules", s);
  s.patience_s.reset();
  run("schedules, no patience", s);
  s.humans = Schedule{1800.0, {40.0, 0.0, 30.0}};
  s.patience_s = DistributionSpec::of(DistKind::exponential, 120.0);
  run("schedules, zero staff", s);
  s.arrivals_per_hour = Schedule{1800.0, {2000.0, 0.0, 2600.0}};
  s.report_interval_s = 1799.9;
  run("schedules, zero rate", s);

  run("zero agents", mmn({.patience_s = std::nullopt,
                          .agents = 0.0,
                          .horizon_s = 3600.0,
                          .warmup_s = 0.0,
                          .seed = 6}));
  run("zero rate",
      mmn({.per_hour = 0.0, .agents = 10.0, .horizon_s = 3600.0, .warmup_s = 0.0, .seed = 6}));
  s = mmn({.seed = 8});
  s.service_level_threshold_s = 0.0;
  run("threshold 0", s);
  run("overload, late warm-up",
      mmn({.per_hour = 4000.0, .horizon_s = 20000.0, .warmup_s = 19999.0, .seed = 9}));
  s = mmn({.handle_s = 600.0, .patience_s = 3000.0, .seed = 10});
  run("long waits", s);
  s.report_interval_s = 300.0;
  run("long waits, width 300 s", s);
  run("warm-up at the horizon", mmn({.horizon_s = 7200.0, .warmup_s = 7200.0, .seed = 11}));
  return 0;
}
