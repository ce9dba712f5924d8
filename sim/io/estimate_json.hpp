// How every JSON output writes an estimate: a figure with no data behind it is null (with its
// count n = 0), never 0 or NaN. One definition so results, backtests and staffing agree.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "ccsim/stats/statistics.hpp"

namespace ccsim::detail {

inline nlohmann::json optional_number(const std::optional<double>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

// With no interval, "reason" says why ("no data", "too little data": docs/metrics.md).
inline nlohmann::json estimate_json(const Estimate& e) {
  nlohmann::json out = {{"mean", optional_number(e.mean)},
                        {"sd", optional_number(e.sd)},
                        {"n", e.n},
                        {"ci_low", optional_number(e.ci_low)},
                        {"ci_high", optional_number(e.ci_high)}};
  if (const std::string reason = e.missing_interval_reason(); !reason.empty()) {
    out["reason"] = reason;
  }
  return out;
}

}  // namespace ccsim::detail
