#include "ccsim/io/report.hpp"

#include <iomanip>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>

#include "ccsim/io/tidy_csv.hpp"
#include "io/estimate_json.hpp"

namespace ccsim {

namespace {

using detail::optional_number;

nlohmann::json to_json(const Estimate& e) {
  return detail::estimate_json(e);
}

// What a table shows for a figure with nothing behind it (null, n = 0 in the JSON).
constexpr const char* kNoData = "no data";
// An interval that needs a second replication with data (docs/metrics.md).
constexpr const char* kNoInterval = "too little data";

std::string format_value(const std::optional<double>& value) {
  if (!value) return kNoData;
  std::ostringstream s;
  s << std::setprecision(5) << std::defaultfloat << *value;
  return s.str();
}

nlohmann::json to_json(const MetricSet& set) {
  nlohmann::json metrics = nlohmann::json::object();
  for (const auto& [name, estimate] : set) metrics[name] = to_json(estimate);
  return metrics;
}

nlohmann::json to_json(const std::vector<std::pair<std::string, MetricSet>>& breakdown) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [name, set] : breakdown) out[name] = to_json(set);
  return out;
}

}  // namespace

nlohmann::json to_json(const Results& results) {
  nlohmann::json intervals = nlohmann::json::array();
  for (const IntervalResult& interval : results.by_interval) {
    nlohmann::json entry = to_json(interval.metrics);
    entry["start_s"] = interval.start_s;
    // With opens_at, the wall-clock time every per-interval table shows ("08:30").
    if (results.opens_at_s) entry["start"] = interval_label(interval.start_s, results.opens_at_s);
    intervals.push_back(std::move(entry));
  }
  nlohmann::json json = {{"schema_version", Results::kSchemaVersion},
          {"scenario", results.scenario},
          {"replications", results.replications},
          {"confidence", results.confidence},
          {"customers", results.customers},
          {"metrics", to_json(results.metrics)},
          {"by_segment", to_json(results.by_segment)},
          {"by_reason_kind", to_json(results.by_reason_kind)},
          {"by_interval", std::move(intervals)},
          {"run_info",
           {{"wall_s", results.run_info.wall_s},
            {"customers_per_s", results.run_info.customers_per_s},
            {"threads", results.run_info.threads},
            {"version", results.run_info.version}}}};
  if (results.opens_at_s) json["opens_at"] = interval_label(0.0, results.opens_at_s);
  if (!results.currency.empty()) json["currency"] = results.currency;
  return json;
}

void write_table(std::ostream& out, const Results& results) {
  const int percent = static_cast<int>(results.confidence * 100.0 + 0.5);
  out << "scenario " << results.scenario << ": " << results.replications << " replications, "
      << results.customers << " customers simulated";
  if (!results.currency.empty()) out << "; amounts in " << results.currency;
  out << "\n\n";
  constexpr int kNameWidth = 28;  // the longest metric name, net_cost_excess_per_contact, and a gap
  constexpr int kValueWidth = 12;
  constexpr int kIntervalWidth = 26;
  constexpr int kSegmentCellWidth = 30;  // "mean [low, high]"
  std::ostringstream ci_header;
  ci_header << percent << "% CI";
  out << std::left << std::setw(kNameWidth) << "metric" << std::right << std::setw(kValueWidth)
      << "mean" << std::setw(kIntervalWidth) << ci_header.str() << std::setw(kValueWidth) << "n"
      << "\n";
  for (const auto& [name, e] : results.metrics) {
    std::string interval = e.mean ? kNoInterval : kNoData;
    if (e.ci_low)
      interval = std::string("[") + format_value(e.ci_low) + ", " + format_value(e.ci_high) + "]";
    out << std::left << std::setw(kNameWidth) << name << std::right << std::setw(kValueWidth)
        << format_value(e.mean) << std::setw(kIntervalWidth) << interval << std::setw(kValueWidth)
        << e.n << "\n";
  }
  if (results.by_segment.size() > 1) {
    // The per-segment view a planner reads first: who gives up, who is satisfied, who leaves.
    const char* columns[] = {"gave_up_rate", "resolution_rate", "csat", "churn_rate"};
    out << "\n" << std::left << std::setw(kNameWidth) << "segment" << std::right;
    for (const char* c : columns) out << std::setw(kSegmentCellWidth) << c;
    out << "\n";
    for (const auto& [name, set] : results.by_segment) {
      out << std::left << std::setw(kNameWidth) << name << std::right;
      for (const char* c : columns) {
        const Estimate& e = find_metric(set, c);
        // The interval's ends, not a ± half-width: a rate's interval is not symmetric.
        const std::string cell =
            format_value(e.mean) +
            (e.ci_low ? " [" + format_value(e.ci_low) + ", " + format_value(e.ci_high) + "]" : "");
        out << std::setw(kSegmentCellWidth) << cell;
      }
      out << "\n";
    }
  }
  out << "\n"
      << std::fixed << std::setprecision(2) << "wall " << results.run_info.wall_s << " s, "
      << std::setprecision(0) << results.run_info.customers_per_s << " customers/s on "
      << results.run_info.threads << " thread(s)\n"
      << std::defaultfloat;
}

}  // namespace ccsim
