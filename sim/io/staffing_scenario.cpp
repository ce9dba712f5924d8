// The scenario file with the schedule `ccsim staff` found, written so that it loads and runs as
// is over its whole horizon.
#include <cmath>
#include <nlohmann/json.hpp>

#include "ccsim/io/staffing_report.hpp"

namespace ccsim {

namespace {

// Horizons judged whole multiples of the day as the loader judges schedules (docs/scenario.md).
constexpr double kRelativeTolerance = 1e-9;

// The values of a staffing schedule over the horizon: the grid's profile itself when it covers
// the horizon once or a whole number of times; otherwise the profile repeated, value by value,
// up to the last interval that starts before the horizon (a multi-day horizon that ends within a
// day, such as 200,000 s, which the loader refuses as a repeated list cut short).
std::vector<long> over_horizon(const std::vector<long>& profile, const StaffingGrid& grid,
                               double horizon_s) {
  const double period_s = static_cast<double>(profile.size()) * grid.interval_s;
  if (horizon_s <= period_s) return profile;
  const double periods = horizon_s / period_s;
  if (std::abs(periods - std::round(periods)) <= kRelativeTolerance * periods) return profile;
  const auto count = static_cast<std::size_t>(std::ceil(horizon_s / grid.interval_s));
  std::vector<long> values(count);
  for (std::size_t j = 0; j < count; ++j) values[j] = profile[j % profile.size()];
  return values;
}

}  // namespace

std::string scenario_with_agents(const std::string& text, const std::string& file_label,
                                 const Scenario& scenario, const StaffingGrid& grid,
                                 const std::vector<long>& agents, std::optional<double> shrinkage) {
  nlohmann::ordered_json doc = nlohmann::ordered_json::parse(text);
  const double horizon_s = scenario.horizon_s;
  auto schedule = [&grid, horizon_s](const std::vector<long>& profile) -> nlohmann::ordered_json {
    const std::vector<long> values = over_horizon(profile, grid, horizon_s);
    if (values.size() == 1) return values.front();
    return {{"interval_s", grid.interval_s}, {"agents", values}};
  };
  const auto by_group = agents_by_group(scenario, grid, agents);
  nlohmann::ordered_json& staffing = doc["staffing"];
  if (scenario.groups.empty()) {
    staffing["humans"] = schedule(by_group.front());
  } else {
    for (std::size_t g = 0; g < scenario.groups.size(); ++g) {
      staffing["groups"][g]["agents"] = schedule(by_group[g]);
    }
  }
  // The agents written are those on duty; the shrinkage makes the cost that of the heads paid.
  if (shrinkage) staffing["shrinkage"] = *shrinkage;
  doc["seed"] = scenario.seed;
  doc["replications"] = scenario.replications;
  doc["confidence"] = scenario.confidence;
  std::string out = doc.dump(2) + "\n";
  (void)parse_scenario(out, file_label);  // throws ScenarioError if it would not load
  return out;
}

std::optional<double> staffing_shrinkage(const Scenario& scenario, std::optional<double> asked) {
  if (asked) return asked;
  if (scenario.shrinkage > 0.0) return scenario.shrinkage;
  return std::nullopt;
}

std::string staffed_scenario(const std::string& text, const std::string& file_label,
                             const Scenario& scenario, const StaffResult& result,
                             std::optional<double> shrinkage) {
  Scenario verified = scenario;
  verified.seed = result.verify_seed;
  verified.replications = result.verify_replications;
  return scenario_with_agents(text, file_label, verified, result.grid, result.required, shrinkage);
}

}  // namespace ccsim
