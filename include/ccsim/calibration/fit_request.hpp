// The model choices of `fit`, spelt as its flags are (docs/fit.md), and the fitted scenario's
// file: one definition for the command line and the Python module.
#pragma once

#include <string>
#include <vector>

#include "ccsim/calibration/fit.hpp"
#include "ccsim/calibration/log_request.hpp"

namespace ccsim {

// How staffing is inferred from a log: `fit` for its scenario, `backtest` for replayed days.
struct StaffingRequest {
  std::string staffing = "ready";  // or present, distinct
  double spell_gap_min = 15.0;     // --staffing-gap-min
  double edge_min = 15.0;          // --staffing-edge-min
  double shift_grid_min = 30.0;    // --shift-grid-min
  int step_min = 5;                // --staffing-step-min, divides the log's interval
};

// Its problems, appended to `problems`, and its options for a log of `interval_min` intervals.
void add_staffing_problems(std::vector<std::string>& problems, const StaffingRequest& request,
                           int interval_min);
StaffingOptions staffing_options(const StaffingRequest& request, int interval_min);

struct FitRequest : StaffingRequest {
  std::string patience = "km";       // or exponential
  std::string handle = "empirical";  // or lognormal
  std::string busyness = "on";       // or off
  double threshold_s = 20.0;         // --service-level-threshold-s
  std::string name;                  // empty: the caller's default
  // --by-hour: time-of-day factors of handle, patience (none: neither), per band of the day.
  std::vector<std::string> by_hour = {"handle", "patience"};
  int by_hour_band_min = 60;                // --by-hour-band-min, divides a day
  std::string retrials = "off";             // --retrials on: linked by caller id
  double retrial_window_min = 180.0;        // --retrial-window-min
  std::string retrial_delay = "empirical";  // --retrial-delay, or exponential
  std::string retrial_lost_ids = "ignore";  // --retrial-lost-ids, or weight
};

// --retrial-window-min of `fit` and `backtest`: minutes in (0, a week].
void add_retrial_window_problems(std::vector<std::string>& problems, double minutes);

// Every value outside what its flag accepts, one line each ("--handle: expected …, got …").
std::vector<std::string> fit_request_problems(const FitRequest& request, const LogRequest& logs);

// The options fit_scenario takes; `default_name` names the scenario when the request does not.
FitOptions fit_options(const FitRequest& request, const LogRequest& logs, const LoadedLog& loaded,
                       const std::string& default_name);

// The scenario file of a fit, checked to load as it is: throws ScenarioError naming
// `file_label` if it does not, each line saying what in the data led there and the flag that
// avoids it.
std::string fitted_scenario_text(const FittedScenario& fit, const std::string& file_label);

}  // namespace ccsim
