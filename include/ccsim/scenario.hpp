// A validated scenario: the only input of the engine.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "ccsim/distribution.hpp"
#include "ccsim/schedule.hpp"

namespace ccsim {

struct Scenario {
  std::string name;
  std::uint64_t seed = 1;
  int replications = 8;
  double horizon_s = 0.0;  // arrivals stop here; the system then drains
  double warmup_s = 0.0;   // customers who arrive before this are simulated but not counted
  double service_level_threshold_s = 20.0;
  double confidence = 0.95;

  Schedule arrivals_per_hour;                  // Poisson rate, per hour, by interval
  std::optional<DistributionSpec> patience_s;  // absent: customers never abandon
  DistributionSpec human_handle_s;
  Schedule humans;  // agents on duty, by interval
};

// Every problem found in a scenario file, one line each: "FILE: /json/pointer: expected …, got …".
class ScenarioError : public std::runtime_error {
 public:
  explicit ScenarioError(std::vector<std::string> problems);
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::vector<std::string> problems_;
};

// Reads and validates a scenario file. The whole file is checked before anything runs: on any
// problem, throws ScenarioError listing all of them. `file_label` names the file in messages.
Scenario load_scenario_file(const std::string& path);
// The same from text already in memory (tests, the fuzzer); `file_label` is used in messages.
Scenario parse_scenario(const std::string& text, const std::string& file_label);

}  // namespace ccsim
