// `ccsim sweep` and `--precision` from the command line: rows, common random numbers,
// interrupted and resumed sweeps, replication caps.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using ccsim::test::run_ccsim;
using nlohmann::json;

const std::string kErlangA = ccsim::test::source_path("scenarios/erlang-a.json");

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A fresh directory per test case, removed at its end.
struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& name)
      : path(fs::temp_directory_path() /
             ("ccsim-sweep-" + name + "-" + std::to_string(::getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string operator/(const std::string& file) const { return (path / file).string(); }
};

// The Erlang-A scenario over two hours: a few thousand customers per replication.
std::string write_short_scenario(const TempDir& dir) {
  json s = json::parse(read_file(kErlangA));
  s["horizon_s"] = 7200;
  s["warmup_s"] = 600;
  const std::string path = dir / "short.json";
  std::ofstream(path) << s.dump(2);
  return path;
}

std::vector<json> jsonl_rows(const std::string& path) {
  std::vector<json> rows;
  std::istringstream in(read_file(path));
  std::string line;
  std::getline(in, line);  // the header
  while (std::getline(in, line)) rows.push_back(json::parse(line));
  return rows;
}

double half_width(const json& estimate) {
  return (estimate["ci_high"].get<double>() - estimate["ci_low"].get<double>()) / 2.0;
}

std::size_t count_lines(const std::string& path) {
  const std::string text = read_file(path);
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

// Starts ccsim with `args` (split on spaces), its output discarded.
pid_t spawn_ccsim(const std::string& args) {
  std::vector<std::string> words{CCSIM_BINARY};
  std::istringstream in(args);
  for (std::string w; in >> w;) words.push_back(w);
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, STDOUT_FILENO);
    ::dup2(null, STDERR_FILENO);
    std::vector<char*> argv;
    for (std::string& w : words) argv.push_back(w.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  return pid;
}

}  // namespace

TEST_CASE("A sweep row gives the figures of ccsim run at that point", "[sweep][cli]") {
  TempDir dir("row");
  const std::string base = write_short_scenario(dir);
  const std::string out = dir / "rows.jsonl";
  REQUIRE(
      run_ccsim("sweep " + base + " --set '/staffing/humans=[49,51]' -r 3 --out " + out).status ==
      0);
  CHECK_FALSE(fs::exists(out + ".partial"));
  const std::vector<json> rows = jsonl_rows(out);
  REQUIRE(rows.size() == 2);
  CHECK(rows[1]["point"] == 1);
  CHECK(rows[1]["values"]["/staffing/humans"] == 51);

  json point = json::parse(read_file(base));
  point["staffing"]["humans"] = 51;
  const std::string point_file = dir / "point1.json";
  std::ofstream(point_file) << point.dump();
  const json run = json::parse(run_ccsim("run " + point_file + " -r 3 --json").out);
  CHECK(rows[1]["seed"] == 1);
  CHECK(rows[1]["customers"] == run["customers"]);
  for (const char* metric : {"abandon_rate", "asa_s", "wait_p90_s", "occupancy"}) {
    INFO(metric);
    for (const char* field : {"mean", "ci_low", "ci_high", "n"}) {
      CHECK(rows[1]["metrics"][metric][field] == run["metrics"][metric][field]);
    }
  }
}

TEST_CASE("Common random numbers narrow the CI of a difference several times", "[sweep][cli]") {
  TempDir dir("crn");
  const std::string sweep =
      "sweep " + kErlangA + " --set '/staffing/humans=[50,51]' -r 8 --baseline --out ";
  REQUIRE(run_ccsim(sweep + (dir / "crn.jsonl")).status == 0);
  REQUIRE(run_ccsim(sweep + (dir / "ind.jsonl") + " --independent").status == 0);
  const json crn = jsonl_rows(dir / "crn.jsonl")[1]["difference"];
  const json independent = jsonl_rows(dir / "ind.jsonl")[1]["difference"];
  // With seed 1 and 8 replications the ratios are 8.6 (abandon_rate), 6.1 (asa_s) and 15
  // (occupancy); 3 leaves room for any other seed while still proving the point.
  for (const char* metric : {"abandon_rate", "asa_s", "occupancy"}) {
    INFO(metric << ": " << half_width(crn[metric]) << " vs " << half_width(independent[metric]));
    CHECK(half_width(independent[metric]) >= 3.0 * half_width(crn[metric]));
  }
  // One more agent: fewer abandon, and the paired interval says so.
  CHECK(crn["abandon_rate"]["ci_high"].get<double>() < 0.0);
}

TEST_CASE(
    "With --precision a point's difference from the baseline is the difference of the "
    "means printed, over the same replications",
    "[sweep][cli]") {
  TempDir dir("paired");
  // 45 agents need more replications than 50 for the same half-width: point 0 is run further.
  REQUIRE(run_ccsim("sweep " + write_short_scenario(dir) +
                    " --set '/staffing/humans=[50,45]' --baseline --precision asa_s=0.5 --out " +
                    (dir / "rows.jsonl"))
              .status == 0);
  const std::vector<json> rows = jsonl_rows(dir / "rows.jsonl");
  REQUIRE(rows.size() == 2);
  CHECK(rows[1]["replications"].get<int>() > rows[0]["replications"].get<int>());
  for (const json& row : rows) {
    for (const auto& [name, difference] : row["difference"].items()) {
      INFO("point " << row["point"] << ", " << name);
      if (difference["mean"].is_null()) continue;
      const double mean = row["metrics"][name]["mean"].get<double>();
      const double base = row["baseline"][name]["mean"].get<double>();
      CHECK(difference["mean"].get<double>() == Approx(mean - base).margin(1e-12));
      CHECK(difference["n"] == row["replications"]);
    }
  }
}

TEST_CASE("A sweep's rows do not depend on the thread count", "[sweep][cli]") {
  TempDir dir("threads");
  // The scenario may come after the --set flags.
  const std::string good =
      "sweep --set /staffing/humans=48:50:2 --set /arrivals/per_hour=2800:2900:100 " +
      write_short_scenario(dir) + " -r 3 --by segment --baseline --out ";
  REQUIRE(run_ccsim(good + (dir / "one.csv") + " -t 1").status == 0);
  REQUIRE(run_ccsim(good + (dir / "two.csv") + " -t 2").status == 0);
  CHECK(read_file(dir / "one.csv") == read_file(dir / "two.csv"));
  CHECK(count_lines(dir / "one.csv") == 1 + 4);
}

TEST_CASE("A bad point stops the sweep before it runs, naming file, point and pointer",
          "[sweep][cli]") {
  TempDir dir("bad");
  const std::string base = write_short_scenario(dir);
  const std::string out = dir / "out.csv";
  const auto o =
      run_ccsim("sweep " + base + " --set /staffing/humans=1:-1:-1 --out " + out, dir / "err.txt");
  CHECK(o.status == 2);
  CHECK(read_file(dir / "err.txt") == base +
                                          " (point 2: /staffing/humans=-1): /staffing/humans: "
                                          "expected an integer in [0, 100000], got -1\n");
  CHECK_FALSE(fs::exists(out));
  CHECK_FALSE(fs::exists(out + ".partial"));
}

TEST_CASE("A sweep killed mid-run resumes to the rows of an uninterrupted run", "[sweep][cli]") {
  TempDir dir("resume");
  const std::string args = "sweep " + kErlangA + " --set /staffing/humans=45:84:1 -r 2 -t 1 --out ";
  REQUIRE(run_ccsim(args + (dir / "whole.csv")).status == 0);
  const std::string whole = read_file(dir / "whole.csv");
  REQUIRE(count_lines(dir / "whole.csv") == 1 + 40);
  const std::string whole_meta = read_file(dir / "whole.csv.meta.json");
  for (const int signal : {SIGKILL, SIGINT, SIGTERM}) {
    INFO("signal " << signal);
    const std::string out = dir / ("cut" + std::to_string(signal) + ".csv");
    const pid_t pid = spawn_ccsim(args + out);
    // Kill it once a few rows are in: the column line, three rows.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (count_lines(out + ".partial") < 4 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ::kill(pid, signal);
    int status = 0;
    ::waitpid(pid, &status, 0);
    REQUIRE(WIFSIGNALED(status));  // killed, not finished
    CHECK(WTERMSIG(status) == signal);
    CHECK_FALSE(fs::exists(out));
    const std::string partial = read_file(out + ".partial");
    CHECK(partial.size() < whole.size());
    if (signal != SIGKILL) {
      // Held back during a write, these never leave a torn line.
      CHECK(partial.back() == '\n');
      CHECK(whole.compare(0, partial.size(), partial) == 0);
    } else {
      // What a kill in the middle of a write would leave: a torn row, dropped on resume.
      std::ofstream(out + ".partial", std::ios::app) << "17,1,6";
    }
    REQUIRE(run_ccsim(args + out + " --resume").status == 0);
    CHECK(read_file(out) == whole);
    CHECK(read_file(out + ".meta.json") == whole_meta);
    CHECK_FALSE(fs::exists(out + ".partial"));
    CHECK_FALSE(fs::exists(out + ".meta.json.partial"));
  }
}

TEST_CASE("Resuming refuses the output of another sweep", "[sweep][cli]") {
  TempDir dir("refuse");
  const std::string base = write_short_scenario(dir);
  const std::string out = dir / "out.csv";
  REQUIRE(run_ccsim("sweep " + base + " --set /staffing/humans=48:49:1 -r 2 --out " + out).status ==
          0);
  const std::string before = read_file(out);
  const auto o =
      run_ccsim("sweep " + base + " --set /staffing/humans=48:50:1 -r 2 --resume --out " + out,
                dir / "err.txt");
  CHECK(o.status == 2);
  CHECK_THAT(read_file(dir / "err.txt"),
             Catch::StartsWith(out + ": expected the output of this sweep (hash ") &&
                 Catch::Contains("got that of another sweep"));
  CHECK(read_file(out) == before);
  // The same sweep again: already complete.
  CHECK(run_ccsim("sweep " + base + " --set /staffing/humans=48:49:1 -r 2 --resume --out " + out)
            .status == 0);
  CHECK(read_file(out) == before);
}

TEST_CASE("A sweep's CSV with a decimal comma holds the same cells, separated by semicolons",
          "[sweep][cli][csv]") {
  TempDir dir("decimal");
  const std::string base = write_short_scenario(dir);
  const std::string sweep =
      "sweep " + base +
      " --set /staffing/humans=48:49:1 --set /service_level_threshold_s=[20.5] -r 2";
  for (const std::string format : {"csv", "tidy"}) {
    const std::string point = dir / ("point-" + format + ".csv");
    const std::string comma = dir / ("comma-" + format + ".csv");
    REQUIRE(run_ccsim(sweep + " --format " + format + " --out " + point).status == 0);
    REQUIRE(run_ccsim(sweep + " --format " + format + " --csv-decimal , --out " + comma).status ==
            0);
    std::istringstream a(read_file(point));
    std::istringstream b(read_file(comma));
    std::size_t lines = 0;
    std::size_t decimals = 0;
    for (std::string x, y; std::getline(a, x) && std::getline(b, y); ++lines) {
      const std::vector<std::string> dotted = ccsim::test::split_unquoted_csv(x, ',');
      std::vector<std::string> commas = ccsim::test::split_unquoted_csv(y, ';');
      REQUIRE(dotted.size() == commas.size());
      for (std::size_t c = 0; c < commas.size(); ++c) {
        if (commas[c].find(',') != std::string::npos) ++decimals;
        std::replace(commas[c].begin(), commas[c].end(), ',', '.');
        CHECK(commas[c] == dotted[c]);
      }
    }
    CHECK(lines == count_lines(point));
    CHECK(lines == count_lines(comma));
    CHECK(decimals > lines);  // every line has estimates with decimals, and the axis 20,5
    // The side file records the style, so --resume refuses to mix two styles in one file.
    CHECK(json::parse(read_file(comma + ".meta.json"))["sweep"]["csv_decimal"] == ",");
    CHECK(run_ccsim(sweep + " --format " + format + " --resume --out " + comma).status == 2);
  }
  // Cut inside its last row, the comma file resumes to the same bytes.
  const std::string whole = read_file(dir / "comma-csv.csv");
  const std::string cut = dir / "cut.csv";
  std::ofstream(cut + ".partial") << whole.substr(0, whole.size() - 20);
  std::ofstream(cut + ".meta.json.partial") << read_file(dir / "comma-csv.csv.meta.json");
  REQUIRE(run_ccsim(sweep + " --csv-decimal , --resume --out " + cut).status == 0);
  CHECK(read_file(cut) == whole);
}

TEST_CASE("A sweep's CSV style that cannot be read back exits 2 and writes nothing",
          "[sweep][cli][csv]") {
  TempDir dir("style");
  const std::string base = write_short_scenario(dir);
  const std::string sweep = "sweep " + base + " --set /staffing/humans=48:49:1 -r 2 --out ";
  const std::string err = dir / "err.txt";
  CHECK(run_ccsim(sweep + (dir / "a.csv") + " --csv-sep , --csv-decimal ,", err).status == 2);
  CHECK(read_file(err) ==
        "--csv-sep: expected a separator other than the decimal mark ',' (--csv-sep ';' with "
        "--csv-decimal ','), got ','\n");
  CHECK(run_ccsim(sweep + (dir / "a.jsonl") + " --csv-decimal ,", err).status == 2);
  CHECK(read_file(err) ==
        "--csv-decimal: expected a CSV output (--format csv or tidy), got jsonl\n");
  CHECK(run_ccsim(sweep + (dir / "a.csv") + " --csv-sep 0", err).status == 2);
  CHECK_FALSE(fs::exists(dir / "a.csv"));
  CHECK_FALSE(fs::exists(dir / "a.jsonl"));
}

TEST_CASE("run --precision gives a plain run's figures for the replications it took",
          "[precision][cli]") {
  TempDir dir("precision");
  const std::string base = write_short_scenario(dir);
  const auto o =
      run_ccsim("run " + base + " -r 4 --precision abandon_rate=0.003 --precision asa_s=1 --json");
  REQUIRE(o.status == 0);
  const json precise = json::parse(o.out);
  const json& p = precise["precision"];
  CHECK(p["met"] == true);
  CHECK(p["cap_hit"] == false);
  CHECK(p["max_replications"] == 1000);
  const int n = p["replications"];
  CHECK(n > 4);
  CHECK(precise["replications"] == n);
  CHECK(p["targets"]["abandon_rate"]["half_width"].get<double>() <= 0.003);
  CHECK(p["targets"]["asa_s"]["met"] == true);
  const json plain =
      json::parse(run_ccsim("run " + base + " -r " + std::to_string(n) + " --json").out);
  // Every figure is the plain run's; a targeted metric's interval is Stein's where that is wider.
  for (const auto& [name, estimate] : plain["metrics"].items()) {
    INFO(name);
    const json& e = precise["metrics"][name];
    CHECK(e["mean"] == estimate["mean"]);
    if (name == "abandon_rate" || name == "asa_s") {
      CHECK(e["ci_low"].get<double>() <= estimate["ci_low"].get<double>());
      CHECK(e["ci_high"].get<double>() >= estimate["ci_high"].get<double>());
    } else {
      CHECK(e == estimate);
    }
  }
  CHECK(precise["by_interval"] == plain["by_interval"]);
}

TEST_CASE("Hitting the replication cap exits with status 3", "[precision][cli]") {
  TempDir dir("cap");
  const std::string base = write_short_scenario(dir);
  const auto o = run_ccsim("run " + base +
                           " -r 2 --precision abandon_rate=0.00001 --max-replications 12 --json");
  CHECK(o.status == 3);
  const json p = json::parse(o.out)["precision"];
  CHECK(p["met"] == false);
  CHECK(p["cap_hit"] == true);
  CHECK(p["replications"] == 12);
  const auto table = run_ccsim("run " + base +
                               " -r 2 --precision abandon_rate=0.00001 "
                               "--max-replications 12");
  CHECK(table.status == 3);
  CHECK_THAT(table.out, Catch::Contains("precision: cap of 12 replications hit"));

  const std::string out = dir / "cap.csv";
  CHECK(run_ccsim("sweep " + base +
                  " --set /staffing/humans=[50] -r 2 --precision "
                  "abandon_rate=0.00001 --max-replications 11 --out " +
                  out)
            .status == 3);
  const std::string text = read_file(out);
  CHECK_THAT(text, Catch::Contains(",replications,customers,precision_met,"));
  CHECK_THAT(text, Catch::Contains("\n0,1,50,11,"));
  CHECK_THAT(text, Catch::Contains(",false,"));
}

TEST_CASE("A replication cap below the first batch of --precision is refused before any work",
          "[precision][cli]") {
  TempDir dir("small-cap");
  const std::string out = dir / "x.json";
  const auto o = run_ccsim(
      "run " + kErlangA + " --precision abandon_rate=0.01 --max-replications 5 --out " + out,
      dir / "err.txt");
  CHECK(o.status == 2);
  CHECK(o.out.empty());
  CHECK_THAT(read_file(dir / "err.txt"),
             Catch::Contains("expected an integer in [10, 10000], got 5"));
  CHECK_FALSE(fs::exists(out));
}

TEST_CASE("An unknown precision metric is refused with a suggestion", "[precision][cli]") {
  TempDir dir("unknown");
  const auto o = run_ccsim("run " + kErlangA + " --precision abandon_rat=0.01", dir / "err.txt");
  CHECK(o.status == 2);
  CHECK(o.out.empty());
  CHECK_THAT(read_file(dir / "err.txt"),
             Catch::StartsWith("--precision: expected a metric of the results (abandon_rate,") &&
                 Catch::EndsWith("got \"abandon_rat\" (did you mean \"abandon_rate\"?)\n"));
  CHECK(run_ccsim("sweep " + kErlangA + " --set /seed=1 --precision waitp90=1 --out " +
                  (dir / "x.csv"))
            .status == 2);
  CHECK_FALSE(fs::exists(dir / "x.csv"));
}
