// Writers of a sensitivity analysis: a readable table and JSON (its tidy CSV, one row per
// analysis × quantity × assumption × measure, is tidy_table in ccsim/io/tidy_csv.hpp).
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
// The tidy CSV of `ccsim sensitivity --csv`: tidy_table(const SensitivityReport&), in
// include/ccsim/io/tidy_csv.hpp.

}  // namespace ccsim
