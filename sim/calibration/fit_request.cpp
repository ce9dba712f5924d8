#include "ccsim/calibration/fit_request.hpp"

#include <nlohmann/json.hpp>
#include <sstream>

#include "calibration/request_checks.hpp"

#include "ccsim/scenario/scenario.hpp"

namespace ccsim {

using detail::check_member;

namespace {

constexpr double kSecondsPerMinute = 60.0;
// A week: a caller back after longer is a new need, and the fit links each call to the next.
constexpr double kMaxRetrialWindowMin = 10080.0;

void check_minutes(std::vector<std::string>& problems, const char* flag, double minutes) {
  if (minutes >= 0.0) return;
  std::ostringstream line;
  line << flag << ": expected a number of minutes >= 0, got " << minutes;
  problems.push_back(line.str());
}

}  // namespace

void add_staffing_problems(std::vector<std::string>& problems, const StaffingRequest& r,
                           int interval_min) {
  check_member(problems, "--staffing", r.staffing, {"ready", "present", "distinct"});
  check_minutes(problems, "--staffing-gap-min", r.spell_gap_min);
  check_minutes(problems, "--staffing-edge-min", r.edge_min);
  check_minutes(problems, "--shift-grid-min", r.shift_grid_min);
  if (r.step_min == StaffingRequest{}.step_min && interval_min % r.step_min != 0) {
    // The step's default does not divide the interval asked for: the interval is what to look
    // at, and the step what to give.
    problems.push_back(
        "--interval-min: expected a multiple of the staffing step "
        "(--staffing-step-min, " +
        std::to_string(r.step_min) + " unless given), got " + std::to_string(interval_min) +
        "; give --staffing-step-min with a divisor of " + std::to_string(interval_min));
  } else if (r.step_min < 1 || interval_min % r.step_min != 0) {
    problems.push_back("--staffing-step-min: expected a divisor of --interval-min (" +
                       std::to_string(interval_min) + "), got " + std::to_string(r.step_min));
  }
}

StaffingOptions staffing_options(const StaffingRequest& r, int interval_min) {
  StaffingOptions options;
  options.estimator = r.staffing == "present"    ? StaffingEstimator::present
                      : r.staffing == "distinct" ? StaffingEstimator::distinct
                                                 : StaffingEstimator::ready;
  options.interval_s = interval_min * kSecondsPerMinute;
  options.spell_gap_s = r.spell_gap_min * kSecondsPerMinute;
  options.edge_s = r.edge_min * kSecondsPerMinute;
  options.shift_grid_s = r.shift_grid_min * kSecondsPerMinute;
  options.step_s = r.step_min * kSecondsPerMinute;
  return options;
}

void add_retrial_window_problems(std::vector<std::string>& problems, double minutes) {
  if (minutes > 0.0 && minutes <= kMaxRetrialWindowMin) return;
  std::ostringstream line;
  line << "--retrial-window-min: expected minutes in (0, 10080] (at most a week), got " << minutes;
  problems.push_back(line.str());
}

std::vector<std::string> fit_request_problems(const FitRequest& r, const LogRequest& logs) {
  std::vector<std::string> problems;
  check_member(problems, "--patience", r.patience, {"km", "exponential"});
  check_member(problems, "--handle", r.handle, {"lognormal", "empirical"});
  add_staffing_problems(problems, r, logs.interval_min);
  for (const std::string& what : r.by_hour) {
    check_member(problems, "--by-hour", what, {"none", "handle", "patience"});
  }
  if (r.by_hour_band_min < 1 || 1440 % r.by_hour_band_min != 0) {
    problems.push_back(
        "--by-hour-band-min: expected a whole number of minutes dividing 1440 (one day), got " +
        std::to_string(r.by_hour_band_min));
  }
  check_member(problems, "--busyness", r.busyness, {"on", "off"});
  check_member(problems, "--retrials", r.retrials, {"on", "off"});
  check_member(problems, "--retrial-delay", r.retrial_delay, {"empirical", "exponential"});
  check_member(problems, "--retrial-lost-ids", r.retrial_lost_ids, {"weight", "ignore"});
  add_retrial_window_problems(problems, r.retrial_window_min);
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
  options.staffing = staffing_options(r, logs.interval_min);
  options.busyness = r.busyness == "on";
  options.handle_by_hour = false;
  options.patience_by_hour = false;
  for (const std::string& what : r.by_hour) {
    options.handle_by_hour = options.handle_by_hour || what == "handle";
    options.patience_by_hour = options.patience_by_hour || what == "patience";
  }
  options.band_s = r.by_hour_band_min * kSecondsPerMinute;
  options.service_level_threshold_s = r.threshold_s;
  if (r.retrials == "on") {
    RetrialOptions retrials;
    retrials.window_s = r.retrial_window_min * kSecondsPerMinute;
    retrials.delay = r.retrial_delay == "exponential" ? RetrialDelayModel::exponential
                                                      : RetrialDelayModel::empirical;
    retrials.weight_lost_ids = r.retrial_lost_ids == "weight";
    options.retrials = retrials;
  }
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
