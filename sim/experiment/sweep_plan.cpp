#include "ccsim/experiment/sweep_plan.hpp"

#include <utility>

#include "ccsim/experiment/compare.hpp"
#include "ccsim/io/input.hpp"
#include "ccsim/scenario/queue_growth.hpp"
#include "ccsim/stats/results.hpp"

namespace ccsim {

namespace {

// Problems found so far, thrown together at the end. A problem that recurs
// at many points (a pointer that leads nowhere, a range that leaves the valid values) is shown
// once, at its first point, with the number of other points that have it.
class Problems {
 public:
  void add(std::string line) { lines_.push_back({std::move(line), {}, 0}); }
  void add(const std::vector<std::string>& lines) {
    for (const std::string& line : lines) add(line);
  }
  // A line of a point's ScenarioError: "LABEL: POINTER: expected …, got …".
  void add_at_point(const std::string& line, const std::string& label) {
    if (line.compare(0, label.size(), label) != 0) {
      // A flag's problem, the same at every point: said once.
      for (const Line& known : lines_) {
        if (known.text == line) return;
      }
      add(line);
      return;
    }
    const std::string rest = line.substr(label.size());
    for (Line& known : lines_) {
      if (!known.rest.empty() && known.rest == rest) {
        ++known.repeats;
        return;
      }
    }
    lines_.push_back({line, rest, 0});
  }
  bool any() const { return !lines_.empty(); }
  std::vector<std::string> lines() const {
    std::vector<std::string> out;
    for (const Line& line : lines_) {
      out.push_back(line.text);
      if (line.repeats > 0) {
        out.back() += " (and at " + std::to_string(line.repeats) + " other points)";
      }
    }
    return out;
  }

 private:
  struct Line {
    std::string text;
    std::string rest;  // the text after the point's label, for point problems
    std::size_t repeats;
  };
  std::vector<Line> lines_;
};

std::optional<std::string> read_bytes(const std::string& path, Problems& problems) {
  InputFailure failure;
  std::optional<std::string> bytes = read_input_file(path, kMaxScenarioFileBytes, failure);
  if (!bytes) {
    problems.add(path + ": expected a readable scenario file" +
                 (failure.too_large ? std::string(" of at most 64 MiB") : std::string()) +
                 ", got " + failure.describe());
  }
  return bytes;
}

std::vector<std::string> segment_names(const Scenario& scenario) {
  std::vector<std::string> names;
  for (const Segment& s : expand_shorthands(scenario).segments) names.push_back(s.name);
  return names;
}

// A row of point 0 with no replications: it has every column a real row has, in order, so the
// CSV column line comes from the same code as the rows.
JsonDocument example_row(const SweepGrid& grid, const SweepSettings& settings,
                         const Scenario& scenario) {
  const Results results = merge_tallies(scenario, {}, scenario.confidence);
  const Comparison comparison =
      compare_runs({scenario, scenario}, std::vector<std::vector<Tally>>(2), scenario.confidence,
                   settings.by_segment);
  PrecisionOutcome precision;
  SweepPointOutcome outcome;
  outcome.seed = scenario.seed;
  outcome.results = &results;
  outcome.baseline = &comparison;
  if (!settings.precision.empty()) outcome.precision = &precision;
  return sweep_row(grid, settings, outcome);
}

bool has_override(const std::vector<ScenarioOverride>& overrides, const std::string& key) {
  for (const ScenarioOverride& o : overrides) {
    if (o.key == key) return true;
  }
  return false;
}

}  // namespace

SweepPlan SweepPlan::make(const SweepRequest& args, std::vector<std::string>& warnings) {
  Problems problems;
  const auto finish_bad = [&]() -> SweepPlan { throw ScenarioError(problems.lines()); };
  std::vector<SweepAxis> axes;
  for (const std::string& text : args.sets) {
    try {
      axes.push_back(parse_sweep_axis(text));
    } catch (const SweepError& e) {
      problems.add(std::string("--set: ") + e.what());
    }
  }
  const std::optional<std::string> bytes =
      args.scenario_text ? args.scenario_text : read_bytes(args.scenario_label, problems);
  std::optional<JsonDocument> base;
  if (bytes) {
    std::string syntax;
    base = parse_json(*bytes, syntax);
    if (!base) problems.add(args.scenario_label + ": " + syntax);
  }
  if (problems.any()) return finish_bad();
  std::optional<SweepGrid> grid;
  try {
    grid.emplace(std::move(axes));
  } catch (const SweepError& e) {
    problems.add(std::string("--set: ") + e.what());
    return finish_bad();
  }

  // A key both swept and set by a flag: which should win is a guess, so neither does.
  const std::vector<ScenarioOverride>& overrides = args.overrides;
  for (const ScenarioOverride& o : overrides) {
    for (const SweepAxis& axis : grid->axes()) {
      if (axis.pointer == "/" + o.key) {
        problems.add(o.flag + ": expected either " + o.flag + " or --set " + axis.pointer +
                     ", got both");
      }
    }
  }
  if (problems.any()) return finish_bad();

  SweepSettings settings;
  settings.format = args.format;
  settings.csv_style = args.csv_style;
  settings.by_segment = args.by_segment;
  settings.baseline = args.baseline;
  settings.independent = args.independent;
  settings.max_replications = args.max_replications.value_or(kDefaultMaxReplications);
  for (const std::string& text : args.precision) {
    try {
      settings.precision.push_back(parse_precision_target(text));
    } catch (const std::invalid_argument& e) {
      problems.add(std::string("--precision: ") + e.what());
    }
  }
  if (problems.any()) return finish_bad();
  SweepPlan plan(args.scenario_label, std::move(*base), std::move(*grid), std::move(settings),
                 overrides);

  // Every point, before anything runs.
  std::optional<Scenario> first;
  std::vector<std::string> first_segments;
  std::size_t unstable_points = 0;  // warned about at the first, counted at the others
  for (std::size_t p = 0; p < plan.points(); ++p) {
    try {
      Scenario scenario = plan.point_scenario(p);
      const int replications = scenario.replications;
      const std::optional<QueueGrowth> growth = queue_growth(scenario);
      if (!first) {
        first_segments = segment_names(scenario);
        first = std::move(scenario);
      } else if (plan.settings_.by_segment && segment_names(scenario) != first_segments) {
        const std::string label = sweep_point_label(args.scenario_label, plan.grid_, p);
        problems.add_at_point(label + ": /population/segments: expected the segments of point 0 (" +
                                  join_words(first_segments) + ") with --by segment, got (" +
                                  join_words(segment_names(scenario)) + ")",
                              label);
      }
      if (growth) {
        const std::string label = sweep_point_label(args.scenario_label, plan.grid_, p);
        if (growth->refused()) {
          problems.add_at_point(describe(*growth, label), label);
        } else if (unstable_points++ == 0) {
          warnings.push_back("ccsim: " + describe(*growth, label));
        }
      }
      if (!plan.settings_.precision.empty() && replications > plan.settings_.max_replications) {
        const std::string label = sweep_point_label(args.scenario_label, plan.grid_, p);
        problems.add_at_point(label + ": /replications: expected at most --max-replications (" +
                                  std::to_string(plan.settings_.max_replications) +
                                  ") under --precision, got " + std::to_string(replications),
                              label);
      }
    } catch (const ScenarioError& e) {
      const std::string label = sweep_point_label(args.scenario_label, plan.grid_, p);
      for (const std::string& line : e.problems()) problems.add_at_point(line, label);
    }
  }
  if (unstable_points > 1) {
    warnings.push_back("ccsim: … and " + std::to_string(unstable_points - 1) +
                       " other unstable point(s)");
  }
  if (first) {
    // The cap against each point's replications is checked above.
    problems.add(precision_problems(plan.settings_.precision, *first));
    // The header records the flags' values, as checked.
    if (has_override(overrides, "replications")) {
      plan.settings_.replications = first->replications;
    }
    if (has_override(overrides, "seed")) plan.settings_.seed = first->seed;
    if (has_override(overrides, "confidence")) plan.settings_.confidence = first->confidence;
  }
  if (problems.any()) return finish_bad();

  const JsonDocument header = sweep_header(*bytes, plan.grid_, plan.settings_);
  plan.hash_ = header["hash"].get<std::string>();
  plan.header_ = header;
  const JsonDocument example = example_row(plan.grid_, plan.settings_, *first);
  plan.header_text_ =
      sweep_header_text(header, example, plan.settings_.format, plan.settings_.csv_style);
  plan.row_lines_ = sweep_row_lines(example, plan.settings_.format);
  plan.meta_text_ = sweep_meta_text(header);
  return plan;
}

Scenario SweepPlan::point_scenario(std::size_t point) const {
  Scenario scenario = sweep_point_scenario(base_, grid_, point, label_, overrides_);
  if (settings_.independent) scenario.seed = independent_point_seed(scenario.seed, point);
  return scenario;
}

}  // namespace ccsim
