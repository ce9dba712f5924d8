// The staffing commands' contract: `erlang --target` and `staff` outputs, exit statuses, and the
// scenario `staff --out` writes.
#include <catch2/catch.hpp>

#include <unistd.h>
#include <cmath>
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

TEST_CASE(
    "staff --out writes a scenario that runs as-is, reproduces the verified figures and "
    "costs the heads paid",
    "[staffing][cli]") {
  const auto dir = temp_dir();
  // The peak day with a cost per agent-hour.
  auto peak = nlohmann::ordered_json::parse(read_file(kPeak));
  peak["staffing"]["cost_per_hour"] = 25.0;
  const std::string in = (dir / "peak.json").string();
  std::ofstream(in) << peak.dump(2);
  const std::string out = (dir / "staffed.json").string();
  const auto o = run_ccsim("staff " + in + kTargets +
                           " --shrinkage 0.3 --max-replications 32 --json --out " + out);
  REQUIRE(o.status == 0);
  const auto j = nlohmann::json::parse(o.out);
  CHECK(j["feasible"] == true);
  CHECK(j["sipp_inputs"]["source"] == "scenario");
  CHECK(j["simulations"].get<int>() > 1);
  CHECK(j["guarantee"]["kind"] == "expected");
  std::vector<long> required;
  for (const auto& interval : j["intervals"]) {
    required.push_back(interval["required_agents"].get<long>());
    const long heads = interval["scheduled_heads"].get<long>();
    CHECK(heads == static_cast<long>(std::ceil(required.back() / 0.7)));
  }
  const auto written = nlohmann::json::parse(read_file(out));
  CHECK(written["staffing"]["humans"]["agents"].get<std::vector<long>>() == required);
  CHECK(written["staffing"]["humans"]["interval_s"] == 900.0);
  CHECK(written["staffing"]["shrinkage"] == 0.3);
  CHECK(written["seed"] == j["verification"]["seed"]);
  CHECK(written["replications"] == j["verification"]["replications"]);

  // `ccsim run` of the file gives the verified figures (staff-peak.json counts every interval).
  const auto run = run_ccsim("run " + out + " --json");
  REQUIRE(run.status == 0);
  const auto results = nlohmann::json::parse(run.out);
  for (std::size_t i = 0; i < required.size(); ++i) {
    INFO("interval " << i);
    CHECK(results["by_interval"][i]["service_level"] ==
          j["intervals"][i]["metrics"]["service_level"]);
  }
  // The cost is that of the heads paid: the same run without shrinkage costs 0.7 times as much.
  auto unshrunk = written;
  unshrunk["staffing"].erase("shrinkage");
  const std::string plain = (dir / "plain.json").string();
  std::ofstream(plain) << unshrunk.dump(2);
  const auto plain_results = nlohmann::json::parse(run_ccsim("run " + plain + " --json").out);
  const double cost = results["metrics"]["total_cost"]["mean"].get<double>();
  CHECK(cost > 0.0);
  CHECK(cost * 0.7 == Approx(plain_results["metrics"]["total_cost"]["mean"].get<double>()));
  std::filesystem::remove_all(dir);
}

TEST_CASE("staff --out for a horizon that is not a whole day writes a schedule that runs",
          "[staffing][cli]") {
  const auto dir = temp_dir();
  const std::string in = (dir / "odd.json").string();
  // 200,000 s (2 days and 7.6 hours) in hours, and 5,400 s: a last interval of half an hour.
  for (const char* horizon : {"200000", "5400"}) {
    std::ofstream(in) << R"({"name": "odd", "replications": 4, "horizon_s": )" << horizon
                      << R"(, "report_interval_s": 3600, "arrivals": {"per_hour": 60},
         "patience_s": {"dist": "exponential", "mean": 180},
         "human_handle_s": {"dist": "exponential", "mean": 240},
         "staffing": {"humans": 10}})";
    const std::string out = (dir / "odd-out.json").string();
    INFO("horizon " << horizon);
    REQUIRE(run_ccsim("staff " + in + " --target 'abandon_rate<=0.1' --max-replications 32 --out " +
                      out)
                .status == 0);
    CHECK(run_ccsim("run " + out + " -r 2").status == 0);
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("staff --risk and --joint say which guarantee the schedule carries", "[staffing][cli]") {
  const auto dir = temp_dir();
  const std::string in = (dir / "small.json").string();
  std::ofstream(in) << R"({"name": "small", "horizon_s": 7200, "report_interval_s": 1800,
       "arrivals": {"per_hour": 120}, "patience_s": {"dist": "exponential", "mean": 180},
       "human_handle_s": {"dist": "exponential", "mean": 240}, "staffing": {"humans": 10}})";
  const auto o = run_ccsim("staff " + in +
                           " --target 'abandon_rate<=0.1' --risk 0.5 --joint "
                           "--max-replications 64 --json");
  REQUIRE(o.status == 0);
  std::filesystem::remove_all(dir);
  const auto j = nlohmann::json::parse(o.out);
  CHECK(j["guarantee"]["kind"] == "risk");
  CHECK(j["guarantee"]["joint"] == true);
  CHECK(j["guarantee"]["interval_risk"].get<double>() == Approx(0.5 / 4.0));
  CHECK(j["day_share"]["mean"].is_number());
  CHECK_THAT(j["guarantee"]["statement"].get<std::string>(), Catch::Contains("Bonferroni"));
  for (const auto& interval : j["intervals"]) CHECK(interval["meet_share"]["mean"].is_number());
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

TEST_CASE(
    "staff refuses a risk out of range, --joint alone or a small replication cap, "
    "before any work",
    "[staffing][cli]") {
  const auto dir = temp_dir();
  const std::string err = (dir / "err.txt").string();
  const std::string out = (dir / "never.json").string();
  const auto refused = [&](const std::string& flags, const std::string& message) {
    INFO(flags);
    const auto o = run_ccsim("staff " + kPeak + kTargets + " " + flags + " --out " + out, err);
    CHECK(o.status == 2);
    CHECK(o.out.empty());
    CHECK_THAT(read_file(err), Catch::Contains(message));
    CHECK_FALSE(std::filesystem::exists(out));
  };
  refused("--risk 0", "expected a number in (0, 0.5], got 0");
  refused("--risk 0.6", "expected a number in (0, 0.5], got 0.6");
  refused("--risk x", "expected a number in (0, 0.5], got x");
  refused("--joint", "--joint requires --risk");
  refused("--max-replications 8", "expected an integer in [16, 10000], got 8");
  refused("-r 40 --max-replications 20", "expected at least the replications to start from (40)");
  std::filesystem::remove_all(dir);
}

TEST_CASE("staff - reads the scenario on standard input once and writes the file's --out",
          "[staffing][cli][stdin]") {
  const auto dir = temp_dir();
  const std::string from_file = (dir / "from-file.json").string();
  const std::string from_stdin = (dir / "from-stdin.json").string();
  const std::string flags = kTargets + " --max-replications 32 --threads 1 --json --out ";
  const auto named = run_ccsim("staff " + kPeak + flags + from_file);
  const auto piped = run_ccsim("staff -" + flags + from_stdin + " < " + kPeak);
  REQUIRE(named.status == 0);
  REQUIRE(piped.status == 0);
  auto a = nlohmann::json::parse(named.out);
  auto b = nlohmann::json::parse(piped.out);
  CHECK(a["intervals"] == b["intervals"]);
  CHECK(a["verification"] == b["verification"]);
  // The staffed copy keeps the input's text with only the schedule and run keys changed.
  CHECK(read_file(from_file) == read_file(from_stdin));
  std::filesystem::remove_all(dir);
}
