// Sweep definitions, their output format, and the byte encoding of tallies.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>

#include "ccsim/experiment/compare.hpp"
#include "ccsim/experiment/sweep.hpp"
#include "ccsim/io/report.hpp"
#include "ccsim/io/sweep_output.hpp"
#include "ccsim/parallel/runner.hpp"
#include "stats/tally_codec.hpp"
#include "test_support.hpp"

namespace {

using ccsim::JsonDocument;
using ccsim::parse_sweep_axis;
using ccsim::parse_sweep_values;
using ccsim::SweepError;
using ccsim::SweepGrid;

JsonDocument doc(const std::string& text) {
  return JsonDocument::parse(text);
}

const std::string kBase = R"({"horizon_s": 3600, "arrivals": {"per_hour": 100},
  "human_handle_s": {"dist": "exponential", "mean": 60}, "staffing": {"humans": 3},
  "list": [1, 2]})";

}  // namespace

TEST_CASE("An integer range includes its end and gives integers", "[sweep]") {
  const auto values = parse_sweep_values("30:80:5");
  REQUIRE(values.size() == 11);
  CHECK(values.front() == 30);
  CHECK(values.back() == 80);
  CHECK(values[1].is_number_integer());
}

TEST_CASE("A decimal range gives the doubles nearest its decimals", "[sweep]") {
  const auto values = parse_sweep_values("0:1:0.1");
  REQUIRE(values.size() == 11);
  CHECK(values[3].get<double>() == 0.3);  // not 0.1 + 0.1 + 0.1 = 0.30000000000000004
  CHECK(values[7].get<double>() == 0.7);
  CHECK(values.back().get<double>() == 1.0);
  CHECK(values[0].is_number_float());
}

TEST_CASE("A range stops at the last step that does not pass its end", "[sweep]") {
  CHECK(parse_sweep_values("1:10:4") == std::vector<JsonDocument>{1, 5, 9});
  CHECK(parse_sweep_values("5:1:-2") == std::vector<JsonDocument>{5, 3, 1});
}

TEST_CASE("A range with a zero or backward step is refused", "[sweep]") {
  CHECK_THROWS_AS(parse_sweep_values("1:5:0"), SweepError);
  CHECK_THROWS_WITH(parse_sweep_values("1:5:-1"), Catch::Contains("step leads from a to b"));
  CHECK_THROWS_AS(parse_sweep_values("1:5:x"), SweepError);
}

TEST_CASE("A value list keeps its JSON types", "[sweep]") {
  const auto values = parse_sweep_values(R"([1, "1", "triage", {"a": 2}])");
  REQUIRE(values.size() == 4);
  CHECK(values[0].is_number_integer());
  CHECK(values[1].is_string());
  CHECK(values[0] != values[1]);
  CHECK(values[3]["a"] == 2);
  CHECK(parse_sweep_values("42") == std::vector<JsonDocument>{42});
}

TEST_CASE("A bare word is refused with a hint to quote it", "[sweep]") {
  CHECK_THROWS_WITH(parse_sweep_axis("/routing/strategy=triage"),
                    Catch::Contains("/routing/strategy: expected") &&
                        Catch::Contains("strings in double quotes") && Catch::Contains("triage"));
  CHECK_THROWS_WITH(parse_sweep_axis("staffing=1"), Catch::Contains("POINTER=VALUES"));
  CHECK_THROWS_AS(parse_sweep_axis("/a=[]"), SweepError);
}

TEST_CASE("Points vary the last axis fastest", "[sweep]") {
  const SweepGrid grid({parse_sweep_axis("/a=[1,2]"), parse_sweep_axis("/b=[\"x\",\"y\",\"z\"]")});
  REQUIRE(grid.size() == 6);
  CHECK(grid.value(0, 0) == 1);
  CHECK(grid.value(0, 1) == "x");
  CHECK(grid.value(2, 1) == "z");
  CHECK(grid.value(3, 0) == 2);
  CHECK(grid.value(3, 1) == "x");
  CHECK(grid.describe(5) == "/a=2, /b=\"z\"");
}

TEST_CASE("The same pointer twice is refused", "[sweep]") {
  CHECK_THROWS_WITH(SweepGrid({parse_sweep_axis("/a=1"), parse_sweep_axis("/a=2")}),
                    Catch::Contains("/a twice"));
}

TEST_CASE("A point sets existing keys, new keys and array elements", "[sweep]") {
  const SweepGrid grid({parse_sweep_axis("/staffing/humans=7"), parse_sweep_axis("/seed=9"),
                        parse_sweep_axis("/list/1=\"b\"")});
  JsonDocument d = doc(kBase);
  REQUIRE_FALSE(grid.apply(0, d));
  CHECK(d["staffing"]["humans"] == 7);
  CHECK(d["seed"] == 9);
  CHECK(d["list"][1] == "b");
}

TEST_CASE("A pointer that leads nowhere is a problem, not a new object", "[sweep]") {
  JsonDocument d = doc(kBase);
  const auto missing = SweepGrid({parse_sweep_axis("/staffing/foo/x=1")}).apply(0, d);
  REQUIRE(missing);
  CHECK(*missing ==
        "/staffing/foo/x: expected a pointer into the scenario, got nothing at "
        "/staffing/foo");
  const auto past_end = SweepGrid({parse_sweep_axis("/list/2=1")}).apply(0, d);
  REQUIRE(past_end);
  CHECK_THAT(*past_end, Catch::StartsWith("/list/2: expected an index of the array at /list"));
  CHECK_FALSE(d["staffing"].contains("foo"));
}

TEST_CASE("A bad point's problem names the file, the point and the pointer", "[sweep]") {
  const SweepGrid grid({parse_sweep_axis("/staffing/humans=[2,-1]")});
  JsonDocument base = doc(kBase);
  base.erase("list");
  CHECK(ccsim::sweep_point_scenario(base, grid, 0, "base.json").humans.at(0.0) == 2.0);
  try {
    ccsim::sweep_point_scenario(base, grid, 1, "base.json");
    FAIL("no error");
  } catch (const ccsim::ScenarioError& e) {
    REQUIRE(e.problems().size() == 1);
    CHECK(e.problems()[0] ==
          "base.json (point 1: /staffing/humans=-1): /staffing/humans: expected an integer in [0, "
          "100000], "
          "got -1");
  }
}

TEST_CASE("Independent seeds differ from point to point and from the seed", "[sweep]") {
  CHECK(ccsim::independent_point_seed(1, 0) != ccsim::independent_point_seed(1, 1));
  CHECK(ccsim::independent_point_seed(1, 0) != 1);
  CHECK(ccsim::independent_point_seed(1, 3) == ccsim::independent_point_seed(1, 3));
}

TEST_CASE("The header's hash follows the scenario bytes and the sweep", "[sweep]") {
  const SweepGrid grid({parse_sweep_axis("/staffing/humans=1:3:1")});
  const SweepGrid other({parse_sweep_axis("/staffing/humans=1:4:1")});
  ccsim::SweepSettings settings;
  const auto hash = [&](const std::string& bytes, const SweepGrid& g,
                        const ccsim::SweepSettings& s) {
    return ccsim::sweep_header(bytes, g, s)["hash"].get<std::string>();
  };
  const std::string h = hash(kBase, grid, settings);
  CHECK(h.size() == 16);
  CHECK(hash(kBase, grid, settings) == h);
  CHECK(hash(kBase + " ", grid, settings) != h);
  CHECK(hash(kBase, other, settings) != h);
  ccsim::SweepSettings independent = settings;
  independent.independent = true;
  CHECK(hash(kBase, grid, independent) != h);
  CHECK(ccsim::sweep_header(kBase, grid, settings)["schema_version"] == 3);
}

TEST_CASE("Tallies cross the byte encoding bit for bit", "[sweep][mpi]") {
  ccsim::Scenario scenario =
      ccsim::load_scenario_file(ccsim::test::source_path("scenarios/france-bot-first.json"));
  scenario.horizon_s = 7200.0;
  ccsim::RunOptions options;
  options.threads = 1;
  const std::vector<ccsim::Tally> tallies = ccsim::run_replications(scenario, 0, 2, options);
  const std::string bytes = ccsim::encode_tallies(tallies);
  const std::vector<ccsim::Tally> decoded = ccsim::decode_tallies(bytes);
  REQUIRE(decoded.size() == 2);
  CHECK(ccsim::encode_tallies(decoded) == bytes);
  CHECK(std::memcmp(&decoded[1].total, &tallies[1].total, sizeof(ccsim::Counters)) == 0);
  CHECK(decoded[1].waits.quantile(0.9) == tallies[1].waits.quantile(0.9));
  const auto dump = [&](const std::vector<ccsim::Tally>& t) {
    return ccsim::to_json(ccsim::merge_tallies(scenario, t, 0.95)).dump();
  };
  CHECK(dump(decoded) == dump(tallies));
  CHECK_THROWS(ccsim::decode_tallies(bytes.substr(0, bytes.size() - 1)));
  CHECK_THROWS(ccsim::decode_tallies("not tallies at all"));
}

namespace {

// A complete output of a two-point sweep, as the sweep writes it.
struct Written {
  std::string header;
  std::string rows;
  std::string hash;
  std::string meta;  // CSV: the side file
};

Written two_point_output(ccsim::SweepFormat format) {
  const SweepGrid grid({parse_sweep_axis("/staffing/humans=[3,4]")});
  ccsim::SweepSettings settings;
  settings.format = format;
  const JsonDocument header = ccsim::sweep_header(kBase, grid, settings);
  ccsim::Results results;
  results.replications = 2;
  results.metrics = {{"abandon_rate", ccsim::Estimate{0.1, 0.01, 10, 0.05, 0.15}}};
  Written w;
  w.hash = header["hash"];
  w.meta = ccsim::sweep_meta_text(header);
  for (std::size_t p = 0; p < 2; ++p) {
    ccsim::SweepPointOutcome o;
    o.point = p;
    o.results = &results;
    const JsonDocument row = ccsim::sweep_row(grid, settings, o);
    if (p == 0) w.header = ccsim::sweep_header_text(header, row, format);
    w.rows += ccsim::sweep_row_text(row, format);
  }
  return w;
}

}  // namespace

TEST_CASE(
    "A CSV starts with its column names, its header beside it; a row has the point, the "
    "seed, the values, then each metric",
    "[sweep]") {
  const Written w = two_point_output(ccsim::SweepFormat::csv);
  CHECK(w.header ==
        "point,seed,/staffing/humans,replications,customers,abandon_rate.mean,abandon_rate.ci_low,"
        "abandon_rate.ci_high,abandon_rate.n\n");
  CHECK(w.rows == "0,0,3,2,0,0.1,0.05,0.15,10\n1,0,4,2,0,0.1,0.05,0.15,10\n");
  const JsonDocument meta = JsonDocument::parse(w.meta);
  CHECK(meta["format"] == "ccsim-sweep");
  CHECK(meta["schema_version"] == 3);
  CHECK(meta["hash"] == w.hash);
  CHECK(ccsim::sweep_meta_path("out/rows.csv") == "out/rows.csv.meta.json");
}

TEST_CASE("Reading an output back drops a torn last line", "[sweep]") {
  for (const auto format : {ccsim::SweepFormat::csv, ccsim::SweepFormat::jsonl}) {
    const Written w = two_point_output(format);
    const std::optional<std::string> meta =
        format == ccsim::SweepFormat::csv ? std::optional<std::string>(w.meta) : std::nullopt;
    const std::string whole = w.header + w.rows;
    const auto complete = ccsim::read_sweep_output(whole, w.header, w.hash, format, meta);
    CHECK(complete.rows == 2);
    CHECK(complete.keep_bytes == whole.size());
    const std::string torn = whole.substr(0, whole.size() - 5);
    const auto kept = ccsim::read_sweep_output(torn, w.header, w.hash, format, meta);
    CHECK(kept.rows == 1);
    CHECK(whole.substr(0, kept.keep_bytes) == w.header + w.rows.substr(0, w.rows.find('\n') + 1));
    CHECK_FALSE(ccsim::read_sweep_output(w.header.substr(0, 10), w.header, w.hash, format, meta)
                    .has_header);
  }
}

TEST_CASE(
    "A tidy sweep has a line per point, segment, metric and statistic, and resumes whole points "
    "only",
    "[sweep]") {
  const SweepGrid grid({parse_sweep_axis("/staffing/humans=[3,4]")});
  ccsim::SweepSettings settings;
  settings.format = ccsim::SweepFormat::tidy;
  settings.baseline = true;
  const JsonDocument header = ccsim::sweep_header(kBase, grid, settings);
  ccsim::Results results;
  results.replications = 2;
  results.metrics = {{"abandon_rate", ccsim::Estimate{0.1, 0.01, 10, 0.05, 0.15}},
                     {"csat", ccsim::Estimate{0.8, 0.02, 10, 0.76, 0.84}}};
  ccsim::Comparison baseline;
  for (const char* name : {"abandon_rate", "csat"}) {
    baseline.metrics.push_back({name,
                                {ccsim::Estimate{0.2, 0.0, 10, 0.1, 0.3}, {}},
                                {{}, ccsim::Estimate{-0.1, 0.0, 10, -0.2, 0.0}}});
  }
  std::string head;
  std::string rows;
  std::size_t row_lines = 0;
  for (std::size_t p = 0; p < 2; ++p) {
    ccsim::SweepPointOutcome o;
    o.point = p;
    o.results = &results;
    o.baseline = &baseline;
    const JsonDocument row = ccsim::sweep_row(grid, settings, o);
    if (p == 0) head = ccsim::sweep_header_text(header, row, settings.format);
    row_lines = ccsim::sweep_row_lines(row, settings.format);
    rows += ccsim::sweep_row_text(row, settings.format);
  }
  CHECK(head ==
        "point,seed,/staffing/humans,replications,customers,segment,metric,statistic,mean,ci_low,"
        "ci_high,n\n");
  // Two metrics, each as the point's value, the baseline's and the difference.
  CHECK(row_lines == 6);
  CHECK(rows.substr(0, rows.find('\n') + 1) ==
        "0,0,3,2,0,all,abandon_rate,value,0.1,0.05,0.15,10\n");
  CHECK(rows.find("1,0,4,2,0,all,csat,difference,-0.1,-0.2,0.0,10\n") != std::string::npos);
  CHECK(std::count(rows.begin(), rows.end(), '\n') == 12);
  const std::string meta = ccsim::sweep_meta_text(header);
  CHECK(JsonDocument::parse(meta)["sweep"]["output"] == "tidy");
  const std::string hash = header["hash"];
  const auto tidy = ccsim::SweepFormat::tidy;
  const auto whole = ccsim::read_sweep_output(head + rows, head, hash, tidy, meta, row_lines);
  CHECK(whole.rows == 2);
  CHECK(whole.keep_bytes == head.size() + rows.size());
  // Point 1 cut after three of its six lines: only point 0 is kept.
  std::size_t cut = head.size();
  for (int line = 0; line < 9; ++line) cut = (head + rows).find('\n', cut) + 1;
  const auto torn =
      ccsim::read_sweep_output((head + rows).substr(0, cut), head, hash, tidy, meta, row_lines);
  CHECK(torn.rows == 1);
  CHECK(torn.keep_bytes == head.size() + rows.size() / 2);
}

TEST_CASE("Reading another sweep's output is refused", "[sweep]") {
  const Written w = two_point_output(ccsim::SweepFormat::csv);
  const auto csv = ccsim::SweepFormat::csv;
  CHECK_THROWS_WITH(
      ccsim::read_sweep_output(w.header + w.rows, w.header, "0123456789abcdef", csv, w.meta),
      Catch::StartsWith("expected the output of this sweep (hash 0123456789abcdef), got that of "
                        "another sweep (hash " +
                        w.hash + ")"));
  CHECK_THROWS_WITH(ccsim::read_sweep_output("a,b\n1,2\n", w.header, w.hash, csv, "a,b\n"),
                    Catch::StartsWith("expected a ccsim sweep header beside it"));
  CHECK_THROWS_WITH(ccsim::read_sweep_output(w.header + w.rows, w.header, w.hash, csv),
                    Catch::StartsWith("expected the sweep's header in its side file"));
  const std::string swapped = w.header + w.rows.substr(w.rows.find('\n') + 1);
  CHECK_THROWS_WITH(ccsim::read_sweep_output(swapped, w.header, w.hash, csv, w.meta),
                    Catch::StartsWith("expected the row of point 0 on line 2"));
}
