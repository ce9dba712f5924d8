// Retrials linked through caller ids: exact on a small log, recovered from a simulation's trace,
// and first-attempt arrivals that, with the fitted retrials, give back the logged volume.
#include <unistd.h>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "ccsim/calibration/call_log.hpp"
#include "ccsim/calibration/fit.hpp"
#include "ccsim/calibration/log_selection.hpp"
#include "ccsim/calibration/retrials.hpp"
#include "ccsim/scenario/scenario.hpp"
#include "test_support.hpp"

namespace {

using ccsim::test::run_ccsim;
using ccsim::test::source_path;

// Each statistical check allows four standard errors: a correct estimator fails one with
// probability 6e-5, and with fixed seeds the test is deterministic.
constexpr double kStandardErrors = 4.0;

ccsim::SelectedLog selected(const std::string& text, ccsim::LogFormat format) {
  ccsim::CallLog log;
  ccsim::parse_call_log(text, "log", {format, true}, log);
  ccsim::LogChoices choices;
  choices.days = ccsim::DaySet::all;
  choices.min_day_fraction = 0.0;
  return ccsim::select_contacts(log, format, choices);
}

// Every caller queues (waited > 0), so every caller id is logged and no retrial is weighted.
// A abandons at 150 and is back at 750; B is back after the window; C gives up three times,
// back after 300 s and 120 s; D never comes back; two callers without an id (empty, 0) abandon
// and call again at once, and are never linked.
constexpr const char* kSmallLog =
    "date,arrival_s,segment,waited_s,outcome,handle_s,agent,customer_id\n"
    "2024-03-04,100,s,50,abandoned,,,A\n"
    "2024-03-04,750,s,10,answered,120,a1,A\n"
    "2024-03-04,200,s,40,abandoned,,,B\n"
    "2024-03-04,4000,s,5,answered,100,a1,B\n"
    "2024-03-04,1000,s,100,abandoned,,,C\n"
    "2024-03-04,1400,s,60,abandoned,,,C\n"
    "2024-03-04,1580,s,30,abandoned,,,C\n"
    "2024-03-04,2000,s,20,abandoned,,,D\n"
    "2024-03-04,3000,s,20,abandoned,,,\n"
    "2024-03-04,3030,s,10,answered,100,a1,\n"
    "2024-03-04,3100,s,20,abandoned,,,0\n"
    "2024-03-04,3130,s,10,answered,100,a1,0\n";

}  // namespace

TEST_CASE("A small log with known repeat callers gives the exact retrial probability and delays",
          "[retrials]") {
  const ccsim::SelectedLog log = selected(kSmallLog, ccsim::LogFormat::csv);
  ccsim::RetrialOptions options;
  options.window_s = 3600.0;
  const ccsim::RetrialFit fit = ccsim::fit_retrials(log, options);
  CHECK(fit.abandoned == 8);
  CHECK(fit.linkable_abandoned == 6);  // A, B, C three times, D
  CHECK(fit.linked == 3);              // A once, C twice
  CHECK(fit.probability.value == Approx(0.5).epsilon(1e-12));
  CHECK(fit.delays_s == std::vector<double>{120.0, 300.0, 600.0});
  CHECK(fit.longest_chain == 3);
  CHECK(fit.mean_delay_s.value == Approx(340.0).epsilon(1e-12));
  // The delays as the scenario's empirical distribution, each once.
  CHECK(fit.delay_s.kind == ccsim::DistKind::empirical);
  CHECK(fit.delay_s.mean == Approx(340.0).epsilon(1e-12));
  // The removed arrivals stand for the unlinkable abandoners' retrials too: 8 / 6 each.
  double removed = 0.0;
  for (const double w : fit.retrial_weight) removed += w;
  CHECK(removed == Approx(3.0 * 8.0 / 6.0).epsilon(1e-12));
  CHECK(removed == Approx(fit.probability.value * static_cast<double>(fit.abandoned)));
}

TEST_CASE("Unknown caller ids are never linked, whatever follows them", "[retrials]") {
  const ccsim::SelectedLog log = selected(kSmallLog, ccsim::LogFormat::csv);
  ccsim::RetrialOptions options;
  options.window_s = 86400.0;  // a window that would link anything of one caller
  const ccsim::RetrialFit fit = ccsim::fit_retrials(log, options);
  CHECK(fit.unknown_caller_entrants == 4);
  for (std::size_t i = 0; i < log.entrants.size(); ++i) {
    if (log.entrants[i].caller == ccsim::kUnknownCaller) CHECK(fit.retrial_weight[i] == 0.0);
  }
  // B's late call is linked only once the window reaches it.
  CHECK(fit.linked == 4);

  // The bank's unknown ids: 0, and ids a spreadsheet printed in scientific notation (their
  // digits lost), which are counted; leading zeros do not make two callers of one.
  const std::string bank =
      "vru+line\tcall_id\tcustomer_id\tpriority\ttype\tdate\tvru_entry\tvru_exit\tvru_time\t"
      "q_start\tq_exit\tq_time\toutcome\tser_start\tser_exit\tser_time\tserver\n"
      "AA0101\t1\t0\t1\tPS\t990304\t10:00:00\t10:00:05\t5\t10:00:05\t10:01:05\t60\tHANG\t"
      "0:00:00\t0:00:00\t0\tNO_SERVER\n"
      "AA0101\t2\t0\t1\tPS\t990304\t10:02:00\t10:02:05\t5\t10:02:05\t10:02:15\t10\tAGENT\t"
      "10:02:15\t10:04:15\t120\tDAN\n"
      "AA0101\t3\t3.27E+11\t1\tPS\t990304\t10:05:00\t10:05:05\t5\t10:05:05\t10:06:05\t60\tHANG\t"
      "0:00:00\t0:00:00\t0\tNO_SERVER\n"
      "AA0101\t4\t3.27E+11\t1\tPS\t990304\t10:07:00\t10:07:05\t5\t10:07:05\t10:07:15\t10\tAGENT\t"
      "10:07:15\t10:09:15\t120\tDAN\n"
      "AA0101\t5\t0042\t1\tPS\t990304\t10:10:00\t10:10:05\t5\t10:10:05\t10:11:05\t60\tHANG\t"
      "0:00:00\t0:00:00\t0\tNO_SERVER\n"
      "AA0101\t6\t42\t1\tPS\t990304\t10:12:00\t10:12:05\t5\t10:12:05\t10:12:15\t10\tAGENT\t"
      "10:12:15\t10:14:15\t120\tDAN\n";
  ccsim::CallLog raw;
  ccsim::parse_call_log(bank, "bank", {ccsim::LogFormat::anonymous_bank, true}, raw);
  REQUIRE(raw.files.size() == 1);
  CHECK(raw.files[0].unreadable_callers == 2);
  CHECK(raw.callers == std::vector<std::string>{"42"});
  const ccsim::SelectedLog bank_log = selected(bank, ccsim::LogFormat::anonymous_bank);
  const ccsim::RetrialFit bank_fit = ccsim::fit_retrials(bank_log, options);
  CHECK(bank_fit.unknown_caller_entrants == 4);
  CHECK(bank_fit.linked == 1);
  CHECK(bank_fit.delays_s == std::vector<double>{60.0});
}

TEST_CASE("Weighted for lost ids, a retrial whose caller id the log may have lost counts for the "
          "retrials not seen",
          "[retrials]") {
  // Callers answered without queueing lose their id (the bank's bug): among those who queued,
  // all ids are known; among those who did not, none. In the first half-hour, three callers
  // found nobody waiting and two of them queued: E's retrial, one of those, stands for 3/2.
  const std::string text =
      "date,arrival_s,segment,waited_s,outcome,handle_s,agent,customer_id\n"
      "2024-03-04,100,s,50,abandoned,,,E\n"
      "2024-03-04,400,s,10,answered,100,a1,E\n"
      "2024-03-04,600,s,0,answered,100,a1,\n"
      "2024-03-04,2000,s,50,abandoned,,,F\n";
  const ccsim::SelectedLog log = selected(text, ccsim::LogFormat::csv);
  ccsim::RetrialOptions options;
  options.window_s = 3600.0;
  options.weight_lost_ids = true;
  const ccsim::RetrialFit fit = ccsim::fit_retrials(log, options);
  CHECK(fit.seen_probability[0] == Approx(2.0 / 3.0));
  CHECK(fit.linked == 1);
  CHECK(fit.seen_linked == Approx(1.5));
  CHECK(fit.probability.value == Approx(0.75));
  // Unweighted (the default), the linked retrial counts once: a lower bound.
  options.weight_lost_ids = false;
  CHECK(ccsim::fit_retrials(log, options).probability.value == Approx(0.5));
}

TEST_CASE(
    "Fitting a trace with retrials recovers their probability and delay, and first-attempt "
    "rates plus the fitted retrials give back the logged volume",
    "[retrials]") {
  const auto dir =
      std::filesystem::temp_directory_path() / ("ccsim-retrials-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string scenario = source_path("tests/data/calllog/synthetic-retrials.json");
  const std::string trace = (dir / "trace.csv").string();
  const std::string fitted = (dir / "fitted.json").string();
  const std::string again = (dir / "again.csv").string();
  REQUIRE(run_ccsim("run " + scenario + " --trace " + trace).status == 0);
  REQUIRE(run_ccsim("fit " + trace +
                    " --format csv --days all --retrials on --retrial-window-min 240 "
                    "--retrial-delay exponential --out " +
                    fitted)
              .status == 0);
  const ccsim::Scenario truth = ccsim::load_scenario_file(scenario);
  const ccsim::Scenario fit = ccsim::load_scenario_file(fitted);

  // The probability: linked / abandoned, binomial (every caller is known in a trace, and the
  // window is 24 mean delays long).
  ccsim::CallLog log;
  ccsim::read_call_log_file(trace, {}, log);
  double abandoned = 0.0;
  for (const ccsim::Contact& c : log.contacts) {
    abandoned += c.outcome == ccsim::LoggedOutcome::abandoned;
  }
  const double p = truth.returns.retrial_probability;
  CHECK(std::abs(fit.returns.retrial_probability - p) <
        kStandardErrors * std::sqrt(p * (1.0 - p) / abandoned));
  // The delay's mean: exponential, so its estimate's standard error is mean / sqrt(retrials).
  const double mean = truth.returns.retrial_delay_s.mean;
  CHECK(fit.returns.retrial_delay_s.kind == ccsim::DistKind::exponential);
  CHECK(std::abs(fit.returns.retrial_delay_s.mean - mean) <
        kStandardErrors * mean / std::sqrt(p * abandoned));

  // Volume: the fitted scenario (first attempts plus retrials) simulated as many days as were
  // logged. Daily totals are independent across days, so the difference of the two days' means
  // has the standard error sqrt(s_log^2 / D + s_sim^2 / D) from the daily totals' variances.
  REQUIRE(run_ccsim("run " + fitted + " --trace " + again).status == 0);
  const auto daily = [](const std::string& path) {
    ccsim::CallLog read;
    ccsim::read_call_log_file(path, {}, read);
    std::map<std::int32_t, double> days;
    for (const ccsim::Contact& c : read.contacts) {
      days[c.day] += c.outcome == ccsim::LoggedOutcome::answered ||
                     c.outcome == ccsim::LoggedOutcome::abandoned;
    }
    double sum = 0.0;
    double squares = 0.0;
    for (const auto& [day, n] : days) sum += n;
    const double n = static_cast<double>(days.size());
    for (const auto& [day, count] : days) squares += (count - sum / n) * (count - sum / n);
    return std::pair{sum / n, squares / (n - 1.0) / n};  // the mean and its variance
  };
  const auto [logged, logged_var] = daily(trace);
  const auto [simulated, simulated_var] = daily(again);
  CHECK(std::abs(simulated - logged) < kStandardErrors * std::sqrt(logged_var + simulated_var));
  // Retrials counted twice would add p x abandoned a day, more than 6 standard errors: the
  // check above would then fail with probability above 0.97 (z > 2 beyond its 4).
  CHECK(fit.returns.retrial_probability * abandoned / truth.replications >
        6.0 * std::sqrt(logged_var + simulated_var));

  // A replay of the trace's arrivals with the fitted retrials: the logged retrials are left out
  // and the simulation adds its own, so the volume comes back (|z| within the same four
  // standard errors, paired by day); with the logged retrials kept it would not.
  const auto replay = run_ccsim("backtest " + fitted + " " + trace +
                                " --format csv --days all --replay arrivals --retrial-window-min "
                                "240 --replications 4 --json");
  REQUIRE(replay.status == 0);
  const nlohmann::json backtest = nlohmann::json::parse(replay.out);
  const nlohmann::json& offered = backtest["overall"]["offered"];
  CHECK(std::abs(offered["z"].get<double>()) < kStandardErrors);
  CHECK(std::abs(offered["observed"].get<double>() - offered["simulated"]["mean"].get<double>()) <
        fit.returns.retrial_probability * abandoned / truth.replications / 2.0);
  std::filesystem::remove_all(dir);
}
