// Inputs and flags under hostile use: what was asked is run as asked or refused before any
// work (exit 2), by one rule wherever a value comes from, and every message says what is wrong
// and what to do.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>

#include "hostile_support.hpp"

namespace {

using namespace ccsim::test;  // the helpers of hostile_support.hpp
namespace fs = std::filesystem;

}  // namespace

TEST_CASE("Replications beyond the precision cap run as asked, in run and sweep",
          "[cli][hostile]") {
  const Scratch scratch("replications");
  const std::string s = tiny_scenario(scratch, "tiny.json", R"("replications": 1500)");
  const auto run = ccsim_in(scratch, "run " + s + " --json");
  REQUIRE(run.status == 0);
  CHECK(nlohmann::json::parse(run.out)["replications"] == 1500);
  const std::string rows = scratch / "rows.jsonl";
  REQUIRE(ccsim_in(scratch, "sweep " + s + " --set /replications=[1001] --out " + rows).status ==
          0);
  CHECK(contains(read_all(rows), "\"replications\":1001,"));
}

TEST_CASE("A trace of more replications than the precision cap is written whole",
          "[cli][trace][hostile]") {
  const Scratch scratch("trace-1001");
  const std::string s = tiny_scenario(scratch);
  const std::string trace = scratch / "t.csv";
  const auto run =
      ccsim_in(scratch, "run " + s + " --replications 1001 --trace " + trace + " --json");
  REQUIRE(run.status == 0);
  const std::string text = read_all(trace);
  CHECK(contains(text, ",1000,"));  // replication 1000, the 1001st
}

TEST_CASE("Replications past the limit are refused, from the file, the flag and --set alike",
          "[cli][hostile]") {
  const Scratch scratch("too-many");
  const std::string s = tiny_scenario(scratch);
  const std::string big = tiny_scenario(scratch, "big.json", R"("replications": 20000)");
  const std::string expected = "expected an integer in [1, 10000], got 20000";
  struct Case {
    std::string args;
    std::string message;
  };
  for (const Case& c : std::vector<Case>{
           {"run " + big, big + ": /replications: " + expected},
           {"run " + s + " --replications 20000", "--replications: " + expected},
           {"sweep " + s + " --set /replications=[1,20000] --out " + (scratch / "o.csv"),
            "/replications: " + expected},
           {"compare " + s + " " + s + " -r 20000", "--replications: " + expected},
           {"staff " + s + " --target 'service_level>=0.5' -r 20000",
            "--replications: " + expected},
           {"run " + s + " --precision abandon_rate=0.01 --max-replications 20000",
            "--max-replications: expected an integer in [10, 10000], got 20000"},
           {"run " + big + " --replications 5", big + ": /replications: " + expected},
       }) {
    INFO(c.args);
    const auto ran = ccsim_in(scratch, c.args);
    CHECK(ran.status == 2);
    CHECK(contains(ran.err, c.message));
    CHECK(ran.out.empty());
  }
  // A cap below the replications asked for would cut them: refused, not applied.
  const auto capped = ccsim_in(
      scratch, "run " + s + " -r 50 --precision abandon_rate=0.01 " + "--max-replications 20");
  CHECK(capped.status == 2);
  CHECK(contains(capped.err,
                 "--max-replications: expected at least the 50 replications asked "
                 "for (they run first), got 20"));
  CHECK(scratch.names() == std::set<std::string>{"big.json", "tiny.json"});
}

TEST_CASE("A seed on the command line is checked like the file's", "[cli][hostile]") {
  const Scratch scratch("seed");
  const std::string s = tiny_scenario(scratch);
  for (const auto& [text, got] : std::vector<std::pair<std::string, std::string>>{
           {"-1", "expected an integer >= 0, got -1"},
           {"18446744073709551616", "expected an integer in [0, 18446744073709551615], got"},
           {"1e23", "expected an integer in [0, 18446744073709551615], got"},
           {"0x10", "expected an integer >= 0, got \"0x10\""},
           {"2.5", "expected an integer >= 0, got 2.5"}}) {
    INFO(text);
    for (const std::string& command : std::vector<std::string>{
             "run " + s, "sweep " + s + " --set /staffing/humans=[2] --out " + (scratch / "o.csv"),
             "compare " + s + " " + s}) {
      const auto ran = ccsim_in(scratch, command + " --seed " + text);
      CHECK(ran.status == 2);
      CHECK(contains(ran.err, "--seed: " + got));
    }
    // The file refuses the same values (0x10 is not JSON at all).
    if (text != "0x10") {
      const std::string file = tiny_scenario(scratch, "seeded.json", "\"seed\": " + text);
      const auto ran = ccsim_in(scratch, "run " + file);
      CHECK(ran.status == 2);
      CHECK(contains(ran.err, file + ": /seed: " + got));
    }
  }
  const auto largest = ccsim_in(scratch, "run " + s + " --seed 18446744073709551615 --json");
  CHECK(largest.status == 0);
}

TEST_CASE("A confidence the intervals cannot hold is refused before any replication",
          "[cli][hostile]") {
  const Scratch scratch("confidence");
  const std::string s = tiny_scenario(scratch);
  for (const std::string value : {"0.9999999999999999", "0.999999999", "1", "0"}) {
    const auto ran = ccsim_in(scratch, "run " + s + " --confidence " + value);
    CHECK(ran.status == 2);
    CHECK(contains(ran.err, "--confidence: expected a number in (0, 0.9999], got"));
  }
  const auto file =
      ccsim_in(scratch, "run " + tiny_scenario(scratch, "c.json", R"("confidence": 0.99999)"));
  CHECK(file.status == 2);
  CHECK(contains(file.err, "/confidence: expected a number in (0, 0.9999], got 0.99999"));
  const auto edge = ccsim_in(scratch, "run " + s + " --confidence 0.9999 --json");
  REQUIRE(edge.status == 0);
  CHECK(nlohmann::json::parse(edge.out)["confidence"] == 0.9999);
}

TEST_CASE("A sweep refuses a key set both by --set and by its flag", "[cli][hostile]") {
  const Scratch scratch("both");
  const std::string s = tiny_scenario(scratch);
  const auto ran = ccsim_in(
      scratch, "sweep " + s + " --set /replications=[2,3] -r 4 --out " + (scratch / "o.csv"));
  CHECK(ran.status == 2);
  CHECK(contains(
      ran.err, "--replications: expected either --replications or --set /replications, got both"));
}

TEST_CASE("A pipe with no writer as the scenario is refused, not waited on for ever",
          "[cli][hostile]") {
  const Scratch scratch("fifo-in");
  const std::string fifo = scratch / "scenario.fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const auto start = std::chrono::steady_clock::now();
  const auto ran = ccsim_in(scratch, "run " + fifo);
  const double waited_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(ran.status == 2);
  CHECK(contains(ran.err, fifo + ": expected a readable scenario file, got a pipe with no program "
                                 "writing to it (waited 2 s)"));
  CHECK(waited_s < 10.0);
  // A pipe with a writer is read to its end (process substitution, a shell pipe).
  const std::string s = tiny_scenario(scratch);
  const auto piped = ccsim_in(scratch, "run /dev/stdin --json < " + s);
  CHECK(piped.status == 0);
  const auto streamed = ccsim::test::shell_in(
      scratch, "cat " + s + " | " + std::string(CCSIM_BINARY) + " run /dev/stdin --json");
  CHECK(streamed.status == 0);
  CHECK(nlohmann::json::parse(streamed.out)["replications"] == 2);
}

TEST_CASE("Every misleading message now says what is wrong and what to do", "[cli][hostile]") {
  const Scratch scratch("messages");
  const std::string s = tiny_scenario(scratch);
  const std::string log = ccsim::test::source_path("tests/data/calllog/contacts.csv");
  struct Case {
    std::string args;
    std::string message;
  };
  for (const Case& c : std::vector<Case>{
           {"frobnicate",
            "ccsim: expected a command (run, erlang, compare, sweep, staff, fit, backtest, "
            "schema, sensitivity), got \"frobnicate\"; ccsim --help lists them"},
           {"swep " + s, "got \"swep\" (did you mean sweep?)"},
           {"fit " + log + " --interval-min 1 --out " + (scratch / "f.json"),
            "--interval-min: expected a multiple of the staffing step (--staffing-step-min, 5 "
            "unless given), got 1; give --staffing-step-min with a divisor of 1"},
           {"fit " + log + " --interval-min 10 --staffing-step-min 3 --out " + (scratch / "f.json"),
            "--staffing-step-min: expected a divisor of --interval-min (10), got 3"},
           {"run " + s + " --threads 100000",
            "--threads: expected an integer in [1, 1024], got 100000"},
           {"erlang --lambda-per-hour 60 --handle-s 60 --agents 2147483647",
            "--agents: expected a whole number in [0, 1000000] (the exact formulas' limit)"},
       }) {
    INFO(c.args);
    const auto ran = ccsim_in(scratch, c.args);
    CHECK(ran.status == 2);
    CHECK(contains(ran.err, c.message));
  }
  // More threads than the machine has: run on the machine's, and say so, in ccsim's words.
  const auto many = ccsim_in(scratch, "run " + s + " --threads 1024 --json");
  CHECK(many.status == 0);
  CHECK(contains(many.err, "ccsim: --threads 1024: this machine runs"));
  CHECK(!contains(many.err, "TBB"));
}
