// ccsim_coverage precision: the interval where --precision stops, started from 2 replications
// as a hurried user would, against the exact Erlang A value.
#include <cstdio>

#include "ccsim/experiment/precision.hpp"
#include "ccsim/parallel/runner.hpp"
#include "coverage_cases.hpp"

namespace ccsim::bench {

namespace {

struct PrecisionCase {
  ErlangCase system;
  PrecisionTarget target;
};

}  // namespace

int precision_coverage(int seeds, int threads) {
  constexpr int kStartReplications = 2;
  RunOptions options;
  options.threads = threads;
  const std::vector<PrecisionCase> cases = {
      {{"common: 10 agents, 8.8 Erlangs, 8 h counted", 132.0, 240.0, 180.0, 10, 7200.0, 36000.0},
       {"abandon_rate", 0.006}},
      {{"rare: 16 agents, 8.8 Erlangs, 8 h counted", 132.0, 240.0, 180.0, 16, 7200.0, 36000.0},
       {"abandon_rate", 0.0002}},
  };
  std::printf("--precision from --replications %d, cap %d, %d seeds per case\n", kStartReplications,
              kDefaultMaxReplications, seeds);
  std::printf("%-46s %-22s %9s %9s %9s %9s %9s %9s %9s\n", "case", "target", "exact",
              "coverage", "below", "above", "mean reps", "cap hit", "if met");
  for (const PrecisionCase& c : cases) {
    const double truth = *exact_of(c.system).abandon_rate;
    CoverageTally tally;
    CoverageTally met;  // the runs that met their target before the cap
    long replications = 0;
    long capped = 0;
    for (int seed = 1; seed <= seeds; ++seed) {
      const Scenario s =
          scenario_of(c.system, static_cast<std::uint64_t>(seed), kStartReplications);
      const PreciseRun run = run_to_precision(
          s, {c.target}, kDefaultMaxReplications,
          [&](int first, int count) { return run_replications(s, first, count, options); });
      tally.add(run.results.metric(c.target.metric), truth);
      if (run.precision && run.precision->met) met.add(run.results.metric(c.target.metric), truth);
      replications += run.results.replications;
      capped += run.precision && !run.precision->met;
    }
    const std::string target = c.target.metric + "=" + std::to_string(c.target.half_width);
    std::printf("%-46s %-22s %9.5f %9.4f %9.4f %9.4f %9.1f %9ld %9.4f\n", c.system.name.c_str(),
                target.c_str(), truth, tally.coverage(), tally.miss_below(), tally.miss_above(),
                static_cast<double>(replications) / seeds, capped, met.coverage());
    std::fflush(stdout);
  }
  return 0;
}

}  // namespace ccsim::bench
