// `ccsim compare --staff-to`: strategies compared at equal service. Each scenario is staffed by
// the staffing search to the same targets, then the staffed scenarios are compared on common
// random numbers.
#include <catch2/catch.hpp>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "test_support.hpp"

namespace {

using ccsim::test::run_ccsim;

const std::string kSmall = ccsim::test::source_path("tests/data/staff-small.json");
const std::string kTargets =
    " --staff-to 'service_level>=0.8' --staff-to 'abandon_rate<=0.05' --max-replications 64";
// What staffing changes: the figures of the service, which equal schedules give equal.
const char* const kServiceMetrics[] = {"abandon_rate", "service_level", "asa_s",
                                       "gave_up_rate", "csat",          "churn_rate",
                                       "churned",      "occupancy",     "excess_churned_per_day"};

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::filesystem::path temp_dir() {
  const auto dir =
      std::filesystem::temp_directory_path() / ("ccsim-staff-to-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace

TEST_CASE(
    "Two scenarios that differ only in a cost get the same schedule at equal service and no "
    "difference in any figure of the service",
    "[compare][staffing][cli]") {
  // The cost per agent-hour moves no customer: the searches, on common random numbers, find the
  // same schedule, and the comparison's paired differences of the service are exactly 0, while
  // the operating cost scales with the price (45 / 30).
  const auto o = run_ccsim("compare " + kSmall + " --set '/staffing/cost_per_hour=[30,45]'" +
                           kTargets + " --json");
  REQUIRE(o.status == 0);
  const auto j = nlohmann::json::parse(o.out);
  const std::string a = j["scenarios"][0];
  const std::string b = j["scenarios"][1];
  const auto& equal = j["equal_service"];
  CHECK(equal["targets"] == nlohmann::json::array({"service_level>=0.8", "abandon_rate<=0.05"}));
  CHECK(equal["guarantee"] == "expected");
  CHECK(equal["agents"][a] == equal["agents"][b]);
  CHECK(j["metrics"]["agent_hours_per_day"][b]["difference"]["mean"] == 0.0);
  CHECK(j["metrics"]["peak_agents"][b]["difference"]["mean"] == 0.0);
  for (const char* metric : kServiceMetrics) {
    INFO(metric);
    const auto& d = j["metrics"][metric][b]["difference"];
    CHECK(d["mean"] == 0.0);
    CHECK(d["ci_low"] == 0.0);
    CHECK(d["ci_high"] == 0.0);
  }
  const double cost = j["metrics"]["operating_cost_per_day"][a]["value"]["mean"];
  CHECK(cost > 0.0);
  CHECK(j["metrics"]["operating_cost_per_day"][b]["difference"]["mean"].get<double>() ==
        Approx(cost * 0.5));
}

TEST_CASE("The staffed scenarios meet the targets on verification and are those compared",
          "[compare][staffing][cli]") {
  const auto dir = temp_dir();
  const std::string csv = (dir / "comparison.csv").string();
  // Twice the load in the second scenario: it needs more agents to give the same service.
  const auto o = run_ccsim(
      "compare " + kSmall + " --set '/arrivals/per_hour=[[120,240],[240,480]]'" + kTargets +
      " --shrinkage 0.25 --json --csv " + csv + " --staffed-dir " + dir.string());
  REQUIRE(o.status == 0);
  const auto j = nlohmann::json::parse(o.out);
  const auto& equal = j["equal_service"];
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() == 2);
  for (std::size_t i = 0; i < files.size(); ++i) {
    INFO(files[i]);
    const std::string label = j["scenarios"][i];
    const auto written = nlohmann::json::parse(read_file(files[i].string()));
    CHECK(written["staffing"]["humans"]["agents"] == equal["agents"][label]);
    CHECK(written["staffing"]["shrinkage"] == 0.25);
    // Run as written (on the verification's seed), every interval's figures meet the targets.
    const auto run = run_ccsim("run " + files[i].string() + " --json");
    REQUIRE(run.status == 0);
    const auto results = nlohmann::json::parse(run.out);
    for (const auto& interval : results["by_interval"]) {
      CHECK(interval["service_level"]["mean"].get<double>() >= 0.8);
      CHECK(interval["abandon_rate"]["mean"].get<double>() <= 0.05);
    }
  }
  const std::string second = j["scenarios"][1];
  CHECK(j["metrics"]["agent_hours_per_day"][second]["difference"]["mean"].get<double>() > 0.0);
  // The CSV says on every row under which targets the scenarios were compared.
  const std::string text = read_file(csv);
  CHECK(text.substr(0, text.find('\n')).find(",staffed_to,guarantee") != std::string::npos);
  CHECK(text.find(",agent_hours_per_day,") != std::string::npos);
  CHECK(text.find(",service_level>=0.8 and abandon_rate<=0.05,expected\n") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE(
    "compare --staff-to says that the comparison is at equal service, and with --risk "
    "which guarantee",
    "[compare][staffing][cli]") {
  const auto o = run_ccsim("compare " + kSmall + " " + kSmall + kTargets + " --risk 0.2");
  REQUIRE(o.status == 0);
  CHECK_THAT(o.out, Catch::StartsWith("at equal service: every scenario staffed by the staffing "
                                      "search to service_level>=0.8 and abandon_rate<=0.05 in "
                                      "every interval (guarantee: risk 0.2 per interval)"));
  CHECK_THAT(o.out, Catch::Contains("\nagent_hours_per_day "));
}

TEST_CASE(
    "compare --staff-to with a target no schedule meets names the scenario, exits 3 and "
    "writes nothing",
    "[compare][staffing][cli]") {
  const auto dir = temp_dir();
  const std::string out = (dir / "out.json").string();
  const std::string err = (dir / "err.txt").string();
  const auto o =
      run_ccsim("compare " + kSmall + " --set '/arrivals/per_hour=[[120,240],[480,960]]'" +
                    kTargets + " --max-agents 20 --out " + out + " --staffed-dir " + dir.string(),
                err);
  CHECK(o.status == 3);
  CHECK(o.out.empty());
  const std::string message = read_file(err);
  // The second point is named (its label, as in the table) and why no schedule meets it.
  CHECK_THAT(message, Catch::StartsWith("ccsim compare: staff-small (" + kSmall));
  CHECK_THAT(
      message,
      Catch::Contains(" #2: no schedule with at most 20 agents per interval meets the targets"));
  CHECK(std::count(message.begin(), message.end(), '\n') == 1);
  CHECK(std::distance(std::filesystem::directory_iterator(dir),
                      std::filesystem::directory_iterator()) == 1);  // err.txt alone
  std::filesystem::remove_all(dir);
}

TEST_CASE("compare --staff-to with a bad target exits 2 and writes nothing",
          "[compare][staffing][cli]") {
  const auto dir = temp_dir();
  const std::string out = (dir / "out.json").string();
  const std::string err = (dir / "err.txt").string();
  CHECK(run_ccsim("compare " + kSmall + " " + kSmall + " --staff-to 'csat<=0.8' --out " + out, err)
            .status == 2);
  CHECK(read_file(err) ==
        "--staff-to: expected csat>=VALUE (csat rises with more agents), got \"csat<=0.8\"\n");
  CHECK(run_ccsim("compare " + kSmall + " " + kSmall + " --staff-to 'servce_level>=0.8'", err)
            .status == 2);
  CHECK(read_file(err).find("(did you mean \"service_level\"?)") != std::string::npos);
  // The search's flags need targets.
  CHECK(run_ccsim("compare " + kSmall + " " + kSmall + " --risk 0.1", err).status == 2);
  CHECK(run_ccsim("compare " + kSmall + " " + kSmall + kTargets + " -r 1", err).status == 2);
  CHECK_FALSE(std::filesystem::exists(out));
  std::filesystem::remove_all(dir);
}

TEST_CASE(
    "compare --staff-to --by segment gives each segment's paired differences at equal "
    "service",
    "[compare][staffing][cli]") {
  // The French population's six age bands, human-only service against triage, on half an hour.
  const auto o = run_ccsim(
      "compare " + ccsim::test::source_path("scenarios/france-human-only.json") + " " +
      ccsim::test::source_path("scenarios/france-triage.json") +
      " --set /horizon_s=1800 --set /warmup_s=0 --set /arrivals/per_hour=120 --replications 4"
      " --staff-to 'service_level>=0.8' --max-replications 16 --verify-replications 8"
      " --by segment --json");
  REQUIRE(o.status == 0);
  const auto j = nlohmann::json::parse(o.out);
  CHECK(j["replications"] == 8);  // the verification's
  REQUIRE(j["by_segment"].size() == 6);
  for (const auto& [segment, metrics] : j["by_segment"].items()) {
    INFO(segment);
    const auto& d = metrics["churn_rate"]["france-triage"]["difference"];
    CHECK(d["ci_low"].get<double>() <= d["mean"].get<double>());
    CHECK(d["mean"].get<double>() <= d["ci_high"].get<double>());
  }
  // The schedule's figures are the whole day's, not a segment's.
  CHECK_FALSE(j["by_segment"]["75+"].contains("agent_hours_per_day"));
  CHECK(j["metrics"].contains("agent_hours_per_day"));
}
