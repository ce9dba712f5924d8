// Work under hostile input stays bounded: its time grows with the events, never with a
// duration's magnitude; a search stops at a documented limit; a queue that cannot drain is
// flagged before it runs and refused past what ccsim holds; one outlier cannot move a fit.
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "ccsim/queueing/erlang_staffing.hpp"
#include "ccsim/scenario/queue_growth.hpp"
#include "hostile_support.hpp"

namespace {

using namespace ccsim::test;  // the helpers of hostile_support.hpp
using Clock = std::chrono::steady_clock;

// A generic contact CSV of `days` days from 2024-03-04, `per_day` answered calls a day by three
// agents, handle times of one to four minutes; `extra` rows appended as they are.
std::string call_log(const Scratch& scratch, const std::string& name, int days, int per_day,
                     const std::string& extra = "") {
  std::ostringstream text;
  text << "date,arrival_s,segment,waited_s,outcome,handle_s,agent\n";
  for (int d = 0; d < days; ++d) {
    for (int i = 0; i < per_day; ++i) {
      text << "2024-03-" << (4 + d < 10 ? "0" : "") << 4 + d << "," << 28800 + i * 50 << ",all,"
           << i % 7 << ",answered," << 60 + (i * 37) % 180 << ",a" << i % 3 << "\n";
    }
  }
  text << extra;
  const std::string path = scratch / name;
  write_all(path, text.str());
  return path;
}

double most_agents(const std::string& scenario_path) {
  const auto s = nlohmann::json::parse(read_all(scenario_path));
  double most = 0.0;
  for (const auto& n : s["staffing"]["groups"][0]["agents"]["agents"]) {
    most = std::max(most, n.get<double>());
  }
  return most;
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

TEST_CASE("One outlier service cannot move the fitted staffing, and is named", "[fit][hostile]") {
  const Scratch scratch("outlier");
  const std::string clean = call_log(scratch, "clean.csv", 5, 500);
  const std::string dirty =
      call_log(scratch, "dirty.csv", 5, 500, "2024-03-05,36000,all,0,answered,1000000000,a1\n");
  REQUIRE(ccsim_in(scratch, "fit " + clean + " --out " + (scratch / "clean.json")).status == 0);
  const auto fitted = ccsim_in(scratch, "fit " + dirty + " --out " + (scratch / "dirty.json"));
  REQUIRE(fitted.status == 0);
  CHECK(most_agents(scratch / "dirty.json") == most_agents(scratch / "clean.json"));
  CHECK(most_agents(scratch / "clean.json") <= 3.0);
  CHECK(contains(fitted.err,
                 "ccsim fit: 1 service set aside from the staffing inference as an "
                 "outlier (longer than"));
  CHECK(contains(fitted.err, "2024-03-05 10:00:00 (handle 1000000000 s)"));
  const auto description = nlohmann::json::parse(read_all(scratch / "dirty.json"))["description"];
  CHECK(contains(description.dump(), "1 service set aside"));
}

TEST_CASE("Handle times of a billion seconds cost the fit no more than short ones",
          "[fit][hostile]") {
  const Scratch scratch("long-handles");
  std::ostringstream rows;
  for (int i = 0; i < 500; ++i) {
    rows << "2024-03-04," << 36000 + i << ",all,0,answered,999999999,b" << i << "\n";
  }
  const std::string log = call_log(scratch, "long.csv", 1, 50, rows.str());
  const auto start = Clock::now();
  const auto fitted = ccsim_in(scratch, "fit " + log + " --out " + (scratch / "f.json"));
  // Before, this took over a minute: time grew with rows x handle time. Now it grows with the
  // rows (a generous bound: a loaded machine, a sanitizer build).
  CHECK(seconds_since(start) < 20.0);
  CHECK(fitted.status == 0);
  CHECK(contains(fitted.err, "500 services set aside"));
}

TEST_CASE("fit refuses what a scenario cannot hold before fitting, naming the way out",
          "[fit][hostile]") {
  const Scratch scratch("fit-limits");
  std::ostringstream segments;
  for (int i = 0; i < 1001; ++i) {
    segments << "2024-03-04," << 36000 + i << ",s" << i << ",0,answered,60,a1\n";
  }
  const std::string many = call_log(scratch, "segments.csv", 1, 10, segments.str());
  const auto by_segment = ccsim_in(
      scratch, "fit " + many + " --by segment --min-day-fraction 0 --out " + (scratch / "f.json"));
  CHECK(by_segment.status == 2);
  CHECK(contains(by_segment.err,
                 "expected at most 1000 segments (a scenario's limit), got 1002 "
                 "in the logs; group them with --map-segment FROM=TO, or fit "
                 "with --by none"));
  std::ostringstream days;
  days << "date,arrival_s,segment,waited_s,outcome,handle_s,agent\n";
  for (int d = 0; d < 10001; ++d) {  // 28 days a month, every date valid
    const int year = 2000 + d / 336;
    const int month = d % 336 / 28 + 1;
    const int day = d % 28 + 1;
    days << year << "-" << (month < 10 ? "0" : "") << month << "-" << (day < 10 ? "0" : "") << day
         << ",36000,all,0,answered,60,a1\n";
  }
  write_all(scratch / "days.csv", days.str());
  const auto long_log =
      ccsim_in(scratch, "fit " + (scratch / "days.csv") +
                            " --days all --min-day-fraction 0 --out " + (scratch / "f.json"));
  CHECK(long_log.status == 2);
  CHECK(contains(long_log.err,
                 "expected at most 10000 days (a scenario's replications, one per "
                 "day), got 10001 in the logs"));
  CHECK(!std::filesystem::exists(scratch / "f.json"));
}

TEST_CASE("erlang beyond the exact limit answers by the square-root rule, labelled, at once",
          "[erlang][hostile]") {
  const Scratch scratch("erlang");
  const auto start = Clock::now();
  const auto huge = ccsim_in(scratch,
                             "erlang --lambda-per-hour 1e9 --handle-s 1e9 --target "
                             "'service_level>=0.8' --json");
  CHECK(seconds_since(start) < 10.0);
  REQUIRE(huge.status == 0);
  const auto json = nlohmann::json::parse(huge.out);
  CHECK(json["method"] == "square_root_asymptotic");
  CHECK(json["metrics"].is_null());
  const double load = 1e9 / 3600.0 * 1e9;
  CHECK(json["agents"].get<double>() > load);
  CHECK(json["agents"].get<double>() < load * 1.001);
  const auto table = ccsim_in(scratch,
                              "erlang --lambda-per-hour 4e9 --handle-s 1 --target "
                              "'service_level>=0.8'");
  CHECK(table.status == 0);
  CHECK(contains(table.out, "an asymptotic approximation"));
  CHECK(contains(table.out, "the exact formulas' limit"));
  // Within the limit the exact search answers, as before.
  const auto exact = ccsim_in(scratch,
                              "erlang --lambda-per-hour 720 --handle-s 240 --patience-s 180 "
                              "--target 'service_level>=0.8' --json");
  REQUIRE(exact.status == 0);
  CHECK(nlohmann::json::parse(exact.out)["method"] == "exact");
}

TEST_CASE("The exact search's answer and the square-root rule agree where both hold",
          "[erlang][hostile]") {
  // Just inside the limit (the search's cap below one million agents), the rule the answer
  // falls back to beyond it is within a few agents of the exact one.
  ccsim::ErlangQueue queue;
  queue.lambda_per_s = 900000.0 / 60.0;
  queue.handle_s = 60.0;
  const std::vector<ccsim::Target> targets = {{"service_level", ccsim::TargetOp::at_least, 0.8}};
  const ccsim::ErlangStaffing exact = ccsim::erlang_staffing(queue, targets);
  REQUIRE(!exact.asymptotic);
  REQUIRE(exact.agents);
  REQUIRE(exact.square_root.agents);
  CHECK(std::abs(*exact.agents - *exact.square_root.agents) <= 3);
}

TEST_CASE("A queue that cannot drain is flagged before it runs and refused past what ccsim holds",
          "[cli][hostile]") {
  const Scratch scratch("unstable");
  // 36,000 calls an hour for one agent, nobody ever gives up.
  const std::string over =
      tiny_scenario(scratch, "over.json",
                    R"("replications": 1, "horizon_s": 20000, "arrivals": {"per_hour": 36000},
         "staffing": {"humans": 1})");
  auto scenario = nlohmann::json::parse(read_all(over));
  scenario.erase("patience_s");
  write_all(over, scenario.dump());
  const auto flagged = ccsim_in(scratch, "run " + over + " --json");
  CHECK(flagged.status == 0);
  CHECK(
      contains(flagged.err, "ccsim: " + over +
                                ": unstable: 36000 arrivals an hour who never "
                                "abandon, against at most 60 an hour the agents could serve: at "
                                "least 199667 customers would be waiting at the horizon, about 13 "
                                "MB per replication in progress"));
  scenario["horizon_s"] = 1e7;
  write_all(over, scenario.dump());
  const auto start = Clock::now();
  for (const std::string& command : std::vector<std::string>{
           "run " + over, "compare " + over + " " + over,
           "sweep " + over + " --set /replications=[1] --out " + (scratch / "o.csv")}) {
    INFO(command);
    const auto refused = ccsim_in(scratch, command);
    CHECK(refused.status == 2);
    CHECK(contains(refused.err, ": expected a queue that can drain, got 36000 arrivals an hour"));
    CHECK(contains(refused.err,
                   "more than the 10000000 waiting customers ccsim holds; shorten "
                   "horizon_s, add agents, or give patience_s"));
  }
  CHECK(seconds_since(start) < 10.0);
  // With patience, or with the agents it needs, the same arrivals are no concern.
  scenario["patience_s"] = {{"dist", "exponential"}, {"mean", 60}};
  CHECK(!ccsim::queue_growth(ccsim::parse_scenario(scenario.dump(), "patient")));
  scenario.erase("patience_s");
  scenario["staffing"]["humans"] = 700;
  CHECK(!ccsim::queue_growth(ccsim::parse_scenario(scenario.dump(), "staffed")));
}
