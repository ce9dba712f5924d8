// libFuzzer target: `sweep --set` expressions, applied to a scenario and validated.
//
// The input is one --set expression a line ([&]POINTER[*]=VALUES: a JSON array, a range a:b:step
// or one JSON value; pointers with "*" and item names). Whatever the bytes, each expression parses
// to an axis or is refused with one line "expected …, got …"; the axes make a grid, or are refused
// likewise; each of the first points applied to the base scenario gives a scenario that loads, with
// every swept value where its pointer says, or one-line problems naming the file, the point and the
// pointer. For a grid whose points all load, the sweep's header reads back as this sweep's own
// output.
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
  for (const SweepAxis& axis : axes) {
    if (!axis.linked) product *= axis.values.size();  // linked axes move with the one before
  }
  require(grid->size() == product, "a grid of another size than its dimensions' product");

  bool all_load = true;
  std::optional<Scenario> first;
  for (std::size_t p = 0; p < std::min(grid->size(), kPointsChecked); ++p) {
    const std::string label = sweep_point_label(kLabel, *grid, p);
    check_line(label + ": expected a label on one line");
    try {
      Scenario scenario = sweep_point_scenario(base, *grid, p, kLabel);
      // Every value of the last axis is where its pointer said before it applied (an earlier
      // axis's places may be overwritten by a later one, so only the last is checked).
      JsonDocument document = base;
      require(!grid->apply(p, document), "a point that loads but does not apply");
      if (!axes.empty()) {
        const std::size_t a_last = axes.size() - 1;
        const SweepAxis& last = axes[a_last];
        JsonDocument before = base;
        for (std::size_t a = 0; a < a_last; ++a) {
          require(!apply_sweep_change(before, axes[a].pointer, axes[a].op, grid->value(p, a)),
                  "an axis that applies in the grid but not alone:", axes[a].pointer);
        }
        std::string problem;
        const auto targets =
            sweep_pointer_targets(before, last.pointer, last.op == SweepOp::assign, problem);
        require(targets.has_value(), "an applied pointer that names nothing:", last.pointer);
        if (last.op == SweepOp::assign) {
          for (const std::string& target : *targets) {
            require(document.at(JsonDocument::json_pointer(target)) == grid->value(p, a_last),
                    "a swept value not at its pointer:", target);
          }
        }
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
  // A CSV's header is its side file's (FILE.meta.json).
  const ExistingSweepOutput existing =
      read_sweep_output(header_text, header_text, header["hash"].get<std::string>(),
                        settings.format, sweep_meta_text(header));
  require(existing.has_header && existing.rows == 0, "a header that does not read back");
  return 0;
}
