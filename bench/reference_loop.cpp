#include "reference_loop.hpp"

#include <algorithm>
#include <boost/random/exponential_distribution.hpp>
#include <cstddef>
#include <functional>
#include <limits>
#include <stdexcept>
#include <vector>

#include "ccsim/engine/random_stream.hpp"
#include "engine/random_block.hpp"

namespace ccsim::bench {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr double kSecondsPerHour = 3600.0;
// Power of two, so that wrapping the ring is a mask; doubles only at a new longest queue.
constexpr std::size_t kInitialQueueCapacity = 1024;

struct Waiting {
  double arrival_s;
  double deadline_s;  // arrival + patience: served if an agent frees at or before it
  double handle_s;    // drawn at arrival, like every per-customer quantity
};

// FIFO of waiting customers in a power-of-two ring: no allocation per customer.
class WaitingRing {
 public:
  WaitingRing() : slots_(kInitialQueueCapacity) {}

  bool empty() const { return size_ == 0; }
  const Waiting& front() const { return slots_[head_]; }
  void pop_front() {
    head_ = (head_ + 1) & (slots_.size() - 1);
    --size_;
  }
  void push_back(const Waiting& w) {
    if (size_ == slots_.size()) grow();
    slots_[(head_ + size_) & (slots_.size() - 1)] = w;
    ++size_;
  }

 private:
  void grow() {
    std::vector<Waiting> larger(slots_.size() * 2);
    for (std::size_t i = 0; i < size_; ++i) larger[i] = slots_[(head_ + i) & (slots_.size() - 1)];
    slots_.swap(larger);
    head_ = 0;
  }

  std::vector<Waiting> slots_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

void check_supported(const Scenario& scenario) {
  const bool supported =
      scenario.arrivals_per_hour.is_constant() && scenario.humans.is_constant() &&
      scenario.human_handle_s.kind == DistKind::exponential &&
      (!scenario.patience_s || scenario.patience_s->kind == DistKind::exponential);
  if (!supported) {
    throw std::invalid_argument(
        "the reference loop simulates M/M/n+M only: constant arrival rate and staffing, "
        "exponential handle time and patience");
  }
}

class ReferenceLoop {
 public:
  ReferenceLoop(const Scenario& scenario, std::uint64_t replication)
      : horizon_s_(scenario.horizon_s),
        warmup_s_(scenario.warmup_s),
        rate_per_s_(scenario.arrivals_per_hour.values.front() / kSecondsPerHour),
        agents_(static_cast<std::size_t>(scenario.humans.values.front())),
        has_patience_(scenario.patience_s.has_value()),
        key_{scenario.seed, replication},
        // Rates as the engine's sampler builds them (1 / mean), so every draw is bit-identical.
        patience_(has_patience_ ? 1.0 / scenario.patience_s->mean : 1.0),
        handle_(1.0 / scenario.human_handle_s.mean) {
    completions_.reserve(agents_);
  }

  ReferenceTally run() {
    double next_arrival_s = next_arrival_after(0.0, 1);
    for (;;) {
      const bool arrival_due = next_arrival_s < kInfinity;
      const bool completion_due = !completions_.empty();
      if (!arrival_due && !completion_due) break;
      // Exact ties between an arrival and a completion have probability zero (the engine breaks
      // them by scheduling order, which this loop does not track).
      if (arrival_due && (!completion_due || next_arrival_s < completions_.front())) {
        now_s_ = next_arrival_s;
        next_arrival_s = on_arrival();
      } else {
        now_s_ = completions_.front();
        on_completion();
      }
    }
    // Nobody is left to serve the waiting customers: each leaves at its deadline, or, with
    // infinite patience, is still waiting at the end.
    while (!waiting_.empty()) {
      const Waiting& w = waiting_.front();
      if (w.deadline_s < kInfinity) {
        record_wait(w.arrival_s, w.deadline_s - w.arrival_s, false);
      } else if (w.arrival_s >= warmup_s_) {
        ++tally_.unfinished;
      }
      waiting_.pop_front();
    }
    return tally_;
  }

 private:
  // Customer `number`'s block 0 is computed now, for its gap; its other lanes wait for the
  // customer's arrival.
  double next_arrival_after(double from, std::uint64_t number) {
    block_ = block_inline(key_, number, 0, block_of(Purpose::arrival_gap));
    RandomStream numbers(key_, number, 0, Purpose::arrival_gap, block_[0]);
    const double gap = unit_exponential_(numbers);
    if (!(rate_per_s_ > 0.0)) return kInfinity;
    const double t = from + gap / rate_per_s_;
    return t < horizon_s_ ? t : kInfinity;
  }

  void record_wait(double arrival_s, double wait_s, bool answered) {
    if (arrival_s < warmup_s_) return;
    if (answered) {
      ++tally_.answered;
      tally_.answered_wait_s += wait_s;
    } else {
      ++tally_.abandoned;
    }
    tally_.wait_s += wait_s;
  }

  // Waiting customers whose deadline is past left at it; checked only when it matters (an
  // arrival or a free agent), which is equivalent to scheduling an abandonment event for each.
  void drop_expired_head() {
    while (!waiting_.empty() && waiting_.front().deadline_s < now_s_) {
      const Waiting& w = waiting_.front();
      record_wait(w.arrival_s, w.deadline_s - w.arrival_s, false);
      waiting_.pop_front();
    }
  }

  void start_service(double handle_s) {
    completions_.push_back(now_s_ + handle_s);
    std::push_heap(completions_.begin(), completions_.end(), std::greater<>{});
  }

  // Returns the time of the next arrival.
  double on_arrival() {
    // The customer's patience and handle time, from the block their gap came from.
    const std::uint64_t number = tally_.arrivals + 1;
    RandomStream patience_numbers(key_, number, 0, Purpose::patience,
                                  block_[lane_of(Purpose::patience)]);
    RandomStream handle_numbers(key_, number, 0, Purpose::human_handle,
                                block_[lane_of(Purpose::human_handle)]);
    const double patience_s = has_patience_ ? patience_(patience_numbers) : kInfinity;
    const double handle_s = handle_(handle_numbers);
    const double arrival_s = now_s_;
    ++tally_.arrivals;
    const double next_arrival_s = next_arrival_after(arrival_s, number + 1);

    const bool counted = arrival_s >= warmup_s_;
    if (counted) ++tally_.offered;
    drop_expired_head();
    if (completions_.size() < agents_) {  // a free agent implies an empty queue
      record_wait(arrival_s, 0.0, true);
      start_service(handle_s);
    } else {
      if (counted) ++tally_.waited;
      waiting_.push_back(Waiting{arrival_s, arrival_s + patience_s, handle_s});
    }
    return next_arrival_s;
  }

  void on_completion() {
    std::pop_heap(completions_.begin(), completions_.end(), std::greater<>{});
    completions_.pop_back();
    drop_expired_head();
    if (waiting_.empty()) return;
    const Waiting w = waiting_.front();
    waiting_.pop_front();
    record_wait(w.arrival_s, now_s_ - w.arrival_s, true);
    start_service(w.handle_s);
  }

  const double horizon_s_;
  const double warmup_s_;
  const double rate_per_s_;
  const std::size_t agents_;
  const bool has_patience_;
  const RandomKey key_;
  RandomBlock block_{};  // block 0 of the customer whose arrival is next
  boost::random::exponential_distribution<double> unit_exponential_{1.0};
  boost::random::exponential_distribution<double> patience_;
  boost::random::exponential_distribution<double> handle_;

  double now_s_ = 0.0;
  std::vector<double> completions_;  // min-heap of the busy agents' completion times
  WaitingRing waiting_;
  ReferenceTally tally_;
};

}  // namespace

ReferenceTally run_reference_loop(const Scenario& scenario, std::uint64_t replication) {
  check_supported(scenario);
  return ReferenceLoop(scenario, replication).run();
}

}  // namespace ccsim::bench
