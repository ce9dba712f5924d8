// Command-line inputs beyond one file and one number: `erlang --agents a:b:step` and `run -`.
#include <unistd.h>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace {

using ccsim::test::run_ccsim;

const std::string kQueue = "erlang --lambda-per-hour 2880 --handle-s 60 --patience-s 120 ";

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, separator)) parts.push_back(part);
  return parts;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("erlang over a range of agents gives, count by count, what each count alone gives",
          "[cli][erlang]") {
  const auto rows = nlohmann::json::parse(run_ccsim(kQueue + "--agents 40:56:2 --json").out);
  REQUIRE(rows.size() == 9);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const long agents = 40 + 2 * static_cast<long>(i);
    INFO(agents);
    const auto alone = nlohmann::json::parse(
        run_ccsim(kQueue + "--agents " + std::to_string(agents) + " --json").out);
    CHECK(rows[i] == alone);
  }
  // A JSON array of counts is the same as the range over them.
  CHECK(nlohmann::json::parse(run_ccsim(kQueue + "--agents '[40, 42]' --json").out) ==
        nlohmann::json{rows[0], rows[1]});
}

TEST_CASE("erlang --csv holds the JSON's numbers exactly, an empty cell where one is undefined",
          "[cli][erlang]") {
  const std::string base = "erlang --lambda-per-hour 2880 --handle-s 60 --agents 40:60:10 ";
  const auto rows = nlohmann::json::parse(run_ccsim(base + "--json").out);
  const std::vector<std::string> lines = split(run_ccsim(base + "--csv").out, '\n');
  REQUIRE(lines.size() == 4);
  const std::vector<std::string> header = split(lines[0], ',');
  CHECK(lines[0] ==
        "agents,model,stable,p_wait,abandon_rate,mean_wait_s,asa_s,service_level,occupancy");
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const std::vector<std::string> cells = split(lines[r + 1] + ",", ',');
    CHECK(std::stol(cells[0]) == rows[r]["inputs"]["agents"].get<long>());
    CHECK(cells[1] == rows[r]["model"].get<std::string>());
    CHECK(cells[2] == (rows[r]["stable"].get<bool>() ? "true" : "false"));
    for (std::size_t c = 3; c < header.size(); ++c) {
      INFO(lines[r + 1] << " " << header[c]);
      const auto& value = rows[r]["metrics"][header[c]];
      if (value.is_null()) {
        CHECK(cells[c].empty());
      } else {
        CHECK(std::strtod(cells[c].c_str(), nullptr) == value.get<double>());
      }
    }
  }
  // 40 agents for 48 Erlangs: Erlang C is unstable there and its waits are undefined.
  CHECK(rows[0]["stable"] == false);
  CHECK(rows[0]["metrics"]["asa_s"].is_null());
}

TEST_CASE("erlang over a range prints one table line per count", "[cli][erlang]") {
  const std::string out = run_ccsim(kQueue + "--agents 40:56:8").out;
  CHECK(out.find("Erlang A (M/M/n+M)") == 0);
  const std::vector<std::string> lines = split(out, '\n');
  REQUIRE(lines.size() == 11);  // title, five queue lines, blank, header, 40, 48, 56
  CHECK(lines[8].find("40") != std::string::npos);
  CHECK(lines[10].find("56") != std::string::npos);
}

TEST_CASE("erlang refuses agent counts that are not whole numbers >= 0", "[cli][erlang]") {
  for (const char* bad : {"4.5", "-1", "50:40:2", "40:50:0", "'[]'", "'[40, \"x\"]'", "abc"}) {
    INFO(bad);
    CHECK(run_ccsim(kQueue + "--agents " + bad).status == 2);
  }
  CHECK(run_ccsim(kQueue + "--agents 40:42:1 --csv --json").status == 2);
}

TEST_CASE("run - reads the scenario on standard input and gives the file's results",
          "[cli][stdin]") {
  const std::string file = ccsim::test::source_path("scenarios/erlang-a.json");
  auto piped = nlohmann::json::parse(run_ccsim("run - --replications 2 --json < " + file).out);
  auto named = nlohmann::json::parse(run_ccsim("run " + file + " --replications 2 --json").out);
  piped.erase("run_info");
  named.erase("run_info");
  CHECK(piped == named);
}

TEST_CASE("run - names <stdin> in every problem it reports", "[cli][stdin]") {
  const auto base =
      std::filesystem::temp_directory_path() / ("ccsim-stdin-" + std::to_string(::getpid()));
  const auto err = base.string() + ".err";
  std::ofstream(base.string() + ".json") << R"({"seed": -1})";
  const auto outcome = run_ccsim("run - < " + base.string() + ".json", err);
  std::filesystem::remove(base.string() + ".json");
  CHECK(outcome.status == 2);
  const std::vector<std::string> lines = split(read_file(err), '\n');
  std::filesystem::remove(err);
  REQUIRE(lines.size() >= 2);
  CHECK(lines[0] == "<stdin>: /seed: expected an integer >= 0, got -1");
  for (const std::string& line : lines) CHECK(line.rfind("<stdin>: ", 0) == 0);
}
