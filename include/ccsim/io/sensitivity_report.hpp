// Writers of a sensitivity analysis: a readable table, JSON, and a tidy CSV (one row per
// analysis × quantity × assumption × measure).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <nlohmann/json_fwd.hpp>

#include "ccsim/experiment/sensitivity.hpp"

namespace ccsim {

struct SensitivityReport {
  const SensitivityInputs* inputs = nullptr;
  const TornadoResult* tornado = nullptr;  // null: not run
  const JointResult* joint = nullptr;      // null: not run
  std::uint64_t draw_seed = 0;
  double wall_s = 0.0;
};

nlohmann::json to_json(const SensitivityReport& report);
void write_table(std::ostream& out, const SensitivityReport& report);
// Columns: analysis, quantity, assumption, measure, mean, ci_low, ci_high, n (empty cells where
// there is nothing); `separator` ',' or ';'.
void write_csv(std::ostream& out, const SensitivityReport& report, char separator = ',');

}  // namespace ccsim
