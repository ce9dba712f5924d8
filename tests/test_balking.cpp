// Balking on the announced wait (population.segments[].balk_probability, balk_tolerance_s):
// against the exact stationary solution of the birth–death chain it makes of an M/M/c queue,
// and relations between runs of a shipped French scenario with common random numbers.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "ccsim/parallel/runner.hpp"
#include "ccsim/stats/results.hpp"
#include "paired_support.hpp"
#include "test_support.hpp"

using namespace ccsim;
using test::check_covers;

namespace {

using test::kConfidence;

// --- The exact solution --------------------------------------------------------------------
//
// With one segment, one reason and c agents, a contact that finds k ≥ c in the system has
// n = k − c contacts waiting ahead of it and is announced W(n) = (n + 1) E[S] / c. It balks with
// b(n) = p (1 − exp(−W(n) / τ)) (exponential tolerance of mean τ), so the number in the system
// is a birth–death chain: births λ (k < c) and λ (1 − b(k − c)) (k ≥ c); deaths min(k, c) μ plus
// (k − c) θ with exponential patience of mean 1/θ. Its stationary distribution is the product
// of the birth/death ratios; arrivals see it (PASTA).
struct BalkingQueue {
  double lambda_per_s;
  double handle_s;
  int agents;
  double balk_probability;
  double tolerance_s;
  std::optional<double> patience_s;
};

struct BalkingFigures {
  double balk_rate;     // balked / arrivals
  double p_wait;        // joined a queue / arrivals
  double mean_wait_s;   // mean wait of those who joined (answered or abandoned, zero waits too)
  double abandon_rate;  // abandoned / (answered + abandoned)
};

double balk_at(const BalkingQueue& q, long waiting) {
  const double announced_s =
      static_cast<double>(waiting + 1) * q.handle_s / static_cast<double>(q.agents);
  return q.balk_probability * (1.0 - std::exp(-announced_s / q.tolerance_s));
}

BalkingFigures exact_balking(const BalkingQueue& q) {
  // Truncated where the weights are below 1e-300 of the largest: far beyond any figure's digits.
  constexpr long kMaxStates = 200000;
  const double mu = 1.0 / q.handle_s;
  const double theta = q.patience_s ? 1.0 / *q.patience_s : 0.0;
  std::vector<double> weight{1.0};
  for (long k = 0; k < kMaxStates && weight.back() > 1e-300; ++k) {
    const double birth =
        k < q.agents ? q.lambda_per_s : q.lambda_per_s * (1.0 - balk_at(q, k - q.agents));
    const long next = k + 1;
    const double death = static_cast<double>(std::min<long>(next, q.agents)) * mu +
                         static_cast<double>(std::max<long>(next - q.agents, 0)) * theta;
    weight.push_back(weight.back() * birth / death);
  }
  double total = 0.0;
  for (double w : weight) total += w;
  double balk = 0.0, wait = 0.0, queue_length = 0.0;
  for (std::size_t k = 0; k < weight.size(); ++k) {
    const double pi = weight[k] / total;
    const long waiting = static_cast<long>(k) - q.agents;
    if (waiting < 0) continue;
    balk += pi * balk_at(q, waiting);
    wait += pi * (1.0 - balk_at(q, waiting));
    queue_length += pi * static_cast<double>(waiting);
  }
  const double joining_per_s = q.lambda_per_s * (1.0 - balk);
  BalkingFigures f;
  f.balk_rate = balk;
  f.p_wait = wait;
  f.mean_wait_s = queue_length / joining_per_s;  // Little's law on the queue
  f.abandon_rate = theta * queue_length / joining_per_s;
  return f;
}

Results simulate_balking(const BalkingQueue& q, std::uint64_t seed) {
  test::MmnSpec spec;
  spec.lambda_per_hour = q.lambda_per_s * 3600.0;
  spec.handle_s = q.handle_s;
  spec.patience_s = q.patience_s;
  spec.agents = q.agents;
  spec.horizon_s = 30.0 * 3600.0;
  spec.warmup_s = 2.0 * 3600.0;
  spec.replications = 32;
  spec.seed = seed;
  Scenario s = expand_shorthands(test::mmn_scenario(spec));
  s.segments[0].balk_probability = q.balk_probability;
  s.segments[0].balk_tolerance_s = DistributionSpec::of(DistKind::exponential, q.tolerance_s);
  const auto tallies = run_replications(s, 0, s.replications, RunOptions{});
  // A 99.9% interval per assertion: four assertions in each of two cases fail by bad luck with
  // probability under 1%.
  return merge_tallies(s, tallies, 0.999);
}

void check_exact(const BalkingQueue& q, std::uint64_t seed) {
  const BalkingFigures exact = exact_balking(q);
  const Results sim = simulate_balking(q, seed);
  check_covers(sim, "balk_rate", exact.balk_rate);
  check_covers(sim, "p_wait", exact.p_wait);
  check_covers(sim, "mean_wait_s", exact.mean_wait_s);
  check_covers(sim, "abandon_rate", exact.abandon_rate);
  // Narrow enough to mean something: a tenth of the balking rate.
  CHECK(*sim.metric("balk_rate").half_width() < 0.1 * exact.balk_rate);
}

// --- Relations on the shipped French population ----------------------------------------------

// Fewer generalists than the shipped 30: waits are long enough for balking to matter.
Scenario congested() {
  Scenario s = test::load_shipped_short("france-human-only.json");
  s.groups[test::group_index(s, "generalists")].agents = Schedule::constant(26.0);
  return s;
}

void set_balking(Scenario& s, double p, std::optional<double> tolerance_mean_s) {
  for (Segment& seg : s.segments) {
    seg.balk_probability = p;
    if (tolerance_mean_s) {
      seg.balk_tolerance_s = DistributionSpec::of(DistKind::exponential, *tolerance_mean_s);
    }
  }
}

Counters all(const Tally& t) {
  return t.totals();
}

}  // namespace

TEST_CASE(
    "An overloaded M/M/c queue with balking on the announced wait matches its birth-death "
    "chain",
    "[validation][balking]") {
  // 6 Erlangs on 5 agents: unstable without balking; balking holds it.
  check_exact({72.0 / 3600.0, 300.0, 5, 0.8, 300.0, std::nullopt}, 71);
}

TEST_CASE("An M/M/c+M queue with balking and abandonment matches its birth-death chain",
          "[validation][balking]") {
  check_exact({200.0 / 3600.0, 180.0, 10, 0.6, 120.0, 240.0}, 72);
}

TEST_CASE("A balking probability of 0 changes nothing, to the bit", "[journey][balking]") {
  for (const char* file : {"france-human-only.json", "france-bot-first.json"}) {
    INFO(file);
    const Scenario base = test::load_shipped_short(file);
    Scenario zero = base;
    set_balking(zero, 0.0, 60.0);
    test::check_same_runs(test::run_all(base), test::run_all(zero));
  }
}

TEST_CASE(
    "Balking happens only where a wait is announced: with an agent free for every contact "
    "nothing changes",
    "[journey][balking]") {
  Scenario base = test::load_shipped_short("france-bot-first.json");
  test::make_ample(base);
  Scenario balking = base;
  set_balking(balking, 1.0, std::nullopt);  // every announced wait, with certainty
  const auto a = test::run_all(base);
  const auto b = test::run_all(balking);
  test::each_replication_totals(a, b, [&](const Counters& x, const Counters& y) {
    CHECK(x.waited == 0);
    CHECK(y.balked == 0);
    test::check_same_customers(x, y);
  });
}

TEST_CASE("With certain balking on any announced wait nobody waits for an agent",
          "[journey][balking]") {
  Scenario s = congested();
  set_balking(s, 1.0, std::nullopt);
  for (const Tally& t : test::run_all(s)) {
    const Counters k = t.totals();
    CHECK(k.balked > 0);
    CHECK(k.waited == 0);
    CHECK(k.abandoned == 0);
    CHECK(k.wait_s == 0.0);
    CHECK(k.balked + k.answered == k.offered);
  }
}

TEST_CASE("More balking never raises the waits of those who stay", "[journey][balking]") {
  std::vector<std::vector<Tally>> runs;
  for (const double p : {0.0, 0.3, 0.6, 1.0}) {
    Scenario s = congested();
    set_balking(s, p, 120.0);
    runs.push_back(test::run_all(s));
  }
  for (std::size_t i = 1; i < runs.size(); ++i) {
    INFO("step " << i);
    test::check_negative(
        test::paired_difference(runs[i - 1], all, runs[i], all, "asa_s", kConfidence));
    test::check_negative(
        test::paired_difference(runs[i - 1], all, runs[i], all, "mean_wait_s", kConfidence));
    test::check_positive(
        test::paired_difference(runs[i - 1], all, runs[i], all, "balk_rate", kConfidence));
  }
}

TEST_CASE("A contact that balks has given up: gave_up and churn rise", "[journey][balking]") {
  // Fewer contacts join the queue, so fewer are served (a birth–death chain with lower births is
  // stochastically smaller) and more give up: that direction is the model's. Churn follows it
  // here because a gave-up contact's churn term outweighs the shorter waits of those who stay;
  // satisfaction is not asserted, as those two effects pull it opposite ways and which wins
  // depends on the load and the coefficients, not on the model's logic.
  const Scenario base = congested();
  Scenario balking = base;
  set_balking(balking, 0.8, 60.0);
  const auto a = test::run_all(base);
  const auto b = test::run_all(balking);
  test::check_positive(test::paired_difference(a, all, b, all, "gave_up_rate", kConfidence));
  test::check_positive(test::paired_difference(a, all, b, all, "churn_rate", kConfidence));
}
