#include "ccsim/experiment/compare.hpp"

#include <algorithm>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <ostream>
#include <span>
#include <sstream>

#include "ccsim/stats/money.hpp"

#include "ccsim/scenario/json_checker.hpp"
#include "io/aligned_rows.hpp"
#include "io/estimate_json.hpp"

namespace ccsim {

namespace {

using detail::write_aligned;

// The metrics a comparison shows, in this order.
const std::vector<std::string> kComparedMetrics = {
    // Balking beside abandonment: a contact that balks never counts as abandoned.
    "abandon_rate", "balk_rate", "service_level", "asa_s", "gave_up_rate", "resolution_rate",
    "containment_rate", "bot_abandon_rate", "escalation_rate", "empathy_met_rate", "csat",
    "churn_rate", "churned", "excess_churn_rate", "excess_churned", "occupancy", "cost_per_contact",
    "total_cost",
    // Money (docs/metrics.md): a day's operating cost, the customers lost, and the net.
    "operating_cost_per_day", "operating_cost_per_contact", "churn_cost_per_day",
    "excess_churned_per_day", "excess_churn_cost_per_day", "net_cost_per_day",
    "net_cost_per_contact", "net_cost_excess_per_day", "net_cost_excess_per_contact"};

const MetricParts* find_parts(const std::vector<std::pair<std::string, MetricParts>>& parts,
                              const std::string& name) {
  for (const auto& [key, p] : parts) {
    if (key == name) return &p;
  }
  return nullptr;
}

Estimate difference(const MetricParts& a, const MetricParts& b, double confidence) {
  if (a.ratio) return paired_ratio_difference(a.x, a.y, b.x, b.y, confidence);
  std::vector<double> d(a.x.size());
  for (std::size_t r = 0; r < d.size(); ++r) d[r] = b.x[r] - a.x[r];
  return mean_estimate(d, MetricKind::unbounded, confidence, d.size());
}

std::vector<ComparedMetric> compare_parts(
    const std::vector<std::vector<std::pair<std::string, MetricParts>>>& parts, double confidence) {
  std::vector<ComparedMetric> out;
  for (const std::string& name : kComparedMetrics) {
    ComparedMetric m;
    m.name = name;
    const MetricParts* base = find_parts(parts[0], name);
    if (base == nullptr) continue;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      const MetricParts* p = find_parts(parts[i], name);
      m.values.push_back(estimate_of(*p, confidence));
      m.differences.push_back(i == 0 ? Estimate{} : difference(*base, *p, confidence));
    }
    out.push_back(std::move(m));
  }
  return out;
}

std::string format(const std::optional<double>& v) {
  if (!v) return "no data";  // a figure with nothing behind it: null, n = 0 in the JSON
  std::ostringstream s;
  s << std::setprecision(4) << *v;
  return s.str();
}

nlohmann::json metrics_json(const std::vector<ComparedMetric>& metrics,
                            const std::vector<std::string>& scenarios) {
  nlohmann::json out = nlohmann::json::object();
  for (const ComparedMetric& m : metrics) {
    nlohmann::json per = nlohmann::json::object();
    for (std::size_t i = 0; i < scenarios.size(); ++i) {
      per[scenarios[i]] = {{"value", detail::estimate_json(m.values[i])}};
      if (i > 0) per[scenarios[i]]["difference"] = detail::estimate_json(m.differences[i]);
    }
    out[m.name] = std::move(per);
  }
  return out;
}

void write_rows(std::ostream& out, const std::vector<ComparedMetric>& metrics,
                const std::vector<std::string>& scenarios) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> header{"metric", scenarios[0]};
  for (std::size_t i = 1; i < scenarios.size(); ++i) {
    header.push_back(scenarios[i]);
    header.push_back("difference [CI]");
  }
  rows.push_back(header);
  for (const ComparedMetric& m : metrics) {
    std::vector<std::string> row{m.name, format(m.values[0].mean)};
    for (std::size_t i = 1; i < scenarios.size(); ++i) {
      const Estimate& d = m.differences[i];
      row.push_back(format(m.values[i].mean));
      row.push_back(d.ci_low
                        ? format(d.mean) + " [" + format(d.ci_low) + ", " + format(d.ci_high) + "]"
                        : format(d.mean));
    }
    rows.push_back(std::move(row));
  }
  write_aligned(out, rows);
}

}  // namespace

ComparedRun::ComparedRun(const Scenario& scenario, bool by_segment)
    : scenario_(expand_shorthands(scenario)), money_(money_model(scenario_)) {
  // Every metric named from the start: a run of no replications has them all, without data.
  add_to(overall_metric_parts({}), money_metric_parts(money_, {}), overall_);
  if (!by_segment) return;
  segments_.resize(scenario_.segments.size());
  for (std::size_t s = 0; s < segments_.size(); ++s) {
    add_to(counter_metric_parts({}), segment_money_parts(money_, {}, s), segments_[s]);
  }
}

void ComparedRun::add(const Tally& t) {
  const std::span<const Tally> one(&t, 1);
  add_to(overall_metric_parts(one), money_metric_parts(money_, one), overall_);
  for (std::size_t s = 0; s < segments_.size(); ++s) {
    add_to(counter_metric_parts(std::span<const Counters>(&t.by_segment[s], 1)),
           segment_money_parts(money_, one, s), segments_[s]);
  }
  ++replications_;
}

void ComparedRun::add_to(std::vector<std::pair<std::string, MetricParts>> parts,
                         std::vector<std::pair<std::string, MetricParts>> money,
                         std::vector<std::pair<std::string, MetricParts>>& into) {
  for (auto& part : money) parts.push_back(std::move(part));
  append_parts(into, std::move(parts));
}

const std::vector<std::pair<std::string, MetricParts>>* ComparedRun::segment(
    const std::string& name) const {
  for (std::size_t s = 0; s < segments_.size(); ++s) {
    if (scenario_.segments[s].name == name) return &segments_[s];
  }
  return nullptr;
}

Comparison compare_runs(const std::vector<Scenario>& scenarios,
                        const std::vector<ComparedRun>& runs, double confidence, bool by_segment) {
  Comparison c;
  c.confidence = confidence;
  c.replications = runs.empty() ? 0 : runs[0].replications();
  std::vector<std::vector<std::pair<std::string, MetricParts>>> parts;
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    c.scenarios.push_back(scenarios[i].name);
    parts.push_back(runs[i].overall());
  }
  c.metrics = compare_parts(parts, confidence);
  if (!by_segment) return c;
  // Segments are matched by name, in the first scenario's order; one that some scenario lacks
  // has no breakdown (segment_names_differ() lets a caller refuse that before running).
  for (const Segment& segment : expand_shorthands(scenarios[0]).segments) {
    std::vector<std::vector<std::pair<std::string, MetricParts>>> seg_parts;
    for (const ComparedRun& run : runs) {
      const auto* found = run.segment(segment.name);
      if (found == nullptr) break;
      seg_parts.push_back(*found);
    }
    if (seg_parts.size() == scenarios.size()) {
      c.by_segment.emplace_back(segment.name, compare_parts(seg_parts, confidence));
    }
  }
  return c;
}

Comparison compare_runs(const std::vector<Scenario>& scenarios,
                        const std::vector<std::vector<Tally>>& tallies, double confidence,
                        bool by_segment) {
  std::vector<ComparedRun> runs;
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    runs.emplace_back(scenarios[i], by_segment);
    for (const Tally& t : tallies[i]) runs.back().add(t);
  }
  return compare_runs(scenarios, runs, confidence, by_segment);
}

std::vector<std::string> comparison_labels(const std::vector<Scenario>& scenarios,
                                           const std::vector<std::string>& sources) {
  std::vector<std::string> labels;
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    const auto shared = std::count_if(scenarios.begin(), scenarios.end(), [&](const Scenario& s) {
      return s.name == scenarios[i].name;
    });
    const std::string source = i < sources.size() ? sources[i] : "#" + std::to_string(i + 1);
    labels.push_back(shared > 1 ? scenarios[i].name + " (" + source + ")" : scenarios[i].name);
  }
  // The same file twice: numbered.
  std::vector<std::string> given = labels;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (std::count(given.begin(), given.end(), given[i]) > 1) {
      labels[i] += " #" + std::to_string(i + 1);
    }
  }
  return labels;
}

std::optional<std::string> segment_names_differ(const std::vector<Scenario>& scenarios,
                                                const std::vector<std::string>& labels) {
  const auto names = [](const Scenario& s) {
    std::vector<std::string> out;
    for (const Segment& segment : expand_shorthands(s).segments) out.push_back(segment.name);
    std::sort(out.begin(), out.end());
    return out;
  };
  const std::vector<std::string> first = names(scenarios.at(0));
  for (std::size_t i = 1; i < scenarios.size(); ++i) {
    const std::vector<std::string> other = names(scenarios[i]);
    if (other == first) continue;
    return "--by segment: expected the same segments in every scenario (those of " + labels[0] +
           ": " + join_names(first) + "), got " + join_names(other) + " in " + labels[i] +
           "; compare without --by segment";
  }
  return std::nullopt;
}

std::string equal_service_targets(const EqualService& equal) {
  std::string text;
  for (const std::string& t : equal.targets) text += (text.empty() ? "" : " and ") + t;
  return text;
}

std::string equal_service_guarantee(const EqualService& equal) {
  if (!equal.risk) return "expected";
  std::ostringstream s;
  s << "risk " << std::setprecision(6) << *equal.risk
    << (equal.joint ? " per day" : " per interval");
  return s.str();
}

nlohmann::json to_json(const Comparison& c) {
  nlohmann::json segments = nlohmann::json::object();
  for (const auto& [name, metrics] : c.by_segment)
    segments[name] = metrics_json(metrics, c.scenarios);
  nlohmann::json equal = nullptr;
  if (c.equal_service) {
    const EqualService& e = *c.equal_service;
    nlohmann::json agents = nlohmann::json::object();
    nlohmann::json heads = nlohmann::json::object();
    for (std::size_t i = 0; i < c.scenarios.size() && i < e.agents.size(); ++i) {
      agents[c.scenarios[i]] = e.agents[i];
      heads[c.scenarios[i]] = e.heads[i];
    }
    equal = {{"targets", e.targets},
             {"guarantee", e.risk ? "risk" : "expected"},
             {"risk", e.risk ? nlohmann::json(*e.risk) : nlohmann::json(nullptr)},
             {"joint", e.joint},
             {"statement", e.guarantee},
             {"interval_s", e.interval_s},
             {"agents", std::move(agents)},
             {"heads", std::move(heads)}};
  }
  return {{"schema_version", Results::kSchemaVersion},
          {"equal_service", std::move(equal)},
          {"scenarios", c.scenarios},
          {"baseline", c.scenarios.empty() ? "" : c.scenarios[0]},
          {"replications", c.replications},
          {"confidence", c.confidence},
          {"metrics", metrics_json(c.metrics, c.scenarios)},
          {"by_segment", std::move(segments)}};
}

void write_table(std::ostream& out, const Comparison& c) {
  const int percent = static_cast<int>(c.confidence * 100.0 + 0.5);
  if (c.equal_service) {
    // Said first: the figures below are those of other schedules than the files'.
    const EqualService& e = *c.equal_service;
    out << "at equal service: every scenario staffed by the staffing search to "
        << equal_service_targets(e)
        << " in every interval (guarantee: " << equal_service_guarantee(e)
        << "), then run on the verification's fresh seeds\n"
        << e.guarantee << "\n";
  }
  out << "comparison over " << c.replications << " paired replications; in brackets, the "
      << "difference from " << c.scenarios[0] << " with its " << percent << "% CI\n\n";
  write_rows(out, c.metrics, c.scenarios);
  for (const auto& [name, metrics] : c.by_segment) {
    out << "\nsegment " << name << "\n";
    write_rows(out, metrics, c.scenarios);
  }
}

}  // namespace ccsim
