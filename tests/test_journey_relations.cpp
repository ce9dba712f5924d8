// Relations the customer journey must keep, each between two variants of a shipped French
// scenario that differ in one assumption, compared replication by replication with common random
// numbers: where the assumption cannot reach a figure, the figure is identical to the bit; where
// it can, the paired interval says which way it moves. bench/journey_relations.cpp prints the
// same differences with their intervals (docs/calibration.md).
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "ccsim/engine/contact_record.hpp"
#include "ccsim/engine/simulation.hpp"
#include "paired_support.hpp"

using namespace ccsim;
using test::all;
using test::check_negative;
using test::check_no_difference;
using test::check_positive;
using test::check_same_customers;
using test::group_index;

namespace {

// Several relations share this file: at 99% each, a false alarm somewhere in it stays unlikely.
using test::kConfidence;

Estimate difference(const std::vector<Tally>& a, const std::vector<Tally>& b,
                    const std::string& metric) {
  return test::paired_difference(a, all, b, all, metric, kConfidence);
}

void set_agents(Scenario& s, const std::string& group, double agents) {
  s.groups[group_index(s, group)].agents = Schedule::constant(agents);
}

// A shorter day than the shipped one keeps each relation to about a second.
Scenario shipped(const std::string& file) {
  Scenario s = test::load_shipped(file);
  s.horizon_s = 4.0 * 3600.0;
  return s;
}

struct Collect final : ContactSink {
  std::vector<ContactRecord> records;
  void record(const ContactRecord& r) override { records.push_back(r); }
};

}  // namespace

TEST_CASE("A retry that succeeds never raises churn", "[journey][relations]") {
  // One short-staffed hour: about a fifth of the customers give up, and every one of them
  // tries again. Churn is decided once, when the journey ends: a customer whose retry succeeds
  // is a resolved customer, not one who might have left before trying.
  Scenario none = test::load_shipped("france-human-only.json");
  none.horizon_s = 3600.0;
  none.warmup_s = 0.0;
  set_agents(none, "generalists", 14.0);
  set_agents(none, "empathy_trained", 3.0);
  none.returns.retrial_probability = 0.0;
  Scenario all_retry = none;
  all_retry.returns.retrial_probability = 1.0;
  const auto a = test::run_all(none);
  const auto b = test::run_all(all_retry);
  check_negative(difference(a, b, "gave_up_rate"));
  check_positive(difference(a, b, "resolution_rate"));
  check_negative(difference(a, b, "churn_rate"));
}

TEST_CASE("Choice where everyone picks a human equals human_only", "[journey][relations]") {
  // Nobody meets a bot: nobody is charged the bot-disclosure churn term.
  const Scenario human = shipped("france-human-only.json");
  Scenario choice = shipped("france-choice.json");
  for (Segment& seg : choice.segments) seg.human_preference = 1.0;
  choice.routing.choice_bot_above_wait_s.reset();  // whatever the wait, they pick a human
  const auto a = test::run_all(human);
  const auto b = test::run_all(choice);
  test::each_replication_totals(a, b, [](const Counters& x, const Counters& y) {
    check_same_customers(x, y);
    CHECK(y.bot_contacts == 0);
  });
}

TEST_CASE("The bot-disclosure churn term touches only customers who met a bot",
          "[journey][relations]") {
  const Scenario shipped_term = shipped("france-human-only.json");
  Scenario no_term = shipped_term;
  no_term.churn.bot_disclosed = 0.0;
  const auto a = test::run_all(shipped_term);
  const auto b = test::run_all(no_term);
  for (std::size_t r = 0; r < a.size(); ++r) check_same_customers(a[r].totals(), b[r].totals());
}

TEST_CASE("A bot-only customer who retries can succeed", "[journey][relations]") {
  // Each attempt draws its own bot time, patience and outcome: a customer who gave up on the
  // bot, or whom it failed, may fare otherwise next time.
  Scenario none = shipped("france-bot-only.json");
  none.returns.retrial_probability = 0.0;
  Scenario retry = none;
  retry.returns.retrial_probability = 1.0;
  const auto a = test::run_all(none);
  const auto b = test::run_all(retry);
  check_negative(difference(a, b, "gave_up_rate"));
  check_positive(difference(a, b, "resolution_rate"));
}

TEST_CASE(
    "bot_only customers who want a human pay the same impatience as bot_first without "
    "the offer",
    "[journey][relations]") {
  // Without retrials, the bot sessions of the two strategies are the same sessions: those who
  // would rather talk to a human and cannot ask for one give up on the bot as soon in both.
  Scenario bot_first = shipped("france-bot-first.json");
  bot_first.bots->offers_human = false;
  bot_first.returns.retrial_probability = 0.0;
  Scenario bot_only = shipped("france-bot-only.json");
  bot_only.returns.retrial_probability = 0.0;
  const auto a = test::run_all(bot_first);
  const auto b = test::run_all(bot_only);
  test::each_replication_totals(a, b, [&](const Counters& ka, const Counters& kb) {
    CHECK(ka.bot_contacts == kb.bot_contacts);
    CHECK(ka.bot_abandoned == kb.bot_abandoned);
    CHECK(ka.bot_contained == kb.bot_contained);
  });
}

TEST_CASE("Chat silent leavers leave voice-only queues untouched", "[journey][relations]") {
  // Chat (the only simple reason) and voice served by disjoint groups: how chat customers leave
  // cannot reach a voice contact.
  Scenario s = shipped("france-human-only.json");
  for (Reason& r : s.reasons) {
    if (r.name == "order_status") r.kind = ReasonKind::complex;
    REQUIRE((r.kind == ReasonKind::simple) == (r.channel == Channel::chat));
  }
  AgentGroup& generalists = s.groups[group_index(s, "generalists")];
  AgentGroup chat = generalists;
  chat.name = "chat";
  chat.kinds = {ReasonKind::simple};
  chat.agents = Schedule::constant(5.0);
  chat.overflow_to.reset();
  generalists.kinds = {ReasonKind::complex};
  generalists.max_concurrent_chats = 1;
  generalists.chat_slowdown = {1.0};
  generalists.agents = Schedule::constant(26.0);
  s.groups[group_index(s, "empathy_trained")].takes_others = false;
  s.groups.push_back(chat);
  Scenario quiet = s;
  quiet.chat.silent_leave_probability = 0.0;
  Scenario silent = s;
  silent.chat.silent_leave_probability = 0.9;
  const auto a = test::run_all(quiet);
  const auto b = test::run_all(silent);
  test::each_replication(a, b, [](const Tally& x, const Tally& y) {
    for (const ReasonKind voice : {ReasonKind::complex, ReasonKind::sensitive}) {
      const auto k = static_cast<std::size_t>(voice);
      check_same_customers(x.by_kind[k], y.by_kind[k]);
    }
  });
}

TEST_CASE("Callback handle time follows the reason", "[journey][relations]") {
  // Voice reasons with deterministic handle times of their own: a reached callback takes the
  // agent its reason's time, an unreached one the time of an unanswered call.
  Scenario s = shipped("france-human-only.json");
  s.horizon_s = 2.0 * 3600.0;
  for (std::size_t i = 0; i < s.reasons.size(); ++i) {
    s.reasons[i].channel = Channel::voice;
    s.reasons[i].human_handle_s =
        DistributionSpec::of(DistKind::deterministic, 200.0 + 100.0 * static_cast<double>(i));
  }
  set_agents(s, "generalists", 20.0);
  s.callback.enabled = true;
  s.callback.offer_above_wait_s = 0.0;
  s.callback.success_probability = 0.5;
  s.callback.unreached_handle_s = DistributionSpec::of(DistKind::deterministic, 45.0);
  for (Segment& seg : s.segments) seg.callback_acceptance = 1.0;
  Collect sink;
  Simulation(s, 0, Simulation::Engine::automatic, &sink).run();
  int reached = 0, unreached = 0;
  for (const ContactRecord& r : sink.records) {
    if (r.outcome == ContactOutcome::callback_served) {
      ++reached;
      CHECK(r.handle_s == Approx(200.0 + 100.0 * r.reason).epsilon(1e-12));
    } else if (r.outcome == ContactOutcome::callback_unreached) {
      ++unreached;
      CHECK(r.handle_s == Approx(45.0).epsilon(1e-12));
    }
  }
  CHECK(reached > 100);
  CHECK(unreached > 100);
}

TEST_CASE("Callbacks never cut agents' work", "[journey][relations]") {
  const Scenario none = shipped("france-human-only.json");
  Scenario offered = none;
  offered.callback.enabled = true;
  offered.callback.offer_above_wait_s = 0.0;
  // Every callback reaches its customer: an unreached one ends the contact unserved, which does
  // cut work, by the 1 - success_probability share of calls that do not connect.
  offered.callback.success_probability = 1.0;
  for (Segment& seg : offered.segments) seg.callback_acceptance = 1.0;
  const auto a = test::run_all(none);
  const auto b = test::run_all(offered);
  std::vector<double> xa, ya, xb, yb;
  for (std::size_t r = 0; r < a.size(); ++r) {
    xa.push_back(a[r].busy_agent_s);
    ya.push_back(a[r].available_agent_s);
    xb.push_back(b[r].busy_agent_s);
    yb.push_back(b[r].available_agent_s);
  }
  const Estimate occupancy = paired_ratio_difference(xa, ya, xb, yb, kConfidence);
  REQUIRE(occupancy.ci_high.has_value());
  INFO("occupancy difference " << *occupancy.mean << " [" << *occupancy.ci_low << ", "
                               << *occupancy.ci_high << "]");
  CHECK(*occupancy.ci_high > 0.0);
  check_positive(difference(a, b, "resolution_rate"));
}

TEST_CASE("Lengthening the horizon leaves the last hour's customers where they were",
          "[journey][relations]") {
  // Returns due after the horizon are simulated: a customer of the last hour finishes their
  // journey whatever the horizon, and only the load of later arrivals separates the two runs.
  Scenario eight = shipped("france-bot-first.json");
  eight.report_interval_s = 3600.0;
  eight.returns.repeat_probability = 0.3;
  eight.returns.repeat_delay_s = DistributionSpec::of(DistKind::exponential, 3600.0);
  Scenario nine = eight;
  nine.horizon_s = eight.horizon_s + 3600.0;
  const auto a = test::run_all(eight);
  const auto b = test::run_all(nine);
  const std::size_t last = static_cast<std::size_t>(eight.horizon_s / 3600.0) - 1;
  const auto hour = [last](const Tally& t) -> const Counters& { return t.by_interval[last]; };
  for (const char* m : {"gave_up_rate", "resolution_rate", "csat", "churn_rate"}) {
    INFO(m);
    check_no_difference(test::paired_difference(a, hour, b, hour, m, kConfidence));
  }
}

TEST_CASE("Customers who do not act on their preference never ask for a human",
          "[journey][relations]") {
  // A conversion of 0 turns every stated preference into no behaviour: bot_first is then the
  // bot_first of a population that prefers the bot.
  Scenario unconverted = shipped("france-bot-first.json");
  unconverted.routing.ask_human_conversion = 0.0;
  Scenario indifferent = shipped("france-bot-first.json");
  for (Segment& seg : indifferent.segments) seg.human_preference = 0.0;
  const auto a = test::run_all(unconverted);
  const auto b = test::run_all(indifferent);
  test::each_replication_totals(a, b, [](const Counters& x, const Counters& y) {
    check_same_customers(x, y);
    CHECK(x.bot_contained == y.bot_contained);
  });
}

TEST_CASE("Fewer customers acting on their preference means more contained by the bot",
          "[journey][relations]") {
  Scenario stated = shipped("france-bot-first.json");
  stated.routing.ask_human_conversion = 1.0;
  Scenario converted = stated;
  converted.routing.ask_human_conversion = 0.53;
  const auto a = test::run_all(stated);
  const auto b = test::run_all(converted);
  check_positive(difference(a, b, "containment_rate"));
}

TEST_CASE("Under choice a long announced wait sends those who prefer a human to the bot",
          "[journey][relations]") {
  Scenario choice = shipped("france-choice.json");
  choice.routing.choice_bot_above_wait_s = 0.0;  // every announced wait is longer
  const auto runs = test::run_all(choice);
  for (const Tally& t : runs) {
    const Counters k = t.totals();
    CHECK(k.bot_contacts == k.contacts);
  }
  Scenario patient = choice;
  patient.routing.choice_bot_above_wait_s.reset();
  check_positive(difference(test::run_all(patient), runs, "containment_rate"));
}
