// Scenarios built in code for the tests, so the engine is tested apart from the loader.
#pragma once

#include <sys/wait.h>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "ccsim/scenario/scenario.hpp"
#include "ccsim/stats/results.hpp"

namespace ccsim::test {

// The exact value lies in the simulated interval of `metric`, and (when given) that interval is no
// wider than `max_half_width` either side: narrow enough to mean something.
inline void check_covers(const Results& results, const std::string& metric, double exact_value,
                         std::optional<double> max_half_width = std::nullopt) {
  const Estimate& e = results.metric(metric);
  INFO(metric << ": exact " << exact_value << ", simulated " << *e.mean << " in [" << *e.ci_low
              << ", " << *e.ci_high << "]");
  REQUIRE(e.ci_low.has_value());
  CHECK(*e.ci_low <= exact_value);
  CHECK(exact_value <= *e.ci_high);
  if (max_half_width) CHECK(*e.half_width() <= *max_half_width);
}

struct MmnSpec {
  double lambda_per_hour = 2880.0;
  double handle_s = 60.0;
  std::optional<double> patience_s = 120.0;  // nullopt: no abandonment; 0: deterministic zero
  long agents = 50;
  double horizon_s = 36000.0;
  double warmup_s = 3600.0;
  int replications = 8;
  std::uint64_t seed = 1;
};

inline Scenario mmn_scenario(const MmnSpec& spec) {
  Scenario s;
  s.name = "test";
  s.seed = spec.seed;
  s.replications = spec.replications;
  s.horizon_s = spec.horizon_s;
  s.warmup_s = spec.warmup_s;
  s.arrivals_per_hour = Schedule::constant(spec.lambda_per_hour);
  s.human_handle_s = DistributionSpec::of(DistKind::exponential, spec.handle_s);
  if (spec.patience_s) {
    s.patience_s = *spec.patience_s == 0.0
                       ? DistributionSpec::of(DistKind::deterministic, 0.0)
                       : DistributionSpec::of(DistKind::exponential, *spec.patience_s);
  }
  s.humans = Schedule::constant(static_cast<double>(spec.agents));
  return s;
}

// Runs the ccsim binary with `args`; its stdout is returned, stderr goes to `err_file`.
struct CommandOutcome {
  int status;
  std::string out;
};
inline CommandOutcome run_ccsim(const std::string& args,
                                const std::string& err_file = "/dev/null") {
  const std::string command = std::string(CCSIM_BINARY) + " " + args + " 2>" + err_file;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return {-1, {}};
  std::string out;
  char buffer[4096];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  const int raw = pclose(pipe);
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, out};
}

inline std::string source_path(const std::string& relative) {
  return std::string(CCSIM_SOURCE_DIR) + "/" + relative;
}

// The cells of a CSV line that holds no quotes (ccsim's CSV of test scenarios), split at
// `separator`.
inline std::vector<std::string> split_unquoted_csv(const std::string& line, char separator) {
  std::vector<std::string> cells(1);
  for (const char c : line) {
    if (c == separator) {
      cells.emplace_back();
    } else {
      cells.back() += c;
    }
  }
  return cells;
}

}  // namespace ccsim::test
