// `ccsim sensitivity` from end to end, and the relations a sensitivity analysis must keep: an
// assumption held at one value moves nothing; widening a range never narrows its bar.
#include <unistd.h>
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "ccsim/experiment/sensitivity.hpp"
#include "ccsim/stats/sensitivity_statistics.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using ccsim::test::run_ccsim;
using nlohmann::json;

const std::string kHumanOnly = ccsim::test::source_path("scenarios/france-human-only.json");
const std::string kBotFirst = ccsim::test::source_path("scenarios/france-bot-first.json");
const std::string kFranceAssumptions =
    ccsim::test::source_path("scenarios/assumptions/france.json");
// A short day: the analysis is about the relations, not the figures.
const std::string kShort = "--set /horizon_s=1800 --set /warmup_s=0 --replications 4";

struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& name)
      : path(fs::temp_directory_path() /
             ("ccsim-sensitivity-" + name + "-" + std::to_string(::getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string operator/(const std::string& file) const { return (path / file).string(); }
};

std::string write(const std::string& path, const json& value) {
  std::ofstream(path) << value.dump(2);
  return path;
}

json assumption(const std::string& name, const std::string& pointer, double low, double high,
                bool multiply = false) {
  json a = {
      {"name", name}, {"pointer", pointer}, {"low", low}, {"high", high}, {"source", "assumption"}};
  if (multiply) a["multiply"] = true;
  return a;
}

std::string read_first_line(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

const json& bar(const json& result, const std::string& name, std::size_t quantity = 0) {
  for (const json& b : result["tornado"]["quantities"][quantity]["bars"]) {
    if (b["assumption"] == name) return b;
  }
  FAIL("no bar " << name);
  static const json none;
  return none;
}

}  // namespace

TEST_CASE("An assumption held at its value has no effect, to the last bit", "[sensitivity][cli]") {
  TempDir dir("point");
  const std::string file = write(
      dir / "a.json", {{"assumptions",
                        {assumption("disclosure", "/churn/bot_disclosed", 0.5124, 0.5124),
                         assumption("bot_resolution", "/reasons/*/bot_resolution", 1, 1, true)}}});
  const auto outcome =
      run_ccsim("sensitivity " + kHumanOnly + " " + kBotFirst + " --assumptions " + file +
                " --metric churn_rate --mode tornado " + kShort + " --json");
  REQUIRE(outcome.status == 0);
  const json result = json::parse(outcome.out);
  for (const std::string name : {"disclosure", "bot_resolution"}) {
    const json& b = bar(result, name);
    CHECK(b["swing"]["mean"].get<double>() == 0.0);
    CHECK(b["effect_low"]["mean"].get<double>() == 0.0);
    CHECK(b["effect_high"]["mean"].get<double>() == 0.0);
  }
}

TEST_CASE("Widening an assumption's range never narrows its tornado bar", "[sensitivity][cli]") {
  // Cost is a pathwise function of the prices: with common random numbers, the bar of the wider
  // range holds the narrower one's, and its swing scales with the range.
  TempDir dir("widen");
  const std::string narrow =
      write(dir / "narrow.json",
            {{"assumptions",
              {assumption("price", "/bots/cost_per_session", 0.3, 0.5),
               assumption("wage", "/staffing/groups/*/cost_per_hour", 0.9, 1.1, true)}}});
  const std::string wide =
      write(dir / "wide.json",
            {{"assumptions",
              {assumption("price", "/bots/cost_per_session", 0.2, 0.8),
               assumption("wage", "/staffing/groups/*/cost_per_hour", 0.8, 1.3, true)}}});
  const auto run = [&](const std::string& file) {
    const auto outcome = run_ccsim("sensitivity " + kBotFirst + " --assumptions " + file +
                                   " --metric total_cost --mode tornado " + kShort + " --json");
    REQUIRE(outcome.status == 0);
    return json::parse(outcome.out);
  };
  const json n = run(narrow);
  const json w = run(wide);
  for (const std::string name : {"price", "wage"}) {
    const double sn = bar(n, name)["swing"]["mean"].get<double>();
    const double sw = bar(w, name)["swing"]["mean"].get<double>();
    CHECK(std::abs(sw) >= std::abs(sn));
    CHECK(bar(w, name)["at_low"]["mean"].get<double>() <=
          bar(n, name)["at_low"]["mean"].get<double>() + 1e-9 * std::abs(sn));
  }
  // Linear in the prices: the swing is proportional to the range, exactly up to rounding.
  CHECK(bar(w, "price")["swing"]["mean"].get<double>() ==
        Approx(bar(n, "price")["swing"]["mean"].get<double>() * 3.0).epsilon(1e-9));
  CHECK(bar(w, "wage")["swing"]["mean"].get<double>() ==
        Approx(bar(n, "wage")["swing"]["mean"].get<double>() * 2.5).epsilon(1e-9));
  CHECK(bar(n, "wage")["swing"]["mean"].get<double>() > 0.0);
  // The base figure does not depend on the ranges.
  CHECK(w["tornado"]["quantities"][0]["at_base"]["mean"] ==
        n["tornado"]["quantities"][0]["at_base"]["mean"]);
}

TEST_CASE("Every assumption in the French file applies to every strategy file",
          "[sensitivity][cli]") {
  TempDir dir("france");
  const std::string csv = dir / "s.csv";
  const std::string out = dir / "s.json";
  const auto outcome =
      run_ccsim("sensitivity " + kHumanOnly + " " + kBotFirst + " " +
                ccsim::test::source_path("scenarios/france-triage.json") + " --assumptions " +
                kFranceAssumptions + " --metric churn_rate --draws 8 --set /horizon_s=900 --set " +
                "/warmup_s=0 --replications 2 --out " + out + " --csv " + csv + " --csv-sep ';'");
  REQUIRE(outcome.status == 0);
  const json result = json::parse(std::ifstream(out));
  CHECK(result["tornado"]["quantities"].size() == 2);
  CHECK(result["tornado"]["quantities"][0]["bars"].size() == result["assumptions"].size());
  double total = 0.0;
  REQUIRE(result["joint"]["probability_best"].size() == 3);
  CHECK(result["joint"]["probability_best"][0]["scenario"] == "france-human-only");
  for (const json& p : result["joint"]["probability_best"]) total += p["mean"].get<double>();
  CHECK(total == Approx(1.0));
  // The tidy CSV: the columns of every tidy table, then the analysis's own; each figure the
  // JSON's, in the shortest text that reads back exactly.
  CHECK(read_first_line(csv) ==
        "scenario;segment;interval_start;interval_start_s;metric;mean;ci_low;ci_high;n;analysis;"
        "compared_to;assumption;measure");
  std::ifstream rows(csv);
  std::string line;
  std::size_t tornado_rows = 0;
  bool best_found = false;
  while (std::getline(rows, line)) {
    if (line.find(";tornado;") != std::string::npos) ++tornado_rows;
    const std::string best_prefix = "france-human-only;all;;;churn_rate;";
    if (line.rfind(best_prefix, 0) == 0 &&
        line.find(";joint;;;probability_best") != std::string::npos) {
      best_found = true;
      const std::string mean =
          line.substr(best_prefix.size(), line.find(';', best_prefix.size()) - best_prefix.size());
      CHECK(std::stod(mean) == result["joint"]["probability_best"][0]["mean"].get<double>());
    }
  }
  CHECK(best_found);
  // Per quantity: at_base, then 7 measures per assumption.
  CHECK(tornado_rows == 2 * (1 + 7 * result["assumptions"].size()));
  CHECK_THAT(outcome.out, Catch::Contains("One at a time") && Catch::Contains("P(best)"));
}

TEST_CASE("Bad assumptions are one line each, exit 2, nothing written", "[sensitivity][cli]") {
  TempDir dir("bad");
  const std::string out = dir / "never.json";
  const std::string err = dir / "err.txt";
  const auto check = [&](const json& assumptions, const std::string& expected) {
    const std::string file = write(dir / "a.json", {{"assumptions", json::array({assumptions})}});
    const auto outcome = run_ccsim("sensitivity " + kHumanOnly + " --assumptions " + file +
                                       " --metric churn_rate --out " + out + " " + kShort,
                                   err);
    CHECK(outcome.status == 2);
    std::ifstream in(err);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(std::count(text.begin(), text.end(), '\n') == 1);
    CHECK_THAT(text, Catch::Contains(expected));
    CHECK_FALSE(fs::exists(out));
  };
  check(assumption("x", "/churn/nope", 0, 1),
        "/assumptions/0/pointer: /churn/nope: expected a pointer into the scenario, got nothing "
        "at /churn/nope");
  check(assumption("x", "/churn/bot_disclosed", 1, 0), "/assumptions/0: expected low <= high");
  check(assumption("x", "/churn/bot_disclosed", 0.6, 1),
        "expected the scenario's value at /churn/bot_disclosed (0.5124) within [low, high]");
  check(assumption("x", "/population/segments/90+/share", 0, 1), "or the name of one of its");
  check(assumption("x", "/empathy/bot", 0, 2), "/empathy/bot: expected");
}

TEST_CASE("A Latin hypercube puts one draw in each stratum of every range", "[sensitivity]") {
  std::vector<ccsim::Assumption> as(3);
  as[0].low = 0.0, as[0].high = 1.0;
  as[1].low = -5.0, as[1].high = 5.0;
  as[2].low = 2.0, as[2].high = 2.0;
  const std::size_t n = 20;
  const auto v = ccsim::latin_hypercube(as, n, 7);
  REQUIRE(v.size() == n);
  for (std::size_t a = 0; a < 2; ++a) {
    std::set<std::size_t> strata;
    for (std::size_t d = 0; d < n; ++d) {
      const double u = (v[d][a] - as[a].low) / (as[a].high - as[a].low);
      strata.insert(static_cast<std::size_t>(u * n));
    }
    CHECK(strata.size() == n);
  }
  for (std::size_t d = 0; d < n; ++d) CHECK(v[d][2] == 2.0);
  CHECK(ccsim::latin_hypercube(as, n, 7) == v);
  CHECK(ccsim::latin_hypercube(as, n, 8) != v);
}

TEST_CASE("Rank correlation and proportions keep their bounds", "[sensitivity]") {
  const std::vector<double> x{1, 2, 3, 4, 5, 6};
  const std::vector<double> up{2, 4, 9, 16, 100, 101};
  const std::vector<double> flat{3, 3, 3, 3, 3, 3};
  CHECK(ccsim::spearman(x, up) == Approx(1.0));
  CHECK(ccsim::spearman(x, flat) == 0.0);
  const ccsim::Estimate none = ccsim::proportion_estimate(0, 20, 0.95);
  CHECK(*none.mean == 0.0);
  CHECK(*none.ci_low == 0.0);
  CHECK(*none.ci_high > 0.1);  // Wilson: 0 of 20 does not mean impossible
  CHECK(*none.ci_high < 0.2);
}

namespace {

std::string file_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The result without its wall time, the only part that differs between two runs.
json without_wall_time(const std::string& path) {
  json result = json::parse(file_text(path));
  result.erase("wall_s");
  return result;
}

}  // namespace

TEST_CASE("An interrupted analysis resumes from its checkpoint to the uninterrupted results",
          "[sensitivity][cli]") {
  TempDir dir("checkpoint");
  const std::string analysis = "sensitivity " + kHumanOnly + " " + kBotFirst + " --assumptions " +
                               kFranceAssumptions +
                               " --metric churn_rate --draws 6 --set /horizon_s=900 --set "
                               "/warmup_s=0 --replications 2 --json --out ";
  REQUIRE(run_ccsim(analysis + (dir / "plain.json")).status == 0);
  const std::string checkpoint = dir / "runs.jsonl";
  REQUIRE(run_ccsim(analysis + (dir / "kept.json") + " --checkpoint " + checkpoint).status == 0);
  CHECK(without_wall_time(dir / "kept.json") == without_wall_time(dir / "plain.json"));
  // A header line, then one line per run: 2 × (1 + 2 × assumptions) + 2 × 6.
  const std::string whole = file_text(checkpoint);
  const auto lines = static_cast<std::size_t>(std::count(whole.begin(), whole.end(), '\n'));
  const std::size_t assumptions = json::parse(file_text(dir / "plain.json"))["assumptions"].size();
  CHECK(lines == 1 + 2 * (1 + 2 * assumptions) + 2 * 6);

  // Killed after 20 runs, in the middle of the 21st line: 20 are reused, the torn one rerun.
  std::size_t cut = 0;
  for (int line = 0; line < 21; ++line) cut = whole.find('\n', cut) + 1;
  const std::string partial = dir / "cut.jsonl";
  std::ofstream(partial + ".partial") << whole.substr(0, cut + 30);
  const std::string err = dir / "err.txt";
  REQUIRE(run_ccsim(analysis + (dir / "resumed.json") + " --checkpoint " + partial, err).status ==
          0);
  CHECK(without_wall_time(dir / "resumed.json") == without_wall_time(dir / "plain.json"));
  CHECK_THAT(file_text(err), Catch::Contains("(20 from " + partial + ")"));
  CHECK(file_text(partial).size() == whole.size());

  // Another analysis' checkpoint is refused, and left as it is.
  const std::string other = "sensitivity " + kHumanOnly + " " + kBotFirst + " --assumptions " +
                            kFranceAssumptions +
                            " --metric churn_rate --draws 7 --set /horizon_s=900 --set "
                            "/warmup_s=0 --replications 2 --json --out ";
  CHECK(run_ccsim(other + (dir / "other.json") + " --checkpoint " + checkpoint, err).status == 2);
  CHECK(file_text(err) == checkpoint +
                              ": expected the checkpoint of this analysis, got that of another "
                              "one (the scenarios, the assumptions or the flags differ); remove "
                              "it or choose another --checkpoint\n");
  CHECK(file_text(checkpoint) == whole);
  CHECK_FALSE(fs::exists(dir / "other.json"));
}
