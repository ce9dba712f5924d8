// Fitting a simulation trace back: the estimators recover what the simulation was given.
#include <unistd.h>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "ccsim/calibration/call_log.hpp"
#include "ccsim/scenario/scenario.hpp"
#include "test_support.hpp"

namespace {

using ccsim::test::run_ccsim;
using ccsim::test::source_path;

// Each check allows four standard errors of its estimator: a correct estimator fails one such
// check with probability 6e-5, and with a fixed seed the test is deterministic.
constexpr double kStandardErrors = 4.0;
constexpr std::size_t kHalfHours = 48;
constexpr double kHalfHourS = 1800.0;

// The synthetic day's trace, fitted once per test run with the parametric models.
struct Recovered {
  ccsim::Scenario truth;
  ccsim::Scenario fitted;
  nlohmann::json fitted_json;
  // The trace's queue entrants, as its own reader counts them.
  double entrants = 0.0;
  double abandoned = 0.0;
  double services = 0.0;
  std::filesystem::path dir;

  Recovered() {
    dir = std::filesystem::temp_directory_path() / ("ccsim-recovery-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string scenario = source_path("tests/data/calllog/synthetic-day.json");
    const std::string trace = (dir / "trace.csv").string();
    const std::string out = (dir / "fitted.json").string();
    truth = ccsim::load_scenario_file(scenario);
    REQUIRE(run_ccsim("run " + scenario + " --trace " + trace).status == 0);
    // Trace days are dated from 2000-01-01, all alike: every one is used.
    const auto fit = run_ccsim("fit " + trace +
                               " --format csv --days all --handle lognormal "
                               "--patience exponential --staffing present --out " +
                               out);
    REQUIRE(fit.status == 0);
    ccsim::CallLog log;
    ccsim::read_call_log_file(trace, {}, log);
    for (const ccsim::Contact& c : log.contacts) {
      entrants += c.outcome == ccsim::LoggedOutcome::answered ||
                  c.outcome == ccsim::LoggedOutcome::abandoned;
      abandoned += c.outcome == ccsim::LoggedOutcome::abandoned;
      services += c.outcome == ccsim::LoggedOutcome::answered && !c.anomalous_service();
    }
    fitted = ccsim::load_scenario_file(out);
    std::ifstream in(out);
    fitted_json = nlohmann::json::parse(in);
  }
  ~Recovered() { std::filesystem::remove_all(dir); }
};

const Recovered& recovered() {
  static const Recovered r;
  return r;
}

}  // namespace

TEST_CASE("Fitting a trace recovers its arrival rate in every half-hour", "[fit]") {
  const Recovered& r = recovered();
  const double days = r.truth.replications;
  REQUIRE(r.fitted.arrivals_per_hour.values.size() == kHalfHours);
  for (std::size_t i = 0; i < kHalfHours; ++i) {
    const double t = (static_cast<double>(i) + 0.5) * kHalfHourS;
    const double rate = t < r.truth.horizon_s ? r.truth.arrivals_per_hour.at(t) : 0.0;
    // A half-hour's count over D days is Poisson: the rate's standard error is
    // sqrt(rate / (D / 2)) per hour. Written rates are rounded to 1e-4.
    INFO("half-hour " << i << ": true " << rate << ", fitted "
                      << r.fitted.arrivals_per_hour.values[i]);
    CHECK(std::abs(r.fitted.arrivals_per_hour.values[i] - rate) <=
          kStandardErrors * std::sqrt(rate / (days / 2.0)) + 1e-4);
  }
}

TEST_CASE("Fitting a trace of Poisson days finds almost no busyness", "[fit]") {
  // With D = 20 days of about 1,800 entrants, the estimate of cv^2 has a standard error of about
  // sqrt(2 / (D - 1)) / m = 1.8e-4: four of them allow cv up to 0.027.
  CHECK(recovered().fitted.busyness_cv < 0.03);
}

TEST_CASE("Fitting a trace recovers its lognormal handle time", "[fit]") {
  const Recovered& r = recovered();
  const ccsim::DistributionSpec& truth = r.truth.human_handle_s;
  REQUIRE(r.fitted.reasons.size() == 1);
  const ccsim::DistributionSpec& fitted = r.fitted.reasons[0].human_handle_s;
  REQUIRE(fitted.kind == ccsim::DistKind::lognormal);
  // Compare the parameters of the underlying normal: mu-hat has standard error sigma/sqrt(n),
  // sigma-hat about sigma/sqrt(2n).
  const auto normal = [](const ccsim::DistributionSpec& d) {
    const double s2 = std::log1p(d.param * d.param / (d.mean * d.mean));
    return std::pair<double, double>(std::log(d.mean) - s2 / 2.0, std::sqrt(s2));
  };
  const auto [mu, sigma] = normal(truth);
  const auto [mu_hat, sigma_hat] = normal(fitted);
  const double n = r.services;
  REQUIRE(n > 10000);
  CHECK(std::abs(mu_hat - mu) <= kStandardErrors * sigma / std::sqrt(n));
  CHECK(std::abs(sigma_hat - sigma) <= kStandardErrors * sigma / std::sqrt(2.0 * n));
}

TEST_CASE("Fitting a trace recovers its exponential patience despite censored waits", "[fit]") {
  const Recovered& r = recovered();
  // Realistic censoring: most callers who waited were answered before their patience ran out.
  REQUIRE(r.abandoned > 1000);
  REQUIRE(r.abandoned < 0.2 * r.entrants);
  REQUIRE(r.fitted.segments.size() == 1);
  REQUIRE(r.fitted.segments[0].patience_s);
  const ccsim::DistributionSpec& fitted = *r.fitted.segments[0].patience_s;
  REQUIRE(fitted.kind == ccsim::DistKind::exponential);
  // The MLE of the rate has a relative standard error of 1/sqrt(abandonments).
  const double truth = r.truth.patience_s->mean;
  CHECK(std::abs(fitted.mean - truth) <= kStandardErrors * truth / std::sqrt(r.abandoned));
}

TEST_CASE("Fitting a trace finds the agents on duty", "[fit]") {
  // Staffing changes on the hour. While agents are on duty they serve one call after another
  // (the load is 0.9 to 1.05 of them), so each works one spell and the inferred staffing is the
  // staffing: a 5-minute step is within one agent of it (diffused rounding moves a step by at
  // most one), except the first step after a change, where new agents count from their first
  // call and agents going off duty from their last. In the hours when the load exceeds the staff
  // (02:00 and 06:00: 300 calls of 240 s an hour, 20 erlangs for 19 agents), the hour's mean is
  // within 1/12 of an agent (partial sums of the rounding stay within one half) plus the seconds
  // before the three new agents' first calls.
  const Recovered& r = recovered();
  const auto& agents = r.fitted_json["staffing"]["groups"][0]["agents"];
  REQUIRE(agents["interval_s"] == 300.0);
  const auto& steps = agents["agents"];
  constexpr std::size_t kStepsPerHour = 12;
  for (std::size_t k = 0; k * 300.0 < r.truth.horizon_s; ++k) {
    if (k % kStepsPerHour == 0) continue;
    INFO("step " << k);
    CHECK(std::abs(steps[k].get<double>() - r.truth.humans.at(k * 300.0 + 150.0)) <= 1.0);
  }
  for (const std::size_t hour : {2, 6}) {
    double sum = 0.0;
    for (std::size_t k = hour * kStepsPerHour; k < (hour + 1) * kStepsPerHour; ++k) {
      sum += steps[k].get<double>();
    }
    CHECK(sum / kStepsPerHour == Approx(19.0).margin(1.0 / kStepsPerHour + 0.05));
  }
}

TEST_CASE("A scenario fitted to a trace with the default estimators backtests inside it",
          "[backtest]") {
  // The closure check of fit and backtest: the model that made the trace is the model fitted,
  // so no pooled 20-day figure differs from the simulated mean beyond its errors: no cell of the
  // family is rejected (Holm, 5% family-wise: a correct model fails with probability 5% at most,
  // here for this fixed seed once and for all), and the whole day is within 3 standard errors.
  const Recovered& r = recovered();
  const std::string scenario = (r.dir / "default-fit.json").string();
  REQUIRE(
      run_ccsim("fit " + (r.dir / "trace.csv").string() + " --days all --out " + scenario).status ==
      0);
  const auto o = run_ccsim("backtest " + scenario + " " + (r.dir / "trace.csv").string() +
                           " --days all --json");
  REQUIRE(o.status == 0);
  const auto j = nlohmann::json::parse(o.out);
  CHECK(j["tests"]["rejected_holm"] == 0);
  for (const char* metric : {"offered", "abandon_rate", "service_level", "asa_s"}) {
    INFO(metric << ": " << j["overall"][metric].dump());
    CHECK(std::abs(j["overall"][metric]["z"].get<double>()) < 3.0);
  }
}

TEST_CASE("A trace replayed with its own scenario comes back inside its intervals", "[backtest]") {
  // The model that made the trace, given the trace's own arrivals and the staffing inferred from
  // it: its statements about the logged figures must hold at their stated rates. No cell of the
  // family differs at 5% family-wise (a correct model fails this with probability 5% at most;
  // with a fixed seed, once and for all), and the single day x half-hour cells fall inside the
  // central 90% of their simulated copies about 90% of the time. The cells of one day are not
  // independent, so the tolerance is wide: 0.80 to 0.98, about four standard errors for 20
  // independent days of 3 effective cells each. tests/test_replay_coverage.cpp (slow) measures
  // the rates over many traces.
  const Recovered& r = recovered();
  const auto o =
      run_ccsim("backtest " + source_path("tests/data/calllog/synthetic-day.json") + " " +
                (r.dir / "trace.csv").string() + " --days all --replay arrivals,staffing --json");
  REQUIRE(o.status == 0);
  const auto j = nlohmann::json::parse(o.out);
  CHECK(j["replay"]["arrivals"] == true);
  CHECK(j["tests"]["rejected_holm"] == 0);
  for (const char* metric : {"abandon_rate", "service_level", "asa_s"}) {
    INFO(metric);
    const double inside = j["rank_histograms"]["cells"][metric]["inside_90"].get<double>();
    CHECK(inside >= 0.80);
    CHECK(inside <= 0.98);
  }
  CHECK(j["overall"]["offered"]["difference"].get<double>() == Approx(0.0).margin(1e-9));
}
