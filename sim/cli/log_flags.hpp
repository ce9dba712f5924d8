// The flags `fit` and `backtest` share: which logs, in which format, and every data choice, each
// with the default documented in docs/fit.md. Both commands must see the log the same way.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "ccsim/calibration/log_selection.hpp"
#include "ccsim/calibration/staffing_inference.hpp"

namespace ccsim::cli {

struct LogFlags {
  std::vector<std::string> paths;
  std::string format = "auto";
  int interval_min = 30;
  std::string days = "weekdays";
  double min_day_fraction = 0.5;
  std::vector<std::string> exclude_dates;
  std::string by = "none";
  std::string arrival = "queue-entry";
  std::string phantom = "drop";
  std::string anomalous_service = "keep";
  std::string priority = "ignore";
  std::vector<std::string> segment_map;  // FROM=TO
  bool strict = false;
};

// A whole number of minutes that divides one day.
CLI::Validator day_divisor();

// Registers the log flags on `cmd` (the LOG positional is the caller's: its place differs).
void add_log_flags(CLI::App* cmd, LogFlags& flags);

struct LoadedLog {
  SelectedLog selected;
  LogChoices choices;
  std::string choices_text;  // the choices as flags, for the fitted scenario's description
};

// How staffing is inferred from a log: `fit` for its scenario, `backtest` for replayed days.
struct StaffingFlags {
  std::string estimator = "ready";
  double spell_gap_min = 15.0;
  double edge_min = 15.0;
  double shift_grid_min = 30.0;
  int step_min = 5;
};
void add_staffing_flags(CLI::App* cmd, StaffingFlags& flags);
// The options, or nullopt after reporting a step that does not divide the interval.
std::optional<StaffingOptions> staffing_options_or_report(const StaffingFlags& flags,
                                                          int interval_min);

// Reads every log and applies the choices. Malformed lines are reported on stderr, each as
// "FILE:LINE: expected …, got …" (the first few of each file) followed by a summary line; a
// fatal problem (unreadable file, bad header, --strict, nothing left to use) returns nullopt.
std::optional<LoadedLog> load_logs_or_report(const LogFlags& flags);

}  // namespace ccsim::cli
