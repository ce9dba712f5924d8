// Staffing schedules by interval: the grid they follow and how a total is shared by groups.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <stdexcept>

#include "ccsim/staffing/staffing.hpp"
#include "engine/interval_pieces.hpp"

namespace ccsim {

StaffingGrid staffing_grid(const Scenario& scenario) {
  const Scenario full = expand_shorthands(scenario);
  const ReportGrid report(full.horizon_s, full.report_interval_s);
  if (report.total > report.count) {
    // Reported intervals fold onto one day; a staffing schedule repeats after its own length.
    const double per_day = kReportFoldPeriodS / full.report_interval_s;
    if (per_day != std::floor(per_day)) {
      throw std::invalid_argument(
          "expected a report interval that divides a day (86400 s) when the horizon is longer "
          "than a day, got " +
          std::to_string(full.report_interval_s) + " s");
    }
  }
  return StaffingGrid{full.report_interval_s, report.count};
}

std::vector<long> split_agents(long total, const std::vector<double>& weights) {
  std::vector<double> w = weights;
  const double sum = std::accumulate(w.begin(), w.end(), 0.0);
  if (!(sum > 0.0)) std::fill(w.begin(), w.end(), 1.0);
  const double norm = std::accumulate(w.begin(), w.end(), 0.0);
  std::vector<long> share(w.size());
  std::vector<std::pair<double, std::size_t>> remainders;
  long given = 0;
  for (std::size_t g = 0; g < w.size(); ++g) {
    const double exact = static_cast<double>(total) * w[g] / norm;
    share[g] = static_cast<long>(std::floor(exact));
    given += share[g];
    remainders.emplace_back(exact - static_cast<double>(share[g]), g);
  }
  // Largest remainder first; ties to the earlier group.
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t k = 0; given < total && k < remainders.size(); ++k, ++given) {
    ++share[remainders[k].second];
  }
  return share;
}

std::vector<std::vector<long>> agents_by_group(const Scenario& scenario, const StaffingGrid& grid,
                                               const std::vector<long>& agents) {
  if (scenario.groups.empty()) return {agents};
  const std::size_t groups = scenario.groups.size();
  std::vector<std::vector<long>> out(groups, std::vector<long>(grid.count));
  // Each group's agent time over the day: the weights of an interval where the scenario
  // staffs nobody.
  std::vector<double> day(groups, 0.0);
  for (std::size_t g = 0; g < groups; ++g) {
    for (std::size_t i = 0; i < grid.count; ++i)
      day[g] += scenario.groups[g].agents.at(grid.start_s(i));
  }
  for (std::size_t i = 0; i < grid.count; ++i) {
    std::vector<double> weights(groups);
    for (std::size_t g = 0; g < groups; ++g)
      weights[g] = scenario.groups[g].agents.at(grid.start_s(i));
    if (!(std::accumulate(weights.begin(), weights.end(), 0.0) > 0.0)) weights = day;
    const std::vector<long> share = split_agents(agents[i], weights);
    for (std::size_t g = 0; g < groups; ++g) out[g][i] = share[g];
  }
  return out;
}

Scenario with_agents(const Scenario& scenario, const StaffingGrid& grid,
                     const std::vector<long>& agents) {
  Scenario out = scenario;
  const std::vector<std::vector<long>> by_group = agents_by_group(scenario, grid, agents);
  auto schedule = [&grid](const std::vector<long>& values) {
    Schedule s;
    s.values.assign(values.begin(), values.end());
    s.interval_s = s.values.size() > 1 ? grid.interval_s : 0.0;
    return s;
  };
  if (scenario.groups.empty()) {
    out.humans = schedule(by_group.front());
  } else {
    for (std::size_t g = 0; g < scenario.groups.size(); ++g) {
      out.groups[g].agents = schedule(by_group[g]);
    }
  }
  return out;
}

}  // namespace ccsim
