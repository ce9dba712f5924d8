// Replications merged as they end (ResultsAccumulator): the memory of a run does not grow with
// its replications, and its figures are those of merging every tally at the end, at any thread
// count.
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <random>
#include <vector>

#include "ccsim/experiment/run_request.hpp"
#include "ccsim/io/report.hpp"
#include "ccsim/parallel/runner.hpp"
#include "ccsim/stats/results.hpp"
#include "ccsim/stats/results_accumulator.hpp"
#include "ccsim/stats/statistics.hpp"
#include "test_support.hpp"

using namespace ccsim;

namespace {

// A shipped scenario with every breakdown (segments, reasons, intervals, money), cut short.
Scenario short_day(int replications, const std::string& file = "scenarios/france-day.json") {
  Scenario s = load_scenario_file(test::source_path(file));
  s.horizon_s = std::min(s.horizon_s, 2.0 * 3600.0);
  s.warmup_s = std::min(s.warmup_s, 600.0);
  s.replications = replications;
  return s;
}

std::string results_text(Results results) {
  nlohmann::json json = to_json(results);
  json.erase("run_info");
  return json.dump();
}

std::string streamed(const Scenario& s, int threads) {
  RunOptions options;
  options.threads = threads;
  return results_text(run_here(s, {}, 0, options).results);
}

// The textbook two-pass estimate: the ratio first, then the residuals around it.
double two_pass_variance(const std::vector<double>& x, const std::vector<double>& y) {
  double sx = 0.0, sy = 0.0;
  for (std::size_t r = 0; r < x.size(); ++r) {
    sx += x[r];
    sy += y[r];
  }
  const double ratio = sx / sy;
  double ss = 0.0;
  for (std::size_t r = 0; r < x.size(); ++r) ss += (x[r] - ratio * y[r]) * (x[r] - ratio * y[r]);
  const auto k = static_cast<double>(x.size());
  return ss / (k * (k - 1.0)) / ((sy / k) * (sy / k));
}

}  // namespace

TEST_CASE("Results merged as replications end are bit-identical at 1, 2 and 4 threads",
          "[streaming]") {
  const Scenario s = short_day(12);
  const std::string one = streamed(s, 1);
  CHECK(streamed(s, 2) == one);
  CHECK(streamed(s, 4) == one);
}

TEST_CASE("Merging each tally as its replication ends equals merging all tallies at the end",
          "[streaming]") {
  const Scenario s = short_day(9);
  RunOptions options;
  options.threads = 2;
  const std::vector<Tally> tallies = run_replications(s, 0, s.replications, options);
  const std::string at_end = results_text(merge_tallies(s, tallies, s.confidence));
  CHECK(streamed(s, 2) == at_end);
  // And read between adds: the results of the first k replications are those of k tallies.
  ResultsAccumulator running(s);
  for (std::size_t k = 0; k < tallies.size(); ++k) {
    running.add(tallies[k]);
    if (k == 3) {
      const std::span<const Tally> first(tallies.data(), k + 1);
      CHECK(results_text(running.results(s.confidence)) ==
            results_text(merge_tallies(s, first, s.confidence)));
    }
  }
  CHECK(results_text(running.results(s.confidence)) == at_end);
}

TEST_CASE("A precision run merged as it goes makes the decisions of one given whole batches",
          "[streaming][precision]") {
  test::MmnSpec spec;
  spec.horizon_s = 3600.0;
  spec.warmup_s = 300.0;
  const Scenario scenario = test::mmn_scenario(spec);
  const std::vector<PrecisionTarget> targets = {{"abandon_rate", 0.004}};
  const PreciseRun whole = run_to_precision(scenario, targets, 80, [&](int f, int c) {
    return run_replications(scenario, f, c, RunOptions{});
  });
  const PreciseRun streamed_run = run_here(scenario, targets, 80, RunOptions{});
  CHECK(streamed_run.tallies.empty());  // nothing kept per replication
  CHECK(to_json(streamed_run).dump() == to_json(whole).dump());
}

TEST_CASE("Running sums give the two-pass delta-method variance, even when the spread is tiny",
          "[streaming][statistics]") {
  std::mt19937_64 random(7);
  // Ordinary data, then a ratio near 1e6 whose spread is a millionth of it: the raw sums of
  // squares would lose every digit to cancellation; those around the first ratio lose none.
  for (const double scale : {1.0, 1e6}) {
    for (const double spread : {0.3, 1e-6}) {
      std::normal_distribution<double> noise(0.0, spread);
      std::uniform_real_distribution<double> trials(500.0, 1500.0);
      std::vector<double> x, y;
      RatioMoments moments;
      for (int r = 0; r < 200; ++r) {
        y.push_back(trials(random));
        x.push_back(y.back() * scale * (1.0 + noise(random)));
        moments.add(x.back(), y.back());
      }
      const double ratio = moments.sum_x / moments.sum_y;
      const auto k = static_cast<double>(moments.with_data);
      const double mean_y = moments.sum_y / k;
      const double running =
          moments.residual_sum_of_squares(ratio) / (k * (k - 1.0)) / (mean_y * mean_y);
      INFO("scale " << scale << ", spread " << spread);
      CHECK(running == Approx(two_pass_variance(x, y)).epsilon(1e-9));
      const Estimate e = ratio_estimate(x, y, MetricKind::non_negative, 0.95, 200);
      REQUIRE(e.sd);
      CHECK(*e.sd == Approx(std::sqrt(two_pass_variance(x, y) * k)).epsilon(1e-9));
    }
  }
}

TEST_CASE("Identical replications have no spread in running sums", "[streaming][statistics]") {
  // Every x_r = R y_r exactly: the residuals, and the interval's width, are exactly zero.
  const std::vector<double> x = {3.0, 6.0, 1.5, 12.0};
  const std::vector<double> y = {2.0, 4.0, 1.0, 8.0};
  const Estimate e = ratio_estimate(x, y, MetricKind::unbounded, 0.95, 15);
  REQUIRE(e.sd);
  CHECK(*e.sd == 0.0);
  CHECK(*e.ci_low == 1.5);
  CHECK(*e.ci_high == 1.5);
  const Estimate m =
      mean_estimate(std::vector<double>{0.5, 0.5, 0.5}, MetricKind::unbounded, 0.95, 3);
  REQUIRE(m.sd);
  CHECK(*m.sd == 0.0);
}

TEST_CASE("A comparison that keeps values per replication equals one made from every tally",
          "[streaming][compare]") {
  const Scenario a = short_day(6, "scenarios/france-bot-first.json");
  const Scenario b = short_day(6, "scenarios/france-human-only.json");
  RunOptions options;
  options.threads = 2;
  const Comparison streamed_comparison = compare_scenarios({a, b}, RunOverrides{}, options, true);
  const Comparison at_end = compare_runs({a, b},
                                         {run_replications(a, 0, a.replications, options),
                                          run_replications(b, 0, b.replications, options)},
                                         a.confidence, true);
  CHECK(to_json(streamed_comparison).dump() == to_json(at_end).dump());
  CHECK_FALSE(streamed_comparison.by_segment.empty());
}
