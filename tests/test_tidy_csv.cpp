// Tidy CSV (--csv, --csv-sep, --csv-decimal) and clock-time labels (opens_at).
#include <unistd.h>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "ccsim/io/report.hpp"
#include "ccsim/io/tidy_csv.hpp"
#include "ccsim/parallel/runner.hpp"
#include "ccsim/scenario/scenario.hpp"
#include "test_support.hpp"

namespace {

using ccsim::test::run_ccsim;
using Row = std::map<std::string, std::string>;

std::filesystem::path temp_dir() {
  const auto dir =
      std::filesystem::temp_directory_path() / ("ccsim-tidy-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The rows of a CSV whose cells hold no quotes (ccsim's tidy tables of test scenarios), by
// column name.
std::vector<Row> parse_csv(const std::string& text, char separator) {
  std::istringstream in(text);
  std::string line;
  std::vector<std::string> columns;
  std::vector<Row> rows;
  while (std::getline(in, line)) {
    const std::vector<std::string> cells = ccsim::test::split_unquoted_csv(line, separator);
    if (columns.empty()) {
      columns = cells;
      continue;
    }
    REQUIRE(cells.size() == columns.size());
    Row row;
    for (std::size_t i = 0; i < cells.size(); ++i) row[columns[i]] = cells[i];
    rows.push_back(std::move(row));
  }
  return rows;
}

double number(std::string text) {
  for (char& c : text)
    if (c == ',') c = '.';
  return std::stod(text);
}

// A copy of a shipped or test scenario with `changes` merged into it, written to `dir`.
std::string scenario_with(const std::string& relative, const nlohmann::json& changes,
                          const std::filesystem::path& dir, const std::string& name) {
  auto j = nlohmann::json::parse(read_file(ccsim::test::source_path(relative)));
  j.merge_patch(changes);
  const auto path = dir / name;
  std::ofstream(path) << j.dump(1);
  return path.string();
}

const std::string kJourney = ccsim::test::source_path("tests/data/journey.json");

}  // namespace

TEST_CASE("A tidy CSV writes numbers exactly and quotes only cells that need it", "[csv]") {
  ccsim::CsvTable table{{"name", "value", "count", "empty"}, {}};
  table.rows.push_back({std::string("plain"), 0.1, std::int64_t{42}, ccsim::CsvCell()});
  table.rows.push_back({std::string("a;b, \"c\""), -1.25e-7, std::int64_t{-3}, ccsim::CsvCell()});
  CHECK(ccsim::csv_text(table, {}) ==
        "name,value,count,empty\nplain,0.1,42,\n\"a;b, \"\"c\"\"\",-1.25e-07,-3,\n");
  CHECK(ccsim::csv_text(table, {';', ','}) ==
        "name;value;count;empty\nplain;0,1;42;\n\"a;b, \"\"c\"\"\";-1,25e-07;-3;\n");
  const double third = 1.0 / 3.0;
  ccsim::CsvTable exact{{"x"}, {{third}}};
  const std::string text = ccsim::csv_text(exact, {});
  CHECK(std::stod(text.substr(2)) == third);
}

TEST_CASE("A separator that is the decimal mark or part of a number is refused", "[csv]") {
  CHECK_FALSE(ccsim::csv_style_problem({',', '.'}));
  CHECK_FALSE(ccsim::csv_style_problem({';', ','}));
  CHECK_FALSE(ccsim::csv_style_problem({'\t', ','}));
  CHECK(ccsim::csv_style_problem({',', ','}));
  CHECK(ccsim::csv_style_problem({'.', '.'}));
  CHECK(ccsim::csv_style_problem({'-', '.'}));
  CHECK(ccsim::csv_style_problem({':', '.'}));
}

TEST_CASE("Intervals are labelled by clock time with opens_at, by offset without", "[csv]") {
  CHECK(ccsim::interval_label(0.0, std::nullopt) == "0:00");
  CHECK(ccsim::interval_label(34200.0, std::nullopt) == "9:30");
  CHECK(ccsim::interval_label(0.0, 28800.0) == "08:00");
  CHECK(ccsim::interval_label(5400.0, 28800.0) == "09:30");
  CHECK(ccsim::interval_label(57600.0, 28800.0) == "00:00");  // the next day's midnight
  CHECK(ccsim::interval_label(15.0, 28800.0) == "08:00:15");
}

TEST_CASE("opens_at is read as a clock time, and a malformed one is one clear line",
          "[csv][scenario]") {
  const std::string base =
      R"({"horizon_s": 3600, "arrivals": {"per_hour": 60}, "human_handle_s": {"dist": "exponential", "mean": 60},)"
      R"( "staffing": {"humans": 2}, "opens_at": )";
  CHECK(ccsim::parse_scenario(base + "\"08:30\"}", "f.json").opens_at_s == 30600.0);
  CHECK(ccsim::parse_scenario(base + "\"23:59:30\"}", "f.json").opens_at_s == 86370.0);
  CHECK_FALSE(ccsim::parse_scenario(base.substr(0, base.rfind(',')) + "}", "f.json").opens_at_s);
  for (const char* bad : {"\"8:30\"", "\"24:00\"", "\"08:60\"", "\"08:30 \"", "\"+8:30\"", "830"}) {
    INFO(bad);
    try {
      ccsim::parse_scenario(base + bad + "}", "f.json");
      FAIL("accepted");
    } catch (const ccsim::ScenarioError& e) {
      REQUIRE(e.problems().size() == 1);
      CHECK(e.problems()[0].rfind("f.json: /opens_at: expected a clock time \"HH:MM\"", 0) == 0);
    }
  }
}

TEST_CASE("opens_at changes no figure, only the labels of intervals", "[csv]") {
  ccsim::Scenario plain = ccsim::load_scenario_file(kJourney);
  plain.replications = 2;
  ccsim::Scenario opening = plain;
  opening.opens_at_s = 8 * 3600.0;
  const auto a = ccsim::run_replications(plain, 0, 2, {});
  const auto b = ccsim::run_replications(opening, 0, 2, {});
  auto ja = ccsim::to_json(ccsim::merge_tallies(plain, a, plain.confidence));
  auto jb = ccsim::to_json(ccsim::merge_tallies(opening, b, opening.confidence));
  CHECK(jb["opens_at"] == "08:00");
  CHECK(jb["by_interval"][1]["start"] == "08:30");
  jb.erase("opens_at");
  for (auto& interval : jb["by_interval"]) interval.erase("start");
  ja.erase("run_info");
  jb.erase("run_info");
  CHECK(ja == jb);
}

TEST_CASE("run --csv writes one row per segment, interval and metric, with the results' figures",
          "[csv][cli]") {
  const auto dir = temp_dir();
  const std::string scenario =
      scenario_with("tests/data/journey.json", {{"opens_at", "07:30"}}, dir, "opening.json");
  const std::string csv = (dir / "run.csv").string();
  const auto o = run_ccsim("run " + scenario + " --replications 2 --json --csv " + csv);
  REQUIRE(o.status == 0);
  const auto j = nlohmann::json::parse(o.out);
  const std::string text = read_file(csv);
  REQUIRE(text.rfind("scenario,segment,interval_start,interval_start_s,metric,mean,ci_low,"
                     "ci_high,n\n",
                     0) == 0);
  const std::vector<Row> rows = parse_csv(text, ',');
  std::size_t expected = j["metrics"].size();
  for (const auto& [name, set] : j["by_segment"].items()) expected += set.size();
  for (const auto& interval : j["by_interval"]) expected += interval.size() - 2;  // start_s, start
  CHECK(rows.size() == expected);
  std::size_t checked = 0;
  for (const Row& row : rows) {
    CHECK(row.at("scenario") == "journey");
    const nlohmann::json* e = nullptr;
    if (row.at("interval_start").empty() && row.at("segment") == "all") {
      e = &j["metrics"][row.at("metric")];
    } else if (row.at("interval_start").empty()) {
      e = &j["by_segment"][row.at("segment")][row.at("metric")];
    } else {
      const auto i = static_cast<std::size_t>(number(row.at("interval_start_s")) / 1800.0);
      CHECK(j["by_interval"][i]["start"] == row.at("interval_start"));
      e = &j["by_interval"][i][row.at("metric")];
    }
    INFO(row.at("segment") << " " << row.at("interval_start") << " " << row.at("metric"));
    REQUIRE(e->is_object());
    if ((*e)["mean"].is_null()) {
      CHECK(row.at("mean").empty());
    } else {
      CHECK(number(row.at("mean")) == (*e)["mean"].get<double>());
      ++checked;
    }
    CHECK(std::stoull(row.at("n")) == (*e)["n"].get<std::uint64_t>());
  }
  CHECK(checked > 100);
  CHECK(text.find("\n\"journey\"") == std::string::npos);
  CHECK(text.find(",07:30,0,") != std::string::npos);
  CHECK(text.find(",09:00,5400,") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("A decimal comma and a semicolon separator write the same numbers", "[csv][cli]") {
  const auto dir = temp_dir();
  const std::string point = (dir / "point.csv").string();
  const std::string comma = (dir / "comma.csv").string();
  REQUIRE(run_ccsim("run " + kJourney + " -r 2 --csv " + point).status == 0);
  REQUIRE(run_ccsim("run " + kJourney + " -r 2 --csv " + comma + " --csv-decimal ,").status == 0);
  const auto a = parse_csv(read_file(point), ',');
  const auto b = parse_csv(read_file(comma), ';');
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].at("metric") == b[i].at("metric"));
    if (!a[i].at("mean").empty()) CHECK(number(a[i].at("mean")) == number(b[i].at("mean")));
  }
  CHECK(read_file(comma).find("0,") != std::string::npos);
  const std::string tab = (dir / "tab.csv").string();
  REQUIRE(run_ccsim("run " + kJourney + " -r 2 --csv " + tab + " --csv-sep tab").status == 0);
  CHECK(parse_csv(read_file(tab), '\t').size() == a.size());
  std::filesystem::remove_all(dir);
}

TEST_CASE("A CSV style that cannot be read back exits 2 and writes nothing", "[csv][cli]") {
  const auto dir = temp_dir();
  const std::string csv = (dir / "bad.csv").string();
  const std::string err = (dir / "err.txt").string();
  CHECK(run_ccsim("run " + kJourney + " -r 2 --csv " + csv + " --csv-sep , --csv-decimal ,", err)
            .status == 2);
  CHECK(read_file(err) ==
        "--csv-sep: expected a separator other than the decimal mark ',' (--csv-sep ';' with "
        "--csv-decimal ','), got ','\n");
  CHECK(run_ccsim("run " + kJourney + " -r 2 --csv " + csv + " --csv-sep 0", err).status == 2);
  CHECK(run_ccsim("run " + kJourney + " -r 2 --csv " + csv + " --csv-decimal x", err).status == 2);
  CHECK(run_ccsim("run " + kJourney + " -r 2 --csv-sep ';'", err).status == 2);
  CHECK(run_ccsim("run " + kJourney + " -r 2 --csv " + kJourney, err).status == 2);
  CHECK_FALSE(std::filesystem::exists(csv));
  std::filesystem::remove_all(dir);
}

TEST_CASE("compare --csv gives each scenario's figures and its paired difference per segment",
          "[csv][cli]") {
  const auto dir = temp_dir();
  const std::string other = scenario_with(
      "tests/data/journey.json", {{"name", "journey-more"}, {"warmup_s", 900}}, dir, "other.json");
  const std::string csv = (dir / "compare.csv").string();
  const auto o = run_ccsim("compare " + kJourney + " " + other +
                           " -r 2 --by segment --json --csv " + csv + " --csv-sep ';'");
  REQUIRE(o.status == 0);
  const auto j = nlohmann::json::parse(o.out);
  const auto rows = parse_csv(read_file(csv), ';');
  std::size_t differences = 0;
  for (const Row& row : rows) {
    const bool baseline = row.at("scenario") == "journey";
    const auto& m = row.at("segment") == "all"
                        ? j["metrics"][row.at("metric")][row.at("scenario")]
                        : j["by_segment"][row.at("segment")][row.at("metric")][row.at("scenario")];
    INFO(row.at("scenario") << " " << row.at("segment") << " " << row.at("metric"));
    if (!row.at("mean").empty()) CHECK(number(row.at("mean")) == m["value"]["mean"].get<double>());
    if (baseline) {
      CHECK(row.at("diff_mean").empty());
    } else if (!m["difference"]["mean"].is_null()) {
      CHECK(number(row.at("diff_mean")) == m["difference"]["mean"].get<double>());
      CHECK(number(row.at("diff_ci_low")) == m["difference"]["ci_low"].get<double>());
      ++differences;
    }
  }
  CHECK(differences > 20);
  CHECK(rows.size() ==
        2 * j["metrics"].size() + 2 * j["by_segment"].size() * j["by_segment"]["old"].size());
  std::filesystem::remove_all(dir);
}

TEST_CASE("staff --csv gives the schedule by clock time and its verified figures", "[csv][cli]") {
  const auto dir = temp_dir();
  const std::string scenario =
      scenario_with("tests/data/staff-peak.json", {{"opens_at", "08:00"}}, dir, "peak.json");
  const std::string csv = (dir / "staff.csv").string();
  const auto o = run_ccsim("staff " + scenario +
                           " --target 'service_level>=0.8' --shrinkage 0.25 --json --csv " + csv);
  REQUIRE(o.status == 0);
  const auto j = nlohmann::json::parse(o.out);
  const auto rows = parse_csv(read_file(csv), ',');
  std::vector<long> required;
  std::vector<long> heads;
  std::vector<std::string> starts;
  for (const Row& row : rows) {
    if (row.at("metric") == "agents_required") {
      required.push_back(std::stol(row.at("mean")));
      starts.push_back(row.at("interval_start"));
      CHECK(row.at("n").empty());
      CHECK(row.at("ci_low").empty());
    }
    if (row.at("metric") == "heads_scheduled") heads.push_back(std::stol(row.at("mean")));
  }
  REQUIRE(required.size() == j["intervals"].size());
  for (std::size_t i = 0; i < required.size(); ++i) {
    CHECK(required[i] == j["intervals"][i]["required_agents"].get<long>());
    CHECK(heads[i] == j["intervals"][i]["scheduled_heads"].get<long>());
  }
  CHECK(starts.front() == "08:00");
  CHECK(starts.back() == "09:45");
  std::size_t verified = 0;
  for (const Row& row : rows) verified += row.at("metric") == "service_level" ? 1 : 0;
  CHECK(verified == 1 + required.size());  // the day, then each interval
  std::filesystem::remove_all(dir);
}
