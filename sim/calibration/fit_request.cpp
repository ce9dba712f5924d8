#include "ccsim/calibration/fit_request.hpp"

#include <nlohmann/json.hpp>
#include <sstream>

#include "calibration/request_checks.hpp"

#include "ccsim/scenario/scenario.hpp"

namespace ccsim {

using detail::check_member;

namespace {

constexpr double kSecondsPerMinute = 60.0;

void check_minutes(std::vector<std::string>& problems, const char* flag, double minutes) {
  if (minutes >= 0.0) return;
  std::ostringstream line;
  line << flag << ": expected a number of minutes >= 0, got " << minutes;
  problems.push_back(line.str());
}

}  // namespace

std::vector<std::string> fit_request_problems(const FitRequest& r, const LogRequest& logs) {
  std::vector<std::string> problems;
  check_member(problems, "--patience", r.patience, {"km", "exponential"});
  check_member(problems, "--handle", r.handle, {"lognormal", "empirical"});
  check_member(problems, "--staffing", r.staffing, {"ready", "present", "distinct"});
  check_minutes(problems, "--staffing-gap-min", r.spell_gap_min);
  check_minutes(problems, "--staffing-edge-min", r.edge_min);
  check_minutes(problems, "--shift-grid-min", r.shift_grid_min);
  if (r.step_min < 1 || logs.interval_min % r.step_min != 0) {
    problems.push_back("--staffing-step-min: expected a divisor of --interval-min (" +
                       std::to_string(logs.interval_min) + "), got " + std::to_string(r.step_min));
  }
  check_member(problems, "--busyness", r.busyness, {"on", "off"});
  if (!(r.threshold_s >= 0.0)) {
    std::ostringstream line;
    line << "--service-level-threshold-s: expected a number of seconds >= 0, got " << r.threshold_s;
    problems.push_back(line.str());
  }
  return problems;
}

FitOptions fit_options(const FitRequest& r, const LogRequest& logs, const LoadedLog& loaded,
                       const std::string& default_name) {
  FitOptions options;
  options.interval_s = logs.interval_min * kSecondsPerMinute;
  options.patience =
      r.patience == "exponential" ? PatienceModel::exponential : PatienceModel::kaplan_meier;
  options.handle = r.handle == "empirical" ? HandleModel::empirical : HandleModel::lognormal;
  options.staffing.estimator = r.staffing == "present"    ? StaffingEstimator::present
                               : r.staffing == "distinct" ? StaffingEstimator::distinct
                                                          : StaffingEstimator::ready;
  options.staffing.spell_gap_s = r.spell_gap_min * kSecondsPerMinute;
  options.staffing.edge_s = r.edge_min * kSecondsPerMinute;
  options.staffing.shift_grid_s = r.shift_grid_min * kSecondsPerMinute;
  options.staffing.step_s = r.step_min * kSecondsPerMinute;
  options.busyness = r.busyness == "on";
  options.service_level_threshold_s = r.threshold_s;
  options.name = !r.name.empty() ? r.name : default_name;
  options.sources = logs.paths;
  options.notes.push_back(loaded.choices_text);
  return options;
}

std::string fitted_scenario_text(const FittedScenario& fit, const std::string& file_label) {
  const std::string text = to_scenario_json(fit).dump(2) + "\n";
  (void)parse_scenario(text, file_label);
  return text;
}

}  // namespace ccsim
