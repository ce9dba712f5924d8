// Across-replication statistics and the wait histogram.
#include <catch2/catch.hpp>
#include <vector>

#include "ccsim/stats/statistics.hpp"
#include "ccsim/stats/wait_histogram.hpp"

using namespace ccsim;

TEST_CASE("Student-t quantiles match published tables", "[statistics]") {
  // Two-sided 95% with 10 degrees of freedom, and 99% with 4 (standard t tables).
  CHECK(student_t_quantile(0.95, 10) == Approx(2.228138852).epsilon(1e-9));
  CHECK(student_t_quantile(0.99, 4) == Approx(4.604094871).epsilon(1e-9));
}

TEST_CASE("A ratio of totals has the delta-method interval", "[statistics]") {
  const std::vector<double> x{1.0, 2.0, 3.0};
  const std::vector<double> y{10.0, 10.0, 20.0};
  const Estimate e = ratio_estimate(x, y, 0.95, 40);
  // R = 6/40 = 0.15; residuals x - R y = -0.5, 0.5, 0; se = sqrt(0.5/6)/(40/3).
  const double se = std::sqrt(0.5 / 6.0) / (40.0 / 3.0);
  const double t = student_t_quantile(0.95, 2);
  CHECK(*e.mean == Approx(0.15));
  CHECK(*e.ci_low == Approx(0.15 - t * se));
  CHECK(*e.ci_high == Approx(0.15 + t * se));
  CHECK(e.n == 40);
}

TEST_CASE("A ratio with an empty denominator has no value", "[statistics]") {
  const std::vector<double> zeros{0.0, 0.0};
  const Estimate e = ratio_estimate(zeros, zeros, 0.95, 0);
  CHECK_FALSE(e.mean.has_value());
  CHECK_FALSE(e.ci_low.has_value());
  CHECK(e.n == 0);
}

TEST_CASE("One replication gives a mean but no interval", "[statistics]") {
  const std::vector<double> x{3.0};
  const std::vector<double> y{4.0};
  const Estimate e = ratio_estimate(x, y, 0.95, 4);
  CHECK(*e.mean == 0.75);
  CHECK_FALSE(e.ci_low.has_value());
}

TEST_CASE("Histogram quantiles are within one bucket of the exact ones", "[statistics]") {
  WaitHistogram h;
  constexpr int kCount = 100000;
  for (int i = 1; i <= kCount; ++i) h.add(static_cast<double>(i) / 100.0);  // 0.01 .. 1000 s
  // Exact p90 is 900 s; a bucket spans under 1% of its value.
  CHECK(*h.quantile(0.9) == Approx(900.0).epsilon(0.01));
  CHECK(*h.quantile(0.5) == Approx(500.0).epsilon(0.01));
}

TEST_CASE("Zero waits make the low quantiles exactly zero", "[statistics]") {
  WaitHistogram h;
  for (int i = 0; i < 95; ++i) h.add(0.0);
  for (int i = 0; i < 5; ++i) h.add(30.0);
  CHECK(*h.quantile(0.9) == 0.0);
  CHECK(*h.quantile(0.99) == Approx(30.0).epsilon(0.01));
}

TEST_CASE("Merged histograms equal one histogram of all the waits", "[statistics]") {
  WaitHistogram a, b, all;
  for (int i = 0; i < 1000; ++i) {
    const double w = i * 0.37;
    (i % 2 ? a : b).add(w);
    all.add(w);
  }
  a.merge(b);
  CHECK(a.count() == all.count());
  CHECK(*a.quantile(0.9) == *all.quantile(0.9));
}

TEST_CASE("An empty histogram has no quantile", "[statistics]") {
  CHECK_FALSE(WaitHistogram{}.quantile(0.9).has_value());
}

TEST_CASE("A ratio with no denominator reports n = 0 even when n counts replications",
          "[statistics]") {
  const std::vector<double> zeros{0.0, 0.0, 0.0};
  const Estimate e = ratio_estimate(zeros, zeros, 0.95, 3);
  CHECK_FALSE(e.mean.has_value());
  CHECK(e.n == 0);
  const Estimate d = paired_ratio_difference(zeros, zeros, zeros, zeros, 0.95);
  CHECK_FALSE(d.mean.has_value());
  CHECK(d.n == 0);
}
