// Writers of the staffing search (`ccsim staff`): JSON, a readable table, and the scenario file
// with the schedule found.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>

#include "ccsim/io/staffing_report.hpp"
#include "ccsim/io/tidy_csv.hpp"
#include "io/estimate_json.hpp"
#include "io/number_text.hpp"

namespace ccsim {

namespace {

constexpr int kStaffSchemaVersion = 1;
constexpr double kSecondsPerHour = 3600.0;
constexpr int kColumn = 9;
constexpr int kMetricColumn = 28;
constexpr int kStartColumn = 7;  // "11:30" and a gap

using detail::estimate_json;
using detail::optional_number;

// The staffing table is narrower than the Erlang tables: four significant digits by default.
constexpr int kStaffSignificantDigits = 4;

std::string number(double value, int digits = kStaffSignificantDigits) {
  return detail::format_number(value, digits);
}

double interval_hours(const StaffReport& r, std::size_t i) {
  const double start = r.result.grid.start_s(i);
  return std::max(0.0, std::min(r.result.grid.interval_s, r.scenario.horizon_s - start)) /
         kSecondsPerHour;
}

double agent_hours(const StaffReport& r, const std::vector<long>& agents) {
  double hours = 0.0;
  for (std::size_t i = 0; i < agents.size(); ++i) {
    hours += static_cast<double>(agents[i]) * interval_hours(r, i);
  }
  return hours;
}

std::vector<long> heads_of(const StaffReport& r) {
  std::vector<long> heads;
  for (const long n : r.result.required) heads.push_back(scheduled_heads(n, *r.shrinkage));
  return heads;
}

nlohmann::json target_metrics(const StaffReport& r, const Results& run, std::size_t i) {
  nlohmann::json m = nlohmann::json::object();
  if (i >= run.by_interval.size()) return m;
  for (const Target& t : r.targets) {
    m[t.metric] = estimate_json(find_metric(run.by_interval[i].metrics, t.metric));
  }
  return m;
}

nlohmann::json targets_json(const StaffReport& r, const std::vector<std::size_t>& indices) {
  nlohmann::json out = nlohmann::json::array();
  for (const std::size_t t : indices) out.push_back(r.targets[t].text());
  return out;
}

// "misses service_level (mean) abandon_rate": the targets whose bound misses, marked where the
// mean misses too.
std::string misses_text(const StaffReport& r, const IntervalCheck& check) {
  if (check.holds) return "meets";
  std::string text = "misses";
  for (const std::size_t t : check.failing) {
    text += " " + r.targets[t].metric;
    const auto& mean = check.failing_mean;
    if (std::find(mean.begin(), mean.end(), t) != mean.end()) text += " (mean)";
  }
  return text;
}

std::string cell(const Estimate& e) {
  if (!e.mean) return "no data";
  std::string text = number(*e.mean, 3);
  if (e.ci_low) text += " [" + number(*e.ci_low, 3) + ", " + number(*e.ci_high, 3) + "]";
  return text;
}

std::vector<std::string> group_names(const Scenario& s) {
  std::vector<std::string> names;
  for (const AgentGroup& g : s.groups) names.push_back(g.name);
  return names;
}

}  // namespace

long scheduled_heads(long required, double shrinkage) {
  return static_cast<long>(std::ceil(static_cast<double>(required) / (1.0 - shrinkage)));
}

nlohmann::json to_json(const StaffReport& r) {
  const StaffResult& res = r.result;
  const std::vector<std::string> groups = group_names(r.scenario);
  const auto by_group = res.feasible ? agents_by_group(r.scenario, res.grid, res.required)
                                     : std::vector<std::vector<long>>{};
  const std::vector<long> heads = r.shrinkage && res.feasible ? heads_of(r) : std::vector<long>{};
  nlohmann::json intervals = nlohmann::json::array();
  for (std::size_t i = 0; i < res.grid.count; ++i) {
    nlohmann::json entry = {
        {"start_s", res.grid.start_s(i)},
        {"offered_load", res.sipp_inputs.offered_load[i]},
        {"sipp_agents", res.sipp[i] ? nlohmann::json(*res.sipp[i]) : nullptr},
        {"sipp_holds", res.sipp_checks[i].holds},
        {"sipp_failing", targets_json(r, res.sipp_checks[i].failing)},
        {"sipp_failing_mean", targets_json(r, res.sipp_checks[i].failing_mean)},
        {"sipp_metrics", target_metrics(r, res.sipp_run, i)},
        {"required_agents", res.feasible ? nlohmann::json(res.required[i]) : nullptr},
        {"scheduled_heads", heads.empty() ? nullptr : nlohmann::json(heads[i])},
        {"holds", res.feasible ? nlohmann::json(res.verified_checks[i].holds) : nullptr},
        {"metrics", res.feasible ? target_metrics(r, res.verified_run, i) : nullptr},
    };
    if (!by_group.empty() && groups.size() > 1) {
      nlohmann::json split = nlohmann::json::object();
      for (std::size_t g = 0; g < groups.size(); ++g) split[groups[g]] = by_group[g][i];
      entry["group_agents"] = split;
    }
    intervals.push_back(std::move(entry));
  }
  nlohmann::json targets = nlohmann::json::array();
  for (const Target& t : r.targets) targets.push_back(t.text());
  nlohmann::json totals = {{"sipp_agent_hours", agent_hours(r, res.sipp_run_agents)},
                           {"required_agent_hours", nullptr},
                           {"scheduled_head_hours", nullptr}};
  if (res.feasible) totals["required_agent_hours"] = agent_hours(r, res.required);
  if (!heads.empty()) totals["scheduled_head_hours"] = agent_hours(r, heads);
  const SippInputs& in = res.sipp_inputs;
  return {
      {"schema_version", kStaffSchemaVersion},
      {"scenario", r.scenario.name},
      {"targets", targets},
      {"replications", r.scenario.replications},
      {"seed", r.scenario.seed},
      {"confidence", r.scenario.confidence},
      {"interval_s", res.grid.interval_s},
      {"groups", groups},
      {"feasible", res.feasible},
      {"infeasible", res.infeasible.empty() ? nullptr : nlohmann::json(res.infeasible)},
      {"max_agents", res.max_agents},
      {"max_agents_default", res.max_agents_default},
      {"shrinkage", optional_number(r.shrinkage)},
      {"sipp_inputs",
       {{"source", in.source},
        {"handle_s", in.handle_s},
        {"patience_s", optional_number(in.patience_s)},
        {"ample_agents", in.ample_agents},
        {"simulations", in.simulations}}},
      {"intervals", std::move(intervals)},
      {"totals", totals},
      {"simulations", res.simulations},
      {"wall_s", r.wall_s},
  };
}

void write_table(std::ostream& out, const StaffReport& r) {
  const StaffResult& res = r.result;
  const int percent = static_cast<int>(std::lround(r.scenario.confidence * 100.0));
  std::string targets;
  for (const Target& t : r.targets) targets += (targets.empty() ? "" : ", ") + t.text();
  out << "staff " << r.scenario.name << ": the fewest human agents per "
      << number(res.grid.interval_s / 60.0) << "-minute interval meeting " << targets << "\n"
      << "a target holds in an interval when its " << percent
      << "% CI bound meets it (lower bound for >=, upper for <=); " << r.scenario.replications
      << " replications, seed " << r.scenario.seed << ", common to every run\n";
  const SippInputs& in = res.sipp_inputs;
  out << "SIPP (each interval alone, Erlang "
      << (!in.patience_s          ? "C"
          : *in.patience_s == 0.0 ? "B"
                                  : "A")
      << "): handle " << number(in.handle_s) << " s, patience "
      << (in.patience_s ? number(*in.patience_s) + " s" : std::string("infinite")) << ", load "
      << (in.source == "scenario" ? "from the scenario (a single human queue)"
                                  : "measured by a run with ample staffing")
      << "\n\n";
  const std::vector<std::string> groups = group_names(r.scenario);
  const bool split = res.feasible && groups.size() > 1;
  const auto by_group = split ? agents_by_group(r.scenario, res.grid, res.required)
                              : std::vector<std::vector<long>>{};
  const std::vector<long> heads = r.shrinkage && res.feasible ? heads_of(r) : std::vector<long>{};
  out << std::left << std::setw(kStartColumn) << "start" << std::right << std::setw(kColumn)
      << "load" << std::setw(kColumn) << "SIPP" << std::setw(kColumn) << "required";
  if (!heads.empty()) out << std::setw(kColumn) << "heads";
  if (split) {
    for (const std::string& g : groups) out << "  " << g;
  }
  for (const Target& t : r.targets) out << std::setw(kMetricColumn) << t.metric;
  out << "   SIPP run\n";
  for (std::size_t i = 0; i < res.grid.count; ++i) {
    out << std::left << std::setw(kStartColumn) << interval_label(res.grid.start_s(i), r.scenario.opens_at_s) << std::right
        << std::setw(kColumn) << number(in.offered_load[i], 3) << std::setw(kColumn)
        << (res.sipp[i] ? std::to_string(*res.sipp[i]) : std::string("none")) << std::setw(kColumn)
        << (res.feasible ? std::to_string(res.required[i]) : "-");
    if (!heads.empty()) out << std::setw(kColumn) << heads[i];
    if (split) {
      for (std::size_t g = 0; g < groups.size(); ++g) {
        out << "  " << std::setw(static_cast<int>(groups[g].size())) << by_group[g][i];
      }
    }
    for (const Target& t : r.targets) {
      out << std::setw(kMetricColumn)
          << (res.feasible ? cell(find_metric(res.verified_run.by_interval[i].metrics, t.metric))
                           : std::string("-"));
    }
    out << "   " << misses_text(r, res.sipp_checks[i]) << "\n";
  }
  out << "\n";
  std::size_t sipp_misses = 0;
  std::size_t sipp_mean_misses = 0;
  for (const IntervalCheck& c : res.sipp_checks) {
    sipp_misses += c.holds ? 0 : 1;
    sipp_mean_misses += c.failing_mean.empty() ? 0 : 1;
  }
  out << "SIPP run (whole day, queues carried over): some target's CI bound misses in "
      << sipp_misses << " of " << res.grid.count << " intervals, its mean in " << sipp_mean_misses
      << "\n";
  out << "agent-hours: SIPP " << number(agent_hours(r, res.sipp_run_agents), 6);
  if (res.feasible) out << ", required " << number(agent_hours(r, res.required), 6);
  if (!heads.empty()) {
    out << ", scheduled heads " << number(agent_hours(r, heads), 6) << " (shrinkage "
        << number(*r.shrinkage) << ")";
  }
  out << "\n";
  if (!res.feasible) out << "no feasible schedule: " << res.infeasible << "\n";
  out << "simulations: " << res.simulations << " whole-day runs of " << r.scenario.replications
      << " replications (" << in.simulations << " to measure the load), max " << res.max_agents
      << " agents per interval" << (res.max_agents_default ? " (default)" : "") << ", wall "
      << std::fixed << std::setprecision(1) << r.wall_s << " s\n"
      << std::defaultfloat;
}

std::string scenario_with_agents(const std::string& text, const std::string& file_label,
                                 const Scenario& scenario, const StaffingGrid& grid,
                                 const std::vector<long>& agents) {
  nlohmann::ordered_json doc = nlohmann::ordered_json::parse(text);
  auto schedule = [&grid](const std::vector<long>& values) -> nlohmann::ordered_json {
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
  doc["seed"] = scenario.seed;
  doc["replications"] = scenario.replications;
  doc["confidence"] = scenario.confidence;
  std::string out = doc.dump(2) + "\n";
  (void)parse_scenario(out, file_label);  // throws ScenarioError if it would not load
  return out;
}

}  // namespace ccsim
