// Golden outputs: every shipped scenario's metrics, stored, so that any change of results is a
// deliberate one. Regenerate with CCSIM_UPDATE_GOLDEN=1 after a change that is meant to alter
// results, and say why in the commit.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "ccsim/io/report.hpp"
#include "ccsim/parallel/runner.hpp"
#include "ccsim/scenario/scenario.hpp"
#include "ccsim/stats/results.hpp"
#include "test_support.hpp"

using namespace ccsim;

namespace {

// Same binary, same compiler flags: results are bit-identical. The tolerance only absorbs a
// different last bit between optimisation levels (Release vs the sanitizer build).
constexpr double kRelativeTolerance = 1e-9;

void compare(const nlohmann::json& expected, const nlohmann::json& actual, const std::string& at) {
  if (expected.is_number() && actual.is_number()) {
    const double e = expected.get<double>();
    const double a = actual.get<double>();
    INFO(at << ": expected " << e << ", got " << a);
    CHECK(std::abs(e - a) <= kRelativeTolerance * std::max(1.0, std::abs(e)));
    return;
  }
  if (expected.is_object() && actual.is_object()) {
    INFO(at);
    CHECK(expected.size() == actual.size());
    for (auto it = expected.begin(); it != expected.end(); ++it) {
      INFO(at << "/" << it.key());
      REQUIRE(actual.contains(it.key()));
      compare(it.value(), actual[it.key()], at + "/" + it.key());
    }
    return;
  }
  if (expected.is_array() && actual.is_array()) {
    INFO(at);
    REQUIRE(expected.size() == actual.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
      compare(expected[i], actual[i], at + "/" + std::to_string(i));
    }
    return;
  }
  INFO(at);
  CHECK(expected == actual);
}

}  // namespace

TEST_CASE("Every shipped scenario reproduces its golden metrics", "[golden]") {
  const std::filesystem::path scenarios = test::source_path("scenarios");
  const std::filesystem::path golden = test::source_path("tests/data/golden");
  const bool update = std::getenv("CCSIM_UPDATE_GOLDEN") != nullptr;
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(scenarios)) {
    if (entry.path().extension() != ".json" || entry.path().filename() == "schema.json") continue;
    const Scenario scenario = load_scenario_file(entry.path().string());
    const auto tallies = run_replications(scenario, 0, scenario.replications, RunOptions{});
    nlohmann::json actual = to_json(merge_tallies(scenario, tallies, scenario.confidence));
    actual.erase("run_info");
    const auto path = golden / entry.path().filename();
    if (update) {
      std::filesystem::create_directories(golden);
      std::ofstream(path) << actual.dump(2) << "\n";
    }
    INFO(entry.path().filename().string());
    std::ifstream in(path);
    REQUIRE(in.good());
    compare(nlohmann::json::parse(in), actual, "");
    ++checked;
  }
  CHECK(checked > 0);
}
