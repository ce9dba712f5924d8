// The scenario loader: values and defaults, every distribution and schedule shape, the shipped
// scenarios, and the exact messages of bad files (tests/data/bad/NAME.json beside NAME.expected).
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "ccsim/scenario/scenario.hpp"

namespace {

using ccsim::DistKind;
using ccsim::Scenario;
using ccsim::ScenarioError;
namespace fs = std::filesystem;

const fs::path kSourceDir = CCSIM_SOURCE_DIR;

// The example of the file format's documentation.
constexpr const char* kExample = R"({
  "name": "erlang-a",
  "seed": 1,
  "replications": 8,
  "horizon_s": 36000,
  "warmup_s": 3600,
  "service_level_threshold_s": 20,
  "arrivals": {"per_hour": 2880},
  "patience_s": {"dist": "exponential", "mean": 120},
  "human_handle_s": {"dist": "exponential", "mean": 60},
  "staffing": {"humans": 50}
})";

// Only the required keys.
nlohmann::ordered_json minimal() {
  return nlohmann::ordered_json::parse(R"({
    "horizon_s": 7200,
    "arrivals": {"per_hour": 100},
    "human_handle_s": {"dist": "exponential", "mean": 60},
    "staffing": {"humans": 3}
  })");
}

Scenario parse(const nlohmann::ordered_json& json) {
  return ccsim::parse_scenario(json.dump(), "test.json");
}

ccsim::DistributionSpec handle_from(const char* distribution) {
  auto json = minimal();
  json["human_handle_s"] = nlohmann::ordered_json::parse(distribution);
  return parse(json).human_handle_s;
}

// The problems `text` is rejected with; empty when it loads.
std::vector<std::string> problems_of(const std::string& text,
                                     const std::string& label = "bad.json") {
  try {
    ccsim::parse_scenario(text, label);
  } catch (const ScenarioError& error) {
    return error.problems();
  }
  return {};
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<fs::path> bad_files() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(kSourceDir / "tests/data/bad")) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST_CASE("The documented example loads with every value it states", "[scenario]") {
  const Scenario s = ccsim::parse_scenario(kExample, "example.json");
  CHECK(s.name == "erlang-a");
  CHECK(s.seed == 1);
  CHECK(s.replications == 8);
  CHECK(s.horizon_s == 36000.0);
  CHECK(s.warmup_s == 3600.0);
  CHECK(s.service_level_threshold_s == 20.0);
  CHECK(s.arrivals_per_hour.is_constant());
  CHECK(s.arrivals_per_hour.interval_s == 0.0);
  CHECK(s.arrivals_per_hour.values == std::vector<double>{2880.0});
  REQUIRE(s.patience_s.has_value());
  CHECK(s.patience_s->kind == DistKind::exponential);
  CHECK(s.patience_s->mean == 120.0);
  CHECK(s.human_handle_s.kind == DistKind::exponential);
  CHECK(s.human_handle_s.mean == 60.0);
  CHECK(s.humans.values == std::vector<double>{50.0});
}

TEST_CASE("Keys left out take their documented defaults", "[scenario]") {
  const Scenario s = parse(minimal());
  CHECK(s.name == "scenario");
  CHECK(s.seed == 1);
  CHECK(s.replications == 8);
  CHECK(s.warmup_s == 0.0);
  CHECK(s.service_level_threshold_s == 20.0);
  CHECK(s.confidence == 0.95);
  CHECK_FALSE(s.patience_s.has_value());
}

TEST_CASE("A scenario file without a name is named after the file's stem", "[scenario]") {
  const fs::path path = fs::temp_directory_path() / "ccsim-stem-test-scenario.json";
  std::ofstream(path) << minimal().dump();
  const Scenario s = ccsim::load_scenario_file(path.string());
  fs::remove(path);
  CHECK(s.name == "ccsim-stem-test-scenario");
}

TEST_CASE("An exponential distribution parses with its mean", "[scenario]") {
  const auto d = handle_from(R"({"dist": "exponential", "mean": 45})");
  CHECK(d.kind == DistKind::exponential);
  CHECK(d.mean == 45.0);
}

TEST_CASE("A deterministic patience of zero is valid", "[scenario]") {
  auto json = minimal();
  json["patience_s"] = {{"dist", "deterministic"}, {"mean", 0}};
  const Scenario s = parse(json);
  REQUIRE(s.patience_s.has_value());
  CHECK(s.patience_s->kind == DistKind::deterministic);
  CHECK(s.patience_s->mean == 0.0);
}

TEST_CASE("A uniform distribution parses with its half-width as the parameter", "[scenario]") {
  const auto d = handle_from(R"({"dist": "uniform", "mean": 60, "half_width": 60})");
  CHECK(d.kind == DistKind::uniform);
  CHECK(d.mean == 60.0);
  CHECK(d.param == 60.0);
}

TEST_CASE("A lognormal distribution parses with its standard deviation", "[scenario]") {
  const auto d = handle_from(R"({"dist": "lognormal", "mean": 60, "sd": 30})");
  CHECK(d.kind == DistKind::lognormal);
  CHECK(d.mean == 60.0);
  CHECK(d.param == 30.0);
}

TEST_CASE("A gamma distribution parses with its coefficient of variation", "[scenario]") {
  const auto d = handle_from(R"({"dist": "gamma", "mean": 60, "cv": 0.5})");
  CHECK(d.kind == DistKind::gamma);
  CHECK(d.param == 0.5);
}

TEST_CASE("A Weibull distribution parses with its shape", "[scenario]") {
  const auto d = handle_from(R"({"dist": "weibull", "mean": 60, "shape": 1.5})");
  CHECK(d.kind == DistKind::weibull);
  CHECK(d.param == 1.5);
}

TEST_CASE("An empirical distribution takes its mean from the weighted values", "[scenario]") {
  const auto d = handle_from(R"({"dist": "empirical", "values": [30, 90], "weights": [3, 1]})");
  CHECK(d.kind == DistKind::empirical);
  CHECK(d.values == std::vector<double>{30.0, 90.0});
  CHECK(d.weights == std::vector<double>{3.0, 1.0});
  CHECK(d.mean == Approx(45.0));
}

TEST_CASE("An empirical distribution without weights weighs its values equally", "[scenario]") {
  const auto d = handle_from(R"({"dist": "empirical", "values": [30, 90]})");
  CHECK(d.weights.empty());
  CHECK(d.mean == Approx(60.0));
}

TEST_CASE("Time-varying arrivals parse into a schedule", "[scenario]") {
  auto json = minimal();
  json["arrivals"] = {{"interval_s", 1800}, {"per_hour", {100, 0, 250.5, 40}}};
  const Scenario s = parse(json);
  CHECK(s.arrivals_per_hour.interval_s == 1800.0);
  CHECK(s.arrivals_per_hour.values == std::vector<double>{100.0, 0.0, 250.5, 40.0});
}

TEST_CASE("Time-varying staffing parses into a schedule", "[scenario]") {
  auto json = minimal();
  json["staffing"] = {{"humans", {{"interval_s", 2400}, {"agents", {2, 5, 0}}}}};
  const Scenario s = parse(json);
  CHECK(s.humans.interval_s == 2400.0);
  CHECK(s.humans.values == std::vector<double>{2.0, 5.0, 0.0});
}

TEST_CASE("Zero agents on duty is a valid staffing", "[scenario]") {
  auto json = minimal();
  json["staffing"] = {{"humans", 0}};
  CHECK(parse(json).humans.values == std::vector<double>{0.0});
}

TEST_CASE("An integer written with a zero fraction is accepted", "[scenario]") {
  auto json = minimal();
  json["replications"] = 4.0;
  CHECK(parse(json).replications == 4);
}

TEST_CASE("Seeds span the full unsigned 64-bit range", "[scenario]") {
  auto json = minimal();
  json["seed"] = std::uint64_t{18446744073709551615ULL};
  CHECK(parse(json).seed == 18446744073709551615ULL);
}

TEST_CASE("A duplicated key is reported, since only its last value would count", "[scenario]") {
  auto text = minimal().dump();
  text.insert(1, R"("replications": 2, "replications": 5, )");
  CHECK(problems_of(text, "dup.json") ==
        std::vector<std::string>{"dup.json: /replications: expected each key once in its object, "
                                 "got \"replications\" again (only its last value would count)"});
}

TEST_CASE("Every shipped scenario in scenarios/ loads", "[scenario]") {
  int count = 0;
  for (const auto& entry : fs::directory_iterator(kSourceDir / "scenarios")) {
    // The JSON Schema of the format lives beside the scenarios it describes.
    if (entry.path().extension() != ".json" || entry.path().filename() == "schema.json") continue;
    INFO(entry.path().string());
    CHECK_NOTHROW(ccsim::load_scenario_file(entry.path().string()));
    ++count;
  }
  CHECK(count >= 3);
}

TEST_CASE("The shipped Erlang scenarios differ only in the model they check", "[scenario]") {
  const auto load = [](const char* name) {
    return ccsim::load_scenario_file((kSourceDir / "scenarios" / name).string());
  };
  const Scenario a = load("erlang-a.json");
  const Scenario b = load("erlang-b.json");
  const Scenario c = load("erlang-c.json");
  CHECK(a.patience_s->kind == DistKind::exponential);
  REQUIRE(b.patience_s.has_value());
  CHECK(b.patience_s->kind == DistKind::deterministic);
  CHECK(b.patience_s->mean == 0.0);
  CHECK_FALSE(c.patience_s.has_value());
  CHECK(c.arrivals_per_hour.values == std::vector<double>{2820.0});
  CHECK(c.arrivals_per_hour.values[0] / 3600.0 * c.human_handle_s.mean / c.humans.values[0] ==
        Approx(0.94));
}

TEST_CASE("Every bad file produces exactly the messages stored beside it", "[scenario]") {
  const auto files = bad_files();
  CHECK(files.size() >= 15);
  for (const fs::path& file : files) {
    const std::string label = file.filename().string();
    INFO(label);
    fs::path expected_path = file;
    expected_path.replace_extension(".expected");
    REQUIRE(fs::exists(expected_path));
    CHECK(problems_of(read_text(file), label) == lines_of(read_text(expected_path)));
  }
}

TEST_CASE("Every problem in a file is reported at once, in document order", "[scenario]") {
  const auto problems = problems_of(R"({"staffing": {"humans": -1}, "replications": 0,
      "horizon_s": 0, "arrivals": {"per_hour": -2}, "human_handle_s": {"dist": "gamma"}})");
  CHECK(problems == std::vector<std::string>{
                        "bad.json: /staffing/humans: expected an integer in [0, 100000], got -1",
                        "bad.json: /replications: expected an integer in [1, 10000], got 0",
                        "bad.json: /horizon_s: expected a number in (0, 1e9], got 0",
                        "bad.json: /arrivals/per_hour: expected a number in [0, 1e9], got -2",
                        "bad.json: /human_handle_s/mean: expected a number in (0, 1e9], got "
                        "nothing (required key missing)",
                        "bad.json: /human_handle_s/cv: expected a number in (0, 100], got "
                        "nothing (required key missing)",
                    });
}

TEST_CASE("A near-miss key gets a did-you-mean suggestion", "[scenario]") {
  auto json = minimal();
  json["Warmup_S"] = 10;
  const auto problems = problems_of(json.dump());
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].find(R"(got unknown key "Warmup_S" (did you mean "warmup_s"?))") !=
        std::string::npos);
}

TEST_CASE("A key far from every valid key gets no suggestion", "[scenario]") {
  auto json = minimal();
  json["colour"] = "blue";
  const auto problems = problems_of(json.dump());
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].find("did you mean") == std::string::npos);
}

TEST_CASE("A missing file is reported with the system's reason", "[scenario]") {
  try {
    ccsim::load_scenario_file("nope.json");
    FAIL("a missing file loaded");
  } catch (const ScenarioError& error) {
    CHECK(error.problems() ==
          std::vector<std::string>{"nope.json: expected a readable scenario file, got No such "
                                   "file or directory"});
  }
}

TEST_CASE("A file's problems are labelled with its path as given", "[scenario]") {
  const std::string path = (kSourceDir / "tests/data/bad/replications-zero.json").string();
  try {
    ccsim::load_scenario_file(path);
    FAIL("a bad file loaded");
  } catch (const ScenarioError& error) {
    CHECK(error.problems() ==
          std::vector<std::string>{path +
                                   ": /replications: expected an integer in [1, 10000], got 0"});
  }
}

TEST_CASE("A scenario error's what() is its problems joined by newlines", "[scenario]") {
  const ScenarioError error({"a.json: /x: expected 1, got 2", "a.json: /y: expected 3, got 4"});
  CHECK(std::string(error.what()) ==
        "a.json: /x: expected 1, got 2\na.json: /y: expected 3, got 4");
}
