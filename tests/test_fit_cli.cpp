// ccsim fit and ccsim backtest on the command line: outputs, exit statuses, messages.
#include <unistd.h>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "ccsim/scenario/scenario.hpp"
#include "test_support.hpp"

namespace {

using ccsim::test::run_ccsim;
using ccsim::test::source_path;

const std::string kBank = source_path("tests/data/calllog/bank-quirks.txt");
const std::string kBankMalformed = source_path("tests/data/calllog/bank-malformed.txt");
const std::string kContacts = source_path("tests/data/calllog/contacts.csv");

std::filesystem::path temp_dir() {
  const auto dir =
      std::filesystem::temp_directory_path() / ("ccsim-fit-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("fit writes a scenario that loads and runs as is", "[fit]") {
  const auto dir = temp_dir();
  const std::string out = (dir / "bank.json").string();
  const auto fitted = run_ccsim("fit " + kBank + " --min-day-fraction 0 --by type --out " + out);
  REQUIRE(fitted.status == 0);
  CHECK(fitted.out.find("days fitted: 2") != std::string::npos);
  const ccsim::Scenario s = ccsim::load_scenario_file(out);
  CHECK(s.name == "bank");
  CHECK(s.horizon_s == 86400.0);
  CHECK(s.returns.retrial_probability == 0.0);
  CHECK(s.segments.size() == 4);  // NE, NW, PS (with AA), TT
  CHECK(s.arrivals_per_hour.values.size() == 48);
  CHECK(s.groups.size() == 1);
  const auto run = run_ccsim("run " + out + " -r 2 --json");
  REQUIRE(run.status == 0);
  CHECK(nlohmann::json::parse(run.out)["replications"] == 2);
  std::filesystem::remove_all(dir);
}

TEST_CASE("fit acknowledges the bank data in the scenario's sources", "[fit]") {
  const auto dir = temp_dir();
  const auto out = dir / "ack.json";
  REQUIRE(run_ccsim("fit " + kBank + " --out " + out.string()).status == 0);
  const auto j = nlohmann::json::parse(read_file(out));
  CHECK(j["sources"][0].get<std::string>().find("Technion SEE Laboratory") != std::string::npos);
  CHECK(j["description"].back().get<std::string>().find("--phantom drop") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("fit reports malformed lines with a summary and goes on", "[fit]") {
  const auto dir = temp_dir();
  const auto out = dir / "m.json";
  const auto err = dir / "err.txt";
  const auto o = run_ccsim("fit " + kBankMalformed + " --out " + out.string(), err.string());
  CHECK(o.status == 0);
  const std::string messages = read_file(err);
  CHECK(
      messages.find(kBankMalformed + ":4: expected a priority 0, 1 or 2 in priority, got \"7\"") !=
      std::string::npos);
  CHECK(messages.find(kBankMalformed + ": 6 of 8 lines malformed and skipped") !=
        std::string::npos);
  CHECK(std::filesystem::exists(out));
  std::filesystem::remove_all(dir);
}

TEST_CASE("fit --strict stops at the first malformed line and writes nothing", "[fit]") {
  const auto dir = temp_dir();
  const auto out = dir / "s.json";
  const auto err = dir / "err.txt";
  const auto o =
      run_ccsim("fit " + kBankMalformed + " --strict --out " + out.string(), err.string());
  CHECK(o.status == 2);
  CHECK(read_file(err) == kBankMalformed + ":3: expected 17 tab-separated fields, got 11\n");
  CHECK_FALSE(std::filesystem::exists(out));
  std::filesystem::remove_all(dir);
}

TEST_CASE("fit rejects choices the log cannot support", "[fit]") {
  const auto dir = temp_dir();
  const auto out = dir / "p.json";
  const auto err = dir / "err.txt";
  CHECK(run_ccsim("fit " + kContacts + " --priority classes --out " + out.string(), err.string())
            .status == 2);
  CHECK(read_file(err) ==
        "ccsim: expected --priority ignore for a csv log, which has no priorities, got classes\n");
  CHECK(run_ccsim("fit " + kContacts + " --interval-min 7 --out " + out.string(), err.string())
            .status == 2);
  CHECK(read_file(err).find("expected a whole number of minutes dividing 1440 (one day), got 7") !=
        std::string::npos);
  CHECK_FALSE(std::filesystem::exists(out));
  std::filesystem::remove_all(dir);
}

TEST_CASE("backtest prints the comparison JSON with every metric per interval", "[backtest]") {
  const auto dir = temp_dir();
  const std::string scenario = (dir / "b.json").string();
  REQUIRE(run_ccsim("fit " + kBank + " --min-day-fraction 0 --out " + scenario).status == 0);
  const auto o = run_ccsim("backtest " + scenario + " " + kBank +
                           " --min-day-fraction 0 -r 3 --json --out " + (dir / "bt.json").string());
  REQUIRE(o.status == 0);
  const auto j = nlohmann::json::parse(o.out);
  CHECK(j == nlohmann::json::parse(read_file(dir / "bt.json")));
  CHECK(j["days"] == nlohmann::json::array({"1999-02-01", "1999-02-07"}));
  CHECK(j["periods"] == 3);
  CHECK(j["simulated_days"] == 6);
  CHECK(j["interval_s"] == 1800.0);
  REQUIRE(j["by_interval"].size() == 48);
  for (const char* metric : {"offered", "abandon_rate", "service_level", "asa_s"}) {
    INFO(metric);
    const auto& m = j["overall"][metric];
    for (const char* key :
         {"observed", "observed_n", "observed_se", "simulated", "difference", "difference_se", "z",
          "p_value", "p_holm", "q_value", "erlang_a", "training"}) {
      CHECK(m.contains(key));
    }
    for (const char* key : {"mean", "sd", "n", "ci_low", "ci_high"})
      CHECK(m["simulated"].contains(key));
    CHECK(j["by_interval"][18].contains(metric));
  }
  // 10 queue entrants on the Monday, 2 on the Sunday.
  CHECK(j["overall"]["offered"]["observed"] == 6.0);
  CHECK(j["overall"]["offered"]["observed_n"] == 2);
  // Three of the twelve abandoned: at 09:20 (45 s), 11:10 (20 s) and 15:45 (77 s).
  CHECK(j["overall"]["abandon_rate"]["observed"].get<double>() == Approx(3.0 / 12.0));
  CHECK(j["by_interval"][18]["offered"]["observed"] == 1.5);  // 09:00-09:30: 3 calls in 2 days
  CHECK(j["schema_version"] == 2);
  for (const char* key : {"tests", "errors", "ranks", "rank_histograms", "residuals", "erlang_a",
                          "replay", "training_days"}) {
    CHECK(j.contains(key));
  }
  CHECK(j["residuals"].size() == 2);
  std::filesystem::remove_all(dir);
}

TEST_CASE("backtest prints a readable table by default", "[backtest]") {
  const auto dir = temp_dir();
  const std::string scenario = (dir / "t.json").string();
  REQUIRE(run_ccsim("fit " + kBank + " --out " + scenario).status == 0);
  const auto o = run_ccsim("backtest " + scenario + " " + kBank + " -r 2");
  REQUIRE(o.status == 0);
  CHECK(o.out.find("abandon_rate") != std::string::npos);
  CHECK(o.out.find("09:00-09:30") != std::string::npos);
  CHECK(o.out.find("whole day") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("backtest needs a scenario of one day at most", "[backtest]") {
  const auto dir = temp_dir();
  const auto err = dir / "err.txt";
  std::ofstream(dir / "two-days.json")
      << R"({"horizon_s": 172800, "arrivals": {"per_hour": 10}, "human_handle_s":)"
      << R"( {"dist": "exponential", "mean": 60}, "staffing": {"humans": 2}})";
  const auto o = run_ccsim("backtest " + (dir / "two-days.json").string() + " " + kBank + " --json",
                           err.string());
  CHECK(o.status == 2);
  CHECK(o.out.empty());
  CHECK(read_file(err) == (dir / "two-days.json").string() +
                              ": /horizon_s: expected one day at most (<= 86400, t = 0 at "
                              "midnight) to compare with daily logs, got 172800\n");
  std::filesystem::remove_all(dir);
}

TEST_CASE("fit refuses a lognormal beyond a scenario's range and names the flag that avoids it",
          "[fit]") {
  // Handle times of 10 s, 10 s and 200,200 s: the lognormal's sd is about 8e11 s.
  const std::string log = source_path("tests/data/calllog/handle-orders-apart.csv");
  const auto dir = temp_dir();
  const auto out = dir / "apart.json";
  const auto err = dir / "err.txt";
  const auto refused = run_ccsim(
      "fit " + log + " --days all --handle lognormal --out " + out.string(), err.string());
  CHECK(refused.status == 2);
  CHECK(read_file(err).find("segment \"all\": expected a fitted handle time sd of at most 1e9 s") !=
        std::string::npos);
  CHECK(read_file(err).find("--handle empirical") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(out));
  CHECK(run_ccsim("fit " + log + " --days all --handle empirical --out " + out.string()).status ==
        0);
  std::filesystem::remove_all(dir);
}
