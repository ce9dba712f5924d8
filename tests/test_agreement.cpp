// Property tests of the one engine: random valid scenarios, written as scenario files and loaded
// like any other, run on the instantiation `Simulation` picks for them and on the one with every
// feature; the tallies must be identical to the last bit, and attaching a trace must change
// nothing. The scenarios are drawn from a fixed seed, so a failure is reproducible: its scenario
// file is printed.
#include <catch2/catch.hpp>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "ccsim/engine/simulation.hpp"
#include "stats/tally_codec.hpp"
#include "engine/features.hpp"

using namespace ccsim;
using nlohmann::json;

namespace {

// Small enough that a case costs a few milliseconds: at most this many arrivals an hour, over
// at most this many schedule intervals of at most an hour.
constexpr double kMaxPerHour = 1200.0;
constexpr int kMaxIntervals = 4;
constexpr std::uint64_t kGeneratorSeed = 20261202;

// Draws the parts of a scenario file.
class ScenarioDraw {
 public:
  explicit ScenarioDraw(std::uint64_t seed) : rng_(seed) {}

  double uniform(double low, double high) {
    return std::uniform_real_distribution<double>(low, high)(rng_);
  }
  int integer(int low, int high) { return std::uniform_int_distribution<int>(low, high)(rng_); }
  bool chance(double p) { return uniform(0.0, 1.0) < p; }

  // Any family, mean in [low, high]; zero allowed where `zero_ok` (patience, delays).
  json distribution(double low, double high, bool zero_ok) {
    const double mean = uniform(low, high);
    switch (integer(0, zero_ok ? 7 : 6)) {
      case 0:
        return {{"dist", "deterministic"}, {"mean", mean}};
      case 1:
        return {{"dist", "uniform"}, {"mean", mean}, {"half_width", uniform(0.0, mean)}};
      case 2:
        return {{"dist", "lognormal"}, {"mean", mean}, {"sd", uniform(0.1, 2.0) * mean}};
      case 3:
        return {{"dist", "gamma"}, {"mean", mean}, {"cv", uniform(0.2, 2.0)}};
      case 4:
        return {{"dist", "weibull"}, {"mean", mean}, {"shape", uniform(0.5, 3.0)}};
      case 5: {
        json values = json::array();
        json weights = json::array();
        for (int i = integer(1, 4); i > 0; --i) {
          values.push_back(uniform(low, high));
          weights.push_back(uniform(0.1, 1.0));
        }
        return {{"dist", "empirical"}, {"values", values}, {"weights", weights}};
      }
      case 7:
        return {{"dist", "deterministic"}, {"mean", 0}};  // Erlang B's zero patience
      default:
        return {{"dist", "exponential"}, {"mean", mean}};
    }
  }

  // A constant or a schedule of `intervals` values (once over the horizon, or a shorter list
  // repeated a whole number of times), as {"interval_s", key: [...]} or the bare constant.
  json schedule(const char* key, double interval_s, int intervals, double low, double high,
                bool integral) {
    auto value = [&]() -> json {
      if (chance(0.15)) return 0;  // nobody on duty, or no arrivals, for a while
      return integral ? json(integer(static_cast<int>(low), static_cast<int>(high)))
                      : json(uniform(low, high));
    };
    if (intervals == 1 || chance(0.3)) return value();
    int length = intervals;
    if (intervals % 2 == 0 && chance(0.3)) length = intervals / 2;
    json values = json::array();
    for (int i = 0; i < length; ++i) values.push_back(value());
    return {{"interval_s", interval_s}, {key, values}};
  }

 private:
  std::mt19937_64 rng_;
};

// The run, the arrivals and the staffing: everything the single queue has.
json single_queue(ScenarioDraw& d, std::uint64_t seed) {
  const double interval_s = 60.0 * d.integer(10, 60);
  const int intervals = d.integer(1, kMaxIntervals);
  const double horizon_s = interval_s * intervals;
  json s = {{"name", "random"},
            {"seed", seed},
            {"replications", d.integer(1, 2)},
            {"horizon_s", horizon_s},
            {"warmup_s", d.chance(0.5) ? 0.0 : d.uniform(0.0, 0.5 * horizon_s)},
            {"service_level_threshold_s", d.uniform(0.0, 60.0)}};
  if (d.chance(0.4)) s["report_interval_s"] = d.uniform(60.0, horizon_s);
  const json rate = d.schedule("per_hour", interval_s, intervals, 0.0, kMaxPerHour, false);
  if (rate.is_object()) {
    s["arrivals"] = rate;
  } else {
    s["arrivals"] = {{"per_hour", rate}};
  }
  if (d.chance(0.3)) s["arrivals"]["busyness_cv"] = d.uniform(0.0, 0.5);
  return s;
}

json agents(ScenarioDraw& d, const json& s, int most) {
  const double horizon_s = s["horizon_s"];
  const double interval_s = s["arrivals"].value("interval_s", horizon_s);
  const int intervals = static_cast<int>(horizon_s / interval_s + 0.5);
  json a = d.schedule("agents", interval_s, intervals, 0.0, most, true);
  return a;
}

// The minimal scenario in the core's shorthand form: no feature at all.
json shorthand_scenario(ScenarioDraw& d, std::uint64_t seed) {
  json s = single_queue(d, seed);
  if (d.chance(0.8)) s["patience_s"] = d.distribution(10.0, 300.0, true);
  s["human_handle_s"] = d.distribution(20.0, 300.0, false);
  s["staffing"] = {{"humans", agents(d, s, 30)}};
  if (d.chance(0.5)) s["staffing"]["cost_per_hour"] = d.uniform(0.0, 40.0);
  return s;
}

json logit_terms(ScenarioDraw& d, std::initializer_list<const char*> keys) {
  json terms = json::object();
  for (const char* key : keys) {
    if (d.chance(0.5)) terms[key] = d.uniform(-3.0, 3.0);
  }
  return terms;
}

// The full form with one segment, one reason and one group, and with probability `p_feature`
// each journey feature: several segments and reasons, groups with overflow, bots, chat,
// callbacks, returns, empathy needs, unresolved contacts, agent assist.
json full_scenario(ScenarioDraw& d, std::uint64_t seed, double p_feature) {
  json s = single_queue(d, seed);
  const bool bots = d.chance(p_feature);
  const int reasons = d.chance(p_feature) ? 2 : 1;
  const int segments = d.chance(p_feature) ? 3 : 1;
  const bool chat = d.chance(p_feature);
  const char* kinds[] = {"simple", "complex", "sensitive"};

  json reason_list = json::array();
  for (int r = 0; r < reasons; ++r) {
    json reason = {{"name", "r" + std::to_string(r)},
                   {"kind", kinds[d.chance(p_feature) ? d.integer(0, 2) : 0]},
                   {"human_handle_s", d.distribution(20.0, 300.0, false)}};
    if (chat && r == reasons - 1) reason["channel"] = "chat";
    if (d.chance(p_feature)) reason["human_resolution"] = d.uniform(0.5, 1.0);
    if (bots) {
      reason["bot_handle_s"] = d.distribution(20.0, 200.0, false);
      reason["bot_resolution"] = d.uniform(0.0, 1.0);
    }
    reason_list.push_back(reason);
  }
  json segment_list = json::array();
  for (int g = 0; g < segments; ++g) {
    json mix = json::object();
    mix["r0"] = 1.0;
    if (reasons == 2) mix = {{"r0", 0.5}, {"r1", 0.5}};
    json segment = {{"name", "s" + std::to_string(g)}, {"share", 1.0 / segments}, {"reasons", mix}};
    if (segments == 3 && g == 2) segment["share"] = 1.0 - 2.0 / 3.0;
    if (d.chance(0.8)) segment["patience_s"] = d.distribution(10.0, 300.0, true);
    if (bots && d.chance(0.8)) segment["bot_patience_s"] = d.distribution(10.0, 300.0, true);
    if (d.chance(0.5)) segment["priority"] = d.integer(0, 2);
    if (d.chance(p_feature)) segment["p_frustrated"] = d.uniform(0.0, 0.5);
    segment["human_preference"] = d.uniform(0.0, 1.0);
    segment["callback_acceptance"] = d.uniform(0.0, 1.0);
    if (d.chance(p_feature)) {
      segment["balk_probability"] = d.uniform(0.0, 1.0);
      if (d.chance(0.5)) segment["balk_tolerance_s"] = d.distribution(0.0, 300.0, true);
    }
    if (bots && d.chance(p_feature)) {
      segment["bot_resolution_factor"] = d.uniform(0.0, 2.0);
      segment["ask_human_after_s"] = d.uniform(0.0, 60.0);
    }
    segment_list.push_back(segment);
  }
  s["population"] = {{"segments", segment_list}};
  s["reasons"] = reason_list;

  json group = {{"name", "g0"}, {"agents", agents(d, s, 20)}, {"takes_others", true}};
  if (d.chance(0.5)) group["cost_per_hour"] = d.uniform(0.0, 40.0);
  if (d.chance(0.5)) group["empathy_trained"] = d.chance(0.5);
  if (chat && d.chance(0.5)) {
    group["max_concurrent_chats"] = 2;
    group["chat_slowdown"] = {1.0, d.uniform(1.0, 1.5)};
  }
  json groups = json::array();
  if (d.chance(p_feature)) {
    group["kinds"] = {"simple"};
    group["overflow"] = {{"to", "g1"}, {"after_s", d.uniform(0.0, 120.0)}};
    groups.push_back(group);
    groups.push_back({{"name", "g1"}, {"agents", agents(d, s, 10)}, {"takes_others", true}});
  } else {
    groups.push_back(group);
  }
  s["staffing"] = {{"groups", groups}};

  if (bots) {
    const char* strategies[] = {"bot_first", "triage", "choice", "bot_only"};
    const std::string strategy = strategies[d.integer(0, 3)];
    s["bots"] = {{"concurrency", d.integer(0, 10)},
                 {"discloses_bot", d.chance(0.5)},
                 {"offers_human", d.chance(0.5)}};
    s["routing"] = {{"strategy", strategy}};
    if (strategy == "bot_first") {
      s["routing"]["bot_first"] = {{"context_transfer", d.chance(0.5)},
                                   {"ask_human_after_s", d.uniform(0.0, 60.0)}};
    } else if (strategy == "choice") {
      s["routing"]["choice"] = json::object();
    }
  }
  if (d.chance(p_feature)) {
    s["returns"] = {{"retrial_probability", d.uniform(0.0, 0.8)},
                    {"repeat_probability", d.uniform(0.0, 0.8)},
                    {"retrial_delay_s", d.distribution(0.0, 600.0, true)},
                    {"repeat_delay_s", d.distribution(0.0, 900.0, true)},
                    {"max_attempts", d.integer(1, 4)}};
  }
  if (d.chance(p_feature)) {
    s["callback"] = {{"offer_above_wait_s", d.uniform(0.0, 120.0)},
                     {"success_probability", d.uniform(0.0, 1.0)}};
  }
  if (chat) s["chat"] = {{"silent_leave_probability", d.uniform(0.0, 0.5)}};
  s["satisfaction"] = logit_terms(d, {"intercept", "per_minute_waited", "resolved", "gave_up"});
  s["churn"] = logit_terms(d, {"intercept", "dissatisfied", "gave_up"});
  // Drawn last, so the cases drawn before assist existed stay as they were.
  if (d.chance(p_feature)) {
    s["staffing"]["groups"][0]["assist"] = {
        {"handle_factor", d.uniform(0.5, 1.2)},        {"resolution_uplift", d.uniform(-0.1, 0.1)},
        {"empathy_uplift", d.uniform(-0.1, 0.2)},      {"novice_share", d.uniform(0.0, 1.0)},
        {"novice_handle_factor", d.uniform(0.5, 1.2)}, {"cost_per_contact", d.uniform(0.0, 1.0)}};
  }
  return s;
}

struct Discard final : ContactSink {
  std::uint64_t contacts = 0;
  void record(const ContactRecord&) override { ++contacts; }
};

// Every replication's tally, doubles bit for bit.
std::string tally_bytes(const Scenario& s, Simulation::Engine engine, ContactSink* sink) {
  std::vector<Tally> tallies;
  for (int r = 0; r < s.replications; ++r) {
    tallies.push_back(Simulation(s, static_cast<std::uint64_t>(r), engine, sink).run());
  }
  return encode_tallies(tallies);
}

// Loads the scenario file (it must be valid), and requires the same tallies on the
// instantiation picked for it, on the general one, and with a trace attached.
FeatureMask check_agreement(const json& file) {
  const std::string text = file.dump();
  INFO("scenario: " << text);
  Scenario s;
  REQUIRE_NOTHROW(s = parse_scenario(text, "random.json"));
  const std::string picked = tally_bytes(s, Simulation::Engine::automatic, nullptr);
  CHECK(picked == tally_bytes(s, Simulation::Engine::general, nullptr));
  Discard sink;
  CHECK(picked == tally_bytes(s, Simulation::Engine::automatic, &sink));
  return features_of(expand_shorthands(s));
}

void check_random_scenarios(int cases, std::uint64_t first_seed) {
  FeatureMask seen = kNoFeatures;
  int without_features = 0;
  for (int i = 0; i < cases; ++i) {
    ScenarioDraw d(first_seed + static_cast<std::uint64_t>(i));
    const std::uint64_t seed = static_cast<std::uint64_t>(d.integer(0, 1 << 30));
    const FeatureMask m = i % 3 == 0   ? check_agreement(shorthand_scenario(d, seed))
                          : i % 3 == 1 ? check_agreement(full_scenario(d, seed, 0.0))
                                       : check_agreement(full_scenario(d, seed, 0.35));
    seen |= m;
    if (m == kNoFeatures) ++without_features;
  }
  // The draws reach both instantiations and every feature.
  CHECK(without_features >= cases / 2);
  CHECK(seen == kAllFeatures);
}

}  // namespace

TEST_CASE("Random valid scenarios give the same tally on their instantiation and the general one",
          "[instantiations][agreement]") {
  check_random_scenarios(90, kGeneratorSeed);
}

TEST_CASE("Many more random scenarios agree on both instantiations",
          "[.][slow][instantiations][agreement]") {
  check_random_scenarios(3000, kGeneratorSeed + 1000000);
}
