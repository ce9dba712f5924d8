// ccsim fit's outputs: the scenario file and the summary a planner reads.
#include <algorithm>
#include <array>
#include <cmath>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>

#include "ccsim/calibration/call_log.hpp"
#include "ccsim/calibration/fit.hpp"

namespace ccsim {

namespace {

constexpr int kReplicationsAtLeast = 2;  // a confidence interval needs two
// Rates are written to this many decimals: far below any sampling error, and readable.
constexpr double kRateResolution = 1e4;
constexpr const char* kGroupName = "agents";
// An interval's retrial probability is shown from this many abandonments of known callers.
constexpr double kShownAbandonments = 30.0;
double rounded_rate(double value) {
  return std::round(value * kRateResolution) / kRateResolution;
}

// Factors to four decimals, like rates.
std::vector<double> rounded(const std::vector<double>& factors) {
  std::vector<double> out;
  for (const double f : factors) out.push_back(rounded_rate(f));
  return out;
}

nlohmann::json distribution_json(const DistributionSpec& spec) {
  nlohmann::json j = {{"dist", std::string(to_string(spec.kind))}};
  switch (spec.kind) {
    case DistKind::lognormal:
      j["mean"] = spec.mean;
      j["sd"] = spec.param;
      break;
    case DistKind::empirical:
      j["values"] = spec.values;
      if (!spec.weights.empty()) j["weights"] = spec.weights;  // none: equally likely
      break;
    default:  // the fit writes no other two-parameter family
      j["mean"] = spec.mean;
      break;
  }
  return j;
}

std::string clock_text(double seconds) {
  const auto s = static_cast<long>(std::llround(seconds));
  std::ostringstream out;
  out << std::setfill('0') << std::setw(2) << s / 3600 << ":" << std::setw(2) << s / 60 % 60;
  return out.str();
}

std::string segment_note(const FittedSegment& s) {
  std::ostringstream out;
  out << s.entrants << " queue entrants in the log, " << s.abandoned
      << " abandoned; handle time from " << s.handle_samples << " services"
      << (s.pooled_handle ? " (too few: the pooled fit of all segments is used)" : "")
      << "; patience "
      << (s.pooled_patience ? "pooled over all segments (too few abandonments)"
                            : "from this segment's waits");
  if (s.exponential_patience_mean_s) {
    out << "; exponential MLE of patience: mean " << std::setprecision(4)
        << *s.exponential_patience_mean_s << " s";
  }
  if (!s.patience_s) out << "; no abandonment seen: customers never abandon";
  return out.str();
}

// Retrials off, or as fitted; repeats always off (a log says nothing of resolution).
nlohmann::json returns_json(const FittedScenario& fit) {
  if (!fit.retrials) return {{"retrial_probability", 0}, {"repeat_probability", 0}};
  return {{"retrial_probability", fit.retrials->probability.value},
          {"retrial_delay_s", distribution_json(fit.retrials->delay_s)},
          {"repeat_probability", 0},
          {"max_attempts", fit.retrials->longest_chain}};
}

// The linked delays by bins widening with the delay: the shape that sets the window
// (docs/fit.md, "Retrials"), as counts and per minute of the bin.
void write_delay_histogram(std::ostream& out, const RetrialFit& r) {
  constexpr std::array<double, 19> kEdgesMin = {0,  1,   2,   5,   10,  15,  20,  30,   45,   60,
                                                90, 120, 180, 240, 360, 480, 720, 1440, 10080};
  out << "  linked delays (min: count, per min):";
  std::size_t next = 0;
  for (std::size_t b = 0; b + 1 < kEdgesMin.size() && kEdgesMin[b] * 60.0 < r.window_s; ++b) {
    const double high_s = std::min(kEdgesMin[b + 1] * 60.0, r.window_s);
    std::size_t count = 0;
    while (next < r.delays_s.size() &&
           (r.delays_s[next] < high_s || (high_s == r.window_s && r.delays_s[next] <= high_s))) {
      ++count;
      ++next;
    }
    out << (b % 6 == 0 ? "\n   " : "") << " " << std::setprecision(0) << kEdgesMin[b] << "-"
        << high_s / 60.0 << ": " << count << ", " << std::setprecision(1)
        << static_cast<double>(count) / (high_s / 60.0 - kEdgesMin[b]) << ";";
  }
  out << "\n";
}

}  // namespace

nlohmann::json to_scenario_json(const FittedScenario& fit) {
  nlohmann::json segments = nlohmann::json::array();
  nlohmann::json reasons = nlohmann::json::array();
  for (const FittedSegment& s : fit.segments) {
    nlohmann::json segment = {{"name", s.name},
                              {"description", segment_note(s)},
                              {"share", s.share},
                              {"reasons", {{s.name, 1}}},
                              {"priority", s.priority}};
    if (s.patience_s) segment["patience_s"] = distribution_json(*s.patience_s);
    if (!s.handle_factor.empty()) {
      segment["handle_factor"] = {{"interval_s", fit.band_s},
                                  {"factors", rounded(s.handle_factor)}};
    }
    if (!s.patience_factor.empty()) {
      segment["patience_factor"] = {{"interval_s", fit.band_s},
                                    {"factors", rounded(s.patience_factor)}};
    }
    segments.push_back(std::move(segment));
    reasons.push_back({{"name", s.name},
                       {"description", "the handle time of segment " + s.name},
                       {"kind", "simple"},
                       {"channel", "voice"},
                       {"human_handle_s", distribution_json(s.handle_s)}});
  }
  std::vector<double> rates;
  for (const double rate : fit.arrivals_per_hour) rates.push_back(rounded_rate(rate));
  return {
      {"name", fit.name},
      {"description", fit.description},
      {"sources", fit.sources},
      {"seed", 1},
      {"replications", std::max<std::size_t>(kReplicationsAtLeast, fit.days.size())},
      {"horizon_s", 86400},
      {"warmup_s", 0},
      {"service_level_threshold_s", fit.service_level_threshold_s},
      {"report_interval_s", fit.interval_s},
      {"arrivals",
       {{"interval_s", fit.interval_s}, {"per_hour", rates}, {"busyness_cv", fit.busyness_cv}}},
      {"staffing",
       {{"groups",
         {{{"name", kGroupName},
           {"agents",
            {{"interval_s", fit.staffing.agents.interval_s},
             {"agents", fit.staffing.agents.values}}}}}}}},
      {"population", {{"segments", std::move(segments)}}},
      {"reasons", std::move(reasons)},
      {"returns", returns_json(fit)},
  };
}

void write_fit_summary(std::ostream& out, const FittedScenario& fit, const SelectedLog& log) {
  out << std::fixed << std::setprecision(1);
  out << "days fitted: " << fit.days.size() << " (" << civil_date(fit.days.front()) << " to "
      << civil_date(fit.days.back()) << "); left out: " << log.off_week.size()
      << " outside the working week, " << log.low_volume.size() << " below the volume floor, "
      << log.excluded.size() << " excluded by date\n";
  for (const DayCount& d : log.low_volume) {
    out << "  low volume: " << civil_date(d.day) << " (" << d.entrants << " entrants, median "
        << log.median_day_entrants << ")\n";
  }
  out << "queue entrants: " << log.entrants.size() << " (" << fit.daily_mean << " a day, sd "
      << fit.daily_sd << "); busyness cv " << std::setprecision(3) << fit.busyness_cv << "\n"
      << "not counted on those days: " << log.menu_hangups << " hang-ups in the voice menu, "
      << log.phantoms << " phantom calls, " << log.not_queued
      << " contacts that never queued; anomalous services (no agent or 0 s): "
      << log.anomalous_services << "\n";
  if (const auto& r = fit.retrials) {
    out << "retrials (window " << std::setprecision(0) << r->window_s / 60.0
        << " min): " << r->linked << " of " << r->linkable_abandoned
        << " abandonments with a known caller linked to a retrial (" << std::setprecision(1)
        << r->seen_linked << " weighted for lost ids), probability " << std::setprecision(3)
        << r->probability.value << " (95% CI " << r->probability.low << "-" << r->probability.high
        << "); mean delay " << std::setprecision(0) << r->mean_delay_s.value << " s (95% CI "
        << r->mean_delay_s.low << "-" << r->mean_delay_s.high << "); longest chain "
        << r->longest_chain << " attempts\n"
        << "  caller unknown on " << r->unknown_caller_entrants << " of " << r->entrants
        << " entrants (never linked); " << r->abandoned - r->linkable_abandoned
        << " abandonments unlinkable; ids kept by callers answered at once relative to those who "
           "queued: r = "
        << std::setprecision(3) << r->known_ratio
        << "\n  arrivals removed as retrials: " << std::setprecision(1)
        << r->seen_linked * r->removal_weight << " (the linked weighted by " << std::setprecision(3)
        << r->removal_weight << ", all abandonments over the linkable)\n";
    write_delay_histogram(out, *r);
    out << "  retrial probability by the abandoned call's interval (interval: p, abandonments):";
    int shown = 0;
    for (std::size_t k = 0; k < r->linkable_by_interval.size(); ++k) {
      if (r->linkable_by_interval[k] < kShownAbandonments) continue;
      out << (shown++ % 6 == 0 ? "\n   " : "") << " "
          << clock_text(static_cast<double>(k) * fit.interval_s) << ": " << std::setprecision(2)
          << r->linked_by_interval[k] / r->linkable_by_interval[k] << ", " << std::setprecision(0)
          << r->linkable_by_interval[k] << ";";
    }
    out << "\n";
  }
  out << "\n";

  out << std::left << std::setw(16) << "segment" << std::right << std::setw(8) << "share"
      << std::setw(10) << "entrants" << std::setw(10) << "abandon" << std::setw(16)
      << "handle mean s" << std::setw(18) << "patience mean s" << std::setw(12) << "exp MLE s"
      << "\n";
  const bool classes = std::any_of(fit.segments.begin(), fit.segments.end(),
                                   [](const FittedSegment& s) { return s.priority > 0; });
  for (const FittedSegment& s : fit.segments) {
    const double abandon = s.entrants > 0 ? static_cast<double>(s.abandoned) / s.entrants : 0.0;
    out << std::left << std::setw(16) << s.name << std::right << std::setprecision(3)
        << std::setw(8) << s.share << std::setw(10) << s.entrants << std::setw(10) << abandon
        << std::setprecision(1) << std::setw(16) << s.handle_s.mean << std::setw(18)
        << (s.patience_s ? std::to_string(std::lround(s.patience_s->mean)) : "never")
        << std::setw(12)
        << (s.exponential_patience_mean_s
                ? std::to_string(std::lround(*s.exponential_patience_mean_s))
                : "-")
        << "\n";
  }

  if (classes) {
    out << "(priority classes: entrants and abandonment count the contacts whose class was "
           "logged, those who queued; shares split the others alike)\n";
  }
  out << "\n"
      << std::left << std::setw(8) << "from" << std::right << std::setw(10) << "calls/h"
      << std::setw(10) << "present" << std::setw(8) << "ready" << std::setw(8) << "busy"
      << std::setw(10) << "distinct" << std::setw(10) << "agents" << std::setw(10) << "handle x"
      << std::setw(12) << "patience x"
      << "\n";
  const StaffingProfile& st = fit.staffing;
  // The segments' time-of-day factors in force at an interval's start, averaged by share.
  const auto factor_at = [&](double t, auto member) {
    double sum = 0.0;
    for (const FittedSegment& s : fit.segments) {
      const std::vector<double>& f = s.*member;
      const auto band = std::min(f.size(), static_cast<std::size_t>(t / fit.band_s));
      sum += s.share * (f.empty() ? 1.0 : f[std::min(band, f.size() - 1)]);
    }
    return sum;
  };
  for (std::size_t i = 0; i < fit.arrivals_per_hour.size(); ++i) {
    if (fit.arrivals_per_hour[i] == 0.0 && st.present[i] == 0.0) continue;
    out << std::left << std::setw(8) << clock_text(static_cast<double>(i) * fit.interval_s)
        << std::right << std::setprecision(1) << std::setw(10) << fit.arrivals_per_hour[i]
        << std::setw(10) << st.present[i] << std::setw(8) << st.ready[i] << std::setw(8)
        << st.busy[i] << std::setw(10) << st.distinct[i] << std::setw(10) << st.estimate[i]
        << std::setprecision(2) << std::setw(10)
        << factor_at(static_cast<double>(i) * fit.interval_s, &FittedSegment::handle_factor)
        << std::setw(12)
        << factor_at(static_cast<double>(i) * fit.interval_s, &FittedSegment::patience_factor)
        << "\n";
  }
  out << "(agents: the chosen estimator, scheduled in whole agents per " << std::setprecision(0)
      << st.agents.interval_s / 60.0 << " min; not-ready time after a call, measured on "
      << st.not_ready_gaps << " pauses that began while someone waited: mean "
      << std::setprecision(1) << st.mean_not_ready_s << " s)\n"
      << std::defaultfloat;
}

}  // namespace ccsim
