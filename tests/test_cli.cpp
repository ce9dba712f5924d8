// The command-line contract: output shapes, exit statuses, and what is (not) written.
#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "test_support.hpp"

namespace {

using Outcome = ccsim::test::CommandOutcome;
using ccsim::test::run_ccsim;

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::filesystem::path temp_dir() {
  const auto dir =
      std::filesystem::temp_directory_path() / ("ccsim-cli-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

const std::string kErlangA = ccsim::test::source_path("scenarios/erlang-a.json");

}  // namespace

TEST_CASE("run --json prints the results JSON and nothing else", "[cli]") {
  const Outcome o = run_ccsim("run " + kErlangA + " --replications 2 --json");
  REQUIRE(o.status == 0);
  const auto j = nlohmann::json::parse(o.out);
  CHECK(j["schema_version"] == 1);
  CHECK(j["scenario"] == "erlang-a");
  CHECK(j["replications"] == 2);
  CHECK(j["confidence"] == 0.95);
  CHECK(j["customers"].get<long>() > 0);
  for (const char* name : {"abandon_rate", "p_wait", "mean_wait_s", "service_level", "asa_s",
                           "wait_p90_s", "occupancy"}) {
    INFO(name);
    const auto& m = j["metrics"][name];
    for (const char* field : {"mean", "sd", "n", "ci_low", "ci_high"}) CHECK(m.contains(field));
  }
  CHECK(j["run_info"].contains("wall_s"));
}

TEST_CASE("run gives the same metrics with one thread and two", "[cli]") {
  const auto one = nlohmann::json::parse(run_ccsim("run " + kErlangA + " --threads 1 --json").out);
  const auto two = nlohmann::json::parse(run_ccsim("run " + kErlangA + " --threads 2 --json").out);
  CHECK(one["metrics"] == two["metrics"]);
  CHECK(one["customers"] == two["customers"]);
}

TEST_CASE("Flags override the scenario's seed and confidence", "[cli]") {
  const auto a = nlohmann::json::parse(
      run_ccsim("run " + kErlangA + " -r 2 --seed 7 --confidence 0.9 --json").out);
  const auto b = nlohmann::json::parse(run_ccsim("run " + kErlangA + " -r 2 --json").out);
  CHECK(a["confidence"] == 0.9);
  CHECK(a["metrics"] != b["metrics"]);
}

TEST_CASE("run --out writes the same JSON it would print", "[cli]") {
  const auto dir = temp_dir();
  const std::string out = (dir / "results.json").string();
  const Outcome o = run_ccsim("run " + kErlangA + " -r 2 --json --out " + out);
  REQUIRE(o.status == 0);
  auto printed = nlohmann::json::parse(o.out);
  auto written = nlohmann::json::parse(read_file(out));
  CHECK(printed["metrics"] == written["metrics"]);
  std::filesystem::remove_all(dir);
}

TEST_CASE("The default output is a readable table", "[cli]") {
  const Outcome o = run_ccsim("run " + kErlangA + " -r 2");
  REQUIRE(o.status == 0);
  CHECK(o.out.find("abandon_rate") != std::string::npos);
  CHECK(o.out.find("95% CI") != std::string::npos);
}

TEST_CASE("A missing scenario file exits 2 naming the file and writes nothing", "[cli]") {
  const auto dir = temp_dir();
  const std::string err = (dir / "stderr.txt").string();
  const std::string out = (dir / "never.json").string();
  const std::string missing = (dir / "nope.json").string();
  const Outcome o = run_ccsim("run " + missing + " --out " + out, err);
  CHECK(o.status == 2);
  CHECK(read_file(err).find(missing + ": expected") == 0);
  CHECK_FALSE(std::filesystem::exists(out));
  std::filesystem::remove_all(dir);
}

TEST_CASE("A bad flag value exits 2", "[cli]") {
  CHECK(run_ccsim("run " + kErlangA + " --replications 0").status == 2);
  CHECK(run_ccsim("run " + kErlangA + " --confidence 1.5").status == 2);
  CHECK(run_ccsim("run " + kErlangA + " --threads -1").status == 2);
  CHECK(run_ccsim("frobnicate").status == 2);
}

TEST_CASE("An invalid scenario exits 2 with one line per problem", "[cli]") {
  const auto dir = temp_dir();
  const std::string bad = (dir / "bad.json").string();
  std::ofstream(bad) << R"({"horizon_s": -1, "replications": 0, "human_handle_s": 3,
                            "arrivals": {"per_hour": 10}, "staffing": {"humans": 1}})";
  const std::string err = (dir / "stderr.txt").string();
  CHECK(run_ccsim("run " + bad, err).status == 2);
  const std::string text = read_file(err);
  CHECK(text.find(bad + ": /horizon_s: expected") != std::string::npos);
  CHECK(text.find(bad + ": /replications: expected") != std::string::npos);
  CHECK(text.find(bad + ": /human_handle_s: expected") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("erlang --json gives the model, stability and plain-number metrics", "[cli]") {
  const Outcome o =
      run_ccsim("erlang --lambda-per-hour 2880 --handle-s 60 --agents 50 --patience-s 120 --json");
  REQUIRE(o.status == 0);
  const auto j = nlohmann::json::parse(o.out);
  CHECK(j["model"] == "erlang_a");
  CHECK(j["stable"] == true);
  CHECK(j["metrics"]["abandon_rate"].get<double>() == Approx(0.0309122).epsilon(1e-4));
  CHECK(run_ccsim("erlang --lambda-per-hour 2880 --handle-s 60 --agents 50 --json")
            .out.find("erlang_c") != std::string::npos);
  CHECK(
      nlohmann::json::parse(
          run_ccsim("erlang --lambda-per-hour 2880 --handle-s 60 --agents 50 --patience-s 0 --json")
              .out)["model"] == "erlang_b");
}

TEST_CASE("erlang reports null waits for an unstable Erlang C", "[cli]") {
  const auto j = nlohmann::json::parse(
      run_ccsim("erlang --lambda-per-hour 3600 --handle-s 60 --agents 50 --json").out);
  CHECK(j["stable"] == false);
  CHECK(j["metrics"]["asa_s"].is_null());
  CHECK(j["metrics"]["mean_wait_s"].is_null());
}
