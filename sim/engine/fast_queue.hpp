// The engine's fast path: one replication of the core's single queue — one segment, one reason,
// one voice agent group, human only, nothing coming back. Simulation uses it whenever a scenario
// is of that shape (fast_queue_applies); it gives the figures of the general engine (tested)
// at the speed of a hand-written M/M/n+G loop (bench/README.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include <boost/random/exponential_distribution.hpp>

#include "ccsim/scenario/distribution.hpp"
#include "ccsim/engine/random_stream.hpp"
#include "ccsim/scenario/scenario.hpp"
#include "ccsim/stats/tally.hpp"
#include "engine/interval_pieces.hpp"

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
  void advance_clock_slowly(double t);
  void enter_slot(double t);
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
  Counters& counters_of_arrival(double arrival_s);
  void finish_tally();
  void push_waiting(const Waiting& w);
  void grow_ring();
  Waiting pop_waiting();
  void push_completion(EventKey e);
  void grow_calendar();
  void replace_first_completion(EventKey e);
  void pop_first_completion();
  void set_next_other(EventKey arrival, EventKey staffing_change);

  const Scenario& scenario_;
  const Schedule& humans_;  // the one group's staffing
  // Copies of the scenario's constants read on every event: members of this object, which the
  // compiler knows the tallies cannot alias, so it need not reload them after each update.
  const double warmup_s_;
  const double horizon_s_;
  const double service_level_threshold_s_;
  const bool has_patience_;
  // A constant positive arrival rate (the usual case) skips the walk through the schedule's
  // intervals; 0 when the rate varies or is zero.
  const double constant_arrival_rate_per_s_;

  Rng arrivals_rng_;
  Rng patience_rng_;
  Rng handle_rng_;
  Sampler patience_;
  Sampler handle_;
  boost::random::exponential_distribution<double> unit_exponential_{1.0};

  double now_s_ = 0.0;
  std::uint64_t next_seq_ = 0;
  EventKey arrival_;          // the next arrival, or never
  double arrival_s_ = 0.0;    // its time
  EventKey staffing_change_;  // the next change of staffing, or never
  EventKey next_other_;       // the earlier of the two: one comparison per event tells
                              // whether a completion comes first
  // Completions: a binary min-heap in calendar_[1, completions_], with calendar_[1] holding
  // "never" when it is empty, so that the earliest completion is read without a test.
  std::vector<EventKey> calendar_;
  std::size_t completions_ = 0;

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
  // The interval of the clock, kept between events so that the interval of an event, of an
  // arrival and (usually) of a waiting customer's arrival is known without a division:
  // grid_.slot(t) == slot_ exactly when slot_from_s_ <= t < slot_to_s_ (see enter_slot).
  std::size_t slot_ = 0;
  double slot_from_s_ = 0.0;
  double slot_to_s_ = 0.0;
  double slot_piece_end_s_ = 0.0;  // grid_.piece_end(slot_)
  Counters* slot_counters_ = nullptr;
  IntervalTime* slot_time_ = nullptr;
  // An event at or before this time takes the short step of advance_clock: past the warm-up,
  // before the horizon, and in the clock's interval. Below every time until the warm-up ends.
  double short_step_until_s_ = -std::numeric_limits<double>::infinity();
  double drain_busy_agent_s_ = 0.0;  // agent time after the horizon (paid, not in occupancy)

  // Satisfaction and churn: with one reason, no bot and nothing coming back, a customer's
  // logit is a constant of how their contact ended plus a term in their wait.
  double sat_answered_x0_ = 0.0;
  double sat_abandoned_x0_ = 0.0;
  double sat_per_s_ = 0.0;
  double churn_answered_[2] = {0.0, 0.0};  // P(churn | satisfied), P(churn | dissatisfied)
  double churn_abandoned_[2] = {0.0, 0.0};
  double p_sat_at_once_ = 0.0;  // answered with no wait
  double churn_at_once_ = 0.0;
};

}  // namespace ccsim
