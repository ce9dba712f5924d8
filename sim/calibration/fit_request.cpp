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
  if (r.step_min == FitRequest{}.step_min && logs.interval_min % r.step_min != 0) {
    // The step's default does not divide the interval asked for: the interval is what to look
    // at, and the step what to give.
    problems.push_back(
        "--interval-min: expected a multiple of the staffing step "
        "(--staffing-step-min, " +
        std::to_string(r.step_min) + " unless given), got " + std::to_string(logs.interval_min) +
        "; give --staffing-step-min with a divisor of " + std::to_string(logs.interval_min));
  } else if (r.step_min < 1 || logs.interval_min % r.step_min != 0) {
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
  try {
    (void)parse_scenario(text, file_label);
  } catch (const ScenarioError& e) {
    // Said in the terms of the data and of the flags that avoid it.
    std::vector<std::string> lines;
    const std::string prefix = file_label + ": ";
    for (const std::string& line : e.problems()) {
      const std::string rest =
          line.compare(0, prefix.size(), prefix) == 0 ? line.substr(prefix.size()) : line;
      std::string why;
      if (rest.rfind("/replications:", 0) == 0) {
        why = "the logs hold " + std::to_string(fit.days.size()) +
              " days, one replication each; fit fewer days (fewer files, --days weekdays, "
              "--exclude-date)";
      } else if (rest.rfind("/population/segments", 0) == 0) {
        why = "the logs hold " + std::to_string(fit.segments.size()) +
              " segments; group them with --map-segment FROM=TO, or fit with --by none";
      } else if (rest.find("/agents") != std::string::npos) {
        why =
            "the staffing inferred from the agents' busy periods exceeds what a scenario holds; "
            "check the log's service times, or try --staffing present or distinct";
      }
      lines.push_back(file_label + ": expected a fitted scenario that loads, got " + rest +
                      (why.empty() ? "" : " (" + why + ")") + "; nothing written");
    }
    throw ScenarioError(std::move(lines));
  }
  return text;
}

}  // namespace ccsim
