// What a sensitivity analysis is asked (`ccsim sensitivity`, ccsim.sensitivity() in Python),
// checked in one place, and the analysis run from it: the tornado, the joint draws, or both.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ccsim/experiment/sensitivity.hpp"
#include "ccsim/scenario/json_checker.hpp"

namespace ccsim {

struct SensitivityRequest {
  std::vector<JsonDocument> documents;  // each strategy's scenario, as read (a --set applied)
  std::vector<std::string> sources;     // their labels in messages: file paths, or "<dict>"
  std::string assumptions_text;
  std::string assumptions_label;
  std::string metric;
  std::optional<bool> lower_is_better;  // --best; else what the metric says
  bool joint = true;                    // the joint analysis runs: it must know which is better
  std::vector<ScenarioOverride> overrides;
};

// The metrics a run reports with per-replication parts: what a criterion may name.
std::vector<std::string> sensitivity_metrics();

// Checks the whole request — the metric, which side is better, the assumptions file against
// every scenario, every scenario at each end of each assumption — and gives the analysis'
// inputs. Throws ScenarioError with one line per problem (the command line's messages).
SensitivityInputs sensitivity_inputs(SensitivityRequest request);

// How many simulation runs the analysis makes: (1 + 2 × assumptions) per scenario for the
// tornado, one per scenario and draw for the joint analysis.
std::size_t sensitivity_runs(const SensitivityInputs& inputs, bool tornado, bool joint,
                             std::size_t draws);

struct SensitivityRun {
  std::optional<TornadoResult> tornado;
  std::optional<JointResult> joint;
  std::uint64_t draw_seed = 0;  // the joint draws' seed (the first scenario's by default)
};

// Runs the tornado and/or the joint analysis; options.on_run counts the runs over both. A joint
// draw whose values together leave the valid ones throws ScenarioError before any draw runs.
SensitivityRun run_sensitivity(const SensitivityInputs& inputs, bool tornado, bool joint,
                               std::size_t draws, std::optional<std::uint64_t> draw_seed,
                               const SensitivityOptions& options);

}  // namespace ccsim
