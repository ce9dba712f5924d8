#include "engine/fast_queue.hpp"

#include "engine/interval_pieces.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

namespace ccsim {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr double kSecondsPerHour = 3600.0;
// Starting capacities; both grow by doubling if ever needed and are then reused, so a run
// allocates only while its queue or calendar reaches a new maximum, never per customer.
constexpr std::size_t kInitialQueueCapacity = 1024;  // a power of two: wrapping is a mask
constexpr std::size_t kInitialCalendarCapacity = 256;

__extension__ using EventKey = unsigned __int128;  // FastQueue::EventKey
constexpr int kHalfBits = 64;
constexpr std::uint64_t kSignBit = std::uint64_t{1} << (kHalfBits - 1);
// Later than every event, even one at time +infinity: the key of "no event".
constexpr EventKey kNever = ~EventKey{0};

// The key of the event numbered `seq` at `time`: the time in the high half, mapped to an
// unsigned integer of the same order (non-negative doubles by setting the sign bit, negative
// ones by flipping every bit), the sequence number in the low half. Comparing two keys as
// integers then compares (time, seq), in one cmp/sbb pair and without a branch: inside the heap,
// which of two entries is earlier is a coin toss no branch predictor can learn. -0 is made +0
// first (adding +0 does that and leaves every other value as it is) since the two compare equal
// as doubles. Sequence numbers are unique, so the order is total: whichever way the heap
// arranges its entries, events come out in one and the same order.
EventKey make_event_key(double time, std::uint64_t seq) {
  const std::uint64_t bits = std::bit_cast<std::uint64_t>(time + 0.0);
  // ~bits when the sign bit is set, bits | kSignBit otherwise, without a branch.
  const auto sign_mask =
      static_cast<std::uint64_t>(static_cast<std::int64_t>(bits) >> (kHalfBits - 1));
  const std::uint64_t ordered = bits ^ (sign_mask | kSignBit);
  return (static_cast<EventKey>(ordered) << kHalfBits) | seq;
}

// The time of an event, exactly as it was scheduled.
double time_of(EventKey key) {
  const auto ordered = static_cast<std::uint64_t>(key >> kHalfBits);
  return std::bit_cast<double>((ordered & kSignBit) != 0 ? ordered & ~kSignBit : ~ordered);
}

constexpr double kSecondsPerMinute = 60.0;

double logistic(double x) {
  return 1.0 / (1.0 + std::exp(-x));
}

// The arrival rate per second when it is constant and positive, else 0. No boundary after 0
// means none ever: the rate in force at 0 holds for the whole run.
double constant_positive_rate_per_s(const Schedule& per_hour) {
  if (per_hour.values.empty() || per_hour.next_change_after(0.0) != kInfinity) return 0.0;
  const double rate_per_s = per_hour.at(0.0) / kSecondsPerHour;
  return rate_per_s > 0.0 ? rate_per_s : 0.0;
}

}  // namespace

bool fast_queue_applies(const Scenario& s) {
  if (s.segments.size() != 1 || s.reasons.size() != 1 || s.groups.size() != 1) return false;
  const Segment& seg = s.segments[0];
  const Reason& reason = s.reasons[0];
  const AgentGroup& group = s.groups[0];
  const bool kind_taken =
      std::find(group.kinds.begin(), group.kinds.end(), reason.kind) != group.kinds.end();
  return s.routing.strategy == Strategy::human_only && s.busyness_cv == 0.0 &&
         s.returns.retrial_probability == 0.0 && s.returns.repeat_probability == 0.0 &&
         !s.callback.enabled && seg.p_frustrated == 0.0 && reason.channel == Channel::voice &&
         reason.kind != ReasonKind::sensitive && reason.human_resolution == 1.0 &&
         group.max_concurrent_chats == 1 && (kind_taken || group.takes_others) &&
         seg.handle_factor.values == std::vector<double>{1.0} &&
         seg.patience_factor.values == std::vector<double>{1.0};
}

FastQueue::FastQueue(const Scenario& scenario, std::uint64_t replication)
    : scenario_(scenario),
      humans_(scenario.groups[0].agents),
      warmup_s_(scenario.warmup_s),
      horizon_s_(scenario.horizon_s),
      service_level_threshold_s_(scenario.service_level_threshold_s),
      has_patience_(scenario.segments[0].patience_s.has_value()),
      constant_arrival_rate_per_s_(constant_positive_rate_per_s(scenario.arrivals_per_hour)),
      arrivals_rng_(make_stream(scenario.seed, replication, Stream::arrivals)),
      patience_rng_(make_stream(scenario.seed, replication, Stream::patience)),
      handle_rng_(make_stream(scenario.seed, replication, Stream::human_handle)),
      handle_(scenario.reasons[0].human_handle_s),
      arrival_(kNever),
      staffing_change_(kNever),
      next_other_(kNever) {
  if (has_patience_) patience_ = Sampler(*scenario.segments[0].patience_s);
  ring_.resize(kInitialQueueCapacity);
  grid_ = ReportGrid(horizon_s_, scenario.report_interval_s);
  tally_.by_interval.resize(grid_.count);
  tally_.interval_time.resize(grid_.count);
  tally_.by_segment.resize(1);
  tally_.by_kind.resize(kReasonKinds);
  // The general engine's satisfaction and churn (simulation_outcome.cpp), specialised: the only
  // terms that can apply are the wait and how the contact ended.
  const SatisfactionModel& m = scenario.satisfaction;
  sat_answered_x0_ = m.intercept + m.resolved;
  sat_abandoned_x0_ = m.intercept + m.gave_up;
  sat_per_s_ = m.per_minute_waited / kSecondsPerMinute;
  const ChurnModel& c = scenario.churn;
  churn_answered_[0] = logistic(c.intercept);
  churn_answered_[1] = logistic(c.intercept + c.dissatisfied);
  churn_abandoned_[0] = logistic(c.intercept + c.gave_up);
  churn_abandoned_[1] = logistic(c.intercept + c.gave_up + c.dissatisfied);
  p_sat_at_once_ = logistic(sat_answered_x0_);
  churn_at_once_ =
      p_sat_at_once_ * churn_answered_[0] + (1.0 - p_sat_at_once_) * churn_answered_[1];
  ring_mask_ = ring_.size() - 1;
  calendar_.assign(kInitialCalendarCapacity, kNever);
  enter_slot(0.0);
}

// The calendar is a binary min-heap on (time, seq) written out here rather than std::push_heap
// and std::pop_heap: the completion just run can then hand its slot to the next one, and the
// choice between two children is made without a branch. It is 1-based (calendar_[1] is the
// top, the children of i are 2i and 2i + 1) and walked by byte offsets: entry i lies at offset
// 16i, its children at twice that, so a level costs no index scaling.
namespace {

constexpr std::size_t kKeyBytes = sizeof(EventKey);

EventKey& key_at(unsigned char* heap, std::size_t offset) {
  return *reinterpret_cast<EventKey*>(heap + offset);
}

// The offset of the parent of the entry at `offset`.
constexpr std::size_t parent_of(std::size_t offset) {
  return (offset / 2) & ~(kKeyBytes - 1);
}

}  // namespace

[[gnu::always_inline]] inline void FastQueue::push_completion(EventKey e) {
  if (completions_ + 1 == calendar_.size()) [[unlikely]] {
    grow_calendar();
  }
  auto* const heap = reinterpret_cast<unsigned char*>(calendar_.data());
  std::size_t hole = ++completions_ * kKeyBytes;
  while (hole > kKeyBytes) {
    const std::size_t parent = parent_of(hole);
    if (!(e < key_at(heap, parent))) break;
    key_at(heap, hole) = key_at(heap, parent);
    hole = parent;
  }
  key_at(heap, hole) = e;
}

// Happens only at a new maximum of simultaneous services: out of line, away from the hot path.
void FastQueue::grow_calendar() {
  calendar_.resize(2 * calendar_.size(), kNever);
}

// Removes the earliest completion and inserts `e` in one pass. Floyd's order: the hole left at
// the top sinks to a leaf along the earlier children (one comparison per level), then `e` rises
// from there; a new completion usually belongs near the leaves, so it rarely rises far.
void FastQueue::replace_first_completion(EventKey e) {
  auto* const heap = reinterpret_cast<unsigned char*>(calendar_.data());
  const std::size_t last = completions_ * kKeyBytes;
  std::size_t hole = kKeyBytes;
  std::size_t child = 2 * kKeyBytes;
  while (child < last) {  // both children exist
    const bool right_first = key_at(heap, child + kKeyBytes) < key_at(heap, child);
    child += kKeyBytes & (std::size_t{0} - static_cast<std::size_t>(right_first));
    key_at(heap, hole) = key_at(heap, child);
    hole = child;
    child = 2 * hole;
  }
  if (child == last) {  // a last parent with a single child
    key_at(heap, hole) = key_at(heap, child);
    hole = child;
  }
  while (hole > kKeyBytes) {
    const std::size_t parent = parent_of(hole);
    if (!(e < key_at(heap, parent))) break;
    key_at(heap, hole) = key_at(heap, parent);
    hole = parent;
  }
  key_at(heap, hole) = e;
}

void FastQueue::pop_first_completion() {
  const EventKey last = calendar_[completions_--];
  if (completions_ > 0) {
    replace_first_completion(last);
  } else {
    calendar_[1] = kNever;
  }
}

void FastQueue::set_next_other(EventKey arrival, EventKey staffing_change) {
  arrival_ = arrival;
  staffing_change_ = staffing_change;
  next_other_ = std::min(arrival, staffing_change);
}

// Next arrival of the non-homogeneous Poisson process after `from`, by inverting the cumulative
// rate: one unit-exponential draw per arrival, whatever the schedule, so the arrivals stream
// advances by exactly one draw per customer and scenarios that differ only in their rates still
// share their other streams draw for draw. Inlined by force into its one caller per customer:
// out of line, saving and restoring registers around the draw cost about a tenth of the body.
//
// Callers schedule the result only if it falls before the horizon, so a result at or past it
// means "no more arrivals" whatever its value.
[[gnu::always_inline]] inline double FastQueue::next_arrival_after(double from) {
  const double remaining = unit_exponential_(arrivals_rng_);
  if (constant_arrival_rate_per_s_ > 0.0) [[likely]] {
    // What the general walk computes when the schedule has no boundary and a positive rate:
    // the room to the next boundary is infinite, so it returns at once (and `from` at or past
    // the horizon gives a time at or past it, as the walk's "never" is).
    return from + remaining / constant_arrival_rate_per_s_;
  }
  return next_arrival_in_schedule(from, remaining);
}

double FastQueue::next_arrival_in_schedule(double from, double remaining) {
  const Schedule& rates = scenario_.arrivals_per_hour;
  double t = from;
  while (t < horizon_s_) {
    const double rate_per_s = rates.at(t) / kSecondsPerHour;
    const double boundary = rates.next_change_after(t);
    const double room = rate_per_s * (boundary - t);
    if (remaining < room) return t + remaining / rate_per_s;
    if (boundary == kInfinity) break;  // a constant zero rate: no more arrivals
    remaining -= room;
    t = boundary;
  }
  return kInfinity;
}

// Occupancy is integrated event by event, not only when busy_ or staffed_ change: summing the
// same products in the same order is what keeps the integrals identical to the last bit
// whatever else changes in the engine (one product per run of unchanged occupancy would round
// differently).
//
// Most events fall past the warm-up, before the horizon and in the interval of the event before:
// then each integral gains the same product of the same dt as the general step below computes
// (occupancy's [max(now, warm-up), min(t, horizon)] is [now, t], the drain is empty, and
// for_each_interval_piece makes [now, t) one piece of the clock's interval). When t == now the
// general step adds nothing, and the short step adds +0: the integrals start at +0 and only gain
// non-negative terms, so they never hold -0, and adding +0 leaves them bit for bit as they are.
//
// Events come in time order, t >= now_s_: every duration is non-negative, as a validated scenario
// has it.
[[gnu::always_inline]] inline void FastQueue::advance_clock(double t) {
  if (t <= short_step_until_s_) [[likely]] {
    const double dt = t - now_s_;
    const double busy_dt = static_cast<double>(busy_) * dt;
    // Agents finishing a contact after their shift ended are on duty until they finish.
    const double on_duty_dt = static_cast<double>(std::max(staffed_, busy_)) * dt;
    tally_.busy_agent_s += busy_dt;
    tally_.available_agent_s += on_duty_dt;
    slot_time_->busy_agent_s += busy_dt;
    slot_time_->available_agent_s += on_duty_dt;
    now_s_ = t;
    return;
  }
  advance_clock_slowly(t);
}

void FastQueue::advance_clock_slowly(double t) {
  // Occupancy is measured over [warm-up, horizon] only.
  const double lo = std::max(now_s_, warmup_s_);
  const double hi = std::min(t, horizon_s_);
  if (hi > lo) {
    const double dt = hi - lo;
    tally_.busy_agent_s += static_cast<double>(busy_) * dt;
    tally_.available_agent_s += static_cast<double>(std::max(staffed_, busy_)) * dt;
  }
  if (t > now_s_) {
    // Time averages by reporting interval over [0, horizon], and the agent time of the drain.
    const double drain_from = std::max(now_s_, std::max(horizon_s_, warmup_s_));
    if (t > drain_from) drain_busy_agent_s_ += static_cast<double>(busy_) * (t - drain_from);
    for_each_interval_piece(now_s_, t, horizon_s_, grid_, [&](std::size_t i, double dt) {
      IntervalTime& it = tally_.interval_time[i];
      it.busy_agent_s += static_cast<double>(busy_) * dt;
      it.available_agent_s += static_cast<double>(std::max(staffed_, busy_)) * dt;
    });
  }
  now_s_ = t;
  if (!(t < slot_to_s_)) enter_slot(t);
  // The short step needs t <= horizon and t <= the end of the clock's piece (one piece), and
  // t < slot_to_s_ (the clock stays in its interval).
  short_step_until_s_ =
      now_s_ >= warmup_s_
          ? std::min({horizon_s_, slot_piece_end_s_, std::nextafter(slot_to_s_, -kInfinity)})
          : -kInfinity;
}

// Finds the clock's interval by division, and the exact range of times in it, from the grid's
// own slot(): called once per interval the clock enters (and at the start), never per event.
void FastQueue::enter_slot(double t) {
  slot_ = grid_.slot(t);
  slot_from_s_ = grid_.first_time_in(slot_);
  slot_to_s_ = slot_ + 1 >= grid_.total ? kInfinity : grid_.first_time_in(slot_ + 1);
  slot_piece_end_s_ = grid_.piece_end(slot_);
  slot_counters_ = &tally_.by_interval[slot_ % grid_.count];
  slot_time_ = &tally_.interval_time[slot_ % grid_.count];
}

// The counters of a customer's arrival interval; `arrival_s` is at or before the clock. Usually
// the clock's interval: slot() is non-decreasing, so slot_from_s_ <= arrival_s <= now_s_ puts
// it there; otherwise a division, exactly as grid_.index computes it.
inline Counters& FastQueue::counters_of_arrival(double arrival_s) {
  if (arrival_s >= slot_from_s_) [[likely]] {
    return *slot_counters_;
  }
  return tally_.by_interval[grid_.index(arrival_s)];
}

// The queue-length integral of each interval: each wait spread over the intervals it spans, as
// for_each_interval_piece spreads it. A wait that began in the clock's interval (the usual
// case) begins with a piece of that interval, ending where piece_end says; only what is left
// past it, if anything, goes through the general loop.
inline void FastQueue::record_queue_time(double entry_s, double wait_s) {
  const auto add = [&](std::size_t i, double dt) {
    tally_.interval_time[i].queue_customer_s += dt;
  };
  const double end = std::min(entry_s + wait_s, horizon_s_);
  if (!(entry_s < end)) return;
  if (entry_s >= slot_from_s_) [[likely]] {
    const double b = std::min(end, slot_piece_end_s_);
    if (b > entry_s) [[likely]] {
      slot_time_->queue_customer_s += b - entry_s;
      if (b < end) [[unlikely]] {
        for_each_interval_piece(b, end, horizon_s_, grid_, add);
      }
      return;
    }
  }
  for_each_interval_piece(entry_s, end, horizon_s_, grid_, add);
}

// The three ways a counted customer's wait ends. A customer answered at once adds nothing to
// the sums of waits: they start at +0 and an IEEE sum is -0 only when both terms are, so they
// never hold -0, and adding +0 to any other value leaves it bit for bit as it is. Skipping the
// two additions therefore changes no result.
void FastQueue::record_answered_at_once(Counters& k) {
  ++k.answered;
  if (0.0 <= service_level_threshold_s_) ++k.answered_within_threshold;
  k.satisfied += p_sat_at_once_;
  k.churned += churn_at_once_;
  tally_.waits.add(0.0);
}

[[gnu::always_inline]] inline void FastQueue::record_answered(double arrival_s, double wait_s) {
  record_queue_time(arrival_s, wait_s);
  if (arrival_s < warmup_s_) return;
  Counters& k = counters_of_arrival(arrival_s);
  ++k.answered;
  k.answered_wait_s += wait_s;
  if (wait_s <= service_level_threshold_s_) ++k.answered_within_threshold;
  k.wait_s += wait_s;
  const double p = logistic(sat_answered_x0_ + sat_per_s_ * wait_s);
  k.satisfied += p;
  k.churned += p * churn_answered_[0] + (1.0 - p) * churn_answered_[1];
  tally_.waits.add(wait_s);
}

void FastQueue::record_abandoned(double arrival_s, double wait_s) {
  record_queue_time(arrival_s, wait_s);
  if (arrival_s < warmup_s_) return;
  Counters& k = counters_of_arrival(arrival_s);
  ++k.abandoned;
  k.wait_s += wait_s;
  const double p = logistic(sat_abandoned_x0_ + sat_per_s_ * wait_s);
  k.satisfied += p;
  k.churned += p * churn_abandoned_[0] + (1.0 - p) * churn_abandoned_[1];
  tally_.waits.add(wait_s);
}

// Unrolls the ring into a buffer twice as large; happens only at a new maximum queue length,
// so it is kept out of line, away from the customer's path.
void FastQueue::grow_ring() {
  std::vector<Waiting> larger(ring_.size() * 2);
  for (std::size_t i = 0; i < size_; ++i) larger[i] = ring_[(head_ + i) & ring_mask_];
  ring_.swap(larger);
  ring_mask_ = ring_.size() - 1;
  head_ = 0;
}

inline void FastQueue::push_waiting(const Waiting& w) {
  if (size_ == ring_mask_ + 1) [[unlikely]] {
    grow_ring();
  }
  ring_[(head_ + size_) & ring_mask_] = w;
  ++size_;
}

inline FastQueue::Waiting FastQueue::pop_waiting() {
  const Waiting w = ring_[head_];
  head_ = (head_ + 1) & ring_mask_;
  --size_;
  return w;
}

// Customers at the head whose deadline has passed left at their deadline: nobody was free to
// take them before it (an agent freeing exactly at the deadline serves them: wait == patience).
inline void FastQueue::drop_expired_head() {
  while (size_ > 0) {
    const Waiting& w = ring_[head_];
    if (!(w.deadline_s < now_s_)) return;
    record_abandoned(w.arrival_s, w.deadline_s - w.arrival_s);
    head_ = (head_ + 1) & ring_mask_;
    --size_;
  }
}

void FastQueue::start_service(double handle_s) {
  ++busy_;
  push_completion(make_event_key(now_s_ + handle_s, next_seq_++));
}

void FastQueue::serve_from_queue() {
  while (busy_ < staffed_) {
    drop_expired_head();
    if (size_ == 0) return;
    const Waiting w = pop_waiting();
    record_answered(w.arrival_s, now_s_ - w.arrival_s);
    start_service(w.handle_s);
  }
}

[[gnu::always_inline]] inline void FastQueue::on_arrival() {
  // Every per-customer quantity is drawn now, in a fixed order and count, whatever happens to
  // the customer later: this is what makes common random numbers work across scenarios.
  const double patience_s = has_patience_ ? patience_(patience_rng_) : kInfinity;
  const double handle_s = handle_(handle_rng_);
  const double arrival_s = now_s_;
  ++tally_.arrivals;
  // Numbered before any completion this arrival schedules, as the order of events requires.
  const double next = next_arrival_after(arrival_s);
  arrival_s_ = next;
  set_next_other(next < horizon_s_ ? make_event_key(next, next_seq_++) : kNever, staffing_change_);

  const bool counted = arrival_s >= warmup_s_;
  // The clock's interval is the arrival's.
  Counters* k = counted ? slot_counters_ : nullptr;
  if (counted) ++k->offered;
  drop_expired_head();
  if (busy_ < staffed_) {  // a free agent implies an empty queue
    if (counted) record_answered_at_once(*k);
    start_service(handle_s);
    return;
  }
  if (counted) ++k->waited;
  push_waiting(Waiting{arrival_s, arrival_s + patience_s, handle_s});
}

// Runs the completion at the top of the calendar, which is still there on entry.
[[gnu::always_inline]] inline void FastQueue::on_completion() {
  --busy_;
  if (busy_ < staffed_ && size_ > 0) {
    drop_expired_head();
    if (size_ > 0) {
      const Waiting w = pop_waiting();
      record_answered(w.arrival_s, now_s_ - w.arrival_s);
      // The freed agent takes the next customer: the new completion, numbered exactly as a
      // separate insertion would number it, takes the slot of the one just run.
      ++busy_;
      replace_first_completion(make_event_key(now_s_ + w.handle_s, next_seq_++));
      // A no-op as long as a free agent implies an empty queue; kept so that nothing here
      // depends on it.
      if (busy_ < staffed_) serve_from_queue();
      return;
    }
  }
  pop_first_completion();
}

void FastQueue::on_staffing_change() {
  staffed_ = static_cast<long>(humans_.at(now_s_));
  const double next = humans_.next_change_after(now_s_);
  // After the horizon the system drains with the staffing of the last interval.
  set_next_other(arrival_, next < horizon_s_ ? make_event_key(next, next_seq_++) : kNever);
  serve_from_queue();
}

Tally FastQueue::run() {
  staffed_ = static_cast<long>(humans_.at(0.0));
  const double first_change = humans_.next_change_after(0.0);
  const EventKey staffing_change =
      first_change < horizon_s_ ? make_event_key(first_change, next_seq_++) : kNever;
  const double first_arrival = next_arrival_after(0.0);
  arrival_s_ = first_arrival;
  set_next_other(first_arrival < horizon_s_ ? make_event_key(first_arrival, next_seq_++) : kNever,
                 staffing_change);

  // Keys are unique but for "never": the earliest of the three events runs.
  for (;;) {
    const EventKey first_completion = calendar_[1];  // "never" when there is none
    if (first_completion < next_other_) {
      advance_clock(time_of(first_completion));
      on_completion();
    } else if (next_other_ == arrival_) {
      if (next_other_ == kNever) break;  // no arrival, no staffing change, no service
      advance_clock(arrival_s_);
      on_arrival();
    } else {
      advance_clock(time_of(staffing_change_));
      on_staffing_change();
    }
  }
  // Nobody will be served any more: the waiting customers leave at their deadlines, or, with
  // infinite patience, are still waiting when the run ends.
  advance_clock(std::max(now_s_, horizon_s_));
  while (size_ > 0) {
    const Waiting w = pop_waiting();
    if (w.deadline_s < kInfinity) {
      record_abandoned(w.arrival_s, w.deadline_s - w.arrival_s);
    } else if (w.arrival_s >= warmup_s_) {
      Counters& k = counters_of_arrival(w.arrival_s);
      ++k.unfinished;
      // Still waiting with no one to serve them: as in the general engine, the gave-up terms of
      // satisfaction and churn apply, and a wait that never ended adds nothing.
      const double p = logistic(sat_abandoned_x0_);
      k.satisfied += p;
      k.churned += p * churn_abandoned_[0] + (1.0 - p) * churn_abandoned_[1];
    }
  }
  finish_tally();
  return tally_;
}

// Every counted customer made one contact, entered the queue and ended answered (resolved),
// abandoned (gave up) or unfinished: the other counters follow from those three.
void FastQueue::finish_tally() {
  Counters& total = tally_.by_segment[0];
  for (Counters& k : tally_.by_interval) {
    k.contacts = k.offered;
    k.customers = k.offered;
    k.resolved_contacts = k.answered;
    k.customers_resolved = k.answered;
    k.gave_up_contacts = k.abandoned;
    k.customers_gave_up = k.abandoned;
    k.unfinished_contacts = k.unfinished;
    k.customers_unfinished = k.unfinished;
    total.add(k);
  }
  tally_.counted_arrivals = total.customers;
  tally_.by_kind[static_cast<std::size_t>(scenario_.reasons[0].kind)] = total;
  tally_.human_cost = scenario_.groups[0].cost_per_hour / kSecondsPerHour *
                      (tally_.available_agent_s + drain_busy_agent_s_);
}

}  // namespace ccsim
