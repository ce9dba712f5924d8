// ccsim fit: the estimation itself. Each figure of the scenario comes from the selected queue
// entrants; nothing is assumed that the log could tell.
#include "ccsim/calibration/fit.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <iomanip>
#include <numeric>
#include <sstream>

#include "ccsim/calibration/estimators.hpp"
#include "io/number_text.hpp"
#include "scenario/limits.hpp"

namespace ccsim {

namespace {

constexpr double kSecondsPerHour = 3600.0;
constexpr double kSecondsPerDay = 86400.0;
constexpr const char* kPrioritySuffix = "/priority";
constexpr const char* kRegularName = "regular";
constexpr const char* kPriorityName = "priority";
constexpr const char* kBankSource =
    "\"Anonymous Bank\" call-center data, Technion SEE Laboratory (I. Guedj and A. Mandelbaum), "
    "1999; analysed in Brown, Gans, Mandelbaum, Sakov, Shen, Zeltyn & Zhao (2005), \"Statistical "
    "analysis of a telephone call center: a queueing-science perspective\", JASA 100(469):36-50";

std::string number_text(double value, int precision) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(precision) << value;
  return out.str();
}

const char* to_text(StaffingEstimator estimator) {
  switch (estimator) {
    case StaffingEstimator::ready:
      return "ready (agents present minus their not-ready time between calls)";
    case StaffingEstimator::present:
      return "present (time average of agents in a working spell)";
    case StaffingEstimator::distinct:
      return "distinct (agents seen serving in the interval)";
  }
  return "";
}

std::vector<std::string> describe(const FittedScenario& fit, const SelectedLog& log,
                                  const FitOptions& options) {
  std::vector<std::string> lines;
  lines.push_back("Fitted by ccsim fit from " + std::to_string(fit.days.size()) + " days (" +
                  civil_date(fit.days.front()) + " to " + civil_date(fit.days.back()) + ", " +
                  std::to_string(log.entrants.size()) +
                  " queue entrants). t = 0 is midnight; one replication is one day.");
  lines.push_back(
      "Arrivals: queue entrants per interval of the day, averaged over the days. "
      "busyness_cv from daily totals, cv^2 = max(0, (s^2 - m)/m^2) with m = " +
      number_text(fit.daily_mean, 1) + " and s = " + number_text(fit.daily_sd, 1) +
      (options.busyness ? "." : " (turned off)."));
  lines.push_back(
      std::string("Handle time per segment: ") +
      (options.handle == HandleModel::lognormal ? "lognormal, maximum likelihood" : "empirical") +
      ", from answered contacts with a named agent and a service time > 0. "
      "Patience per segment, answered waits censored: " +
      (options.patience == PatienceModel::kaplan_meier
           ? "Kaplan-Meier with an exponential tail"
           : "exponential, maximum likelihood (abandonments / time waited)") +
      ".");
  lines.push_back(std::string("Staffing: ") + to_text(options.staffing.estimator) +
                  ", spells joined across gaps up to " +
                  number_text(options.staffing.spell_gap_s / 60.0, 0) +
                  " min, in whole agents per " + number_text(options.staffing.step_s / 60.0, 0) +
                  " min. Retrials off: logged arrivals already include redials.");
  if (const std::string text = set_aside_text(fit.staffing, log); !text.empty()) {
    lines.push_back("Staffing: " + text + ".");
  }
  lines.insert(lines.end(), options.notes.begin(), options.notes.end());
  return lines;
}

// One segment of the fitted scenario: a segment of the log and, with priority classes, a class.
struct Cell {
  std::int32_t segment;
  std::int8_t priority_class;
};

std::string cell_name(const SelectedLog& log, const Cell& cell, bool classes) {
  const std::string& base = log.segments[static_cast<std::size_t>(cell.segment)];
  if (!classes) return base;
  if (log.segments.size() == 1)
    return cell.priority_class == kPriorityClass ? kPriorityName : kRegularName;
  return cell.priority_class == kPriorityClass ? base + kPrioritySuffix : base;
}

bool in_cell(const Entrant& e, const Cell& cell) {
  return e.segment == cell.segment && e.priority_class == cell.priority_class;
}

std::vector<CensoredWait> patience_sample(const SelectedLog& log, const Cell* cell) {
  std::vector<CensoredWait> sample;
  for (const Entrant& e : log.entrants) {
    if (cell != nullptr && !in_cell(e, *cell)) continue;
    // Served at once, a customer never waited: their patience was never put to the test.
    if (e.answered && !(e.waited_s > 0.0)) continue;
    sample.push_back({e.waited_s, !e.answered});
  }
  return sample;
}

std::vector<double> handle_sample(const SelectedLog& log, const Cell* cell) {
  std::vector<double> sample;
  for (const Entrant& e : log.entrants) {
    if (!e.handle_usable || (cell != nullptr && !in_cell(e, *cell))) continue;
    sample.push_back(e.handle_s);
  }
  return sample;
}

std::optional<DistributionSpec> handle_spec(std::vector<double> sample, HandleModel model) {
  if (model == HandleModel::empirical) {
    if (sample.empty()) return std::nullopt;
    return empirical_spec(std::move(sample));
  }
  const auto fit = fit_lognormal(sample);
  if (!fit) return std::nullopt;
  return lognormal_spec(*fit);
}

std::optional<DistributionSpec> patience_spec(const std::vector<CensoredWait>& sample,
                                              PatienceModel model) {
  if (model == PatienceModel::kaplan_meier) return kaplan_meier_spec(sample);
  const auto mean = fit_exponential(sample).mean_s();
  if (!mean) return std::nullopt;
  return DistributionSpec::of(DistKind::exponential, *mean);
}

// The fitted segments with their shares. With priority classes, a segment's entrants whose
// class was not logged (those who did not queue) are split like those whose class was: whether
// a caller finds a free agent does not depend on their class.
std::vector<FittedSegment> fit_segments(const SelectedLog& log, const FitOptions& options,
                                        bool classes) {
  const std::size_t n = log.segments.size();
  std::vector<double> entrants(n, 0.0);
  std::vector<std::array<double, 2>> known(n, {0.0, 0.0});
  for (const Entrant& e : log.entrants) {
    const auto s = static_cast<std::size_t>(e.segment);
    entrants[s] += 1.0;
    if (e.priority_class != kUnknownClass)
      known[s][static_cast<std::size_t>(e.priority_class)] += 1.0;
  }
  const double total = static_cast<double>(log.entrants.size());

  const std::optional<DistributionSpec> pooled_handle =
      handle_spec(handle_sample(log, nullptr), options.handle);
  if (!pooled_handle) {
    throw SelectionError(
        "expected answered contacts with a named agent and a service time > 0 to fit handle "
        "times from, got none");
  }
  const std::vector<CensoredWait> pooled_waits = patience_sample(log, nullptr);
  const std::optional<DistributionSpec> pooled_patience =
      patience_spec(pooled_waits, options.patience);

  std::vector<FittedSegment> segments;
  for (std::size_t s = 0; s < n; ++s) {
    for (const std::int8_t c : {kRegularClass, kPriorityClass}) {
      if (!classes && c == kPriorityClass) continue;
      const double known_total = known[s][0] + known[s][1];
      const double class_share = !classes ? 1.0
                                 : known_total > 0.0
                                     ? known[s][static_cast<std::size_t>(c)] / known_total
                                     : (c == kRegularClass ? 1.0 : 0.0);
      if (!(entrants[s] * class_share > 0.0)) continue;
      const Cell cell{static_cast<std::int32_t>(s), c};
      FittedSegment seg;
      seg.name = cell_name(log, cell, classes);
      seg.priority = c == kPriorityClass ? 1 : 0;
      seg.share = entrants[s] * class_share / total;
      for (const Entrant& e : log.entrants) {
        if (!in_cell(e, cell)) continue;
        ++seg.entrants;
        seg.answered += e.answered;
        seg.abandoned += !e.answered;
      }
      std::vector<double> handles = handle_sample(log, &cell);
      seg.handle_samples = handles.size();
      std::optional<DistributionSpec> handle;
      if (handles.size() >= kMinHandleSamples)
        handle = handle_spec(std::move(handles), options.handle);
      seg.pooled_handle = !handle;
      seg.handle_s = handle.value_or(*pooled_handle);
      const std::vector<CensoredWait> waits = patience_sample(log, &cell);
      const ExponentialFit exponential = fit_exponential(waits);
      seg.exponential_patience_mean_s = exponential.mean_s();
      seg.pooled_patience = exponential.events < kMinAbandonments;
      seg.patience_s =
          seg.pooled_patience ? pooled_patience : patience_spec(waits, options.patience);
      segments.push_back(std::move(seg));
    }
  }
  // Shares are fractions of one total: the last takes what rounding left, so they sum to 1.
  double others = 0.0;
  for (std::size_t i = 0; i + 1 < segments.size(); ++i) others += segments[i].share;
  if (!segments.empty()) segments.back().share = 1.0 - others;
  return segments;
}

// A fit the scenario format cannot hold (a duration beyond kMaxSeconds) is refused with the
// reason and the way out, rather than written as a file that does not load. A lognormal fitted
// to handle times spread over many orders of magnitude (a few seconds beside a two-day
// service) can have an sd of billions of seconds.
void check_representable(const DistributionSpec& spec, const std::string& segment,
                         std::string_view quantity, std::string_view way_out) {
  const auto refuse = [&](std::string_view figure, double value) {
    throw SelectionError("segment \"" + segment + "\": expected a fitted " + std::string(quantity) +
                         " " + std::string(figure) + " of at most 1e9 s, got " +
                         ccsim::format_number(value) + " s; " + std::string(way_out));
  };
  if (spec.mean > format::kMaxSeconds) refuse("mean", spec.mean);
  if (spec.kind == DistKind::lognormal && spec.param > format::kMaxSeconds)
    refuse("sd", spec.param);
  for (const double value : spec.values) {
    if (value > format::kMaxSeconds) refuse("value", value);
  }
}

void check_representable(const FittedSegment& segment, const FitOptions& options) {
  check_representable(segment.handle_s, segment.name, "handle time",
                      options.handle == HandleModel::lognormal
                          ? "fit handle times with --handle empirical"
                          : "the log's service times are too long");
  if (segment.patience_s) {
    check_representable(*segment.patience_s, segment.name, "patience",
                        options.patience == PatienceModel::exponential
                            ? "fit patience with --patience km"
                            : "the log's waits are too long");
  }
}

// What a scenario cannot hold, refused before the fit, whose time and memory grow with it.
void check_holdable(const SelectedLog& log) {
  if (log.segments.size() > format::kMaxNamedItems) {
    throw SelectionError("expected at most " + std::to_string(format::kMaxNamedItems) +
                         " segments (a scenario's limit), got " +
                         std::to_string(log.segments.size()) +
                         " in the logs; group them with --map-segment FROM=TO, or fit with --by "
                         "none");
  }
  if (log.days.size() > static_cast<std::size_t>(format::kMaxReplications)) {
    throw SelectionError("expected at most " + std::to_string(format::kMaxReplications) +
                         " days (a scenario's replications, one per day), got " +
                         std::to_string(log.days.size()) +
                         " in the logs; fit fewer days (fewer files, --days weekdays, "
                         "--exclude-date)");
  }
}

}  // namespace

FittedScenario fit_scenario(const SelectedLog& log, const FitOptions& options) {
  check_holdable(log);
  FittedScenario fit;
  fit.name = options.name;
  fit.sources = options.sources;
  fit.days = log.days;
  fit.interval_s = options.interval_s;
  fit.service_level_threshold_s = options.service_level_threshold_s;
  const double days = static_cast<double>(log.days.size());

  const auto intervals =
      static_cast<std::size_t>(std::llround(kSecondsPerDay / options.interval_s));
  std::vector<double> per_interval(intervals, 0.0);
  std::vector<double> per_day(log.days.size(), 0.0);
  for (const Entrant& e : log.entrants) {
    const double clock_s = std::fmod(e.arrival_s, kSecondsPerDay);
    per_interval[std::min(intervals - 1, static_cast<std::size_t>(clock_s / options.interval_s))] +=
        1.0;
    per_day[static_cast<std::size_t>(e.day)] += 1.0;
  }
  for (const double count : per_interval) {
    fit.arrivals_per_hour.push_back(count / days * kSecondsPerHour / options.interval_s);
  }
  fit.daily_mean = std::accumulate(per_day.begin(), per_day.end(), 0.0) / days;
  double squares = 0.0;
  for (const double x : per_day) squares += (x - fit.daily_mean) * (x - fit.daily_mean);
  fit.daily_sd = per_day.size() > 1 ? std::sqrt(squares / (days - 1.0)) : 0.0;
  fit.busyness_cv = options.busyness ? std::sqrt(busyness_cv2(per_day)) : 0.0;

  StaffingOptions staffing = options.staffing;
  staffing.interval_s = options.interval_s;
  fit.staffing = infer_staffing(log, staffing);

  const bool classes = std::any_of(log.entrants.begin(), log.entrants.end(), [](const Entrant& e) {
    return e.priority_class != kRegularClass;
  });
  fit.segments = fit_segments(log, options, classes);
  for (const FittedSegment& segment : fit.segments) check_representable(segment, options);
  if (log.format == LogFormat::anonymous_bank) fit.sources.insert(fit.sources.begin(), kBankSource);
  fit.description = describe(fit, log, options);
  return fit;
}

}  // namespace ccsim
