// Retrials linked through caller ids (retrials.hpp; formulas in docs/fit.md, "Retrials").
#include "ccsim/calibration/retrials.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>

#include "ccsim/calibration/estimators.hpp"
#include "ccsim/stats/statistics.hpp"
#include "scenario/limits.hpp"

namespace ccsim {

namespace {

constexpr double kSecondsPerDay = 86400.0;
// A retrial seen with a smaller probability would stand for more than a thousand.
constexpr double kLeastSeen = 1e-3;

// Seconds since 1970-01-01 of an instant `clock_s` after the midnight of entrant `e`'s day.
double absolute_s(const SelectedLog& log, const Entrant& e, double clock_s) {
  return static_cast<double>(log.days[static_cast<std::size_t>(e.day)]) * kSecondsPerDay + clock_s;
}

std::size_t interval_of(double clock_s, double interval_s, std::size_t intervals) {
  return std::min(intervals - 1,
                  static_cast<std::size_t>(std::fmod(clock_s, kSecondsPerDay) / interval_s));
}

// Whether someone else was waiting in the queue when each entrant entered it: then it had to
// queue too, and its caller id was logged.
std::vector<bool> queue_busy_at_entry(const SelectedLog& log) {
  std::vector<double> starts;
  std::vector<double> ends;
  for (const Entrant& e : log.entrants) {
    if (!(e.waited_s > 0.0)) continue;
    starts.push_back(absolute_s(log, e, e.queue_entry_s));
    ends.push_back(absolute_s(log, e, e.queue_entry_s + e.waited_s));
  }
  std::sort(starts.begin(), starts.end());
  std::sort(ends.begin(), ends.end());
  std::vector<bool> busy(log.entrants.size(), false);
  for (std::size_t i = 0; i < log.entrants.size(); ++i) {
    const double t = absolute_s(log, log.entrants[i], log.entrants[i].queue_entry_s);
    // Waiting at t: entered strictly before t (never the entrant itself) and not yet left.
    const auto entered = std::lower_bound(starts.begin(), starts.end(), t) - starts.begin();
    const auto left = std::upper_bound(ends.begin(), ends.end(), t) - ends.begin();
    busy[i] = entered > left;
  }
  return busy;
}

// P(a retrial's caller id is logged), per entrant as if it were a retrial (retrials.hpp): 1 when
// someone was waiting as it entered the queue; otherwise P(queued | nobody waiting) of its
// interval, plus P(not queued | nobody waiting) x r. The interval's probability for a caller
// who finds nobody waiting goes to `idle_seen`.
std::vector<double> seen_probabilities(const SelectedLog& log, double interval_s,
                                       std::vector<double>& idle_seen, double& ratio) {
  const auto intervals = static_cast<std::size_t>(std::llround(kSecondsPerDay / interval_s));
  const std::vector<bool> busy = queue_busy_at_entry(log);
  std::vector<double> queued(intervals, 0.0);
  std::vector<double> idle(intervals, 0.0);
  // Known callers among those who queued and those who did not: [queued][known].
  std::array<std::array<double, 2>, 2> counts{};
  for (std::size_t i = 0; i < log.entrants.size(); ++i) {
    const Entrant& e = log.entrants[i];
    const bool q = e.waited_s > 0.0;
    counts[q][e.caller != kUnknownCaller] += 1.0;
    if (busy[i]) continue;
    const std::size_t k = interval_of(e.arrival_s, interval_s, intervals);
    idle[k] += 1.0;
    queued[k] += q ? 1.0 : 0.0;
  }
  const double known_queued = counts[1][1] / std::max(1.0, counts[1][0] + counts[1][1]);
  const double known_direct = counts[0][1] / std::max(1.0, counts[0][0] + counts[0][1]);
  ratio = known_queued > 0.0 ? std::min(1.0, known_direct / known_queued) : 1.0;
  idle_seen.assign(intervals, 1.0);
  for (std::size_t k = 0; k < intervals; ++k) {
    if (idle[k] > 0.0) idle_seen[k] = queued[k] / idle[k] + (1.0 - queued[k] / idle[k]) * ratio;
  }
  std::vector<double> seen(log.entrants.size(), 1.0);
  for (std::size_t i = 0; i < log.entrants.size(); ++i) {
    if (!busy[i])
      seen[i] = idle_seen[interval_of(log.entrants[i].arrival_s, interval_s, intervals)];
  }
  return seen;
}

// The mean of an exponential of rate `rate` truncated at `w`, and the variance of one draw.
double truncated_mean(double rate, double w) {
  return 1.0 / rate - w / std::expm1(rate * w);
}
double truncated_variance(double rate, double w) {
  const double e = std::expm1(rate * w);
  return 1.0 / (rate * rate) - w * w * (e + 1.0) / (e * e);
}

}  // namespace

std::optional<Interval95> truncated_exponential_mean(const std::vector<double>& delays,
                                                     double window_s) {
  if (delays.empty()) return std::nullopt;
  const double n = static_cast<double>(delays.size());
  const double mean = std::accumulate(delays.begin(), delays.end(), 0.0) / n;
  if (!(mean < window_s / 2.0)) return std::nullopt;
  if (!(mean > 0.0)) return std::nullopt;
  // The score equation sets the truncated mean to the sample mean; it falls with the rate from
  // window_s / 2 (rate -> 0) to 0, so bisection on the log of the rate finds its one root.
  double lo = std::log(1e-6 / window_s);
  double hi = std::log(1e6 / mean);
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    if (truncated_mean(std::exp(mid), window_s) > mean) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  const double rate = std::exp(0.5 * (lo + hi));
  // Observed = expected information for this one-parameter exponential family: n Var(T).
  const double se = 1.0 / std::sqrt(n * truncated_variance(rate, window_s));
  const double z = normal_quantile(0.95);
  const double fast = rate + z * se;
  const double slow = rate - z * se;
  return Interval95{1.0 / rate, 1.0 / fast,
                    slow > 0.0 ? 1.0 / slow : std::numeric_limits<double>::infinity()};
}

RetrialFit fit_retrials(const SelectedLog& log, const RetrialOptions& options) {
  RetrialFit fit;
  fit.window_s = options.window_s;
  fit.entrants = log.entrants.size();
  fit.retrial_weight.assign(log.entrants.size(), 0.0);
  const auto intervals =
      static_cast<std::size_t>(std::llround(kSecondsPerDay / options.interval_s));
  fit.linkable_by_interval.assign(intervals, 0.0);
  fit.linked_by_interval.assign(intervals, 0.0);
  std::vector<double> seen =
      seen_probabilities(log, options.interval_s, fit.seen_probability, fit.known_ratio);
  if (!options.weight_lost_ids) {
    seen.assign(seen.size(), 1.0);
    fit.seen_probability.assign(fit.seen_probability.size(), 1.0);
  }
  // Per linked abandonment: 1 / P(seen) of its retrial.
  std::vector<double> inverse_seen;
  std::vector<std::size_t> known;
  for (std::size_t i = 0; i < log.entrants.size(); ++i) {
    const Entrant& e = log.entrants[i];
    fit.abandoned += !e.answered;
    if (e.caller == kUnknownCaller) {
      ++fit.unknown_caller_entrants;
      continue;
    }
    fit.linkable_abandoned += !e.answered;
    if (!e.answered) {
      fit.linkable_by_interval[interval_of(e.arrival_s, options.interval_s,
                                           fit.linkable_by_interval.size())] += 1.0;
    }
    known.push_back(i);
  }
  // Each caller's queue entries in time order; the log's order breaks ties, so the links are
  // the same whatever the sort's implementation.
  const auto arrival = [&](std::size_t i) {
    return absolute_s(log, log.entrants[i], log.entrants[i].arrival_s);
  };
  std::stable_sort(known.begin(), known.end(), [&](std::size_t a, std::size_t b) {
    const Entrant& x = log.entrants[a];
    const Entrant& y = log.entrants[b];
    if (x.caller != y.caller) return x.caller < y.caller;
    return arrival(a) < arrival(b);
  });
  std::vector<int> chain(log.entrants.size(), 1);
  for (std::size_t k = 1; k < known.size(); ++k) {
    const std::size_t a = known[k - 1];
    const std::size_t b = known[k];
    const Entrant& first = log.entrants[a];
    if (first.caller != log.entrants[b].caller || first.answered) continue;
    const double gave_up_s = absolute_s(log, first, first.queue_entry_s + first.waited_s);
    const double delay_s = arrival(b) - gave_up_s;
    // A call that began before the abandonment ended is a second line, not a retrial.
    if (delay_s < 0.0 || delay_s > options.window_s) continue;
    const double inverse = 1.0 / std::max(kLeastSeen, seen[b]);
    fit.retrial_weight[b] = inverse;
    inverse_seen.push_back(inverse);
    fit.linked_by_interval[interval_of(first.arrival_s, options.interval_s,
                                       fit.linked_by_interval.size())] += inverse;
    ++fit.linked;
    fit.delays_s.push_back(delay_s);
    chain[b] = chain[a] + 1;
    fit.longest_chain = std::max(fit.longest_chain, chain[b]);
  }
  if (fit.linkable_abandoned == 0) {
    throw SelectionError(
        "expected abandoned contacts with a known caller id to fit retrials from, got none "
        "(fit without --retrials)");
  }
  if (fit.linked == 0) {
    throw SelectionError(
        "expected at least one abandoned caller to enter the queue again within the retrial "
        "window to fit retrials from, got none of " +
        std::to_string(fit.linkable_abandoned) +
        " (widen --retrial-window-min, or fit without "
        "--retrials)");
  }
  std::sort(fit.delays_s.begin(), fit.delays_s.end());
  fit.longest_chain = std::min(fit.longest_chain, format::kMaxAttempts);
  fit.removal_weight =
      static_cast<double>(fit.abandoned) / static_cast<double>(fit.linkable_abandoned);
  for (double& w : fit.retrial_weight) w *= fit.removal_weight;
  // The mean of one value per linkable abandonment (0 when none followed), with its standard
  // error: abandonments are many, so the normal interval is close.
  const double n = static_cast<double>(fit.linkable_abandoned);
  fit.seen_linked = std::accumulate(inverse_seen.begin(), inverse_seen.end(), 0.0);
  const double p = fit.seen_linked / n;
  double squares = (n - static_cast<double>(inverse_seen.size())) * p * p;
  for (const double y : inverse_seen) squares += (y - p) * (y - p);
  const double se = n > 1.0 ? std::sqrt(squares / (n - 1.0) / n) : 0.0;
  if (p > 1.0) {
    throw SelectionError("expected a retrial probability of at most 1, got " + std::to_string(p) +
                         " after weighting the linked retrials for the caller ids the log lost; "
                         "shorten --retrial-window-min");
  }
  const double z = normal_quantile(0.95);
  fit.probability = {p, std::max(0.0, p - z * se), std::min(1.0, p + z * se)};

  if (options.delay == RetrialDelayModel::exponential) {
    const auto mean = truncated_exponential_mean(fit.delays_s, options.window_s);
    if (!mean) {
      throw SelectionError(
          "expected retrial delays that thin out within the window to fit an exponential to, "
          "got a mean delay of at least half the window (use --retrial-delay empirical)");
    }
    fit.mean_delay_s = *mean;
    fit.delay_s = DistributionSpec::of(DistKind::exponential, mean->value);
  } else {
    const double m = static_cast<double>(fit.delays_s.size());
    const double mean = std::accumulate(fit.delays_s.begin(), fit.delays_s.end(), 0.0) / m;
    double delay_squares = 0.0;
    for (const double d : fit.delays_s) delay_squares += (d - mean) * (d - mean);
    const double delay_se = m > 1.0 ? std::sqrt(delay_squares / (m - 1.0) / m) : 0.0;
    fit.mean_delay_s = {mean, std::max(0.0, mean - z * delay_se), mean + z * delay_se};
    fit.delay_s = empirical_spec(fit.delays_s);
  }
  return fit;
}

}  // namespace ccsim
