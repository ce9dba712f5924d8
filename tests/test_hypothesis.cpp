// p-values, multiplicity adjustments and rank histograms.
#include <boost/random/normal_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <catch2/catch.hpp>
#include <vector>

#include "ccsim/engine/random_stream.hpp"
#include "ccsim/stats/hypothesis.hpp"

using namespace ccsim;

TEST_CASE("Two-sided p-values match the normal and Student t tables", "[hypothesis]") {
  CHECK(two_sided_p_value(1.959964, 0) == Approx(0.05).margin(1e-6));
  CHECK(two_sided_p_value(-1.959964, 0) == Approx(0.05).margin(1e-6));
  CHECK(two_sided_p_value(2.093024, 19) == Approx(0.05).margin(1e-6));  // t_{19, 0.975}
  CHECK(two_sided_p_value(0.0, 5) == 1.0);
}

TEST_CASE("Holm's adjustment is step-down Bonferroni, Benjamini-Hochberg never above it",
          "[hypothesis]") {
  const std::vector<double> p = {0.04, 0.001, 0.03, 0.5};
  const std::vector<double> holm = holm_adjusted(p);
  // Ascending: 0.001 x 4, 0.03 x 3, 0.04 x 2, 0.5 x 1, made monotone.
  CHECK(holm[1] == Approx(0.004));
  CHECK(holm[2] == Approx(0.09));
  CHECK(holm[0] == Approx(0.09));
  CHECK(holm[3] == Approx(0.5));
  const std::vector<double> q = benjamini_hochberg(p);
  CHECK(q[1] == Approx(0.004));
  CHECK(q[2] == Approx(0.04 * 4 / 3));  // min(0.03 * 4 / 2, 0.04 * 4 / 3)
  CHECK(q[0] == Approx(0.04 * 4 / 3));
  CHECK(q[3] == Approx(0.5));
  for (std::size_t i = 0; i < p.size(); ++i) {
    CHECK(holm[i] >= p[i]);
    CHECK(q[i] <= holm[i]);
  }
}

TEST_CASE("Ranks of exchangeable draws give a flat histogram; a narrow model a U", "[hypothesis]") {
  // 2000 observations, each among 19 simulated values of the same Poisson(3) law: heavy ties,
  // which the randomized PIT spreads. The same with simulated values of half the spread: the
  // observations fall outside the simulated range far too often.
  RandomStream rng(RandomKey{7, 0}, 1, 0, Purpose::arrival_gap);
  boost::random::poisson_distribution<int> poisson(3.0);
  boost::random::normal_distribution<double> normal;
  RankHistogram same;
  RankHistogram narrow;
  std::vector<double> sim(19);
  for (std::uint64_t k = 0; k < 2000; ++k) {
    const double observed = poisson(rng);
    for (double& v : sim) v = poisson(rng);
    same.add(rank_among(observed, sim).pit(keyed_uniform(k)));
    const double wide = normal(rng);
    for (double& v : sim) v = 0.5 * normal(rng);
    narrow.add(rank_among(wide, sim).pit(keyed_uniform(k)));
  }
  CHECK(same.total() == 2000);
  // A calibrated model fails the uniformity test at 0.1% once in a thousand seeds.
  CHECK(*same.uniformity_p() > 0.001);
  CHECK(static_cast<double>(same.inside_90) / 2000.0 == Approx(0.9).margin(0.03));
  CHECK(*narrow.uniformity_p() < 1e-6);
  CHECK(narrow.counts.front() + narrow.counts.back() > 600);
}

TEST_CASE("A month's rank p-value counts ties against the model", "[hypothesis]") {
  const std::vector<double> sim = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  CHECK(rank_among(10.0, sim).two_sided_p() == Approx(0.2));  // 2 x 1/10
  CHECK(rank_among(5.0, sim).two_sided_p() == 1.0);
  CHECK(rank_among(9.0, sim).below == 8);
  CHECK(rank_among(9.0, sim).equal == 1);
  CHECK(rank_among(9.0, sim).two_sided_p() == Approx(0.4));
}
