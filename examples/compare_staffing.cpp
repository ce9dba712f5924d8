// A scenario built in code, run with 48 and with 52 agents on the same random numbers (common
// random numbers): the paired difference in abandonment has a far narrower interval than two
// independent runs would give.
#include <ccsim/experiment/compare.hpp>
#include <ccsim/parallel/runner.hpp>
#include <ccsim/scenario/scenario.hpp>
#include <cstdio>
#include <vector>

int main() {
  ccsim::Scenario base;
  base.name = "built-in-code";
  base.seed = 7;
  base.replications = 10;
  base.horizon_s = 8 * 3600.0;
  base.warmup_s = 3600.0;
  base.arrivals_per_hour = ccsim::Schedule::constant(2880.0);
  base.patience_s = ccsim::DistributionSpec::of(ccsim::DistKind::exponential, 120.0);
  base.human_handle_s = ccsim::DistributionSpec::of(ccsim::DistKind::exponential, 60.0);
  base.humans = ccsim::Schedule::constant(48.0);
  ccsim::Scenario more = base;
  more.name = "four-more-agents";
  more.humans = ccsim::Schedule::constant(52.0);

  const std::vector<ccsim::Scenario> scenarios = {base, more};
  std::vector<std::vector<ccsim::Tally>> tallies;
  for (const ccsim::Scenario& s : scenarios)
    tallies.push_back(ccsim::run_replications(s, 0, s.replications, {}));
  const ccsim::Comparison c = ccsim::compare_runs(scenarios, tallies, 0.95, false);
  for (const ccsim::ComparedMetric& m : c.metrics) {
    if (m.name != "abandon_rate" && m.name != "asa_s") continue;
    const ccsim::Estimate& d = m.differences[1];
    std::printf("%-13s %.4f -> %.4f, difference %+.4f [%+.4f, %+.4f]\n", m.name.c_str(),
                *m.values[0].mean, *m.values[1].mean, *d.mean, *d.ci_low, *d.ci_high);
  }
}
