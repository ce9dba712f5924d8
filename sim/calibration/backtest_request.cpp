#include "ccsim/calibration/backtest_request.hpp"

#include <sstream>

#include "calibration/request_checks.hpp"

namespace ccsim {

std::vector<std::string> backtest_request_problems(const BacktestRequest& r,
                                                   const LogRequest& logs) {
  std::vector<std::string> problems;
  add_staffing_problems(problems, r, logs.interval_min);
  for (const std::string& what : r.replay) {
    detail::check_member(problems, "--replay", what, {"none", "arrivals", "staffing"});
  }
  if (!(r.scored_min_entrants >= 0.0)) {
    std::ostringstream line;
    line << "--scored-min-entrants: expected a number >= 0, got " << r.scored_min_entrants;
    problems.push_back(line.str());
  }
  add_retrial_window_problems(problems, r.retrial_window_min);
  detail::check_member(problems, "--retrial-lost-ids", r.retrial_lost_ids, {"weight", "ignore"});
  if (r.periods < 1) {
    problems.push_back("--replications: expected an integer >= 1, got " +
                       std::to_string(r.periods));
  }
  return problems;
}

BacktestOptions backtest_options(const BacktestRequest& r, const LogRequest& logs,
                                 double confidence) {
  constexpr double kSecondsPerMinute = 60.0;
  BacktestOptions options;
  options.interval_s = logs.interval_min * kSecondsPerMinute;
  options.periods = r.periods;
  options.threads = r.threads;
  options.confidence = confidence;
  options.staffing = staffing_options(r, logs.interval_min);
  for (const std::string& what : r.replay) {
    options.replay.arrivals = options.replay.arrivals || what == "arrivals";
    options.replay.staffing = options.replay.staffing || what == "staffing";
  }
  options.scored_min_entrants_per_day = r.scored_min_entrants;
  options.retrial_window_s = r.retrial_window_min * kSecondsPerMinute;
  options.retrial_weight_lost_ids = r.retrial_lost_ids == "weight";
  return options;
}

}  // namespace ccsim
