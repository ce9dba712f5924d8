// Agent assist (AgentGroup::assist): relations between runs with common random numbers. The
// assist changes a contact only through its handle time, its P(resolved) and its P(empathy met),
// drawn with the attempt's own numbers, so a neutral assist is no assist to the bit, a faster
// agent never makes anyone wait longer, and the assist's price moves money only.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "stats/tally_codec.hpp"
#include "paired_support.hpp"

using namespace ccsim;
using test::all;
using test::check_negative;
using test::check_positive;

namespace {

using test::kConfidence;

// Changes nothing: every effect neutral, novices and experienced alike, and free.
Assist neutral_assist() {
  Assist a;
  a.handle_factor = a.novice_handle_factor = 1.0;
  a.resolution_uplift = a.novice_resolution_uplift = 0.0;
  a.empathy_uplift = a.novice_empathy_uplift = 0.0;
  a.cost_per_contact = a.cost_per_agent_hour = 0.0;
  return a;
}

Scenario with_assist(Scenario s, const Assist& assist) {
  for (AgentGroup& g : s.groups) g.assist = assist;
  return s;
}

// The tallies with their human cost set aside: what the customers and the agents went through.
std::string without_cost(std::vector<Tally> tallies) {
  for (Tally& t : tallies) t.human_cost = 0.0;
  return encode_tallies(tallies);
}

// Erlang A in full form: one FCFS queue with abandonment, where shorter service times shorten
// every customer's wait (the workload of Kiefer & Wolfowitz only falls).
Scenario erlang_a_full() {
  Scenario s = expand_shorthands(test::load_shipped("erlang-a.json"));
  s.horizon_s = 4.0 * 3600.0;
  return s;
}

}  // namespace

TEST_CASE("An assist that changes nothing is identical to the bit to no assist",
          "[journey][assist]") {
  const Scenario base = test::load_shipped_short("france-human-only.json");
  CHECK(encode_tallies(test::run_all(base)) ==
        encode_tallies(test::run_all(with_assist(base, neutral_assist()))));
  const Scenario erlang = erlang_a_full();
  CHECK(encode_tallies(test::run_all(erlang)) ==
        encode_tallies(test::run_all(with_assist(erlang, neutral_assist()))));
}

TEST_CASE("A novice share of 0 with a novice effect equals no novice effect", "[journey][assist]") {
  const Scenario base = test::load_shipped_short("france-human-only.json");
  Assist plain;  // the defaults' experienced effects, for novices too
  plain.novice_share = 0.0;
  plain.novice_handle_factor = plain.handle_factor;
  plain.novice_resolution_uplift = plain.resolution_uplift;
  plain.novice_empathy_uplift = plain.empathy_uplift;
  Assist novice_effect = plain;
  novice_effect.novice_handle_factor = 0.5;
  novice_effect.novice_resolution_uplift = 0.2;
  novice_effect.novice_empathy_uplift = 0.3;
  CHECK(encode_tallies(test::run_all(with_assist(base, plain))) ==
        encode_tallies(test::run_all(with_assist(base, novice_effect))));
}

TEST_CASE("A novice share of 1 gives every contact the novice effects", "[journey][assist]") {
  const Scenario base = test::load_shipped_short("france-human-only.json");
  Assist novices;
  novices.novice_share = 1.0;
  Assist as_experienced = novices;
  as_experienced.novice_share = 0.0;
  as_experienced.handle_factor = novices.novice_handle_factor;
  as_experienced.resolution_uplift = novices.novice_resolution_uplift;
  as_experienced.empathy_uplift = novices.novice_empathy_uplift;
  as_experienced.novice_handle_factor = 3.0;  // never used
  CHECK(encode_tallies(test::run_all(with_assist(base, novices))) ==
        encode_tallies(test::run_all(with_assist(base, as_experienced))));
}

TEST_CASE("A faster handle time never raises waits or abandonment, replication by replication",
          "[journey][assist]") {
  const Scenario base = erlang_a_full();
  Assist faster = neutral_assist();
  faster.handle_factor = 0.9;
  faster.novice_handle_factor = 0.75;
  faster.novice_share = 0.3;
  const auto a = test::run_all(base);
  const auto b = test::run_all(with_assist(base, faster));
  REQUIRE(a.size() == b.size());
  test::each_replication_totals(a, b, [&](const Counters& x, const Counters& y) {
    CHECK(x.contacts == y.contacts);
    CHECK(y.abandoned <= x.abandoned);
    CHECK(y.waited <= x.waited);
    CHECK(y.wait_s <= x.wait_s);
    CHECK(y.answered_within_threshold >= x.answered_within_threshold);
  });
  // The journey, with retrials, chats and overflow: the same direction, paired.
  const Scenario france = test::load_shipped_short("france-human-only.json");
  const auto c = test::run_all(france);
  const auto d = test::run_all(with_assist(france, faster));
  check_negative(test::paired_difference(c, all, d, all, "mean_wait_s", kConfidence));
  check_negative(test::paired_difference(c, all, d, all, "abandon_rate", kConfidence));
}

TEST_CASE("A resolution uplift never lowers resolution nor raises churn", "[journey][assist]") {
  const Scenario base = test::load_shipped_short("france-human-only.json");
  Assist uplift = neutral_assist();
  uplift.resolution_uplift = 0.05;
  uplift.novice_resolution_uplift = 0.1;
  uplift.novice_share = 0.3;
  // No repeats in the file: the flow of contacts is the same, and each customer's outcome only
  // improves, so resolution and churn move the right way in every replication.
  const auto a = test::run_all(base);
  const auto b = test::run_all(with_assist(base, uplift));
  test::each_replication_totals(a, b, [&](const Counters& x, const Counters& y) {
    CHECK(x.contacts == y.contacts);
    CHECK(x.wait_s == y.wait_s);
    CHECK(y.customers_resolved > x.customers_resolved);
    CHECK(y.churned < x.churned);
  });
  // With repeats, a resolved contact also spares a repeat: the flow changes, the direction not.
  Scenario repeats = base;
  repeats.returns.repeat_probability = 0.5;
  repeats.returns.repeat_delay_s = DistributionSpec::of(DistKind::exponential, 1800.0);
  const auto c = test::run_all(repeats);
  const auto d = test::run_all(with_assist(repeats, uplift));
  check_positive(test::paired_difference(c, all, d, all, "resolution_rate", kConfidence));
  check_negative(test::paired_difference(c, all, d, all, "churn_rate", kConfidence));
}

TEST_CASE("An empathy uplift meets more empathy needs and changes no one's wait",
          "[journey][assist]") {
  const Scenario base = test::load_shipped_short("france-human-only.json");
  Assist empathy = neutral_assist();
  empathy.empathy_uplift = 0.1;
  empathy.novice_empathy_uplift = 0.2;
  const auto a = test::run_all(base);
  const auto b = test::run_all(with_assist(base, empathy));
  test::each_replication_totals(a, b, [&](const Counters& x, const Counters& y) {
    CHECK(x.wait_s == y.wait_s);
    CHECK(x.empathy_needed == y.empathy_needed);
    CHECK(y.empathy_met > x.empathy_met);
    CHECK(y.satisfied > x.satisfied);
  });
}

TEST_CASE("Assist cost adds exactly its cost and changes nothing else", "[journey][assist]") {
  Scenario base = test::load_shipped_short("france-human-only.json");
  const auto free_runs = test::run_all(with_assist(base, Assist{}));

  // A price per contact: the counted contacts the agents handled, at that price.
  Assist per_contact;
  per_contact.cost_per_contact = 0.25;
  const auto priced = test::run_all(with_assist(base, per_contact));
  CHECK(without_cost(free_runs) == without_cost(priced));
  test::each_replication(free_runs, priced, [](const Tally& free, const Tally& paid) {
    const Counters k = free.totals();
    // human_only, no callbacks: every contact an agent handled ended resolved or unresolved.
    const double handled = static_cast<double>(k.resolved_contacts + k.unresolved_contacts);
    CHECK(paid.human_cost - free.human_cost == Approx(0.25 * handled).epsilon(1e-12));
  });

  // A seat per agent-hour costs what the same amount in the group's own hourly cost does.
  Scenario seats = base;
  Scenario dearer = base;
  for (std::size_t g = 0; g < base.groups.size(); ++g) {
    Assist seat;
    seat.cost_per_agent_hour = 3.0;
    seats.groups[g].assist = seat;
    dearer.groups[g].assist = Assist{};
    dearer.groups[g].cost_per_hour += 3.0;
  }
  const auto seat_runs = test::run_all(seats);
  const auto dearer_runs = test::run_all(dearer);
  CHECK(without_cost(free_runs) == without_cost(seat_runs));
  for (std::size_t r = 0; r < seat_runs.size(); ++r) {
    CHECK(seat_runs[r].human_cost == Approx(dearer_runs[r].human_cost).epsilon(1e-12));
    CHECK(seat_runs[r].human_cost > free_runs[r].human_cost);
  }
}

TEST_CASE("The shipped agent-assist day is the France day with assist on its human groups",
          "[journey][assist]") {
  const Scenario day = test::load_shipped("france-day.json");
  const Scenario assisted = test::load_shipped("france-agent-assist.json");
  REQUIRE(assisted.groups.size() == day.groups.size());
  Scenario stripped = assisted;
  for (AgentGroup& g : stripped.groups) {
    CHECK(g.assist.has_value());
    g.assist.reset();
  }
  stripped.name = day.name;
  Scenario short_day = day;
  short_day.horizon_s = stripped.horizon_s = 3.0 * 3600.0;
  short_day.replications = stripped.replications = 2;
  CHECK(encode_tallies(test::run_all(short_day)) == encode_tallies(test::run_all(stripped)));
}

TEST_CASE("An assist's values are checked with the file's own messages", "[scenario][assist]") {
  nlohmann::json file = nlohmann::json::parse(R"({
    "horizon_s": 3600,
    "arrivals": {"per_hour": 100},
    "human_handle_s": {"dist": "exponential", "mean": 60},
    "staffing": {"groups": [{"name": "front", "agents": 3,
                             "assist": {"handle_factor": 0, "novice_shar": 0.2,
                                        "resolution_uplift": 1.5}}]}
  })");
  std::vector<std::string> problems;
  try {
    parse_scenario(file.dump(), "bad.json");
  } catch (const ScenarioError& error) {
    problems = error.problems();
  }
  REQUIRE(problems.size() == 3);
  const auto has = [&problems](const std::string& where, const std::string& text) {
    for (const std::string& p : problems) {
      if (p.rfind("bad.json: " + where + ": ", 0) == 0 && p.find(text) != std::string::npos)
        return true;
    }
    return false;
  };
  INFO(problems[0] << "\n" << problems[1] << "\n" << problems[2]);
  CHECK(has("/staffing/groups/0/assist/handle_factor", "got 0"));
  CHECK(has("/staffing/groups/0/assist/resolution_uplift", "got 1.5"));
  CHECK(has("/staffing/groups/0/assist/novice_shar", "novice_share"));
}
