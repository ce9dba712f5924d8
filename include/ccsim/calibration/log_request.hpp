// The call logs `fit` and `backtest` read and the data choices applied to them, spelt as their
// flags are (docs/fit.md): one definition for the command line and the Python module, so both
// see a log the same way.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "ccsim/calibration/log_selection.hpp"

namespace ccsim {

struct LogRequest {
  std::vector<std::string> paths;
  std::string format = "auto";  // auto, anonymous-bank, csv
  int interval_min = 30;        // divides a day
  std::string days = "weekdays";
  double min_day_fraction = 0.5;
  std::vector<std::string> exclude_dates;  // YYYY-MM-DD
  std::string by = "none";                 // none, type, segment
  std::string arrival = "queue-entry";     // or menu-entry
  std::string phantom = "drop";            // or abandoned
  std::string anomalous_service = "keep";  // or drop
  std::string priority = "ignore";         // or classes
  std::vector<std::string> segment_map;    // FROM=TO
  bool strict = false;
};

// Every value of `request` outside what its flag accepts, one line each, as
// "--days: expected weekdays or all, got \"some\"" (the command line's parser checks the same).
std::vector<std::string> log_request_problems(const LogRequest& request);

struct LoadedLog {
  SelectedLog selected;
  LogChoices choices;
  std::string choices_text;  // the choices as flags, for the fitted scenario's description
};

// Reads every log and applies the choices. Malformed lines are passed to `warn`, each as
// "FILE:LINE: expected …, got …" (the first few of each file), then a summary line per file.
// Throws CallLogError (unreadable file, bad header, a malformed line under `strict`) or
// SelectionError (nothing left to use).
LoadedLog load_logs(const LogRequest& request, const std::function<void(const std::string&)>& warn);

}  // namespace ccsim
