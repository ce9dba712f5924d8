// One replication of a scenario: owns its clock, its event calendar and its random streams.
#pragma once

#include <cstdint>
#include <vector>

#include <boost/random/exponential_distribution.hpp>

#include "ccsim/distribution.hpp"
#include "ccsim/random_stream.hpp"
#include "ccsim/scenario.hpp"
#include "ccsim/tally.hpp"

namespace ccsim {

// An event of the calendar. Ordered by (time, seq): simultaneous events run in the order they
// were scheduled, so ties are first-in-first-out and the run never depends on heap internals.
struct Event {
  enum class Kind : std::uint32_t { arrival, completion, staffing_change };
  double time;
  std::uint64_t seq;
  Kind kind;
  std::uint32_t payload;
};

// Pure: no I/O, no JSON, no globals. Instances share nothing, so replications run in parallel.
class Simulation {
 public:
  Simulation(const Scenario& scenario, std::uint64_t replication);
  Tally run();

 private:
  struct Waiting {
    double arrival_s;
    double deadline_s;  // arrival + patience: served if an agent frees at or before it
    double handle_s;
  };

  void schedule(double time, Event::Kind kind, std::uint32_t payload = 0);
  void advance_clock(double t);
  void on_arrival();
  void on_completion();
  void on_staffing_change();
  void serve_from_queue();
  void start_service(double handle_s);
  double next_arrival_after(double from);
  void drop_expired_head();
  void record_wait(double arrival_s, double wait_s, bool answered);
  void push_waiting(const Waiting& w);

  const Scenario& scenario_;
  Rng arrivals_rng_;
  Rng patience_rng_;
  Rng handle_rng_;
  Sampler patience_;
  Sampler handle_;
  boost::random::exponential_distribution<double> unit_exponential_{1.0};
  bool has_patience_ = false;

  double now_s_ = 0.0;
  std::uint64_t next_seq_ = 0;
  std::vector<Event> calendar_;  // binary min-heap on (time, seq)

  // FIFO queue as a ring buffer: grows only to the largest queue ever seen, never per customer.
  std::vector<Waiting> ring_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;

  long staffed_ = 0;
  long busy_ = 0;
  Tally tally_;
};

}  // namespace ccsim
