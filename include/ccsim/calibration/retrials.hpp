// Retrials identified from caller ids: a queue entrant who abandoned and whose caller enters the
// queue again within a window is taken to have retried. From those links, the scenario's retrial
// model (returns.retrial_probability, returns.retrial_delay_s) and the arrivals that were
// retrials, which a fit with retrials removes from the arrival counts so that the simulated
// retrials add them back instead of counting them twice. Estimators: docs/fit.md.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "ccsim/calibration/log_selection.hpp"
#include "ccsim/scenario/distribution.hpp"

namespace ccsim {

enum class RetrialDelayModel : std::uint8_t { empirical, exponential };

struct RetrialOptions {
  // A caller's next queue entry at most this long after they abandoned is a retrial. The
  // default is where the bank's delays have decayed to a trickle (docs/fit.md, "Retrials").
  double window_s = 10800.0;
  RetrialDelayModel delay = RetrialDelayModel::empirical;
  // The intervals of the day over which the chance that a retrial shows its caller id is
  // estimated (below).
  double interval_s = 1800.0;
  // Whether linked retrials are weighted by 1 / P(seen) (below). Off by default: every P(seen)
  // is then 1 and the probability a lower bound where the log loses ids; on the bank's log the
  // weighting overshoots (docs/fit.md, "Retrials").
  bool weight_lost_ids = false;
};

// A mean or a probability with its two-sided 95% interval.
struct Interval95 {
  double value = 0.0;
  double low = 0.0;
  double high = 0.0;
};

struct RetrialFit {
  double window_s = 0.0;
  std::uint64_t entrants = 0;
  std::uint64_t unknown_caller_entrants = 0;  // never linked
  std::uint64_t abandoned = 0;
  std::uint64_t linkable_abandoned = 0;  // abandoned with a known caller
  std::uint64_t linked = 0;              // of which followed by a retrial within the window
  // A retrial is seen only when its own caller id was logged. Some logs lose the id on some
  // calls (the bank: on every call answered without queueing); with weight_lost_ids each
  // linked retrial counts 1 / P(seen), by the queue it met: 1 when someone else was waiting as it entered (it had to
  // queue, and queued callers keep their id); otherwise P(queued) + P(not queued) x r among the
  // entrants of its interval of the day who found nobody waiting, r the ratio of the shares of
  // known callers among entrants who did not and who did queue (held within [0, 1]). A log that
  // loses no id has r = 1 and P(seen) = 1. Here P(seen) per interval for a caller who finds
  // nobody waiting.
  std::vector<double> seen_probability;
  double known_ratio = 1.0;  // r
  // Per interval of the day of the abandoned call's arrival: abandonments of known callers, and
  // their linked retrials weighted as above; the model's probability is one for the whole day,
  // and these show how far the log's departs from it.
  std::vector<double> linkable_by_interval;
  std::vector<double> linked_by_interval;
  double seen_linked = 0.0;  // sum over the linked retrials of 1 / P(seen)
  // seen_linked / linkable_abandoned, with a normal interval from the per-abandonment values
  // (0, or 1 / P(seen) of its retrial).
  Interval95 probability;
  // Observed delays (abandonment to the next queue entry), ascending.
  std::vector<double> delays_s;
  DistributionSpec delay_s;  // the scenario's retrial_delay_s
  Interval95 mean_delay_s;   // of the fitted distribution
  // The longest chain of linked attempts, the first included: the scenario's max_attempts
  // (held within what a scenario allows).
  int longest_chain = 1;
  // Per entrant of the SelectedLog: the arrivals it stands for as a retrial, 0 for a first
  // attempt. A linked retrial stands for (abandoned / linkable_abandoned) / P(seen), so that the
  // arrivals removed add up to probability x all abandonments, what the simulation adds back
  // (abandoners of unknown id retry alike: assumed).
  std::vector<double> retrial_weight;
  double removal_weight = 1.0;  // abandoned / linkable_abandoned
};

// Throws SelectionError when there is nothing to estimate from (no abandonment with a known
// caller, or none followed by a retrial), or when the exponential delay has no maximum (delays
// spread evenly over the window or heavier towards its end), saying which flag avoids it.
RetrialFit fit_retrials(const SelectedLog& log, const RetrialOptions& options);

// The maximum-likelihood mean of an exponential truncated at `window_s`, observed as `delays`
// (all within [0, window_s]), with a 95% interval from the observed information; nullopt when
// the mean delay is at least window_s / 2 (the likelihood then grows without end).
std::optional<Interval95> truncated_exponential_mean(const std::vector<double>& delays,
                                                     double window_s);

}  // namespace ccsim
