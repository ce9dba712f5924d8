// A sweep checked from end to end before any replication runs: the base file, the --set axes,
// every point's scenario, the precision targets and the output's header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ccsim/experiment/sweep.hpp"
#include "ccsim/io/sweep_output.hpp"
#include "commands.hpp"

namespace ccsim::cli {

struct SweepArgs : PrecisionFlags, ScenarioFlags {
  std::string scenario_path;
  std::vector<std::string> sets;
  std::string out;
  std::string format;  // empty: from the output's extension
  std::string by;
  bool baseline = false;
  bool independent = false;
  bool resume = false;
  std::optional<int> threads;
};

class SweepPlan {
 public:
  // Checks everything; on problems prints them (when `report`), one line each, and returns
  // nullopt. Every point is validated here, so a bad point stops the sweep before it starts.
  static std::optional<SweepPlan> make(const SweepArgs& args, bool report);

  const SweepGrid& grid() const { return grid_; }
  const SweepSettings& settings() const { return settings_; }
  const std::string& header_text() const { return header_text_; }
  // The lines one point's row takes in the output (tidy: one per segment × metric × statistic).
  std::size_t row_lines() const { return row_lines_; }
  // CSV: the side file's contents (FILE.meta.json), the header the CSV keeps out of its rows.
  const std::string& meta_text() const { return meta_text_; }
  const std::string& hash() const { return hash_; }
  std::size_t points() const { return grid_.size(); }

  // The scenario of `point` as it runs: the flags' values applied (checked as the file's own)
  // and its seed chosen (the same for every point, or mixed with the point under --independent).
  Scenario point_scenario(std::size_t point) const;

 private:
  SweepPlan(std::string path, JsonDocument base, SweepGrid grid, SweepSettings settings,
            std::vector<ScenarioOverride> overrides)
      : path_(std::move(path)),
        base_(std::move(base)),
        grid_(std::move(grid)),
        settings_(std::move(settings)),
        overrides_(std::move(overrides)) {}

  std::string path_;
  JsonDocument base_;
  SweepGrid grid_;
  SweepSettings settings_;
  std::vector<ScenarioOverride> overrides_;  // --replications, --seed, --confidence
  std::string header_text_;
  std::size_t row_lines_ = 1;
  std::string meta_text_;
  std::string hash_;
};

}  // namespace ccsim::cli
