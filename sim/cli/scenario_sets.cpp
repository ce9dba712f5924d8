#include "scenario_sets.hpp"

#include <iostream>
#include <set>


namespace ccsim::cli {

namespace {

// The values of the axes that take several: what tells the points apart ("/x*=0.8").
std::string varying_values(const SweepGrid& grid, std::size_t point) {
  std::string out;
  for (std::size_t a = 0; a < grid.axes().size(); ++a) {
    if (grid.axes()[a].values.size() < 2) continue;
    if (!out.empty()) out += ", ";
    out += grid.axes()[a].column() + "=" + describe_json(grid.value(point, a));
  }
  return out;
}

}  // namespace

CLI::Option* add_set_flag(CLI::App* cmd, std::vector<std::string>& sets, const std::string& help) {
  const CLI::Validator axis_shape(
      [](std::string& text) {
        try {
          parse_sweep_axis(text);
        } catch (const SweepError& e) {
          return std::string(e.what());
        }
        return std::string{};
      },
      "", "");
  return cmd->add_option("--set", sets, help)
      ->type_name("POINTER=VALUES")
      ->allow_extra_args(false)  // one value per --set: the scenario may follow
      ->check(axis_shape);
}

std::optional<std::vector<ScenarioVariant>> load_variants_or_report(
    const std::string& path, const std::vector<std::string>& sets,
    const std::vector<ScenarioOverride>& overrides, bool report, std::size_t max_points,
    std::set<std::string>* said) {
  std::vector<std::string> problems;
  std::set<std::string> own;
  if (said == nullptr) said = &own;
  const auto bad = [&]() -> std::optional<std::vector<ScenarioVariant>> {
    if (report) {
      // A flag's problem, the same at every point: once.
      for (const std::string& line : problems) {
        if (said->insert(line).second) std::cerr << line << "\n";
      }
    }
    return std::nullopt;
  };
  std::vector<SweepAxis> axes;
  for (const std::string& text : sets) {
    try {
      axes.push_back(parse_sweep_axis(text));
    } catch (const SweepError& e) {
      problems.push_back(std::string("--set: ") + e.what());
    }
  }
  std::optional<SweepGrid> grid;
  if (problems.empty()) {
    try {
      grid.emplace(std::move(axes));
    } catch (const SweepError& e) {
      problems.push_back(std::string("--set: ") + e.what());
    }
  }
  if (grid && max_points > 0 && grid->size() > max_points) {
    problems.push_back("--set: expected at most " + std::to_string(max_points) +
                       (max_points == 1 ? " value per pointer" : " points") + ", got " +
                       std::to_string(grid->size()) + " points");
  }
  // Read once: standard input ("-") cannot be read again, and a file read twice could change
  // in between.
  std::optional<std::string> bytes;
  try {
    bytes = read_scenario_text(path);
  } catch (const ScenarioError& e) {
    problems.insert(problems.end(), e.problems().begin(), e.problems().end());
  }
  if (!problems.empty()) return bad();
  if (sets.empty()) {
    // Without --set, exactly as every other command loads a file.
    try {
      std::string syntax;
      std::optional<JsonDocument> document = parse_json(*bytes, syntax);
      Scenario scenario = load_scenario_text(*bytes, path, overrides);
      std::vector<ScenarioVariant> one;
      one.push_back({std::move(scenario), document ? std::move(*document) : JsonDocument(), path,
                     std::move(*bytes)});
      return one;
    } catch (const ScenarioError& e) {
      problems = e.problems();
      return bad();
    }
  }
  std::string syntax;
  std::optional<JsonDocument> base = parse_json(*bytes, syntax);
  if (!base) {
    problems.push_back(path + ": " + syntax);
    return bad();
  }
  std::vector<ScenarioVariant> variants;
  for (std::size_t p = 0; p < grid->size(); ++p) {
    try {
      ScenarioVariant variant;
      variant.scenario = sweep_point_scenario(*base, *grid, p, path, overrides);
      variant.document = *base;
      (void)grid->apply(p, variant.document);  // it applied above
      variant.source = grid->size() > 1 ? path + ": " + varying_values(*grid, p) : path;
      variants.push_back(std::move(variant));
    } catch (const ScenarioError& e) {
      problems.insert(problems.end(), e.problems().begin(), e.problems().end());
    }
  }
  if (!problems.empty()) return bad();
  return variants;
}

}  // namespace ccsim::cli
