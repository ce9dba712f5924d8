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
  const Estimate e = ratio_estimate(x, y, MetricKind::unbounded, 0.95, 40);
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
  const Estimate e = ratio_estimate(zeros, zeros, MetricKind::rate, 0.95, 0);
  CHECK_FALSE(e.mean.has_value());
  CHECK_FALSE(e.ci_low.has_value());
  CHECK(e.n == 0);
}

TEST_CASE("One replication gives a mean but no interval", "[statistics]") {
  const std::vector<double> x{3.0};
  const std::vector<double> y{4.0};
  const Estimate e = ratio_estimate(x, y, MetricKind::rate, 0.95, 4);
  CHECK(*e.mean == 0.75);
  CHECK_FALSE(e.ci_low.has_value());
  CHECK(e.missing_interval_reason() == "too little data");
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
  const Estimate e = ratio_estimate(zeros, zeros, MetricKind::share, 0.95, 3);
  CHECK_FALSE(e.mean.has_value());
  CHECK(e.n == 0);
  const Estimate d = paired_ratio_difference(zeros, zeros, zeros, zeros, 0.95);
  CHECK_FALSE(d.mean.has_value());
  CHECK(d.n == 0);
}

TEST_CASE("Degrees of freedom count only the replications with data", "[statistics]") {
  // Two of five replications saw contacts: the interval has 1 degree of freedom, and the
  // replications without data neither shrink the standard error nor add to the count.
  const std::vector<double> x{0.0, 1.0, 0.0, 3.0, 0.0};
  const std::vector<double> y{0.0, 10.0, 0.0, 10.0, 0.0};
  const Estimate e = ratio_estimate(x, y, MetricKind::unbounded, 0.95, 20);
  CHECK(e.replications == 2);
  // R = 0.2; residuals -1, 1; se = sqrt(2 / (2 * 1)) / 10 = 0.1; t_{1, 0.975} = 12.706.
  CHECK(*e.ci_high - *e.mean == Approx(student_t_quantile(0.95, 1) * 0.1));
  const std::vector<double> one_x{0.0, 2.0, 0.0};
  const std::vector<double> one_y{0.0, 4.0, 0.0};
  const Estimate thin = ratio_estimate(one_x, one_y, MetricKind::rate, 0.95, 4);
  CHECK(*thin.mean == 0.5);
  CHECK_FALSE(thin.ci_low.has_value());
  CHECK(thin.missing_interval_reason() == "too little data");
}

TEST_CASE("A rate's interval stays between 0 and 1 where the linear one would leave it",
          "[statistics]") {
  // Service levels of 0.9, 1, 0.7, 1 over 10 contacts each: the linear interval's top is above 1.
  const std::vector<double> x{9.0, 10.0, 7.0, 10.0};
  const std::vector<double> y{10.0, 10.0, 10.0, 10.0};
  const Estimate linear = ratio_estimate(x, y, MetricKind::unbounded, 0.95, 40);
  REQUIRE(*linear.ci_high > 1.0);
  const Estimate rate = ratio_estimate(x, y, MetricKind::rate, 0.95, 40);
  CHECK(*rate.ci_low >= 0.0);
  CHECK(*rate.ci_high <= 1.0);
  CHECK(*rate.ci_low < *rate.mean);
  CHECK(*rate.ci_high > *rate.mean);
  // Far from the bounds with many trials, the score interval is the delta-method one.
  const std::vector<double> bx{500.0, 520.0, 480.0, 505.0};
  const std::vector<double> by{1000.0, 1000.0, 1000.0, 1000.0};
  const Estimate wide = ratio_estimate(bx, by, MetricKind::rate, 0.95, 4000);
  const Estimate flat = ratio_estimate(bx, by, MetricKind::unbounded, 0.95, 4000);
  CHECK(*wide.half_width() == Approx(*flat.half_width()).epsilon(0.01));
}

TEST_CASE("A rate with every count zero gets a rule-of-three bound, not a point", "[statistics]") {
  // 0.3 calls an hour for 8 one-hour replications: two contacts in all, neither abandoned.
  const std::vector<double> x(8, 0.0);
  const std::vector<double> y{0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0};
  const Estimate e = ratio_estimate(x, y, MetricKind::rate, 0.95, 2);
  CHECK(*e.mean == 0.0);
  CHECK(*e.ci_low == 0.0);
  // Score bound at p = 0: q² / (m + q²), q the Student quantile of 2 - 1 degrees of freedom.
  const double q = student_t_quantile(0.95, 1);
  CHECK(*e.ci_high == Approx(q * q / (2.0 + q * q)));
  // With many trials it is the rule of three, about 3.8 / m at 95% with many replications.
  const std::vector<double> many_x(40, 0.0);
  const std::vector<double> many_y(40, 250.0);
  const Estimate rare = ratio_estimate(many_x, many_y, MetricKind::rate, 0.95, 10000);
  CHECK(*rare.ci_high == Approx(3.9 / 10000.0).epsilon(0.05));
  // And all events: the mirror image.
  const Estimate all = ratio_estimate(y, y, MetricKind::rate, 0.95, 2);
  CHECK(*all.ci_high == 1.0);
  CHECK(*all.ci_low == Approx(1.0 - *e.ci_high));
}

TEST_CASE("Replications alike do not collapse a rate's interval: the binomial noise remains",
          "[statistics]") {
  const std::vector<double> x{1.0, 1.0, 1.0};
  const std::vector<double> y{2.0, 2.0, 2.0};
  const Estimate e = ratio_estimate(x, y, MetricKind::rate, 0.95, 6);
  CHECK(*e.mean == 0.5);
  CHECK(*e.half_width() > 0.2);
  // A share (an expectation, not a count) has no binomial floor: its spread is all there is,
  // and with none at all each replication counts as one trial.
  const Estimate share = ratio_estimate(x, y, MetricKind::share, 0.95, 6);
  const double q = student_t_quantile(0.95, 2);
  CHECK(*share.half_width() ==
        Approx(q / (1.0 + q * q / 3.0) * std::sqrt(0.25 / 3.0 + q * q / 36.0)));
  const std::vector<double> spread_x{1.0, 1.2, 0.9};
  const Estimate varied = ratio_estimate(spread_x, y, MetricKind::share, 0.95, 6);
  const Estimate varied_rate = ratio_estimate(spread_x, y, MetricKind::rate, 0.95, 6);
  CHECK(*varied.half_width() < *varied_rate.half_width());
}

TEST_CASE("A non-negative quantity never gets a negative bound", "[statistics]") {
  const std::vector<double> waits{0.5, 12.0, 0.2};
  const Estimate e = mean_estimate(waits, MetricKind::non_negative, 0.95, 3);
  const Estimate flat = mean_estimate(waits, MetricKind::unbounded, 0.95, 3);
  REQUIRE(*flat.ci_low < 0.0);
  CHECK(*e.ci_low > 0.0);
  // Log scale: the ends are m·exp(∓q·se/m), so their geometric mean is the estimate.
  CHECK(std::sqrt(*e.ci_low * *e.ci_high) == Approx(*e.mean));
  const std::vector<double> zeros{0.0, 0.0, 0.0};
  const Estimate none = mean_estimate(zeros, MetricKind::non_negative, 0.95, 3);
  CHECK(*none.ci_low == 0.0);
  CHECK(*none.ci_high == 0.0);
}

TEST_CASE("A difference keeps its symmetric Student-t interval", "[statistics]") {
  const std::vector<double> d{-1.0, 2.0, 0.5};
  const Estimate e = mean_estimate(d, MetricKind::unbounded, 0.95, 3);
  CHECK(*e.mean - *e.ci_low == Approx(*e.ci_high - *e.mean));
}
