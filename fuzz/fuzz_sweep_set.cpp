// libFuzzer target: `sweep --set` expressions, applied to a scenario and validated.
//
// The input is one --set expression a line (POINTER=VALUES: a JSON array, a range a:b:step or
// one JSON value). Whatever the bytes, each expression parses to an axis or is refused with one
// line "expected …, got …"; the axes make a grid, or are refused likewise; each of the first
// points applied to the base scenario gives a scenario that loads, with every swept value where
// its pointer says, or one-line problems naming the file, the point and the pointer. For a grid
// whose points all load, the sweep's header reads back as this sweep's own output.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ccsim/experiment/sweep.hpp"
#include "ccsim/io/sweep_output.hpp"
#include "ccsim/stats/results.hpp"

namespace {

using namespace ccsim;

constexpr const char* kLabel = "base.json";
constexpr std::size_t kMaxAxes = 8;
// Points applied and loaded per input: the grid itself may be much larger.
constexpr std::size_t kPointsChecked = 16;

const char* const kBase = R"({"name": "base", "seed": 3, "replications": 2, "horizon_s": 3600,
  "arrivals": {"per_hour": 120},
  "population": {"segments": [{"name": "young", "share": 0.5, "reasons": {"billing": 1},
                               "patience_s": {"dist": "exponential", "mean": 90}},
                              {"name": "old", "share": 0.5, "reasons": {"billing": 1},
                               "patience_s": {"dist": "exponential", "mean": 200}}]},
  "reasons": [{"name": "billing", "human_handle_s": {"dist": "exponential", "mean": 120}}],
  "staffing": {"groups": [{"name": "g", "agents": 4}]},
  "routing": {"strategy": "human_only"}})";

void require(bool condition, const char* what, const std::string& detail = {}) {
  if (condition) return;
  std::fprintf(stderr, "fuzz_sweep_set: %s %s\n", what, detail.c_str());
  std::abort();
}

void check_line(const std::string& line) {
  require(line.find('\n') == std::string::npos, "a message on several lines:", line);
  require(line.find("expected ") != std::string::npos, "a message without expected:", line);
  try {
    (void)nlohmann::json(line).dump();  // throws on ill-formed UTF-8
  } catch (const nlohmann::json::exception&) {
    require(false, "a message that is not valid UTF-8:", line);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const JsonDocument base = JsonDocument::parse(kBase);
  std::vector<SweepAxis> axes;
  std::string text;
  for (std::size_t i = 0; i <= size; ++i) {
    if (i < size && data[i] != '\n') {
      text.push_back(static_cast<char>(data[i]));
      continue;
    }
    if (axes.size() == kMaxAxes) return 0;
    try {
      axes.push_back(parse_sweep_axis(text));
      require(!axes.back().values.empty(), "an axis without values:", text);
      require(axes.back().values.size() <= kMaxSweepPoints, "an axis past the limit:", text);
    } catch (const SweepError& e) {
      check_line(e.what());
      return 0;
    }
    text.clear();
  }
  std::optional<SweepGrid> grid;
  try {
    grid.emplace(axes);
  } catch (const SweepError& e) {
    check_line(e.what());
    return 0;
  }
  std::size_t product = 1;
  for (const SweepAxis& axis : axes) product *= axis.values.size();
  require(grid->size() == product, "a grid of another size than its axes' product");

  bool all_load = true;
  std::optional<Scenario> first;
  for (std::size_t p = 0; p < std::min(grid->size(), kPointsChecked); ++p) {
    const std::string label = sweep_point_label(kLabel, *grid, p);
    check_line(label + ": expected a label on one line");
    try {
      Scenario scenario = sweep_point_scenario(base, *grid, p, kLabel);
      // Every swept value is where its pointer says.
      JsonDocument document = base;
      require(!grid->apply(p, document), "a point that loads but does not apply");
      for (std::size_t a = 0; a < axes.size(); ++a) {
        require(document.at(JsonDocument::json_pointer(axes[a].pointer)) == grid->value(p, a),
                "a swept value not at its pointer:", axes[a].pointer);
      }
      if (!first) first = std::move(scenario);
    } catch (const ScenarioError& e) {
      all_load = false;
      require(!e.problems().empty(), "a point refused without problems");
      for (const std::string& line : e.problems()) {
        require(line.rfind(label + ": ", 0) == 0, "a problem not naming its point:", line);
        check_line(line);
      }
    }
  }
  if (!all_load || !first) return 0;
  // The header of this sweep reads back as its own output.
  SweepSettings settings;
  const JsonDocument header = sweep_header(kBase, *grid, settings);
  const Results empty = merge_tallies(*first, {}, first->confidence);
  SweepPointOutcome outcome;
  outcome.results = &empty;
  const std::string header_text =
      sweep_header_text(header, sweep_row(*grid, settings, outcome), settings.format);
  const ExistingSweepOutput existing = read_sweep_output(
      header_text, header_text, header["hash"].get<std::string>(), settings.format);
  require(existing.has_header && existing.rows == 0, "a header that does not read back");
  return 0;
}
