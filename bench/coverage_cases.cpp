// ccsim_coverage fixed and one-sided: intervals at a fixed number of replications.
#include "coverage_cases.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <span>

#include "ccsim/parallel/runner.hpp"

namespace ccsim::bench {

namespace {

constexpr double kSecondsPerHour = 3600.0;
constexpr double kConfidence = 0.95;

double d(std::uint64_t v) {
  return static_cast<double>(v);
}

}  // namespace

Scenario scenario_of(const ErlangCase& c, std::uint64_t seed, int replications) {
  Scenario s;
  s.name = c.name;
  s.seed = seed;
  s.replications = replications;
  s.horizon_s = c.horizon_s;
  s.warmup_s = c.warmup_s;
  s.service_level_threshold_s = c.threshold_s;
  s.report_interval_s = c.report_interval_s > 0.0 ? c.report_interval_s : c.horizon_s;
  s.arrivals_per_hour = Schedule::constant(c.lambda_per_hour);
  s.human_handle_s = DistributionSpec{DistKind::exponential, c.handle_s, 0.0, {}, {}};
  s.patience_s = DistributionSpec{DistKind::exponential, c.patience_s, 0.0, {}, {}};
  s.humans = Schedule::constant(static_cast<double>(c.agents));
  return s;
}

ErlangResult exact_of(const ErlangCase& c) {
  ErlangInput input;
  input.lambda_per_s = c.lambda_per_hour / kSecondsPerHour;
  input.handle_s = c.handle_s;
  input.agents = c.agents;
  input.patience_s = c.patience_s;
  input.threshold_s = c.threshold_s;
  return erlang(input);
}

const std::vector<CheckedMetric>& checked_metrics() {
  using C = const Counters&;
  static const std::vector<CheckedMetric> metrics = {
      {"abandon_rate", MetricKind::rate, [](C c) { return d(c.abandoned); },
       [](C c) { return d(c.answered + c.abandoned); }, &ErlangResult::abandon_rate},
      {"service_level", MetricKind::rate, [](C c) { return d(c.answered_within_threshold); },
       [](C c) { return d(c.answered + c.abandoned); }, &ErlangResult::service_level},
      {"p_wait", MetricKind::rate, [](C c) { return d(c.waited); },
       [](C c) { return d(c.offered); }, &ErlangResult::p_wait},
      {"mean_wait_s", MetricKind::non_negative, [](C c) { return c.wait_s; },
       [](C c) { return d(c.answered + c.abandoned); }, &ErlangResult::mean_wait_s},
      {"asa_s", MetricKind::non_negative, [](C c) { return c.answered_wait_s; },
       [](C c) { return d(c.answered); }, &ErlangResult::asa_s},
  };
  return metrics;
}

void CoverageTally::add(const Estimate& e, double truth) {
  ++tries;
  if (!e.ci_low || !e.ci_high) {
    ++none;
    return;
  }
  if (truth < *e.ci_low) ++below;
  if (truth > *e.ci_high) ++above;
  width += *e.ci_high - *e.ci_low;
}
double CoverageTally::coverage() const {
  return tries > 0 ? 1.0 - d(below + above + none) / d(tries) : 0.0;
}
double CoverageTally::miss_below() const {
  return tries > 0 ? d(below) / d(tries) : 0.0;
}
double CoverageTally::miss_above() const {
  return tries > 0 ? d(above) / d(tries) : 0.0;
}
double CoverageTally::mean_width() const {
  const long with = tries - none;
  return with > 0 ? width / d(with) : 0.0;
}

namespace {

// Estimates of metric m over the counters of replications [0, k), on the metric's own scale and
// on the linear scale.
struct Pair {
  Estimate now;
  Estimate linear;
};
Pair estimate_pair(const CheckedMetric& m, std::span<const Counters> counters) {
  std::vector<double> x, y;
  double n = 0.0;
  for (const Counters& c : counters) {
    x.push_back(m.x(c));
    y.push_back(m.y(c));
    n += y.back();
  }
  const auto count = static_cast<std::uint64_t>(n);
  return {ratio_estimate(x, y, m.kind, kConfidence, count),
          ratio_estimate(x, y, MetricKind::unbounded, kConfidence, count)};
}

std::vector<ErlangCase> fixed_cases() {
  return {
      {"50 agents, 48 Erlangs, 9 h counted", 2880.0, 60.0, 120.0, 50, 3600.0, 36000.0},
      {"10 agents, 8.8 Erlangs, 1 h counted", 132.0, 240.0, 180.0, 10, 7200.0, 10800.0},
      {"16 agents, 8.8 Erlangs, 1 h counted (rare abandonment)", 132.0, 240.0, 180.0, 16, 7200.0,
       10800.0},
  };
}

}  // namespace

int fixed_coverage(int seeds, int threads) {
  const std::vector<int> ks = {2, 3, 8};
  const int most = ks.back();
  RunOptions options;
  options.threads = threads;
  std::printf("Two-sided %.0f%% intervals against exact Erlang A, %d seeds per line\n",
              kConfidence * 100.0, seeds);
  std::printf("%-56s %-14s %3s %9s %9s %9s %9s %9s\n", "case", "metric", "k", "now", "linear",
              "now<lo", "now>hi", "width");
  for (const ErlangCase& c : fixed_cases()) {
    const ErlangResult exact = exact_of(c);
    const auto& metrics = checked_metrics();
    std::vector<std::vector<CoverageTally>> now(metrics.size(), std::vector<CoverageTally>(3));
    std::vector<std::vector<CoverageTally>> linear = now;
    for (int seed = 1; seed <= seeds; ++seed) {
      const Scenario s = scenario_of(c, static_cast<std::uint64_t>(seed), most);
      const std::vector<Tally> tallies = run_replications(s, 0, most, options);
      std::vector<Counters> counters;
      for (const Tally& t : tallies) counters.push_back(t.totals());
      for (std::size_t m = 0; m < metrics.size(); ++m) {
        const double truth = *(exact.*metrics[m].exact);
        for (std::size_t j = 0; j < ks.size(); ++j) {
          const Pair p = estimate_pair(metrics[m], std::span<const Counters>(counters).first(
                                                       static_cast<std::size_t>(ks[j])));
          now[m][j].add(p.now, truth);
          linear[m][j].add(p.linear, truth);
        }
      }
    }
    for (std::size_t m = 0; m < metrics.size(); ++m) {
      for (std::size_t j = 0; j < ks.size(); ++j) {
        const CoverageTally& a = now[m][j];
        const CoverageTally& b = linear[m][j];
        std::printf("%-56s %-14s %3d %9.4f %9.4f %9.4f %9.4f %9.3g\n", c.name.c_str(),
                    metrics[m].name, ks[j], a.coverage(), b.coverage(), a.miss_below(),
                    a.miss_above(), a.mean_width() / std::max(b.mean_width(), 1e-300));
      }
    }
    std::fflush(stdout);
  }
  std::printf("width: mean width now / mean width on the linear scale\n");
  return 0;
}

namespace {

std::vector<ErlangCase> interval_cases() {
  return {
      {"100 Erlangs, hours (1500/h, 103 agents)", 1500.0, 240.0, 180.0, 103, 7200.0, 86400.0,
       3600.0},
      {"20 Erlangs, half-hours (300/h, 21 agents)", 300.0, 240.0, 180.0, 21, 7200.0, 43200.0,
       1800.0},
      {"20 Erlangs, quarter-hours (300/h, 21 agents)", 300.0, 240.0, 180.0, 21, 7200.0, 43200.0,
       900.0},
  };
}

}  // namespace

int one_sided_coverage(int seeds, int replications, int threads) {
  const int kReplications = replications;
  RunOptions options;
  options.threads = threads;
  std::printf(
      "One-sided %.1f%% bounds per interval (the ends of the %.0f%% interval), %d replications, "
      "%d seeds, every counted interval; nominal miss rate %.1f%%\n",
      (1.0 + kConfidence) / 2.0 * 100.0, kConfidence * 100.0, kReplications, seeds,
      (1.0 - kConfidence) / 2.0 * 100.0);
  std::printf("%-46s %-14s %6s %10s %10s %12s\n", "case", "metric", "bound", "miss now",
              "miss linear", "bounds");
  for (const ErlangCase& c : interval_cases()) {
    const ErlangResult exact = exact_of(c);
    const auto& metrics = checked_metrics();
    std::vector<CoverageTally> now(metrics.size()), linear(metrics.size());
    for (int seed = 1; seed <= seeds; ++seed) {
      const Scenario s = scenario_of(c, static_cast<std::uint64_t>(seed), kReplications);
      const std::vector<Tally> tallies = run_replications(s, 0, kReplications, options);
      const std::size_t intervals = tallies[0].by_interval.size();
      for (std::size_t i = 0; i < intervals; ++i) {
        if (static_cast<double>(i) * c.report_interval_s < c.warmup_s) continue;
        std::vector<Counters> counters;
        for (const Tally& t : tallies) counters.push_back(t.by_interval[i]);
        for (std::size_t m = 0; m < metrics.size(); ++m) {
          const Pair p = estimate_pair(metrics[m], counters);
          const double truth = *(exact.*metrics[m].exact);
          now[m].add(p.now, truth);
          linear[m].add(p.linear, truth);
        }
      }
    }
    for (std::size_t m = 0; m < metrics.size(); ++m) {
      // Targets bound service_level from below and the others from above: the bound that
      // matters misses when the truth lies beyond it.
      const bool lower = std::string(metrics[m].name) == "service_level";
      const double a = lower ? now[m].miss_below() : now[m].miss_above();
      const double b = lower ? linear[m].miss_below() : linear[m].miss_above();
      std::printf("%-46s %-14s %6s %9.2f%% %9.2f%% %12ld\n", c.name.c_str(), metrics[m].name,
                  lower ? "lower" : "upper", 100.0 * a, 100.0 * b, now[m].tries);
    }
    std::fflush(stdout);
  }
  return 0;
}

}  // namespace ccsim::bench
