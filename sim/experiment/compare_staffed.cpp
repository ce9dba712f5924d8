#include "ccsim/experiment/compare_staffed.hpp"

#include <algorithm>

#include "ccsim/experiment/run_request.hpp"
#include "ccsim/io/staffing_report.hpp"

namespace ccsim {

namespace {

// A figure of the schedule found: exact for that schedule, so its value and its difference
// have no interval (n is the number of intervals behind it).
ComparedMetric schedule_metric(const std::string& name, const std::vector<double>& values,
                               std::uint64_t intervals) {
  ComparedMetric m;
  m.name = name;
  for (std::size_t i = 0; i < values.size(); ++i) {
    Estimate v;
    v.mean = values[i];
    v.n = intervals;
    m.values.push_back(v);
    Estimate d;
    if (i > 0) {
      d.mean = values[i] - values[0];
      d.n = intervals;
    }
    m.differences.push_back(d);
  }
  return m;
}

double peak(const std::vector<long>& agents) {
  return agents.empty() ? 0.0
                        : static_cast<double>(*std::max_element(agents.begin(), agents.end()));
}

}  // namespace

StaffedComparison compare_at_equal_service(
    const std::vector<StaffingInput>& inputs, const StaffOptions& options,
    std::optional<double> shrinkage, const RunOptions& run_options, bool by_segment,
    const std::function<void(const std::string& label)>& on_staffing) {
  StaffedComparison out;
  if (inputs.empty()) return out;
  std::vector<Scenario> originals;
  std::vector<std::string> sources;
  for (const StaffingInput& input : inputs) {
    originals.push_back(input.scenario);
    sources.push_back(input.source);
  }
  const std::vector<std::string> labels = comparison_labels(originals, sources);
  const Scenario& first = inputs.front().scenario;
  EqualService equal;
  std::vector<Scenario> staffed;
  std::vector<double> agent_hours, head_hours, peak_agents, peak_heads;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    Scenario scenario = inputs[i].scenario;
    scenario.seed = first.seed;
    scenario.replications = first.replications;
    scenario.confidence = first.confidence;
    if (on_staffing) on_staffing(labels[i]);
    StaffResult result = staff(scenario, options);
    if (!result.feasible) {
      out.infeasible = labels[i] + ": " + result.infeasible;
      return out;
    }
    const std::optional<double> s = staffing_shrinkage(scenario, shrinkage);
    out.files.push_back(staffed_scenario(inputs[i].text, inputs[i].source, scenario, result, s));
    staffed.push_back(parse_scenario(out.files.back(), inputs[i].source));
    std::vector<long> heads;
    for (const long n : result.required) heads.push_back(scheduled_heads(n, s.value_or(0.0)));
    agent_hours.push_back(schedule_agent_hours(result.grid, scenario.horizon_s, result.required));
    head_hours.push_back(schedule_agent_hours(result.grid, scenario.horizon_s, heads));
    peak_agents.push_back(peak(result.required));
    peak_heads.push_back(peak(heads));
    equal.agents.push_back(result.required);
    equal.heads.push_back(std::move(heads));
    out.results.push_back(std::move(result));
  }
  Comparison c = compare_scenarios(std::move(staffed), {}, run_options, by_segment, sources);
  const StaffResult& r0 = out.results.front();
  const auto intervals = static_cast<std::uint64_t>(r0.grid.count);
  const std::vector<ComparedMetric> schedule = {
      schedule_metric("agent_hours_per_day", agent_hours, intervals),
      schedule_metric("head_hours_per_day", head_hours, intervals),
      schedule_metric("peak_agents", peak_agents, intervals),
      schedule_metric("peak_heads", peak_heads, intervals)};
  c.metrics.insert(c.metrics.begin(), schedule.begin(), schedule.end());
  for (const Target& t : options.targets) equal.targets.push_back(t.text());
  equal.risk = r0.guarantee == StaffGuarantee::risk ? std::optional<double>(r0.risk) : std::nullopt;
  equal.joint = r0.joint;
  equal.guarantee = r0.guarantee_statement();
  equal.interval_s = r0.grid.interval_s;
  c.equal_service = std::move(equal);
  out.comparison = std::move(c);
  return out;
}

}  // namespace ccsim
