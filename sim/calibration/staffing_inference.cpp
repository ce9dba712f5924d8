// Staffing inferred from busy periods: working spells, the not-ready time between calls, and the
// distinct agents seen serving.
#include "ccsim/calibration/staffing_inference.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <string>

#include "ccsim/calibration/call_log.hpp"
#include "ccsim/scenario/json_checker.hpp"

namespace ccsim {

namespace {

constexpr double kDayS = 86400.0;

struct Period {
  std::int32_t agent;
  double start_s;
  double end_s;
};

// A pause of one agent between two busy periods of the same spell.
struct Gap {
  std::int32_t day;
  double start_s;
  double length_s;
  bool someone_waited;  // when it began
};

// One day's accumulators, in agent-seconds per step (distinct: agents per interval).
struct Sums {
  explicit Sums(std::size_t steps, std::size_t intervals)
      : present_step(steps, 0.0),
        not_ready_step(steps, 0.0),
        busy_step(steps, 0.0),
        distinct(intervals, 0.0) {}
  std::vector<double> present_step;    // in a spell
  std::vector<double> not_ready_step;  // not ready inside spells
  std::vector<double> busy_step;       // serving
  std::vector<double> distinct;        // agents seen serving
};

// Calls piece(step, length) for the parts of [from, to) on the day's step grid, times past
// midnight folded onto the same day's clock. Whole days are added to every step at once, so
// the time taken never grows with the period's length, only with the steps of a day.
template <typename F>
void for_each_step(double from, double to, double step_s, std::size_t steps, F&& piece) {
  const double whole_days = std::floor((to - from) / kDayS);
  if (whole_days >= 1.0) {
    for (std::size_t step = 0; step < steps; ++step) {
      const double start = static_cast<double>(step) * step_s;
      piece(step, whole_days * (std::min(start + step_s, kDayS) - start));
    }
    from += whole_days * kDayS;
  }
  double a = from;
  while (a < to) {
    const double day_start = std::floor(a / kDayS) * kDayS;
    const double clock_s = a - day_start;
    auto step = std::min(steps - 1, static_cast<std::size_t>(clock_s / step_s));
    double bound = day_start + static_cast<double>(step + 1) * step_s;
    // A time on a boundary that division put one step early.
    if (bound <= a && step + 1 < steps)
      bound = day_start + static_cast<double>(++step + 1) * step_s;
    const double b = std::max(std::min({to, bound, day_start + kDayS}), std::nextafter(a, to));
    piece(step, b - a);
    a = b;
  }
}

// Sorted, disjoint intervals: whether t falls in one.
bool covered(const std::vector<Period>& merged, double t) {
  const auto after = std::upper_bound(merged.begin(), merged.end(), t,
                                      [](double x, const Period& p) { return x < p.start_s; });
  return after != merged.begin() && t < std::prev(after)->end_s;
}

// Sorts `periods` by (agent, start) and merges those of one agent that overlap or, with
// `join_s` > 0, are at most that far apart.
std::vector<Period> merged(std::vector<Period> periods, double join_s) {
  std::sort(periods.begin(), periods.end(), [](const Period& a, const Period& b) {
    return a.agent != b.agent ? a.agent < b.agent : a.start_s < b.start_s;
  });
  std::vector<Period> out;
  for (const Period& p : periods) {
    if (!out.empty() && out.back().agent == p.agent && p.start_s - out.back().end_s <= join_s) {
      out.back().end_s = std::max(out.back().end_s, p.end_s);
    } else {
      out.push_back(p);
    }
  }
  return out;
}

// Each spell widened at both ends to the nearest shift boundary (a multiple of `grid_s`; without
// a grid, by `edge_s`) when that boundary is at most `edge_s` away: an agent who came in at the
// start of a shift and waited for their first call, or stayed until its end after their last, was
// on duty then. The widening stops where someone was waiting in the queue (an agent on duty would
// have taken them), at the agent's neighbouring spell, and at midnight. Each widening is a pause
// with nobody waiting, added to `gaps` so that its expected not-ready time is taken off.
std::vector<Period> widened(const std::vector<Period>& spells, const std::vector<Period>& queue,
                            const StaffingOptions& options, std::int32_t day,
                            std::vector<Gap>& gaps) {
  std::vector<Period> out = spells;
  const double edge_s = options.edge_s;
  const double grid_s = options.shift_grid_s;
  if (!(edge_s > 0.0)) return out;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const Period& spell = spells[i];
    double from =
        grid_s > 0.0 ? std::floor(spell.start_s / grid_s) * grid_s : spell.start_s - edge_s;
    double to = grid_s > 0.0 ? std::ceil(spell.end_s / grid_s) * grid_s : spell.end_s + edge_s;
    if (from < spell.start_s - edge_s) from = spell.start_s;
    if (to > spell.end_s + edge_s) to = spell.end_s;
    // The last wait that began before the spell, and the first that ends after it.
    const auto after_start =
        std::lower_bound(queue.begin(), queue.end(), spell.start_s,
                         [](const Period& q, double t) { return q.start_s < t; });
    from = std::max(from, 0.0);
    if (after_start != queue.begin()) from = std::max(from, std::prev(after_start)->end_s);
    if (i > 0 && spells[i - 1].agent == spell.agent) from = std::max(from, spells[i - 1].end_s);
    const auto ending_after =
        std::upper_bound(queue.begin(), queue.end(), spell.end_s,
                         [](double t, const Period& q) { return t < q.end_s; });
    to = std::min(to, std::max(kDayS, spell.end_s));
    if (ending_after != queue.end())
      to = std::min(to, std::max(ending_after->start_s, spell.end_s));
    if (i + 1 < spells.size() && spells[i + 1].agent == spell.agent) {
      to = std::min(to, spells[i + 1].start_s);
    }
    if (from < spell.start_s) {
      out[i].start_s = from;
      gaps.push_back({day, from, spell.start_s - from, false});
    }
    if (to > spell.end_s) {
      out[i].end_s = to;
      gaps.push_back({day, spell.end_s, to - spell.end_s, false});
    }
  }
  return out;
}

// One day: presence, busy time and distinct agents into `sums`; the pauses inside spells into
// `gaps`.
void add_day(std::int32_t day, const std::vector<Period>& services,
             const std::vector<Period>& waits, const StaffingOptions& options, std::size_t steps,
             std::size_t per_interval, Sums& sums, std::vector<Gap>& gaps) {
  const std::vector<Period> busy = merged(services, 0.0);
  const std::vector<Period> queue = merged(waits, 0.0);  // all waits carry the same agent
  const std::vector<Period> spells =
      widened(merged(busy, options.spell_gap_s), queue, options, day, gaps);
  for (const Period& p : spells) {
    for_each_step(p.start_s, p.end_s, options.step_s, steps,
                  [&](std::size_t step, double length_s) { sums.present_step[step] += length_s; });
  }
  const std::size_t intervals = steps / per_interval;
  std::vector<std::int32_t> last_agent(intervals, kNoAgent);
  for (std::size_t i = 0; i < busy.size(); ++i) {
    const Period& p = busy[i];
    // Sorted by agent: each agent is counted once per interval.
    for_each_step(p.start_s, p.end_s, options.step_s, steps,
                  [&](std::size_t step, double length_s) {
                    const std::size_t interval = step / per_interval;
                    sums.busy_step[step] += length_s;
                    if (last_agent[interval] != p.agent) {
                      last_agent[interval] = p.agent;
                      sums.distinct[interval] += 1.0;
                    }
                  });
    if (i + 1 < busy.size() && busy[i + 1].agent == p.agent) {
      const double length_s = busy[i + 1].start_s - p.end_s;
      if (length_s <= options.spell_gap_s) {
        gaps.push_back({day, p.end_s, length_s, covered(queue, p.end_s)});
      }
    }
  }
}

bool is_service(const Entrant& e) {
  return e.answered && e.agent != kNoAgent && e.handle_s > 0.0;
}

// The outlier fence of SetAsideService: robust (median and MAD of log handle times), so that no
// single record can move it far.
double longest_kept_service_s(const SelectedLog& log) {
  std::vector<double> logs;
  for (const Entrant& e : log.entrants) {
    if (is_service(e)) logs.push_back(std::log(e.handle_s));
  }
  if (logs.empty()) return kDayS;
  const auto median_of = [](std::vector<double>& v) {
    const auto middle = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
    std::nth_element(v.begin(), middle, v.end());
    return *middle;
  };
  const double median = median_of(logs);
  std::vector<double> deviations;
  deviations.reserve(logs.size());
  for (const double x : logs) deviations.push_back(std::abs(x - median));
  constexpr double kMadToSd = 1.4826;  // a normal variable's sd over its median absolute deviation
  const double spread = kMadToSd * median_of(deviations);
  const double fence =
      std::max(std::exp(median) * kOutlierMedianFactor, std::exp(median + kOutlierSpread * spread));
  return std::min(kDayS, fence);
}

}  // namespace

namespace {

// Seconds as a reader writes them: whole numbers in full (1000000000, not 1e+09).
std::string seconds_text(double seconds) {
  constexpr double kExactWhole = 1e15;
  if (seconds == std::round(seconds) && std::abs(seconds) < kExactWhole) {
    return std::to_string(static_cast<long long>(seconds));
  }
  return format_number(seconds);
}

}  // namespace

std::string set_aside_text(const StaffingProfile& profile, const SelectedLog& log,
                           std::size_t most) {
  const std::size_t n = profile.set_aside.size();
  if (n == 0) return {};
  std::string text = std::to_string(n) + (n == 1 ? " service" : " services") +
                     " set aside from the staffing inference as " +
                     (n == 1 ? "an outlier" : "outliers") + " (longer than " +
                     seconds_text(std::round(profile.longest_kept_s)) +
                     " s, past the log's own handle times): ";
  for (std::size_t i = 0; i < std::min(n, most); ++i) {
    const SetAsideService& s = profile.set_aside[i];
    const auto clock = static_cast<long>(s.queue_entry_s);
    char time[16];
    std::snprintf(time, sizeof time, "%02ld:%02ld:%02ld", clock / 3600 % 100, clock / 60 % 60,
                  clock % 60);
    text += (i > 0 ? ", " : "") + civil_date(log.days.at(static_cast<std::size_t>(s.day))) + " " +
            time + " (handle " + seconds_text(s.handle_s) + " s)";
  }
  if (n > most) text += ", and " + std::to_string(n - most) + " more";
  return text;
}

std::vector<double> diffuse_rounding(const std::vector<double>& values) {
  std::vector<double> rounded;
  rounded.reserve(values.size());
  double carry = 0.0;
  for (const double x : values) {
    const double v = std::max(0.0, std::round(x + carry));
    carry += x - v;
    rounded.push_back(v);
  }
  return rounded;
}

std::vector<double> DailyStaffing::estimate(std::size_t day, StaffingEstimator estimator) const {
  const DayStaffing& d = days[day];
  switch (estimator) {
    case StaffingEstimator::ready:
      return d.ready;
    case StaffingEstimator::present:
      return d.present;
    case StaffingEstimator::distinct:
      break;
  }
  const std::size_t per_interval = d.present.size() / std::max<std::size_t>(1, d.distinct.size());
  std::vector<double> per_step;
  per_step.reserve(d.present.size());
  for (std::size_t k = 0; k < d.present.size(); ++k)
    per_step.push_back(d.distinct[k / per_interval]);
  return per_step;
}

Schedule DailyStaffing::schedule(std::size_t day, StaffingEstimator estimator) const {
  return Schedule{step_s, diffuse_rounding(estimate(day, estimator))};
}

DailyStaffing infer_daily_staffing(const SelectedLog& log, const StaffingOptions& options) {
  const auto intervals = static_cast<std::size_t>(std::llround(kDayS / options.interval_s));
  const auto per_interval =
      static_cast<std::size_t>(std::llround(options.interval_s / options.step_s));
  const std::size_t steps = intervals * per_interval;

  DailyStaffing daily;
  daily.longest_kept_s = longest_kept_service_s(log);
  std::vector<std::vector<Period>> services(log.days.size());
  std::vector<std::vector<Period>> waits(log.days.size());
  for (const Entrant& e : log.entrants) {
    const double service_start_s = e.queue_entry_s + e.waited_s;
    const auto day = static_cast<std::size_t>(e.day);
    if (e.waited_s > 0.0) waits[day].push_back({kNoAgent, e.queue_entry_s, service_start_s});
    if (!is_service(e)) continue;
    if (e.handle_s > daily.longest_kept_s) {
      daily.set_aside.push_back({e.day, e.queue_entry_s, e.handle_s, e.agent});
      continue;
    }
    services[day].push_back({e.agent, service_start_s, service_start_s + e.handle_s});
  }
  std::vector<Sums> sums(log.days.size(), Sums(steps, intervals));
  std::vector<Gap> gaps;
  for (std::size_t d = 0; d < log.days.size(); ++d) {
    add_day(static_cast<std::int32_t>(d), services[d], waits[d], options, steps, per_interval,
            sums[d], gaps);
  }

  // Not-ready time: the whole of each pause that began while someone waited; for the others,
  // E[min(W, pause)] over the sample W of the former.
  std::vector<double> sample;
  for (const Gap& g : gaps) {
    if (g.someone_waited) sample.push_back(g.length_s);
  }
  std::sort(sample.begin(), sample.end());
  std::vector<double> prefix(sample.size() + 1, 0.0);
  std::partial_sum(sample.begin(), sample.end(), prefix.begin() + 1);
  const auto expected_min = [&](double length_s) {
    if (sample.empty()) return 0.0;
    const auto below = static_cast<std::size_t>(
        std::lower_bound(sample.begin(), sample.end(), length_s) - sample.begin());
    const double n = static_cast<double>(sample.size());
    return (prefix[below] + length_s * (n - static_cast<double>(below))) / n;
  };
  for (const Gap& g : gaps) {
    const double not_ready_s = g.someone_waited ? g.length_s : expected_min(g.length_s);
    std::vector<double>& not_ready = sums[static_cast<std::size_t>(g.day)].not_ready_step;
    for_each_step(g.start_s, g.start_s + not_ready_s, options.step_s, steps,
                  [&](std::size_t step, double length_s) { not_ready[step] += length_s; });
  }

  daily.interval_s = options.interval_s;
  daily.step_s = options.step_s;
  daily.not_ready_gaps = sample.size();
  daily.mean_not_ready_s =
      sample.empty() ? 0.0 : prefix.back() / static_cast<double>(sample.size());
  for (const Sums& day : sums) {
    DayStaffing out;
    for (std::size_t k = 0; k < steps; ++k) {
      out.present.push_back(day.present_step[k] / options.step_s);
      out.ready.push_back(
          std::max(0.0, (day.present_step[k] - day.not_ready_step[k]) / options.step_s));
      out.busy.push_back(day.busy_step[k] / options.step_s);
    }
    out.distinct = day.distinct;
    daily.days.push_back(std::move(out));
  }
  return daily;
}

StaffingProfile infer_staffing(const SelectedLog& log, const StaffingOptions& options) {
  const DailyStaffing daily = infer_daily_staffing(log, options);
  const auto intervals = static_cast<std::size_t>(std::llround(kDayS / options.interval_s));
  const auto per_interval =
      static_cast<std::size_t>(std::llround(options.interval_s / options.step_s));
  const std::size_t steps = intervals * per_interval;
  const double days = static_cast<double>(daily.days.size());
  // Averages over days, per step (distinct: per interval).
  const auto day_mean = [&](auto member, std::size_t size) {
    std::vector<double> mean(size, 0.0);
    for (const DayStaffing& d : daily.days) {
      const std::vector<double>& v = d.*member;
      for (std::size_t k = 0; k < size; ++k) mean[k] += v[k] / days;
    }
    return mean;
  };
  const std::vector<double> present_step = day_mean(&DayStaffing::present, steps);
  const std::vector<double> ready_step = day_mean(&DayStaffing::ready, steps);
  const std::vector<double> busy_step = day_mean(&DayStaffing::busy, steps);
  const std::vector<double> distinct = day_mean(&DayStaffing::distinct, intervals);
  const auto interval_mean = [&](const std::vector<double>& v, std::size_t i) {
    double sum = 0.0;
    for (std::size_t k = i * per_interval; k < (i + 1) * per_interval; ++k) sum += v[k];
    return sum / static_cast<double>(per_interval);
  };

  StaffingProfile profile;
  profile.longest_kept_s = daily.longest_kept_s;
  profile.set_aside = daily.set_aside;
  profile.not_ready_gaps = daily.not_ready_gaps;
  profile.mean_not_ready_s = daily.mean_not_ready_s;
  std::vector<double> per_step(steps, 0.0);
  for (std::size_t k = 0; k < steps; ++k) {
    switch (options.estimator) {
      case StaffingEstimator::ready:
        per_step[k] = ready_step[k];
        break;
      case StaffingEstimator::present:
        per_step[k] = present_step[k];
        break;
      case StaffingEstimator::distinct:
        per_step[k] = distinct[k / per_interval];
        break;
    }
  }
  for (std::size_t i = 0; i < intervals; ++i) {
    profile.present.push_back(interval_mean(present_step, i));
    profile.ready.push_back(interval_mean(ready_step, i));
    profile.busy.push_back(interval_mean(busy_step, i));
    profile.distinct.push_back(distinct[i]);
    profile.estimate.push_back(interval_mean(per_step, i));
  }
  profile.agents = Schedule{options.step_s, diffuse_rounding(per_step)};
  return profile;
}

}  // namespace ccsim
