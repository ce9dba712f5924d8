// --set on the commands that load one scenario file (compare, staff, sensitivity): the file
// changed at JSON pointers as a sweep changes it, one scenario per point of the --set grid.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "ccsim/experiment/sweep.hpp"
#include "commands.hpp"

namespace ccsim::cli {

// Registers --set POINTER=VALUES (repeatable), checked as sweep's (docs/sweep.md).
CLI::Option* add_set_flag(CLI::App* cmd, std::vector<std::string>& sets, const std::string& help);

// One point of the file's --set grid.
struct ScenarioVariant {
  Scenario scenario;
  JsonDocument document;  // the file's JSON with the point's changes, before the flags' values
  std::string source;     // the path, and the point's values when --set gives several points
  std::string text;       // the file as read, when no --set changes it (else empty)
};

// The file at every point of the grid the --set texts make (the file alone without them), each
// checked by the scenario loader with the flags' values. On problems prints them (when
// `report`), one line each (none already in `said`, which it extends: a flag's problem is the
// same for every file), and returns nullopt. `max_points` (0: any) bounds the grid.
std::optional<std::vector<ScenarioVariant>> load_variants_or_report(
    const std::string& path, const std::vector<std::string>& sets,
    const std::vector<ScenarioOverride>& overrides, bool report = true, std::size_t max_points = 0,
    std::set<std::string>* said = nullptr);

}  // namespace ccsim::cli
