// A scenario estimated from a call log: arrivals by interval of the day with their day-to-day
// busyness, handle time and patience per segment, and staffing inferred from busy periods.
// Estimators and defaults: docs/fit.md.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "ccsim/calibration/log_selection.hpp"
#include "ccsim/calibration/retrials.hpp"
#include "ccsim/calibration/staffing_inference.hpp"
#include "ccsim/scenario/distribution.hpp"

namespace ccsim {

enum class PatienceModel : std::uint8_t { kaplan_meier, exponential };
enum class HandleModel : std::uint8_t { lognormal, empirical };

struct FitOptions {
  double interval_s = 1800.0;
  PatienceModel patience = PatienceModel::kaplan_meier;
  HandleModel handle = HandleModel::empirical;
  StaffingOptions staffing;  // its interval_s is set to interval_s
  bool busyness = true;
  // Time-of-day factors of each segment's handle time and patience, per band of the day
  // (band_s divides a day), shrunk towards 1 where a band's data is thin (estimators.hpp).
  bool handle_by_hour = true;
  bool patience_by_hour = true;
  double band_s = 3600.0;
  double service_level_threshold_s = 20.0;
  // Retrials linked through caller ids (retrials.hpp): the scenario's retrial model, and
  // arrival rates of first attempts. nullopt: retrials off, the logged arrivals carry them.
  std::optional<RetrialOptions> retrials;
  std::string name = "fitted";
  std::vector<std::string> sources;  // the log files, for the scenario's "sources"
  std::vector<std::string> notes;    // the data choices in words, for its "description"
};

// A segment smaller than these takes the pooled estimate of all segments, said in its
// description: a few dozen values say little about a distribution.
inline constexpr std::uint64_t kMinHandleSamples = 30;
inline constexpr std::uint64_t kMinAbandonments = 20;

struct FittedSegment {
  std::string name;
  int priority = 0;
  double share = 0.0;
  std::uint64_t entrants = 0;
  std::uint64_t answered = 0;
  std::uint64_t abandoned = 0;
  std::uint64_t handle_samples = 0;
  DistributionSpec handle_s;
  std::optional<DistributionSpec> patience_s;         // absent: no abandonment seen
  std::optional<double> exponential_patience_mean_s;  // the MLE, reported whatever the model
  bool pooled_handle = false;
  bool pooled_patience = false;
  // Per band of the day: multipliers of the handle time and the patience (empty: none).
  std::vector<double> handle_factor;
  std::vector<double> patience_factor;
};

struct FittedScenario {
  std::string name;
  std::vector<std::string> description;
  std::vector<std::string> sources;
  std::vector<std::int32_t> days;  // days since 1970-01-01
  double interval_s = 1800.0;
  double band_s = 3600.0;                 // of the segments' time-of-day factors
  std::vector<double> arrivals_per_hour;  // per interval of the day
  double busyness_cv = 0.0;
  double daily_mean = 0.0;  // queue entrants per selected day
  double daily_sd = 0.0;
  StaffingProfile staffing;
  std::vector<FittedSegment> segments;
  double service_level_threshold_s = 20.0;
  // With retrials: what was linked; arrivals_per_hour, daily_mean and busyness_cv then count
  // first attempts, and retrial_arrivals_per_hour the arrivals removed as retrials.
  std::optional<RetrialFit> retrials;
  std::vector<double> retrial_arrivals_per_hour;
};

// Throws SelectionError when the log holds nothing to fit (no answered contact with a usable
// service time), or when a fitted duration is beyond what a scenario holds (1e9 s: a lognormal
// fitted to handle times spread over many orders of magnitude), saying which flag avoids it.
FittedScenario fit_scenario(const SelectedLog& log, const FitOptions& options);

// The scenario file: full form, one agent group, one reason per segment, repeats off, and
// retrials off (logged arrivals already include redials) unless fitted. It loads with
// load_scenario_file as is.
nlohmann::json to_scenario_json(const FittedScenario& fit);

// A readable summary of what was estimated.
void write_fit_summary(std::ostream& out, const FittedScenario& fit, const SelectedLog& log);

}  // namespace ccsim
