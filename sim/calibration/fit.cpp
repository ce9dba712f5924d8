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
  if (options.handle_by_hour || options.patience_by_hour) {
    lines.push_back(
        std::string("Time of day: ") +
        (options.handle_by_hour && options.patience_by_hour ? "handle time and patience"
         : options.handle_by_hour                           ? "handle time"
                                                            : "patience") +
        " scaled by a factor per " + number_text(options.band_s / 60.0, 0) +
        " min of the day (by arrival): the band's geometric mean (handle) or exponential mean "
        "patience over the segment's, shrunk towards 1 by empirical Bayes on the log scale and "
        "held within [0.01, 100]; the distributions are fitted to the values divided by their "
        "band's factor.");
  }
  lines.push_back(
      std::string("Staffing: ") + to_text(options.staffing.estimator) +
      ", spells joined across gaps up to " + number_text(options.staffing.spell_gap_s / 60.0, 0) +
      " min, in whole agents per " + number_text(options.staffing.step_s / 60.0, 0) + " min.");
  if (const auto& r = fit.retrials) {
    lines.push_back(
        "Retrials: a caller's next queue entry within " + number_text(r->window_s / 60.0, 0) +
        " min of abandoning, linked by caller id (" + std::to_string(r->unknown_caller_entrants) +
        " of " + std::to_string(r->entrants) +
        " entrants have no known caller and are never "
        "linked): " +
        std::to_string(r->linked) + " linked of " + std::to_string(r->linkable_abandoned) +
        " abandonments with a known caller, probability " + number_text(r->probability.value, 3) +
        " (95% CI " + number_text(r->probability.low, 3) + "-" +
        number_text(r->probability.high, 3) + "); delay " +
        (options.retrials->delay == RetrialDelayModel::exponential
             ? "exponential truncated at the window, maximum likelihood"
             : "empirical, the linked delays") +
        ", mean " + number_text(r->mean_delay_s.value, 0) + " s (95% CI " +
        number_text(r->mean_delay_s.low, 0) + "-" + number_text(r->mean_delay_s.high, 0) + " s); " +
        (options.retrials->weight_lost_ids
             ? "each linked retrial weighted by 1 / P(its caller id was logged), P from " +
                   number_text(
                       *std::min_element(r->seen_probability.begin(), r->seen_probability.end()),
                       2) +
                   " to 1 by interval"
             : std::string("retrials whose id the log lost ignored (a lower bound)")) +
        ". Arrival rates count first attempts: each linked retrial is also "
        "weighted by " +
        number_text(r->removal_weight, 3) +
        " (all abandonments over those with a known caller) and removed, so that the removed "
        "arrivals equal what the simulated retrials add back.");
  } else {
    lines.push_back("Retrials off: logged arrivals already include redials.");
  }
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

bool in_cell(const Entrant& e, const Cell& cell) {
  return e.segment == cell.segment && e.priority_class == cell.priority_class;
}

// A sample, each value with the band of the day its contact arrived in.
template <typename T>
struct Banded {
  std::vector<std::size_t> band;
  std::vector<T> values;
};

std::size_t band_of(double arrival_s, double band_s) {
  const auto bands = static_cast<std::size_t>(std::llround(kSecondsPerDay / band_s));
  return std::min(bands - 1,
                  static_cast<std::size_t>(std::fmod(arrival_s, kSecondsPerDay) / band_s));
}

Banded<CensoredWait> patience_sample(const SelectedLog& log, const Cell* cell, double band_s) {
  Banded<CensoredWait> sample;
  for (const Entrant& e : log.entrants) {
    if (cell != nullptr && !in_cell(e, *cell)) continue;
    // Served at once, a customer never waited: their patience was never put to the test.
    if (e.answered && !(e.waited_s > 0.0)) continue;
    sample.band.push_back(band_of(e.arrival_s, band_s));
    sample.values.push_back({e.waited_s, !e.answered});
  }
  return sample;
}

Banded<double> handle_sample(const SelectedLog& log, const Cell* cell, double band_s) {
  Banded<double> sample;
  for (const Entrant& e : log.entrants) {
    if (!e.handle_usable || (cell != nullptr && !in_cell(e, *cell))) continue;
    sample.band.push_back(band_of(e.arrival_s, band_s));
    sample.values.push_back(e.handle_s);
  }
  return sample;
}

// A distribution with its time-of-day factors (empty: none).
struct QuantityFit {
  std::optional<DistributionSpec> spec;
  std::vector<double> factors;
};

std::size_t band_count(const FitOptions& options) {
  return static_cast<std::size_t>(std::llround(kSecondsPerDay / options.band_s));
}

// A factor held within [0.01, 100]: a scenario holds no more, and a log that asks for more
// (services of a billion seconds in one hour, say) says nothing the day's profile could use.
std::vector<double> held(std::vector<double> factors) {
  for (double& f : factors) {
    f = std::clamp(f, 1.0 / format::kMaxFactor, format::kMaxFactor);
  }
  return factors;
}

// With time-of-day factors, the distribution is fitted to the values divided by their band's
// factor: the factor multiplies them back in the simulation.
QuantityFit fit_handle(Banded<double> sample, const FitOptions& options) {
  QuantityFit out;
  if (sample.values.empty()) return out;
  if (options.handle_by_hour) {
    out.factors = held(handle_factors(sample.band, sample.values, band_count(options)));
    for (std::size_t i = 0; i < sample.values.size(); ++i) {
      sample.values[i] /= out.factors[sample.band[i]];
    }
  }
  if (options.handle == HandleModel::empirical) {
    out.spec = empirical_spec(std::move(sample.values));
  } else if (const auto fit = fit_lognormal(sample.values)) {
    out.spec = lognormal_spec(*fit);
  }
  return out;
}

QuantityFit fit_patience(Banded<CensoredWait> sample, const FitOptions& options) {
  QuantityFit out;
  if (options.patience_by_hour) {
    out.factors = held(patience_factors(sample.band, sample.values, band_count(options)));
    for (std::size_t i = 0; i < sample.values.size(); ++i) {
      sample.values[i].time_s /= out.factors[sample.band[i]];
    }
  }
  if (options.patience == PatienceModel::kaplan_meier) {
    out.spec = kaplan_meier_spec(sample.values);
  } else if (const auto mean = fit_exponential(sample.values).mean_s()) {
    out.spec = DistributionSpec::of(DistKind::exponential, *mean);
  }
  return out;
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

  const QuantityFit pooled_handle =
      fit_handle(handle_sample(log, nullptr, options.band_s), options);
  if (!pooled_handle.spec) {
    throw SelectionError(
        "expected answered contacts with a named agent and a service time > 0 to fit handle "
        "times from, got none");
  }
  const QuantityFit pooled_patience =
      fit_patience(patience_sample(log, nullptr, options.band_s), options);

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
      seg.name = fitted_segment_name(log, cell.segment, cell.priority_class, classes);
      seg.priority = c == kPriorityClass ? 1 : 0;
      seg.share = entrants[s] * class_share / total;
      for (const Entrant& e : log.entrants) {
        if (!in_cell(e, cell)) continue;
        ++seg.entrants;
        seg.answered += e.answered;
        seg.abandoned += !e.answered;
      }
      Banded<double> handles = handle_sample(log, &cell, options.band_s);
      seg.handle_samples = handles.values.size();
      QuantityFit handle;
      if (handles.values.size() >= kMinHandleSamples)
        handle = fit_handle(std::move(handles), options);
      seg.pooled_handle = !handle.spec;
      const QuantityFit& h = handle.spec ? handle : pooled_handle;
      seg.handle_s = *h.spec;
      seg.handle_factor = h.factors;
      const Banded<CensoredWait> waits = patience_sample(log, &cell, options.band_s);
      const ExponentialFit exponential = fit_exponential(waits.values);
      seg.exponential_patience_mean_s = exponential.mean_s();
      seg.pooled_patience = exponential.events < kMinAbandonments;
      const QuantityFit p = seg.pooled_patience ? pooled_patience : fit_patience(waits, options);
      seg.patience_s = p.spec;
      if (p.spec) seg.patience_factor = p.factors;
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
  fit.band_s = options.band_s;
  fit.service_level_threshold_s = options.service_level_threshold_s;
  const double days = static_cast<double>(log.days.size());

  const auto intervals =
      static_cast<std::size_t>(std::llround(kSecondsPerDay / options.interval_s));
  std::vector<double> per_interval(intervals, 0.0);
  std::vector<double> removed(intervals, 0.0);
  std::vector<double> per_day(log.days.size(), 0.0);
  if (options.retrials) {
    RetrialOptions retrials = *options.retrials;
    retrials.interval_s = options.interval_s;
    fit.retrials = fit_retrials(log, retrials);
  }
  for (std::size_t i = 0; i < log.entrants.size(); ++i) {
    const Entrant& e = log.entrants[i];
    const double clock_s = std::fmod(e.arrival_s, kSecondsPerDay);
    const std::size_t k =
        std::min(intervals - 1, static_cast<std::size_t>(clock_s / options.interval_s));
    // A linked retrial is left to the simulated retrials, weighted for the unlinkable ones.
    const double weight = fit.retrials ? fit.retrials->retrial_weight[i] : 0.0;
    per_interval[k] += 1.0 - weight;
    removed[k] += weight;
    per_day[static_cast<std::size_t>(e.day)] += 1.0 - weight;
  }
  const double to_per_hour = kSecondsPerHour / options.interval_s / days;
  for (std::size_t k = 0; k < intervals; ++k) {
    // An interval whose arrivals are mostly unlinked retrials could go below 0 by the weighting.
    fit.arrivals_per_hour.push_back(std::max(0.0, per_interval[k]) * to_per_hour);
    if (fit.retrials) fit.retrial_arrivals_per_hour.push_back(removed[k] * to_per_hour);
  }
  fit.daily_mean = std::accumulate(per_day.begin(), per_day.end(), 0.0) / days;
  double squares = 0.0;
  for (const double x : per_day) squares += (x - fit.daily_mean) * (x - fit.daily_mean);
  fit.daily_sd = per_day.size() > 1 ? std::sqrt(squares / (days - 1.0)) : 0.0;
  fit.busyness_cv = options.busyness ? std::sqrt(busyness_cv2(per_day)) : 0.0;

  StaffingOptions staffing = options.staffing;
  staffing.interval_s = options.interval_s;
  fit.staffing = infer_staffing(log, staffing);

  const bool classes = has_priority_classes(log);
  fit.segments = fit_segments(log, options, classes);
  for (const FittedSegment& segment : fit.segments) check_representable(segment, options);
  if (log.format == LogFormat::anonymous_bank) fit.sources.insert(fit.sources.begin(), kBankSource);
  fit.description = describe(fit, log, options);
  return fit;
}

}  // namespace ccsim
