// The flags `fit` and `backtest` share: which logs, in which format, and every data choice, each
// with the default documented in docs/fit.md. Both commands must see the log the same way.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "ccsim/calibration/fit_request.hpp"
#include "ccsim/calibration/log_request.hpp"

namespace ccsim::cli {

// The flags are the library's request, field for field.
using LogFlags = LogRequest;

// A whole number of minutes that divides one day.
CLI::Validator day_divisor();

// Registers the staffing inference's flags: `fit`'s, and `backtest`'s for replayed days.
void add_staffing_flags(CLI::App* cmd, StaffingRequest& request);

// Registers --retrial-window-min and --retrial-lost-ids: `fit`'s links, and `backtest`'s logged
// retrials left out of replayed arrivals, are the same.
void add_retrial_link_flags(CLI::App* cmd, double& window_min, std::string& lost_ids);

// Registers the log flags on `cmd` (the LOG positional is the caller's: its place differs).
void add_log_flags(CLI::App* cmd, LogFlags& flags);

// load_logs, its warnings on stderr; a fatal problem (unreadable file, bad header, --strict,
// nothing left to use) is reported there too and returns nullopt.
std::optional<LoadedLog> load_logs_or_report(const LogFlags& flags);

}  // namespace ccsim::cli
