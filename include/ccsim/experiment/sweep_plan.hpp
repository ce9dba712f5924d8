// A sweep as the library runs it (`ccsim sweep`, ccsim.sweep() in Python): the request checked
// from end to end before any replication runs — the base scenario, the --set axes, every point's
// scenario, the precision targets and the output's header — then its points run in order, each
// giving its row, and an interrupted output continued where it stopped, whole points only.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "ccsim/experiment/precision.hpp"
#include "ccsim/experiment/sweep.hpp"
#include "ccsim/io/output.hpp"
#include "ccsim/io/sweep_output.hpp"

namespace ccsim {

struct SweepRequest {
  std::string scenario_label;                // the file's path, or "<dict>" in messages
  std::optional<std::string> scenario_text;  // nullopt: read from the file scenario_label
  std::vector<std::string> sets;             // "POINTER=VALUES", as --set takes them
  SweepFormat format = SweepFormat::csv;
  CsvStyle csv_style;  // the CSV forms' separator and decimal mark (checked: csv_style_problem)
  bool by_segment = false;
  bool baseline = false;
  bool independent = false;
  std::vector<std::string> precision;  // "METRIC=HALFWIDTH"
  std::optional<int> max_replications;
  std::vector<ScenarioOverride> overrides;  // --replications, --seed, --confidence
};

class SweepPlan {
 public:
  // Checks everything and throws ScenarioError with one line per problem (a problem met at many
  // points is said once, "(and at N other points)"). Every point is validated here, so a bad
  // point stops the sweep before it starts. `warnings` gets what is worth saying about a sweep
  // that can run (unstable points), one line each.
  static SweepPlan make(const SweepRequest& request, std::vector<std::string>& warnings);

  const SweepGrid& grid() const { return grid_; }
  const SweepSettings& settings() const { return settings_; }
  const std::string& label() const { return label_; }
  const std::string& header_text() const { return header_text_; }
  const JsonDocument& header() const { return header_; }
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
  SweepPlan(std::string label, JsonDocument base, SweepGrid grid, SweepSettings settings,
            std::vector<ScenarioOverride> overrides)
      : label_(std::move(label)),
        base_(std::move(base)),
        grid_(std::move(grid)),
        settings_(std::move(settings)),
        overrides_(std::move(overrides)) {}

  std::string label_;
  JsonDocument base_;
  SweepGrid grid_;
  SweepSettings settings_;
  std::vector<ScenarioOverride> overrides_;
  JsonDocument header_;
  std::string header_text_;
  std::size_t row_lines_ = 1;
  std::string meta_text_;
  std::string hash_;
};

// Where a sweep's output starts: what an earlier run of the same sweep left in it.
struct SweepStart {
  std::size_t done = 0;   // points already written
  std::size_t unmet = 0;  // … of which missed their precision targets
  bool complete = false;  // the finished output holds every point: nothing to run
};

// Makes `file` (opened, locked; `meta`, the CSV's side file, or null) ready to take the rows of
// the points not written yet. With `resume`, keeps the whole points an interrupted run of the
// same sweep left — FILE.partial, or else a finished FILE being extended — and drops a torn
// one; without it starts over. Notes for the user go to `notes`. Throws SweepError whose text is
// the whole message ("FILE.partial: expected …, got …; remove it or run without --resume").
SweepStart start_sweep_output(const SweepPlan& plan, OutputFile& file, OutputFile* meta,
                              bool resume, std::vector<std::string>& notes);

// The points a run computes, in order, when `done` were written before: those not written yet,
// after point 0 again when the baseline needs its replications.
std::vector<std::size_t> sweep_work_list(const SweepPlan& plan, std::size_t done);

}  // namespace ccsim
