// The calendar, the clock and arrivals of one replication. The journey of a contact is in
// simulation_route.cpp (bots, routing), simulation_humans.cpp (queues, agents) and
// simulation_outcome.cpp (ends of contacts, satisfaction, churn).
#include "ccsim/engine/simulation.hpp"

#include <algorithm>
#include <boost/random/gamma_distribution.hpp>
#include <cmath>

#include "engine/engine.hpp"
#include "engine/fast_queue.hpp"

namespace ccsim {

namespace {

constexpr double kSecondsPerHour = 3600.0;
constexpr std::size_t kInitialCalendarCapacity = 256;
constexpr std::size_t kInitialCustomerCapacity = 1024;

// std::push_heap builds a max-heap: "later" compares as "less" so the earliest event is on top.
struct Later {
  bool operator()(const Event& a, const Event& b) const {
    return a.time > b.time || (a.time == b.time && a.seq > b.seq);
  }
};

Rng stream(const Scenario& s, std::uint64_t replication, Stream id) {
  return make_stream(s.seed, replication, id);
}

std::vector<double> cumulative(const std::vector<double>& weights) {
  std::vector<double> cdf(weights.size());
  double sum = 0.0;
  for (std::size_t i = 0; i < weights.size(); ++i) cdf[i] = sum += weights[i];
  return cdf;
}

// Index drawn from a cumulative distribution by a uniform; the last index absorbs rounding.
std::size_t pick(const std::vector<double>& cdf, double u) {
  const double scaled = u * cdf.back();
  for (std::size_t i = 0; i + 1 < cdf.size(); ++i) {
    if (scaled < cdf[i]) return i;
  }
  return cdf.size() - 1;
}

bool is_probability_strictly_inside(double p) {
  return p > 0.0 && p < 1.0;
}

}  // namespace

void Ring::push(const QueueEntry& e) {
  if (size_ == slots_.size()) {
    // Unroll into a buffer twice as large; happens only at a new maximum queue length.
    std::vector<QueueEntry> larger(slots_.size() * 2);
    for (std::size_t i = 0; i < size_; ++i) larger[i] = slots_[(head_ + i) & (slots_.size() - 1)];
    slots_.swap(larger);
    head_ = 0;
  }
  slots_[(head_ + size_) & (slots_.size() - 1)] = e;
  ++size_;
}

Simulation::Impl::Impl(const Scenario& scenario, std::uint64_t r, ContactSink* sink,
                       const std::vector<GivenArrival>* given_arrivals)
    : s(expand_shorthands(scenario)),
      arrivals_rng(stream(s, r, Stream::arrivals)),
      patience_rng(stream(s, r, Stream::patience)),
      handle_rng(stream(s, r, Stream::human_handle)),
      segment_rng(stream(s, r, Stream::segment)),
      reason_rng(stream(s, r, Stream::reason)),
      frustration_rng(stream(s, r, Stream::frustration)),
      preference_rng(stream(s, r, Stream::preference)),
      triage_rng(stream(s, r, Stream::triage)),
      bot_handle_rng(stream(s, r, Stream::bot_handle)),
      bot_patience_rng(stream(s, r, Stream::bot_patience)),
      bot_outcome_rng(stream(s, r, Stream::bot_outcome)),
      human_outcome_rng(stream(s, r, Stream::human_outcome)),
      empathy_rng(stream(s, r, Stream::empathy)),
      returns_rng(stream(s, r, Stream::returns)),
      churn_rng(stream(s, r, Stream::churn)),
      callback_rng(stream(s, r, Stream::callback)),
      chat_rng(stream(s, r, Stream::chat)),
      replication(r),
      contact_sink(sink) {
  given = given_arrivals;
  // The day's busyness: one gamma draw of mean 1 per replication, from its own stream.
  // A cv so small that its square underflows (< 1e-154) is a factor of 1 to the last bit.
  const double shape = 1.0 / (s.busyness_cv * s.busyness_cv);
  if (s.busyness_cv > 0.0 && std::isfinite(shape)) {
    Rng busyness_rng = stream(s, r, Stream::busyness);
    rate_factor = boost::random::gamma_distribution<double>(shape, 1.0 / shape)(busyness_rng);
  }

  std::vector<double> shares;
  bool any_sensitive = false, any_chat = false;
  for (const Segment& seg : s.segments) {
    shares.push_back(seg.share);
    has_patience.push_back(seg.patience_s.has_value());
    patience.emplace_back(
        seg.patience_s.value_or(DistributionSpec::of(DistKind::deterministic, 0)));
    has_bot_patience.push_back(seg.bot_patience_s.has_value());
    bot_patience.emplace_back(
        seg.bot_patience_s.value_or(DistributionSpec::of(DistKind::deterministic, 0)));
    reason_cdf.push_back(cumulative(seg.reason_mix));
    draw_frustration = draw_frustration || seg.p_frustrated > 0.0;
  }
  segment_cdf = cumulative(shares);
  for (const Reason& reason : s.reasons) {
    human_handle.emplace_back(reason.human_handle_s);
    bot_handle.emplace_back(reason.bot_handle_s);
    any_sensitive = any_sensitive || reason.kind == ReasonKind::sensitive;
    any_chat = any_chat || reason.channel == Channel::chat;
    draw_human_outcome =
        draw_human_outcome || is_probability_strictly_inside(reason.human_resolution);
  }
  draw_segment = s.segments.size() > 1;
  draw_reason = s.reasons.size() > 1;
  const Strategy strategy = s.routing.strategy;
  uses_bots = strategy != Strategy::human_only;
  draw_preference = strategy == Strategy::bot_first || strategy == Strategy::triage ||
                    strategy == Strategy::choice;
  draw_triage = strategy == Strategy::triage;
  draw_empathy = any_sensitive || draw_frustration;
  returns_enabled = s.returns.retrial_probability > 0.0 || s.returns.repeat_probability > 0.0;
  retrial_timers = s.returns.retrial_probability > 0.0;
  attempts = returns_enabled ? s.returns.max_attempts : 1;
  draw_chat = any_chat && s.chat.silent_leave_probability > 0.0;
  return_delay = {Sampler(s.returns.retrial_delay_s), Sampler(s.returns.repeat_delay_s)};
  outbound_handle = Sampler(s.callback.outbound_handle_s);

  // Priority classes: distinct segment priorities, highest first.
  std::vector<int> levels;
  for (const Segment& seg : s.segments) levels.push_back(seg.priority);
  std::sort(levels.begin(), levels.end(), std::greater<>());
  levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
  classes = static_cast<int>(levels.size());
  for (const Segment& seg : s.segments) {
    priority_class.push_back(
        static_cast<int>(std::find(levels.begin(), levels.end(), seg.priority) - levels.begin()));
  }
  human_queues.resize(queue_index(1, kReasonKinds - 1, classes - 1) + 1);
  overflow_sources.resize(s.groups.size());
  for (std::size_t g = 0; g < s.groups.size(); ++g) {
    if (s.groups[g].overflow_to)
      overflow_sources[*s.groups[g].overflow_to].push_back(static_cast<int>(g));
  }
  for (const Reason& reason : s.reasons)
    mean_human_handle_s.push_back(reason.human_handle_s.exact_mean());

  for (const AgentGroup& g : s.groups) {
    GroupState state;
    state.chat_mode = g.max_concurrent_chats > 1;
    if (state.chat_mode) {
      const double most = *std::max_element(g.agents.values.begin(), g.agents.values.end());
      ChatAgent idle;
      idle.customers.resize(static_cast<std::size_t>(g.max_concurrent_chats));
      state.agents.assign(static_cast<std::size_t>(most), idle);
    }
    for (ReasonKind k : g.kinds) state.kind_mask |= 1u << static_cast<int>(k);
    groups.push_back(std::move(state));
  }
  if (contact_sink != nullptr) rosters.resize(groups.size());

  report_interval_s = s.report_interval_s > 0.0 ? s.report_interval_s : kSecondsPerHour;
  grid = ReportGrid(s.horizon_s, report_interval_s);
  const std::size_t intervals = grid.count;
  tally.by_segment.resize(s.segments.size());
  tally.by_kind.resize(kReasonKinds);
  tally.by_interval.resize(intervals);
  tally.interval_time.resize(intervals);

  calendar.reserve(kInitialCalendarCapacity);
  customers.reserve(kInitialCustomerCapacity);
  attempt_draws.reserve(kInitialCustomerCapacity * static_cast<std::size_t>(attempts));
}

std::uint64_t Simulation::Impl::schedule(double time, Event::Kind kind, std::uint32_t payload) {
  const std::uint64_t seq = next_seq++;
  calendar.push_back(Event{time, seq, kind, payload});
  std::push_heap(calendar.begin(), calendar.end(), Later{});
  return seq;
}

int Simulation::Impl::interval_of(double t) const {
  return static_cast<int>(grid.index(t));
}

void Simulation::Impl::advance_clock(double t) {
  const double from = now;
  now = t;
  if (!(t > from)) return;
  double available = 0.0, cost_rate_per_s = 0.0, drain_cost_rate_per_s = 0.0, chat_slots = 0.0;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const GroupState& state = groups[g];
    const double on_duty = state.chat_mode
                               ? static_cast<double>(state.staffed + state.overtime)
                               : static_cast<double>(std::max(state.staffed, state.busy));
    available += on_duty;
    const double per_s = s.groups[g].cost_per_hour / kSecondsPerHour;
    cost_rate_per_s += per_s * on_duty;
    drain_cost_rate_per_s += per_s * static_cast<double>(state.busy);
    if (state.chat_mode) chat_slots += on_duty * s.groups[g].max_concurrent_chats;
  }
  // Occupancy and cost over [warm-up, horizon]; after the horizon only the contacts agents
  // finish are paid.
  const double lo = std::max(from, s.warmup_s);
  const double hi = std::min(t, s.horizon_s);
  if (hi > lo) {
    const double dt = hi - lo;
    tally.busy_agent_s += static_cast<double>(busy_total) * dt;
    tally.available_agent_s += available * dt;
    tally.human_cost += cost_rate_per_s * dt;
    if (chat_slots > 0.0) {
      double sessions = 0.0;
      for (const GroupState& state : groups) sessions += static_cast<double>(state.sessions);
      tally.chat_session_s += sessions * dt;
      tally.chat_slot_s += chat_slots * dt;
    }
  }
  const double drain_from = std::max(from, std::max(s.horizon_s, s.warmup_s));
  if (t > drain_from) tally.human_cost += drain_cost_rate_per_s * (t - drain_from);
  // Time averages by reporting interval, over [0, horizon].
  for_each_interval_piece(from, t, s.horizon_s, grid, [&](std::size_t i, double dt) {
    IntervalTime& it = tally.interval_time[i];
    it.busy_agent_s += static_cast<double>(busy_total) * dt;
    it.available_agent_s += available * dt;
    it.busy_bot_s += static_cast<double>(bots_busy) * dt;
  });
}

// Next arrival of the non-homogeneous Poisson process after `from`, by inverting the cumulative
// rate: one unit-exponential draw per arrival, whatever the schedule, so the arrivals stream
// advances by exactly one draw per customer and scenarios that differ only in their rates still
// share their other streams draw for draw.
double Simulation::Impl::next_arrival_after(double from) {
  const Schedule& rates = s.arrivals_per_hour;
  double remaining = unit_exponential(arrivals_rng);
  double t = from;
  while (t < s.horizon_s) {
    const double rate_per_s = rates.at(t) * rate_factor / kSecondsPerHour;
    const double boundary = rates.next_change_after(t);
    const double room = rate_per_s * (boundary - t);
    if (remaining < room) return t + remaining / rate_per_s;
    if (boundary == kForever) break;  // a constant zero rate: no more arrivals
    remaining -= room;
    t = boundary;
  }
  return kForever;
}

double Simulation::Impl::next_arrival() {
  if (given == nullptr) return next_arrival_after(now);
  return next_given < given->size() ? (*given)[next_given].time_s : kForever;
}

std::uint32_t Simulation::Impl::new_customer() {
  if (free_head != kNoCustomer) {
    const std::uint32_t id = free_head;
    free_head = customers[id].next_free;
    const std::uint32_t gen = customers[id].queue_gen;
    customers[id] = Customer{};
    customers[id].queue_gen = gen + 1;  // entries of the slot's previous customer stay dead
    if (contact_sink != nullptr) traces[id] = ContactTrace{};
    return id;
  }
  customers.emplace_back();
  if (contact_sink != nullptr) traces.emplace_back();
  attempt_draws.resize(attempt_draws.size() + static_cast<std::size_t>(attempts));
  return static_cast<std::uint32_t>(customers.size() - 1);
}

void Simulation::Impl::free_customer(std::uint32_t id) {
  customers[id].stage = Stage::done;
  customers[id].next_free = free_head;
  free_head = id;
}

// Every per-customer quantity is drawn here, at arrival, in a fixed order and count, whatever
// happens to the customer later: this is what makes common random numbers work across scenarios.
// A purpose the scenario does not have (no bot, one segment …) draws nothing from its stream,
// which shifts no other stream.
void Simulation::Impl::draw_customer(Customer& c, std::uint32_t id) {
  if (given != nullptr) {
    c.segment = static_cast<std::uint16_t>((*given)[next_given++].segment);
  } else {
    c.segment =
        draw_segment ? static_cast<std::uint16_t>(pick(segment_cdf, uniform(segment_rng))) : 0;
  }
  const Segment& seg = s.segments[c.segment];
  c.reason = draw_reason
                 ? static_cast<std::uint16_t>(pick(reason_cdf[c.segment], uniform(reason_rng)))
                 : 0;
  c.patience_s = has_patience[c.segment]
                     ? patience[c.segment](patience_rng) * seg.patience_factor.at(now)
                     : kForever;
  c.human_handle_s = human_handle[c.reason](handle_rng) * seg.handle_factor.at(now);
  if (draw_frustration) c.frustrated = uniform(frustration_rng) < seg.p_frustrated;
  if (draw_preference) c.wants_human = uniform(preference_rng) < seg.human_preference;
  if (draw_triage) c.triage_correct = uniform(triage_rng) < s.routing.triage_accuracy;
  if (uses_bots) {
    c.bot_handle_s = bot_handle[c.reason](bot_handle_rng);
    c.bot_patience_s =
        has_bot_patience[c.segment] ? bot_patience[c.segment](bot_patience_rng) : kForever;
  }
  if (s.callback.enabled) {
    c.callback_accepts = uniform(callback_rng) < seg.callback_acceptance;
    c.callback_succeeds = uniform(callback_rng) < s.callback.success_probability;
    c.outbound_handle_s = outbound_handle(callback_rng);
  }
  if (draw_chat) c.silent_leaver = uniform(chat_rng) < s.chat.silent_leave_probability;
  AttemptDraws* draws = &attempt_draws[static_cast<std::size_t>(id) * attempts];
  for (int k = 0; k < attempts; ++k) {
    AttemptDraws& d = draws[k];
    if (uses_bots) d.bot_resolves_u = static_cast<float>(uniform(bot_outcome_rng));
    if (draw_human_outcome) d.human_resolves_u = static_cast<float>(uniform(human_outcome_rng));
    if (draw_empathy) d.empathy_u = static_cast<float>(uniform(empathy_rng));
    if (returns_enabled) {
      d.return_u = static_cast<float>(uniform(returns_rng));
      d.retrial_delay_s = return_delay[0](returns_rng);
      d.repeat_delay_s = return_delay[1](returns_rng);
      d.churn_u = static_cast<float>(uniform(churn_rng));
    }
  }
}

void Simulation::Impl::on_arrival() {
  const std::uint32_t id = new_customer();
  Customer& c = customers[id];
  c.first_arrival_s = now;
  c.contact_arrival_s = now;
  c.counted = now >= s.warmup_s;
  draw_customer(c, id);
  ++tally.arrivals;
  tally.counted_arrivals += c.counted ? 1 : 0;
  if (contact_sink != nullptr) traces[id].customer = tally.arrivals;
  const double next = next_arrival();
  if (next < s.horizon_s) schedule(next, Event::Kind::arrival, 0);
  start_contact(id);
}

Tally Simulation::Impl::run() {
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const Schedule& agents = s.groups[g].agents;
    groups[g].staffed = static_cast<long>(agents.at(0.0));
    if (contact_sink != nullptr) rosters[g].set_on_duty(groups[g].staffed, 0);
    const double change = agents.next_change_after(0.0);
    if (change < s.horizon_s) {
      schedule(change, Event::Kind::staffing_change, static_cast<std::uint32_t>(g));
    }
  }
  const double first = next_arrival();
  if (first < s.horizon_s) schedule(first, Event::Kind::arrival, 0);

  while (!calendar.empty()) {
    std::pop_heap(calendar.begin(), calendar.end(), Later{});
    const Event e = calendar.back();
    calendar.pop_back();
    advance_clock(e.time);
    switch (e.kind) {
      case Event::Kind::arrival:
        on_arrival();
        break;
      case Event::Kind::contact:
        start_contact(e.payload);
        break;
      case Event::Kind::completion:
        on_completion(e.payload);
        break;
      case Event::Kind::chat_completion:
        if (customers[e.payload].timer_seq == e.seq) on_chat_completion(e.payload);
        break;
      case Event::Kind::bot_end:
        on_bot_end(e.payload, e.seq);
        break;
      case Event::Kind::abandon:
        if (customers[e.payload].abandon_seq == e.seq) on_abandon(e.payload);
        break;
      case Event::Kind::overflow_check:
        if (customers[e.payload].timer_seq == e.seq) on_overflow_check(e.payload);
        break;
      case Event::Kind::staffing_change:
        on_staffing_change(static_cast<int>(e.payload));
        break;
    }
  }
  advance_clock(std::max(now, s.horizon_s));
  // Nobody will be served any more: those still waiting leave at their deadlines, or, with
  // infinite patience, are still waiting when the run ends.
  for (Ring& queue : human_queues) drop_expired(queue, -1);
  for (Ring& queue : human_queues) {
    while (!queue.empty()) {
      const QueueEntry e = queue.front();
      queue.pop();
      Customer& c = customers[e.customer];
      if (c.queue_gen != e.gen || c.stage != Stage::human_queue) continue;
      if (c.deadline_s < kForever) {
        record_human_wait(c, c.deadline_s - c.queue_entry_s, false);
        end_contact(e.customer, ContactEnd::gave_up, c.deadline_s);
      } else {
        // An accepted callback still waiting is a callback, not an unfinished wait in line.
        if (!c.in_callback) count_contact(c, [](Counters& k) { ++k.unfinished; });
        end_contact(e.customer, ContactEnd::unfinished, now);
      }
    }
  }
  // Bot queue leftovers (a bot pool of zero): they give up at their bot patience, or wait on.
  while (!bot_queue.empty()) {
    const QueueEntry e = bot_queue.front();
    bot_queue.pop();
    Customer& c = customers[e.customer];
    if (c.queue_gen != e.gen || c.stage != Stage::bot_queue) continue;
    if (c.deadline_s < kForever) {
      count_contact(c, [](Counters& k) { ++k.bot_abandoned; });
      end_contact(e.customer, ContactEnd::gave_up, c.deadline_s);
    } else {
      end_contact(e.customer, ContactEnd::unfinished, now);
    }
  }
  return std::move(tally);
}

Simulation::Simulation(const Scenario& scenario, std::uint64_t replication, Engine engine,
                       ContactSink* sink, const std::vector<GivenArrival>* given) {
  Scenario full = expand_shorthands(scenario);
  if (given != nullptr) {
    impl_ = new Impl(full, replication, sink, given);
  } else if (engine == Engine::automatic && fast_queue_applies(full)) {
    if (sink != nullptr) impl_ = new Impl(full, replication, sink);
    full_ = new Scenario(std::move(full));
    fast_ = new FastQueue(*full_, replication);
  } else {
    impl_ = new Impl(full, replication, sink);
  }
}

Simulation::~Simulation() {
  delete impl_;
  delete fast_;
  delete full_;
}

Tally Simulation::run() {
  if (fast_ == nullptr) return impl_->run();
  // With a sink, the general engine runs the same replication for its contacts only.
  if (impl_ != nullptr) impl_->run();
  return fast_->run();
}

}  // namespace ccsim
