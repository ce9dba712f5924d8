// Replayed days: the log's arrivals mapped onto the scenario's segments, and each day's staffing.
#include "calibration/replay.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

#include "ccsim/calibration/call_log.hpp"
#include "ccsim/calibration/retrials.hpp"
#include "ccsim/engine/random_stream.hpp"
#include "ccsim/stats/hypothesis.hpp"
#include "io/number_text.hpp"

namespace ccsim::backtest_detail {

namespace {

// Keys the draws that leave out unseen retrials apart from the priority classes' draws.
constexpr std::uint64_t kRetrialKey = 0x7265747269616c73;  // "retrials"

// The names of the log's segments the scenario lacks, with their arrivals; throws when there are
// some.
void check_segments(const Scenario& full, const SelectedLog& log, const SegmentMap& map) {
  std::map<std::string, std::uint64_t> unknown;
  for (const Entrant& e : log.entrants) {
    if (map.of(e) < 0) {
      ++unknown[fitted_segment_name(
          log, e.segment, e.priority_class == kUnknownClass ? kRegularClass : e.priority_class,
          map.classes)];
    }
  }
  if (unknown.empty()) return;
  std::ostringstream names;
  for (const auto& [name, count] : unknown) {
    names << (names.tellp() > 0 ? ", " : "") << "\"" << name << "\" (" << count << " arrivals)";
  }
  std::ostringstream known;
  for (const Segment& s : full.segments) {
    known << (known.tellp() > 0 ? ", " : "") << "\"" << s.name << "\"";
  }
  throw SelectionError(
      "--replay arrivals: expected the log's segments among the scenario's (" + known.str() +
      "; read the log with the --by, --priority and --map-segment choices it was fitted with), "
      "got " +
      names.str());
}

}  // namespace

std::int64_t SegmentMap::of(const Entrant& e) const {
  if (one_segment) return 0;
  const auto s = static_cast<std::size_t>(e.segment);
  if (s >= index.size()) return -1;
  const std::int8_t c = e.priority_class == kUnknownClass ? kRegularClass : e.priority_class;
  return index[s][static_cast<std::size_t>(c)];
}

SegmentMap map_segments(const Scenario& full, const SelectedLog& log) {
  SegmentMap map;
  map.classes = has_priority_classes(log);
  map.one_segment = full.segments.size() == 1;
  for (std::size_t s = 0; s < log.segments.size(); ++s) {
    std::array<std::int64_t, 2> entry{-1, -1};
    for (const std::int8_t c : {kRegularClass, kPriorityClass}) {
      if (full.segments.size() == 1) {
        entry[static_cast<std::size_t>(c)] = 0;
        continue;
      }
      const std::string name =
          fitted_segment_name(log, static_cast<std::int32_t>(s), c, map.classes);
      for (std::size_t k = 0; k < full.segments.size(); ++k) {
        if (full.segments[k].name == name) entry[static_cast<std::size_t>(c)] = std::int64_t(k);
      }
    }
    map.index.push_back(entry);
  }
  return map;
}

namespace {

// The share of the priority class among a log segment's callers, from the scenario's shares:
// the class of a caller who did not queue was not logged.
double priority_share(const Scenario& full, const std::array<std::int64_t, 2>& entry) {
  if (entry[0] < 0 || entry[1] < 0 || entry[0] == entry[1]) return entry[0] < 0 ? 1.0 : 0.0;
  const double regular = full.segments[static_cast<std::size_t>(entry[0])].share;
  const double priority = full.segments[static_cast<std::size_t>(entry[1])].share;
  return regular + priority > 0.0 ? priority / (regular + priority) : 0.0;
}

// Which logged arrivals a scenario with retrials leaves to the simulation: the linked retrials,
// and, for the retrials not seen (ids lost, abandoners of unknown id), arrivals of unknown
// callers of the same day and interval, each with the probability that removes as many as the
// linked ones' weights beyond 1 add up to, drawn once per logged call, keyed by the seed, the
// day and its place in the log.
std::vector<bool> logged_retrials(const Scenario& full, const SelectedLog& log,
                                  const BacktestOptions& options) {
  std::vector<bool> drop(log.entrants.size(), false);
  if (!(full.returns.retrial_probability > 0.0)) return drop;
  RetrialOptions retrials;
  retrials.window_s = options.retrial_window_s;
  retrials.interval_s = options.interval_s;
  retrials.weight_lost_ids = options.retrial_weight_lost_ids;
  const RetrialFit fit = fit_retrials(log, retrials);
  const std::size_t intervals = fit.seen_probability.size();
  std::vector<std::vector<double>> unseen(log.days.size(), std::vector<double>(intervals, 0.0));
  std::vector<std::vector<double>> unknown(log.days.size(), std::vector<double>(intervals, 0.0));
  const auto cell = [&](const Entrant& e) {
    return interval_index(std::fmod(e.arrival_s, kSecondsPerDay), options.interval_s, intervals);
  };
  for (std::size_t i = 0; i < log.entrants.size(); ++i) {
    const Entrant& e = log.entrants[i];
    const auto d = static_cast<std::size_t>(e.day);
    if (fit.retrial_weight[i] > 0.0) {
      drop[i] = true;
      unseen[d][cell(e)] += fit.retrial_weight[i] - 1.0;
    } else if (e.caller == kUnknownCaller) {
      unknown[d][cell(e)] += 1.0;
    }
  }
  std::vector<std::uint64_t> counts(log.days.size(), 0);
  for (std::size_t i = 0; i < log.entrants.size(); ++i) {
    const Entrant& e = log.entrants[i];
    const auto d = static_cast<std::size_t>(e.day);
    const std::uint64_t place = counts[d]++;
    if (drop[i] || e.caller != kUnknownCaller) continue;
    const std::size_t k = cell(e);
    const std::uint64_t key = splitmix64(splitmix64(splitmix64(full.seed) ^ kRetrialKey) ^
                                         static_cast<std::uint64_t>(log.days[d])) ^
                              place;
    drop[i] = keyed_uniform(key) < unseen[d][k] / unknown[d][k];
  }
  return drop;
}

std::vector<std::vector<GivenArrival>> given_arrivals(const Scenario& full, const SelectedLog& log,
                                                      const BacktestOptions& options) {
  const SegmentMap map = map_segments(full, log);
  check_segments(full, log, map);
  const std::vector<bool> retrial = logged_retrials(full, log, options);
  std::vector<std::vector<GivenArrival>> days(log.days.size());
  std::vector<std::uint64_t> counts(log.days.size(), 0);
  for (std::size_t n = 0; n < log.entrants.size(); ++n) {
    const Entrant& e = log.entrants[n];
    const auto d = static_cast<std::size_t>(e.day);
    const std::array<std::int64_t, 2> entry = map.one_segment
                                                  ? std::array<std::int64_t, 2>{0, 0}
                                                  : map.index[static_cast<std::size_t>(e.segment)];
    std::int8_t c = e.priority_class;
    if (c == kUnknownClass) {
      // Drawn once per logged call, keyed by the seed, the day and the call's place in the log.
      const std::uint64_t key =
          splitmix64(splitmix64(full.seed) ^ static_cast<std::uint64_t>(log.days[d])) ^ counts[d];
      c = keyed_uniform(key) < priority_share(full, entry) ? kPriorityClass : kRegularClass;
    }
    ++counts[d];
    if (retrial[n]) continue;
    // A call that reached the queue after midnight is counted, like the log's cells, at the
    // same clock time of its day.
    const double time_s = std::fmod(e.arrival_s, kSecondsPerDay);
    if (!(time_s < full.horizon_s)) {
      throw SelectionError("--replay arrivals: expected arrivals before the scenario's horizon (" +
                           detail::format_number(full.horizon_s) + " s), got one at " +
                           detail::format_number(time_s) + " s on " + civil_date(log.days[d]));
    }
    days[d].push_back({time_s, static_cast<std::uint32_t>(entry[static_cast<std::size_t>(c)])});
  }
  for (std::vector<GivenArrival>& day : days) {
    std::stable_sort(day.begin(), day.end(), [](const GivenArrival& a, const GivenArrival& b) {
      return a.time_s < b.time_s;
    });
  }
  return days;
}

}  // namespace

ReplayDays replay_days(const Scenario& scenario, const SelectedLog& log, const CellTable& logged,
                       const BacktestOptions& options) {
  ReplayDays out;
  const Scenario full = expand_shorthands(scenario);
  if (options.replay.arrivals) {
    out.arrivals = given_arrivals(full, log, options);
    out.inputs.entrants.assign(logged.days(), std::vector<double>(logged.intervals(), 0.0));
    out.inputs.segment_entrants.assign(
        logged.days(), std::vector<std::vector<double>>(
                           logged.intervals(), std::vector<double>(full.segments.size(), 0.0)));
    for (std::size_t d = 0; d < logged.days(); ++d) {
      for (std::size_t i = 0; i < logged.intervals(); ++i) {
        out.inputs.entrants[d][i] = logged.at(0, d, i).offered;
      }
      for (const GivenArrival& a : out.arrivals[d]) {
        const std::size_t i = interval_index(a.time_s, options.interval_s, logged.intervals());
        out.inputs.segment_entrants[d][i][a.segment] += 1.0;
      }
    }
  }
  if (options.replay.staffing) {
    if (full.groups.size() != 1) {
      throw SelectionError(
          "--replay staffing: expected a scenario with one agent group (the log's agents are one "
          "pool), got " +
          std::to_string(full.groups.size()));
    }
    StaffingOptions staffing = options.staffing;
    staffing.interval_s = options.interval_s;
    const DailyStaffing daily = infer_daily_staffing(log, staffing);
    for (std::size_t d = 0; d < log.days.size(); ++d) {
      out.inputs.agents.push_back(daily.schedule(d, staffing.estimator));
      Scenario day = full;
      day.groups[0].agents = out.inputs.agents.back();
      out.scenarios.push_back(std::move(day));
    }
  }
  return out;
}

}  // namespace ccsim::backtest_detail
