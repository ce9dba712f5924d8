// Trace files (docs/formats.md, "Trace CSV"): columns, dates, determinism across threads, what
// the rows say against the results, and what a failure leaves behind.
#include <unistd.h>
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "ccsim/io/trace.hpp"
#include "ccsim/parallel/runner.hpp"
#include "ccsim/stats/results.hpp"
#include "test_support.hpp"

using namespace ccsim;
namespace fs = std::filesystem;

namespace {

// Fields of the trace are printed to the millisecond.
constexpr double kPrintedSeconds = 1e-3;

fs::path temp_dir(const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() / ("ccsim-trace-" + std::to_string(::getpid()) + "-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A CSV without quoted fields (the test scenarios' names need none), by column name.
struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::size_t column(const std::string& name) const {
    const auto it = std::find(header.begin(), header.end(), name);
    REQUIRE(it != header.end());
    return static_cast<std::size_t>(it - header.begin());
  }
};

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream in(line);
  std::string field;
  while (std::getline(in, field, ',')) fields.push_back(field);
  if (!line.empty() && line.back() == ',') fields.emplace_back();
  return fields;
}

Table read_table(const fs::path& path) {
  std::ifstream in(path);
  Table t;
  std::string line;
  std::getline(in, line);
  t.header = split(line);
  while (std::getline(in, line)) t.rows.push_back(split(line));
  return t;
}

struct TracedRun {
  std::vector<Tally> tallies;
  fs::path trace;
};

TracedRun run_with_trace(const Scenario& s, const fs::path& trace, int threads) {
  OutputFile output(trace.string(), {"--trace", {}, {}, false});
  TraceWriter writer(s, output, 0, s.replications);
  RunOptions options;
  options.threads = threads;
  options.contact_sink = [&](int r) { return writer.sink_for(r); };
  options.on_in_order = [&](int r) { writer.replication_done(r); };
  TracedRun run{run_replications(s, 0, s.replications, options), trace};
  writer.finish();
  return run;
}

}  // namespace

TEST_CASE("A trace has the generic contact columns and the trace's own", "[trace]") {
  const fs::path dir = temp_dir("columns");
  Scenario s = test::mmn_scenario({});
  s.replications = 1;
  s.horizon_s = 1800.0;
  s.warmup_s = 0.0;
  const TracedRun run = run_with_trace(s, dir / "t.csv", 1);
  const Table t = read_table(run.trace);
  for (const char* name :
       {"date",       "arrival_s",   "segment",       "waited_s",   "outcome",     "handle_s",
        "agent",      "replication", "day",           "customer",   "contact",     "kind",
        "reason",     "reason_kind", "channel",       "warmup",     "path",        "bot_s",
        "bot_wait_s", "bot_end",     "queue_entry_s", "group",      "end_s",       "resolved",
        "escalated",  "callback",    "empathy",       "frustrated", "wants_human", "next",
        "last",       "satisfied",   "churned"}) {
    INFO(name);
    t.column(name);
  }
  REQUIRE(t.rows.size() == run.tallies[0].totals().contacts);
  for (const auto& row : t.rows) REQUIRE(row.size() == t.header.size());
  const std::size_t outcome = t.column("outcome"), handle = t.column("handle_s"),
                    agent = t.column("agent");
  for (const auto& row : t.rows) {
    // Handle time and agent only for contacts an agent took.
    CHECK((row[outcome] == "answered") == !row[handle].empty());
    CHECK((row[outcome] == "answered") == (row[agent].rfind("humans-", 0) == 0));
  }
  fs::remove_all(dir);
}

TEST_CASE("Each replication's days get dates of their own", "[trace]") {
  const fs::path dir = temp_dir("dates");
  test::MmnSpec spec;
  spec.lambda_per_hour = 6.0;
  spec.horizon_s = 2 * 86400.0 - 3600.0;  // two days per replication
  spec.warmup_s = 0.0;
  spec.replications = 2;
  const TracedRun run = run_with_trace(test::mmn_scenario(spec), dir / "t.csv", 2);
  const Table t = read_table(run.trace);
  const std::size_t date = t.column("date"), replication = t.column("replication"),
                    day = t.column("day"), arrival = t.column("arrival_s");
  std::map<std::string, std::string> dates;  // "replication/day": date
  for (const auto& row : t.rows) {
    const std::string key = row[replication] + "/" + row[day];
    CHECK(dates.emplace(key, row[date]).first->second == row[date]);
    const double arrival_s = std::stod(row[arrival]);
    CHECK(arrival_s >= 0.0);
    CHECK(arrival_s < 86400.0);
  }
  const std::map<std::string, std::string> expected = {
      {"0/0", "2000-01-01"}, {"0/1", "2000-01-02"}, {"1/0", "2000-01-03"}, {"1/1", "2000-01-04"}};
  CHECK(dates == expected);
  fs::remove_all(dir);
}

TEST_CASE("A trace is the same byte for byte with one thread and two", "[trace]") {
  const fs::path dir = temp_dir("threads");
  const Scenario s = load_scenario_file(test::source_path("tests/data/journey.json"));
  run_with_trace(s, dir / "one.csv", 1);
  run_with_trace(s, dir / "two.csv", 2);
  const std::string one = read_file(dir / "one.csv");
  CHECK(one.size() > 1000);
  CHECK(one == read_file(dir / "two.csv"));
  // Only the two traces are left: the pieces were joined and removed.
  CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 2);
  fs::remove_all(dir);
}

TEST_CASE("An Erlang A trace's waits and handle times agree with the results", "[trace]") {
  const fs::path dir = temp_dir("erlang");
  Scenario s = load_scenario_file(test::source_path("scenarios/erlang-a.json"));
  s.replications = 2;
  const TracedRun run = run_with_trace(s, dir / "t.csv", 2);
  const Results results = merge_tallies(s, run.tallies, s.confidence);
  const Table t = read_table(run.trace);
  const std::size_t outcome = t.column("outcome"), waited = t.column("waited_s"),
                    handle = t.column("handle_s"), warmup = t.column("warmup");
  double answered = 0, abandoned = 0, answered_wait_s = 0, abandoned_wait_s = 0, handle_sum = 0,
         handle_squares = 0;
  for (const auto& row : t.rows) {
    if (row[warmup] == "1") continue;
    const double wait_s = std::stod(row[waited]);
    if (row[outcome] == "answered") {
      ++answered;
      answered_wait_s += wait_s;
      const double h = std::stod(row[handle]);
      handle_sum += h;
      handle_squares += h * h;
    } else {
      REQUIRE(row[outcome] == "abandoned");
      ++abandoned;
      abandoned_wait_s += wait_s;
    }
  }
  // The same contacts as the results: rates exactly, means to the printed millisecond.
  CHECK(abandoned / (answered + abandoned) ==
        Approx(*results.metric("abandon_rate").mean).epsilon(1e-12));
  CHECK(std::abs((answered_wait_s + abandoned_wait_s) / (answered + abandoned) -
                 *results.metric("mean_wait_s").mean) <= kPrintedSeconds);
  CHECK(std::abs(answered_wait_s / answered - *results.metric("asa_s").mean) <= kPrintedSeconds);
  // Handle times are the scenario's exponential of mean 60 s: within 4 standard errors.
  const double mean = handle_sum / answered;
  const double sd = std::sqrt((handle_squares - answered * mean * mean) / (answered - 1));
  CHECK(std::abs(mean - 60.0) <= 4.0 * sd / std::sqrt(answered));
  CHECK(sd == Approx(60.0).epsilon(0.05));
  fs::remove_all(dir);
}

TEST_CASE("A bot-first trace shows the contacts' paths through the bot", "[trace]") {
  const fs::path dir = temp_dir("bot");
  Scenario s = load_scenario_file(test::source_path("scenarios/france-bot-first.json"));
  s.replications = 1;
  const TracedRun run = run_with_trace(s, dir / "t.csv", 1);
  const Table t = read_table(run.trace);
  const std::size_t path = t.column("path"), outcome = t.column("outcome"),
                    bot_end = t.column("bot_end"), bot_s = t.column("bot_s"),
                    escalated = t.column("escalated"), channel = t.column("channel");
  std::map<std::string, std::set<std::string>> outcomes_by_path;
  std::set<std::string> channels;
  for (const auto& row : t.rows) {
    outcomes_by_path[row[path]].insert(row[outcome]);
    channels.insert(row[channel]);
    CHECK(std::stod(row[bot_s]) >= 0.0);  // every contact starts with the bot
    const bool to_queue = row[path].rfind("bot>queue", 0) == 0;
    CHECK((row[escalated] == "1") == to_queue);
    if (to_queue) CHECK((row[bot_end] == "failed" || row[bot_end] == "asked_for_human"));
  }
  const std::map<std::string, std::set<std::string>> expected = {
      {"bot", {"bot_resolved", "bot_abandoned"}},
      {"bot>queue", {"abandoned"}},
      {"bot>queue>agent", {"answered"}}};
  CHECK(outcomes_by_path == expected);
  CHECK(channels == std::set<std::string>{"voice", "chat"});
  fs::remove_all(dir);
}

TEST_CASE("A trace abandoned before it is finished leaves no file behind", "[trace]") {
  const fs::path dir = temp_dir("failure");
  const Scenario s = test::mmn_scenario({});
  {
    OutputFile output((dir / "t.csv").string(), {"--trace", {}, {}, false});
    TraceWriter writer(s, output, 0, 2);
    auto sink = writer.sink_for(1);
    sink->record(ContactRecord{});
    sink.reset();
    // Only the locked work file has a name: pieces are unnamed.
    CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 1);
  }  // as when a replication throws: no finish()
  CHECK(fs::is_empty(dir));
  fs::remove_all(dir);
}

TEST_CASE("run --trace writes the trace and leaves the results unchanged", "[trace][cli]") {
  const fs::path dir = temp_dir("cli");
  const std::string scenario = test::source_path("scenarios/erlang-a.json");
  const std::string trace = (dir / "t.csv").string();
  const auto plain = test::run_ccsim("run " + scenario + " -r 2 --json");
  const auto traced = test::run_ccsim("run " + scenario + " -r 2 --json --trace " + trace);
  REQUIRE(plain.status == 0);
  REQUIRE(traced.status == 0);
  auto without_run_info = [](const std::string& text) {
    auto j = nlohmann::json::parse(text);
    j.erase("run_info");
    return j;
  };
  CHECK(without_run_info(plain.out) == without_run_info(traced.out));
  CHECK(read_file(trace).rfind(std::string(TraceWriter::header()) + "\n", 0) == 0);
  const auto bad = test::run_ccsim("run " + scenario + " --trace " + (dir / "no/t.csv").string());
  CHECK(bad.status == 2);
  CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 1);
  fs::remove_all(dir);
}
