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

constexpr int kStaffSchemaVersion = 2;
constexpr double kSecondsPerHour = 3600.0;
constexpr int kColumn = 9;
constexpr int kMetricColumn = 28;
constexpr int kStartColumn = 7;      // "11:30" and a gap
constexpr int kSettledColumn = 19;   // "open <=+12 (1024)"
constexpr int kVerifiedColumn = 15;  // "misses (surely)"

using detail::estimate_json;
using detail::optional_number;

// The staffing table is narrower than the Erlang tables: four significant digits by default.
constexpr int kStaffSignificantDigits = 4;

std::string number(double value, int digits = kStaffSignificantDigits) {
  return detail::format_number(value, digits);
}

double agent_hours(const StaffReport& r, const std::vector<long>& agents) {
  return schedule_agent_hours(r.result.grid, r.scenario.horizon_s, agents);
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

// "misses service_level (surely) abandon_rate": the targets whose mean misses, marked where
// the whole interval lies beyond the target.
std::string misses_text(const StaffReport& r, const IntervalCheck& check) {
  if (check.holds) return "meets";
  if (r.result.guarantee == StaffGuarantee::risk) {
    return check.failing_surely.empty() ? "misses" : "misses (surely)";
  }
  std::string text = "misses";
  for (const std::size_t t : check.failing) {
    text += " " + r.targets[t].metric;
    const auto& surely = check.failing_surely;
    if (std::find(surely.begin(), surely.end(), t) != surely.end()) text += " (surely)";
  }
  return text;
}

// How the verification went in an interval: "meets" on the mean, "misses", or "misses
// (surely)" when some target's whole interval is beyond it.
std::string verified_text(const IntervalCheck& check) {
  if (check.holds) return "meets";
  return check.failing_surely.empty() ? "misses" : "misses (surely)";
}

// "exact (32)", "+1 (64)", "+2 (64)", "open (512)": how the count was settled (at most how many
// above the fewest), on how many replications.
std::string settled_text(const IntervalDecision& d, long agents) {
  std::string how = "open";
  if (d.exact) {
    how = "exact";
  } else if (d.resolved) {
    how = "+" + std::to_string(agents - *d.misses_at - 1);
  } else if (d.misses_at) {
    how = "open <=+" + std::to_string(agents - *d.misses_at - 1);
  }
  return how + " (" + std::to_string(d.replications) + ")";
}

nlohmann::json decision_json(const IntervalDecision& d) {
  return {{"replications", d.replications},
          {"resolved", d.resolved},
          {"exact", d.exact},
          {"misses_at", d.misses_at ? nlohmann::json(*d.misses_at) : nlohmann::json(nullptr)}};
}

std::string guarantee_kind(StaffGuarantee g) {
  return g == StaffGuarantee::expected ? "expected" : "risk";
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

double schedule_agent_hours(const StaffingGrid& grid, double horizon_s,
                            const std::vector<long>& agents) {
  double hours = 0.0;
  for (std::size_t i = 0; i < agents.size(); ++i) {
    const double on_s = std::max(0.0, std::min(grid.interval_s, horizon_s - grid.start_s(i)));
    hours += static_cast<double>(agents[i]) * on_s / kSecondsPerHour;
  }
  return hours;
}

long scheduled_heads(long required, double shrinkage) {
  return static_cast<long>(std::ceil(static_cast<double>(required) / (1.0 - shrinkage)));
}

nlohmann::json to_json(const StaffReport& r) {
  const StaffResult& res = r.result;
  const bool risk = res.guarantee == StaffGuarantee::risk;
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
        {"sipp_failing_surely", targets_json(r, res.sipp_checks[i].failing_surely)},
        {"sipp_metrics", target_metrics(r, res.sipp_run, i)},
        {"required_agents", res.feasible ? nlohmann::json(res.required[i]) : nullptr},
        {"scheduled_heads", heads.empty() ? nullptr : nlohmann::json(heads[i])},
        {"decision", res.feasible ? decision_json(res.decisions[i]) : nullptr},
        {"holds", res.feasible ? nlohmann::json(res.verified_checks[i].holds) : nullptr},
        {"failing", res.feasible ? targets_json(r, res.verified_checks[i].failing) : nullptr},
        {"failing_surely",
         res.feasible ? targets_json(r, res.verified_checks[i].failing_surely) : nullptr},
        {"metrics", res.feasible ? target_metrics(r, res.verified_run, i) : nullptr},
    };
    if (risk) {
      entry["meet_share"] =
          res.feasible ? estimate_json(res.verified_meet_share[i]) : nlohmann::json(nullptr);
    }
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
  nlohmann::json out = {
      {"schema_version", kStaffSchemaVersion},
      {"scenario", r.scenario.name},
      {"targets", targets},
      {"guarantee",
       {{"kind", guarantee_kind(res.guarantee)},
        {"risk", risk ? nlohmann::json(res.risk) : nlohmann::json(nullptr)},
        {"joint", res.joint},
        {"interval_risk", risk ? nlohmann::json(res.interval_risk) : nlohmann::json(nullptr)},
        {"statement", res.guarantee_statement()}}},
      {"replications", res.start_replications},
      {"max_replications", res.max_replications},
      {"looks", res.looks},
      {"decision_confidence", res.decision_confidence},
      {"seed", r.scenario.seed},
      {"confidence", r.scenario.confidence},
      {"verification", {{"seed", res.verify_seed}, {"replications", res.verify_replications}}},
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
      {"replications_run", res.replications_run},
      {"wall_s", r.wall_s},
  };
  if (risk) {
    out["day_share"] = res.feasible && res.verified_day_share
                           ? estimate_json(*res.verified_day_share)
                           : nlohmann::json(nullptr);
  }
  return out;
}

namespace {

void write_header(std::ostream& out, const StaffReport& r) {
  const StaffResult& res = r.result;
  std::string targets;
  for (const Target& t : r.targets) targets += (targets.empty() ? "" : ", ") + t.text();
  out << "staff " << r.scenario.name << ": the fewest human agents per "
      << number(res.grid.interval_s / 60.0) << "-minute interval meeting " << targets << "\n"
      << "guarantee: " << res.guarantee_statement() << "\n"
      << "decisions from " << res.start_replications << " replications (seed " << r.scenario.seed
      << ", common to every schedule), doubled where a decision is close, up to "
      << res.max_replications << " (each of its " << res.looks << " looks at "
      << number(100.0 * res.decision_confidence, 4) << "%); figures below from "
      << res.verify_replications << " fresh replications (seed " << res.verify_seed << ")\n";
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
}

void write_footer(std::ostream& out, const StaffReport& r, const std::vector<long>& heads) {
  const StaffResult& res = r.result;
  std::size_t sipp_misses = 0;
  std::size_t sipp_sure = 0;
  for (const IntervalCheck& c : res.sipp_checks) {
    sipp_misses += c.holds ? 0 : 1;
    sipp_sure += c.failing_surely.empty() ? 0 : 1;
  }
  out << "SIPP run (whole day, queues carried over, " << res.start_replications
      << " replications): some target missed on the mean in " << sipp_misses << " of "
      << res.grid.count << " intervals, surely (its whole CI beyond the target) in " << sipp_sure
      << "\n";
  out << "agent-hours: SIPP " << number(agent_hours(r, res.sipp_run_agents), 6);
  if (res.feasible) out << ", required " << number(agent_hours(r, res.required), 6);
  if (!heads.empty()) {
    out << ", scheduled heads " << number(agent_hours(r, heads), 6) << " (shrinkage "
        << number(*r.shrinkage) << ")";
  }
  out << "\n";
  if (res.feasible) {
    std::size_t misses = 0;
    std::size_t sure = 0;
    for (const IntervalCheck& c : res.verified_checks) {
      misses += c.holds ? 0 : 1;
      sure += c.failing_surely.empty() ? 0 : 1;
    }
    out << "verification (fresh seeds): some target missed on the mean in " << misses << " of "
        << res.grid.count << " intervals, surely in " << sure
        << (sure > 0 ? " (a decision the search's replications got wrong: see the verified column)"
                     : "")
        << "\n";
  }
  if (res.feasible && res.joint && res.verified_day_share) {
    out << "days on which every interval met every target (verified): "
        << cell(*res.verified_day_share) << ", for at least " << number(1.0 - res.risk, 6) << "\n";
  }
  if (res.feasible) {
    std::string open;
    for (std::size_t i = 0; i < res.decisions.size(); ++i) {
      if (!res.decisions[i].resolved)
        open += (open.empty() ? "" : ", ") +
                interval_label(res.grid.start_s(i), r.scenario.opens_at_s);
    }
    if (!open.empty()) {
      out << "open: " << open << " (the count is shown to meet the targets, but no count within "
          << "one agent or 1% below it was shown to miss them within " << res.max_replications
          << " replications: the figure moves less than its noise there; <=+m: at most m above "
          << "the fewest)\n";
    }
  }
  if (!res.feasible) out << "no feasible schedule: " << res.infeasible << "\n";
  out << "simulations: " << res.simulations << " schedules, " << res.replications_run
      << " whole-day replications (" << res.sipp_inputs.simulations
      << (res.sipp_inputs.simulations == 1 ? " run" : " runs") << " to measure the load), max "
      << res.max_agents << " agents per interval" << (res.max_agents_default ? " (default)" : "")
      << ", wall " << std::fixed << std::setprecision(1) << r.wall_s << " s\n"
      << std::defaultfloat;
}

}  // namespace

void write_table(std::ostream& out, const StaffReport& r) {
  const StaffResult& res = r.result;
  const bool risk = res.guarantee == StaffGuarantee::risk;
  write_header(out, r);
  const SippInputs& in = res.sipp_inputs;
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
  if (risk) out << std::setw(kMetricColumn) << "days meeting all";
  out << std::setw(kSettledColumn) << "settled"
      << "   " << std::left << std::setw(kVerifiedColumn + 3) << "verified" << std::right
      << "SIPP run\n";
  for (std::size_t i = 0; i < res.grid.count; ++i) {
    out << std::left << std::setw(kStartColumn)
        << interval_label(res.grid.start_s(i), r.scenario.opens_at_s) << std::right
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
    if (risk) {
      out << std::setw(kMetricColumn)
          << (res.feasible ? cell(res.verified_meet_share[i]) : std::string("-"));
    }
    out << std::setw(kSettledColumn)
        << (res.feasible ? settled_text(res.decisions[i], res.required[i]) : "-") << "   "
        << std::left << std::setw(kVerifiedColumn + 3)
        << (res.feasible ? verified_text(res.verified_checks[i]) : "-") << std::right
        << misses_text(r, res.sipp_checks[i]) << "\n";
  }
  out << "\n";
  write_footer(out, r, heads);
}

}  // namespace ccsim
