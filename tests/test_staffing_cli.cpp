// The staffing commands' contract: `erlang --target` and `staff` outputs, exit statuses, and the
// scenario `staff --out` writes.
#include <catch2/catch.hpp>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "test_support.hpp"

namespace {

using ccsim::test::run_ccsim;

const std::string kPeak = ccsim::test::source_path("tests/data/staff-peak.json");
const std::string kTargets = " --target 'service_level>=0.8' --target 'abandon_rate<=0.05'";

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::filesystem::path temp_dir() {
  const auto dir =
      std::filesystem::temp_directory_path() / ("ccsim-staff-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace

TEST_CASE("erlang --target --json gives the fewest agents, both sides of it and the rule",
          "[staffing][cli]") {
  const auto o = run_ccsim(
      "erlang --lambda-per-hour 720 --handle-s 240 --threshold-s 15 --target 'service_level>=0.8' "
      "--json");
  REQUIRE(o.status == 0);
  const auto j = nlohmann::json::parse(o.out);
  CHECK(j["model"] == "erlang_c");
  CHECK(j["agents"] == 55);
  CHECK(j["offered_load"] == 48.0);
  CHECK(j["targets"] == nlohmann::json::array({"service_level>=0.8"}));
  CHECK(j["metrics"]["service_level"].get<double>() >= 0.8);
  CHECK(j["metrics_below"]["service_level"].get<double>() < 0.8);
  CHECK(j["unreachable"].is_null());
  CHECK(j["square_root_rule"]["approximation"] == "halfin_whitt");
  CHECK(j["square_root_rule"]["agents"].is_number_integer());
  CHECK(j["square_root_rule"]["beta_by_target"].contains("service_level>=0.8"));
  for (const char* key : {"lowest", "cap", "evaluations"}) CHECK(j["search"].contains(key));
}

TEST_CASE("erlang --target with an unreachable target says why and exits 3", "[staffing][cli]") {
  const auto dir = temp_dir();
  const std::string err = (dir / "err.txt").string();
  const auto o = run_ccsim(
      "erlang --lambda-per-hour 720 --handle-s 240 --patience-s 0 --target 'abandon_rate<=0'", err);
  CHECK(o.status == 3);
  CHECK(o.out.empty());
  CHECK(read_file(err).find("abandon_rate<=0 cannot be met") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("erlang --target with a misspelt metric exits 2 with a did-you-mean", "[staffing][cli]") {
  const auto dir = temp_dir();
  const std::string err = (dir / "err.txt").string();
  const auto o =
      run_ccsim("erlang --lambda-per-hour 720 --handle-s 240 --target 'servce_level>=0.8'", err);
  CHECK(o.status == 2);
  CHECK(read_file(err).find("--target: expected a metric of service_level") != std::string::npos);
  CHECK(read_file(err).find("(did you mean \"service_level\"?)") != std::string::npos);
  CHECK(run_ccsim("erlang --lambda-per-hour 720 --handle-s 240").status == 2);
  CHECK(run_ccsim("erlang --lambda-per-hour 720 --handle-s 240 --agents 50 --target "
                  "'p_wait<=0.1'")
            .status == 2);
}

TEST_CASE("staff --out writes a scenario that runs as-is and meets every target",
          "[staffing][cli]") {
  const auto dir = temp_dir();
  const std::string out = (dir / "staffed.json").string();
  const auto o = run_ccsim("staff " + kPeak + kTargets + " --shrinkage 0.3 --json --out " + out);
  REQUIRE(o.status == 0);
  const auto j = nlohmann::json::parse(o.out);
  CHECK(j["feasible"] == true);
  CHECK(j["sipp_inputs"]["source"] == "scenario");
  CHECK(j["simulations"].get<int>() > 1);
  std::vector<long> required;
  for (const auto& interval : j["intervals"]) {
    required.push_back(interval["required_agents"].get<long>());
    const long heads = interval["scheduled_heads"].get<long>();
    CHECK(heads == static_cast<long>(std::ceil(required.back() / 0.7)));
  }
  const auto written = nlohmann::json::parse(read_file(out));
  CHECK(written["staffing"]["humans"]["agents"].get<std::vector<long>>() == required);
  CHECK(written["staffing"]["humans"]["interval_s"] == 900.0);

  const auto run = run_ccsim("run " + out + " --json");
  REQUIRE(run.status == 0);
  const auto results = nlohmann::json::parse(run.out);
  for (const auto& interval : results["by_interval"]) {
    INFO("interval at " << interval["start_s"]);
    CHECK(interval["service_level"]["ci_low"].get<double>() >= 0.8);
    CHECK(interval["abandon_rate"]["ci_high"].get<double>() <= 0.05);
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("staff with no feasible schedule under --max-agents says so and exits 3",
          "[staffing][cli]") {
  const auto dir = temp_dir();
  const std::string out = (dir / "staffed.json").string();
  const std::string err = (dir / "err.txt").string();
  const auto o = run_ccsim("staff " + kPeak + kTargets + " --max-agents 100 --out " + out, err);
  CHECK(o.status == 3);
  CHECK(read_file(err).find("no schedule with at most 100 agents per interval") !=
        std::string::npos);
  CHECK_FALSE(std::filesystem::exists(out));
  std::filesystem::remove_all(dir);
}

TEST_CASE("staff rejects a bad target or too few replications with exit 2", "[staffing][cli]") {
  const auto dir = temp_dir();
  const std::string err = (dir / "err.txt").string();
  CHECK(run_ccsim("staff " + kPeak + " --target 'csat<=0.8'", err).status == 2);
  CHECK(read_file(err) ==
        "--target: expected csat>=VALUE (csat rises with more agents), got \"csat<=0.8\"\n");
  CHECK(run_ccsim("staff " + kPeak + " --target 'chrun_rate<=0.1'", err).status == 2);
  CHECK(read_file(err).find("(did you mean \"churn_rate\"?)") != std::string::npos);
  CHECK(run_ccsim("staff " + kPeak + kTargets + " -r 1", err).status == 2);
  CHECK(run_ccsim("staff " + kPeak + kTargets + " --shrinkage 1", err).status == 2);
  std::filesystem::remove_all(dir);
}
