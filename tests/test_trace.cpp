// What the engine tells a contact sink: one record per contact, adding up to the tally.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "ccsim/engine/simulation.hpp"
#include "ccsim/io/report.hpp"
#include "ccsim/stats/results.hpp"
#include "test_support.hpp"

using namespace ccsim;

namespace {

// Sums of doubles made in another order than the engine's agree to rounding only.
constexpr double kRelativeTolerance = 1e-9;

struct Collect final : ContactSink {
  std::vector<ContactRecord> records;
  void record(const ContactRecord& r) override { records.push_back(r); }
};

struct Traced {
  Tally tally;
  std::vector<ContactRecord> records;
};

Traced run_traced(const Scenario& s, std::uint64_t replication) {
  Collect sink;
  Simulation simulation(s, replication, Simulation::Engine::automatic, &sink);
  Traced t{simulation.run(), {}};
  t.records = std::move(sink.records);
  return t;
}

bool is(const ContactRecord& r, ContactOutcome o) {
  return r.outcome == o;
}

bool ended_unresolved(const ContactRecord& r) {
  return !r.resolved &&
         (is(r, ContactOutcome::answered) || is(r, ContactOutcome::callback_served) ||
          is(r, ContactOutcome::callback_unreached) || is(r, ContactOutcome::bot_unresolved));
}

bool ended_unfinished(const ContactRecord& r) {
  return is(r, ContactOutcome::unfinished) || is(r, ContactOutcome::callback_unfinished) ||
         is(r, ContactOutcome::bot_unfinished);
}

bool gave_up(const ContactRecord& r) {
  return is(r, ContactOutcome::abandoned) || is(r, ContactOutcome::bot_abandoned) ||
         is(r, ContactOutcome::balked);
}

// The counters the records of counted customers add up to, by the definitions of tally.hpp.
Counters counters_of(const std::vector<ContactRecord>& records, double threshold_s,
                     double horizon_s) {
  Counters k;
  for (const ContactRecord& r : records) {
    if (r.warmup) continue;
    const bool answered = is(r, ContactOutcome::answered);
    const bool abandoned = is(r, ContactOutcome::abandoned);
    ++k.contacts;
    k.offered += std::isnan(r.queue_entry_s) ? 0 : 1;
    k.answered += answered ? 1 : 0;
    k.abandoned += abandoned ? 1 : 0;
    k.unfinished += is(r, ContactOutcome::unfinished) ? 1 : 0;
    k.callbacks += r.callback ? 1 : 0;
    k.balked += is(r, ContactOutcome::balked) ? 1 : 0;
    k.answered_within_threshold += answered && r.waited_s <= threshold_s ? 1 : 0;
    if (answered || abandoned) k.wait_s += r.waited_s;
    if (answered) k.answered_wait_s += r.waited_s;
    k.bot_contacts += std::isnan(r.bot_s) ? 0 : 1;
    k.bot_contained += is(r, ContactOutcome::bot_resolved) ? 1 : 0;
    k.bot_abandoned += is(r, ContactOutcome::bot_abandoned) ? 1 : 0;
    k.escalated += r.escalated ? 1 : 0;
    k.empathy_needed += r.empathy_needed ? 1 : 0;
    k.empathy_met += r.empathy_met ? 1 : 0;
    k.resolved_contacts += r.resolved ? 1 : 0;
    k.unresolved_contacts += ended_unresolved(r) ? 1 : 0;
    k.gave_up_contacts += gave_up(r) ? 1 : 0;
    k.unfinished_contacts += ended_unfinished(r) ? 1 : 0;
    k.returns_after_horizon += r.kind != ContactKind::first && r.arrival_s >= horizon_s ? 1 : 0;
    if (!r.last) continue;
    ++k.customers;
    k.customers_resolved += r.resolved ? 1 : 0;
    k.customers_gave_up += gave_up(r) ? 1 : 0;
    k.customers_unresolved += ended_unresolved(r) ? 1 : 0;
    k.customers_unfinished += ended_unfinished(r) ? 1 : 0;
    k.satisfied += r.p_satisfied;
    k.churned += r.churned;
  }
  return k;
}

void check_close(double traced, double counted) {
  CHECK(std::abs(traced - counted) <= kRelativeTolerance * std::max(1.0, std::abs(counted)));
}

void check_conservation(const Scenario& s, std::uint64_t replication) {
  const Traced t = run_traced(s, replication);
  const Counters want = t.tally.totals();
  const Counters got = counters_of(t.records, s.service_level_threshold_s, s.horizon_s);
  INFO(s.name << " replication " << replication);
  CHECK(got.contacts == want.contacts);
  CHECK(got.offered == want.offered);
  CHECK(got.answered == want.answered);
  CHECK(got.abandoned == want.abandoned);
  CHECK(got.unfinished == want.unfinished);
  CHECK(got.callbacks == want.callbacks);
  CHECK(got.balked == want.balked);
  CHECK(got.answered_within_threshold == want.answered_within_threshold);
  check_close(got.wait_s, want.wait_s);
  check_close(got.answered_wait_s, want.answered_wait_s);
  CHECK(got.bot_contacts == want.bot_contacts);
  CHECK(got.bot_contained == want.bot_contained);
  CHECK(got.bot_abandoned == want.bot_abandoned);
  CHECK(got.escalated == want.escalated);
  CHECK(got.empathy_needed == want.empathy_needed);
  CHECK(got.empathy_met == want.empathy_met);
  CHECK(got.resolved_contacts == want.resolved_contacts);
  CHECK(got.unresolved_contacts == want.unresolved_contacts);
  CHECK(got.gave_up_contacts == want.gave_up_contacts);
  CHECK(got.unfinished_contacts == want.unfinished_contacts);
  CHECK(got.returns_after_horizon == want.returns_after_horizon);
  CHECK(got.customers == want.customers);
  CHECK(got.customers_resolved == want.customers_resolved);
  CHECK(got.customers_gave_up == want.customers_gave_up);
  CHECK(got.customers_unresolved == want.customers_unresolved);
  CHECK(got.customers_unfinished == want.customers_unfinished);
  check_close(got.satisfied, want.satisfied);
  check_close(got.churned, want.churned);
  // Every customer simulated, warm-up included, has exactly one last contact.
  const auto last = std::count_if(t.records.begin(), t.records.end(),
                                  [](const ContactRecord& r) { return r.last; });
  CHECK(static_cast<std::uint64_t>(last) == t.tally.arrivals);
}

nlohmann::json results_json(const Scenario& s, bool traced) {
  std::vector<Tally> tallies;
  for (int r = 0; r < s.replications; ++r) {
    Collect sink;
    tallies.push_back(Simulation(s, static_cast<std::uint64_t>(r), Simulation::Engine::automatic,
                                 traced ? &sink : nullptr)
                          .run());
  }
  nlohmann::json j = to_json(merge_tallies(s, tallies, s.confidence));
  j.erase("run_info");
  return j;
}

Scenario scenario_file(const std::string& name) {
  return load_scenario_file(test::source_path(name));
}

}  // namespace

TEST_CASE("Trace records add up to the counters of a journey with returns and callbacks",
          "[trace]") {
  // Warm-up, bots, escalation, retrials, repeats, callbacks, chats and silent leavers.
  const Scenario s = scenario_file("tests/data/journey.json");
  for (std::uint64_t r = 0; r < 2; ++r) check_conservation(s, r);
}

TEST_CASE("Trace records add up to the counters of a journey whose customers balk", "[trace]") {
  // Balking beside callbacks, retrials and escalations: a balked contact is its own outcome.
  Scenario s = scenario_file("tests/data/journey.json");
  for (Segment& seg : s.segments) {
    seg.balk_probability = 0.7;
    seg.balk_tolerance_s = DistributionSpec::of(DistKind::exponential, 30.0);
  }
  std::uint64_t balked = 0;
  for (std::uint64_t r = 0; r < 2; ++r) {
    check_conservation(s, r);
    balked += run_traced(s, r).tally.totals().balked;
  }
  CHECK(balked > 0);
}

TEST_CASE("Trace records add up to the counters of the French scenarios", "[trace]") {
  for (const char* name : {"scenarios/france-bot-first.json", "scenarios/france-bot-only.json",
                           "scenarios/france-triage.json", "scenarios/france-human-only.json"}) {
    check_conservation(scenario_file(name), 0);
  }
}

TEST_CASE("Trace records add up to the counters of the single queue", "[trace]") {
  test::MmnSpec spec;
  spec.horizon_s = 7200.0;
  spec.warmup_s = 1800.0;
  check_conservation(test::mmn_scenario(spec), 0);
}

TEST_CASE("Attaching a contact sink leaves every figure unchanged", "[trace]") {
  // The single queue (traced by the general instantiation) and the bot-first journey, bit for
  // bit.
  Scenario erlang = scenario_file("scenarios/erlang-a.json");
  erlang.replications = 2;
  erlang.horizon_s = 7200.0;
  CHECK(results_json(erlang, true) == results_json(erlang, false));
  Scenario journey = scenario_file("tests/data/journey.json");
  journey.replications = 2;
  CHECK(results_json(journey, true) == results_json(journey, false));
}

TEST_CASE("Warm-up contacts are traced and marked, and only they", "[trace]") {
  const Scenario s = scenario_file("tests/data/journey.json");
  const Traced t = run_traced(s, 0);
  std::map<std::uint64_t, double> first_arrival_s;
  for (const ContactRecord& r : t.records) {
    if (r.contact == 1) first_arrival_s[r.customer] = r.arrival_s;
  }
  std::size_t warmup = 0;
  for (const ContactRecord& r : t.records) {
    REQUIRE(first_arrival_s.count(r.customer) == 1);
    CHECK(r.warmup == (first_arrival_s[r.customer] < s.warmup_s));
    warmup += r.warmup ? 1 : 0;
  }
  CHECK(warmup > 0);
  CHECK(warmup < t.records.size());
}

TEST_CASE("A customer's contacts are numbered in order, each kind following the last's end",
          "[trace]") {
  const Scenario s = scenario_file("tests/data/journey.json");
  const Traced t = run_traced(s, 1);
  std::map<std::uint64_t, const ContactRecord*> previous;
  std::set<ContactKind> kinds;
  for (const ContactRecord& r : t.records) {  // in the order contacts end
    const auto it = previous.find(r.customer);
    kinds.insert(r.kind);
    if (it == previous.end()) {
      CHECK(r.contact == 1);
      CHECK(r.kind == ContactKind::first);
    } else {
      const ContactRecord& before = *it->second;
      CHECK_FALSE(before.last);
      CHECK(r.contact == before.contact + 1);
      CHECK(r.kind ==
            (before.next == NextStep::retrial ? ContactKind::retrial : ContactKind::repeat));
      CHECK(r.arrival_s >= before.end_s);
    }
    previous[r.customer] = &r;
  }
  for (const auto& [customer, r] : previous) CHECK(r->last);
  CHECK(kinds.size() == 3);
}

TEST_CASE("No agent holds two voice contacts at once, and ids stay within the peak staffing",
          "[trace]") {
  Scenario s = test::mmn_scenario({});
  s.arrivals_per_hour = Schedule{1800.0, {2000.0, 3400.0, 2600.0}};
  s.humans = Schedule{1800.0, {40.0, 60.0, 30.0}};
  s.horizon_s = 3 * 1800.0;
  const Traced t = run_traced(s, 0);
  std::map<int, std::vector<std::pair<double, double>>> busy;  // agent: (start, end)
  for (const ContactRecord& r : t.records) {
    if (r.group < 0) continue;
    CHECK(r.agent >= 0);
    CHECK(r.agent < 60);
    busy[r.agent].emplace_back(r.end_s - r.handle_s, r.end_s);
  }
  for (auto& [agent, spans] : busy) {
    std::sort(spans.begin(), spans.end());
    for (std::size_t i = 1; i < spans.size(); ++i) {
      INFO("agent " << agent);
      // Start times are rebuilt as end - handle: allow for that rounding.
      CHECK(spans[i].first >= spans[i - 1].second - 1e-6);
    }
  }
  // The longest-idle agent takes the next contact: every agent of the peak works.
  CHECK(busy.size() == 60);
}

TEST_CASE("Contacts nobody serves are traced as unfinished or abandoned, adding up", "[trace]") {
  // No agent and no patience: every contact is still waiting when the run ends.
  test::MmnSpec spec;
  spec.agents = 0;
  spec.patience_s.reset();
  spec.horizon_s = 3600.0;
  spec.warmup_s = 600.0;
  check_conservation(test::mmn_scenario(spec), 0);
  // No bot free: contacts wait for one and give up, or wait on.
  Scenario s = scenario_file("tests/data/journey.json");
  s.bots->concurrency = 0;
  const Traced t = run_traced(s, 0);
  std::set<BotLegEnd> ends;
  for (const ContactRecord& r : t.records) ends.insert(r.bot_end);
  CHECK(ends.count(BotLegEnd::gave_up_waiting) == 1);
  check_conservation(s, 0);
  for (Segment& segment : s.segments) segment.bot_patience_s.reset();
  const Traced waiting = run_traced(s, 0);
  CHECK(std::all_of(waiting.records.begin(), waiting.records.end(), [](const ContactRecord& r) {
    return r.outcome == ContactOutcome::bot_unfinished;
  }));
  check_conservation(s, 0);
}
