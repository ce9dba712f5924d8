// ccsim_coverage: how often the intervals ccsim reports contain the truth, measured against the
// exact Erlang A figures over many seeds (docs/metrics.md, docs/staffing.md).
//
//   ccsim_coverage fixed     [--seeds 1000]  two-sided intervals at 2, 3 and 8 replications
//   ccsim_coverage one-sided [--seeds 200]   per-interval one-sided bounds, as `staff` uses them
//   ccsim_coverage precision [--seeds 200]   intervals where --precision stops, from 2 replications
//
// Each line compares the interval as built now (on the scale of the metric's kind) with the
// plain delta-method Student-t interval on the linear scale it replaced.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>
#include <vector>

#include "coverage_cases.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Coverage of ccsim's intervals against exact Erlang A"};
  app.require_subcommand(1);
  int seeds = 0;
  int threads = 0;
  int replications = 0;
  auto* fixed = app.add_subcommand("fixed", "Two-sided intervals at 2, 3 and 8 replications");
  auto* one_sided = app.add_subcommand("one-sided", "Per-interval one-sided bounds (staff)");
  auto* precision = app.add_subcommand("precision", "Intervals where --precision stops");
  one_sided->add_option("--replications", replications, "Replications per run (default 8)");
  for (CLI::App* cmd : {fixed, one_sided, precision}) {
    cmd->add_option("--seeds", seeds, "Seeds (independent experiments)");
    cmd->add_option("--threads", threads, "Worker threads (default: all)");
  }
  CLI11_PARSE(app, argc, argv);
  if (fixed->parsed()) return ccsim::bench::fixed_coverage(seeds > 0 ? seeds : 1000, threads);
  if (one_sided->parsed()) {
    return ccsim::bench::one_sided_coverage(seeds > 0 ? seeds : 200,
                                            replications > 0 ? replications : 8, threads);
  }
  return ccsim::bench::precision_coverage(seeds > 0 ? seeds : 200, threads);
}
