// The choices of `backtest` beyond the logs', spelt as its flags are (docs/fit.md): one
// definition for the command line and the Python module.
#pragma once

#include <string>
#include <vector>

#include "ccsim/calibration/backtest.hpp"
#include "ccsim/calibration/fit_request.hpp"
#include "ccsim/calibration/log_request.hpp"

namespace ccsim {

// Its staffing part says how replayed days' staffing is inferred, as `fit` infers it.
struct BacktestRequest : StaffingRequest {
  std::vector<std::string> train;           // --train: the logs the scenario was fitted on
  double scored_min_entrants = 10.0;        // --scored-min-entrants
  int periods = 10;                         // --replications
  int threads = 0;                          // 0: every core
  std::vector<std::string> replay;          // --replay: arrivals, staffing, or none
  double retrial_window_min = 180.0;        // --retrial-window-min
  std::string retrial_lost_ids = "ignore";  // --retrial-lost-ids, or weight
};

// Every value outside what its flag accepts, one line each.
std::vector<std::string> backtest_request_problems(const BacktestRequest& request,
                                                   const LogRequest& logs);

// The options run_backtest takes (without training log, which the caller loads).
BacktestOptions backtest_options(const BacktestRequest& request, const LogRequest& logs,
                                 double confidence);

}  // namespace ccsim
