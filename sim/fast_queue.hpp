// The engine's fast path: one replication of the core's single queue — one segment, one reason,
// one voice agent group, human only, nothing coming back. Simulation uses it whenever a scenario
// is of that shape (fast_queue_applies); it gives the figures of the general engine (tested)
// at the speed of a hand-written M/M/n+G loop (bench/README.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <boost/random/exponential_distribution.hpp>

#include "ccsim/distribution.hpp"
#include "ccsim/random_stream.hpp"
#include "ccsim/scenario.hpp"
#include "ccsim/tally.hpp"
#include "interval_pieces.hpp"

namespace ccsim {

// True when `scenario` (in full form) is the core's single queue.
bool fast_queue_applies(const Scenario& scenario);

// Pure: no I/O, no JSON, no globals. Instances share nothing, so replications run in parallel.
class FastQueue {
 public:
  // `scenario` is in full form and fast_queue_applies(scenario) holds.
  FastQueue(const Scenario& scenario, std::uint64_t replication);
  Tally run();

 private:
  // When an event happens, and its place among events of the same time. Events run in
  // (time, seq) order, `seq` numbering them in the order they were scheduled: simultaneous
  // events run first-in-first-out, so the run never depends on how the calendar stores them.
  // Both halves are packed into one unsigned 128-bit integer whose order is exactly that order
  // (see make_event_key in simulation.cpp). The kind of an event is where its key is kept: the
  // pending arrival and the pending staffing change each have their own slot, and completions,
  // which carry nothing else and so are interchangeable, share the calendar.
  __extension__ using EventKey = unsigned __int128;

  struct Waiting {
    double arrival_s;
    double deadline_s;  // arrival + patience: served if an agent frees at or before it
    double handle_s;
  };

  void advance_clock(double t);
  void on_arrival();
  void on_completion();
  void on_staffing_change();
  void serve_from_queue();
  void start_service(double handle_s);
  double next_arrival_after(double from);
  double next_arrival_in_schedule(double from, double remaining);
  void drop_expired_head();
  void record_answered_at_once(Counters& k);
  void record_answered(double arrival_s, double wait_s);
  void record_abandoned(double arrival_s, double wait_s);
  void record_queue_time(double entry_s, double wait_s);
  Counters& interval_counters(double t) { return tally_.by_interval[grid_.index(t)]; }
  void advance_interval_time(double from, double to);
  void finish_tally();
  void push_waiting(const Waiting& w);
  void grow_ring();
  Waiting pop_waiting();
  void push_completion(EventKey e);
  void replace_first_completion(EventKey e);
  void pop_first_completion();

  const Scenario& scenario_;
  const Schedule& humans_;  // the one group's staffing
  // Copies of the scenario's constants read on every event: members of this object, which the
  // compiler knows the tallies cannot alias, so it need not reload them after each update.
  const double warmup_s_;
  const double horizon_s_;
  const double service_level_threshold_s_;
  const bool has_patience_;
  // A constant arrival rate (the usual case) skips the walk through the schedule's intervals.
  const bool constant_arrival_rate_;
  const double arrival_rate_per_s_;  // valid when constant_arrival_rate_

  Rng arrivals_rng_;
  Rng patience_rng_;
  Rng handle_rng_;
  Sampler patience_;
  Sampler handle_;
  boost::random::exponential_distribution<double> unit_exponential_{1.0};

  double now_s_ = 0.0;
  std::uint64_t next_seq_ = 0;
  EventKey arrival_;                // the next arrival, or never
  EventKey staffing_change_;        // the next change of staffing, or never
  std::vector<EventKey> calendar_;  // completions: binary min-heap

  // FIFO queue as a ring buffer: grows only to the largest queue ever seen, never per customer.
  std::vector<Waiting> ring_;
  std::size_t ring_mask_ = 0;  // ring_.size() - 1, the size being a power of two
  std::size_t head_ = 0;
  std::size_t size_ = 0;

  long staffed_ = 0;
  long busy_ = 0;
  Tally tally_;

  // Reporting intervals.
  ReportGrid grid_;
  // The interval of the last event (see advance_interval_time): valid for times in
  // [cached_from_s_, cached_end_s_]; empty until the first event.
  double cached_from_s_ = 1.0;
  double cached_end_s_ = 0.0;
  std::size_t cached_interval_ = 0;
  double drain_busy_agent_s_ = 0.0;  // agent time after the horizon (paid, not in occupancy)

  // Satisfaction and churn: with one reason, no bot and nothing coming back, a customer's
  // logit is a constant of how their contact ended plus a term in their wait.
  double sat_answered_x0_ = 0.0;
  double sat_abandoned_x0_ = 0.0;
  double sat_per_s_ = 0.0;
  double churn_answered_[2] = {0.0, 0.0};   // P(churn | satisfied), P(churn | dissatisfied)
  double churn_abandoned_[2] = {0.0, 0.0};
  double p_sat_at_once_ = 0.0;               // answered with no wait
  double churn_at_once_ = 0.0;
};

}  // namespace ccsim
