#include "ccsim/simulation.hpp"

#include <algorithm>
#include <limits>

namespace ccsim {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr double kSecondsPerHour = 3600.0;
// Starting capacities; both grow by doubling if ever needed and are then reused, so a run
// allocates only while its queue or calendar reaches a new maximum, never per customer.
constexpr std::size_t kInitialQueueCapacity = 1024;
constexpr std::size_t kInitialCalendarCapacity = 256;

// std::push_heap builds a max-heap: "later" compares as "less" so the earliest event is on top.
struct Later {
  bool operator()(const Event& a, const Event& b) const {
    return a.time > b.time || (a.time == b.time && a.seq > b.seq);
  }
};

}  // namespace

Simulation::Simulation(const Scenario& scenario, std::uint64_t replication)
    : scenario_(scenario),
      arrivals_rng_(make_stream(scenario.seed, replication, Stream::arrivals)),
      patience_rng_(make_stream(scenario.seed, replication, Stream::patience)),
      handle_rng_(make_stream(scenario.seed, replication, Stream::human_handle)),
      handle_(scenario.human_handle_s),
      has_patience_(scenario.patience_s.has_value()) {
  if (has_patience_) patience_ = Sampler(*scenario.patience_s);
  ring_.resize(kInitialQueueCapacity);
  calendar_.reserve(kInitialCalendarCapacity);
}

void Simulation::schedule(double time, Event::Kind kind, std::uint32_t payload) {
  calendar_.push_back(Event{time, next_seq_++, kind, payload});
  std::push_heap(calendar_.begin(), calendar_.end(), Later{});
}

// Next arrival of the non-homogeneous Poisson process after `from`, by inverting the cumulative
// rate: one unit-exponential draw per arrival, whatever the schedule, so the arrivals stream
// advances by exactly one draw per customer and scenarios that differ only in their rates still
// share their other streams draw for draw.
double Simulation::next_arrival_after(double from) {
  const Schedule& rates = scenario_.arrivals_per_hour;
  double remaining = unit_exponential_(arrivals_rng_);
  double t = from;
  while (t < scenario_.horizon_s) {
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

void Simulation::advance_clock(double t) {
  // Occupancy is measured over [warm-up, horizon] only.
  const double lo = std::max(now_s_, scenario_.warmup_s);
  const double hi = std::min(t, scenario_.horizon_s);
  if (hi > lo) {
    const double dt = hi - lo;
    tally_.busy_agent_s += static_cast<double>(busy_) * dt;
    // Agents finishing a contact after their shift ended are on duty until they finish.
    tally_.available_agent_s += static_cast<double>(std::max(staffed_, busy_)) * dt;
  }
  now_s_ = t;
}

void Simulation::record_wait(double arrival_s, double wait_s, bool answered) {
  if (arrival_s < scenario_.warmup_s) return;
  if (answered) {
    ++tally_.answered;
    tally_.answered_wait_s += wait_s;
    if (wait_s <= scenario_.service_level_threshold_s) ++tally_.answered_within_threshold;
  } else {
    ++tally_.abandoned;
  }
  tally_.wait_s += wait_s;
  tally_.waits.add(wait_s);
}

void Simulation::push_waiting(const Waiting& w) {
  if (size_ == ring_.size()) {
    // Unroll the ring into a buffer twice as large; happens only at a new maximum queue length.
    std::vector<Waiting> larger(ring_.size() * 2);
    for (std::size_t i = 0; i < size_; ++i) larger[i] = ring_[(head_ + i) & (ring_.size() - 1)];
    ring_.swap(larger);
    head_ = 0;
  }
  ring_[(head_ + size_) & (ring_.size() - 1)] = w;
  ++size_;
}

// Customers at the head whose deadline has passed left at their deadline: nobody was free to
// take them before it (an agent freeing exactly at the deadline serves them: wait == patience).
void Simulation::drop_expired_head() {
  while (size_ > 0) {
    const Waiting& w = ring_[head_];
    if (!(w.deadline_s < now_s_)) return;
    record_wait(w.arrival_s, w.deadline_s - w.arrival_s, false);
    head_ = (head_ + 1) & (ring_.size() - 1);
    --size_;
  }
}

void Simulation::start_service(double handle_s) {
  ++busy_;
  schedule(now_s_ + handle_s, Event::Kind::completion);
}

void Simulation::serve_from_queue() {
  while (busy_ < staffed_) {
    drop_expired_head();
    if (size_ == 0) return;
    const Waiting w = ring_[head_];
    head_ = (head_ + 1) & (ring_.size() - 1);
    --size_;
    record_wait(w.arrival_s, now_s_ - w.arrival_s, true);
    start_service(w.handle_s);
  }
}

void Simulation::on_arrival() {
  // Every per-customer quantity is drawn now, in a fixed order and count, whatever happens to
  // the customer later: this is what makes common random numbers work across scenarios.
  const double patience_s = has_patience_ ? patience_(patience_rng_) : kInfinity;
  const double handle_s = handle_(handle_rng_);
  const double arrival_s = now_s_;
  ++tally_.arrivals;
  const double next = next_arrival_after(arrival_s);
  if (next < scenario_.horizon_s) schedule(next, Event::Kind::arrival);

  const bool counted = arrival_s >= scenario_.warmup_s;
  if (counted) ++tally_.offered;
  drop_expired_head();
  if (busy_ < staffed_) {  // a free agent implies an empty queue
    record_wait(arrival_s, 0.0, true);
    start_service(handle_s);
    return;
  }
  if (counted) ++tally_.waited;
  push_waiting(Waiting{arrival_s, arrival_s + patience_s, handle_s});
}

void Simulation::on_completion() {
  --busy_;
  serve_from_queue();
}

void Simulation::on_staffing_change() {
  staffed_ = static_cast<long>(scenario_.humans.at(now_s_));
  const double next = scenario_.humans.next_change_after(now_s_);
  // After the horizon the system drains with the staffing of the last interval.
  if (next < scenario_.horizon_s) schedule(next, Event::Kind::staffing_change);
  serve_from_queue();
}

Tally Simulation::run() {
  staffed_ = static_cast<long>(scenario_.humans.at(0.0));
  const double first_change = scenario_.humans.next_change_after(0.0);
  if (first_change < scenario_.horizon_s) schedule(first_change, Event::Kind::staffing_change);
  const double first_arrival = next_arrival_after(0.0);
  if (first_arrival < scenario_.horizon_s) schedule(first_arrival, Event::Kind::arrival);

  while (!calendar_.empty()) {
    std::pop_heap(calendar_.begin(), calendar_.end(), Later{});
    const Event e = calendar_.back();
    calendar_.pop_back();
    advance_clock(e.time);
    switch (e.kind) {
      case Event::Kind::arrival: on_arrival(); break;
      case Event::Kind::completion: on_completion(); break;
      case Event::Kind::staffing_change: on_staffing_change(); break;
    }
  }
  // Nobody will be served any more: the waiting customers leave at their deadlines, or, with
  // infinite patience, are still waiting when the run ends.
  advance_clock(std::max(now_s_, scenario_.horizon_s));
  while (size_ > 0) {
    const Waiting& w = ring_[head_];
    if (w.deadline_s < kInfinity) {
      record_wait(w.arrival_s, w.deadline_s - w.arrival_s, false);
    } else if (w.arrival_s >= scenario_.warmup_s) {
      ++tally_.unfinished;
    }
    head_ = (head_ + 1) & (ring_.size() - 1);
    --size_;
  }
  return tally_;
}

}  // namespace ccsim
