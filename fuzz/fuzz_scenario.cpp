// libFuzzer target: the scenario loader, and what the engine makes of any scenario it accepts.
//
// Whatever the bytes, parse_scenario either returns a scenario or throws a ScenarioError whose
// problems are each one line of valid UTF-8, "fuzz.json: … expected …, got …"; anything else (a
// crash, another exception, a sanitizer report) is a bug. A scenario that loads must be one the
// engine takes: every distribution draws finite times >= 0, a replication can be built, and a
// small one runs to completion with every counted customer ending once and every figure finite,
// or null with n = 0; its tally is the same to the last bit on the instantiation of the engine
// picked for it, on the one with every feature, and with a trace attached.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "ccsim/engine/random_stream.hpp"
#include "ccsim/engine/simulation.hpp"
#include "ccsim/io/report.hpp"
#include "scenario/sampler.hpp"
#include "ccsim/scenario/scenario.hpp"
#include "ccsim/stats/results.hpp"
#include "stats/tally_codec.hpp"

namespace {

using namespace ccsim;

constexpr const char* kLabel = "fuzz.json";
// Draws checked per distribution.
constexpr int kDraws = 64;
// A scenario is run only when it is this small: expected arrivals over the horizon, schedule
// intervals walked, agents scanned per event. Bigger ones are only built.
constexpr double kMaxRunArrivals = 64.0;
constexpr double kMaxRunIntervals = 4096.0;
constexpr double kMaxRunAgents = 1024.0;
constexpr double kMaxRunBusynessCv = 1.0;
constexpr double kSecondsPerHour = 3600.0;

void require(bool condition, const char* what, const std::string& detail = {}) {
  if (condition) return;
  std::fprintf(stderr, "fuzz_scenario: %s %s\n", what, detail.c_str());
  std::abort();
}

void check_problems(const ScenarioError& error) {
  require(!error.problems().empty(), "a scenario error without problems");
  const std::string prefix = std::string(kLabel) + ": ";
  for (const std::string& line : error.problems()) {
    require(line.rfind(prefix, 0) == 0, "a problem not naming the file:", line);
    require(line.find('\n') == std::string::npos, "a problem on several lines:", line);
    require(line.find("expected ") != std::string::npos, "a problem without expected:", line);
    require(line.find(", got ") != std::string::npos, "a problem without got:", line);
    try {
      (void)nlohmann::json(line).dump();  // throws on ill-formed UTF-8
    } catch (const nlohmann::json::exception&) {
      require(false, "a problem that is not valid UTF-8:", line);
    }
  }
}

void check_draws(const DistributionSpec& spec, const char* what) {
  require(std::isfinite(spec.exact_mean()) && spec.exact_mean() >= 0.0, "a mean out of range in",
          what);
  require(std::isfinite(spec.exact_variance()), "a variance out of range in", what);
  Sampler sampler(spec);
  RandomStream rng(RandomKey{1, 0}, 1, 0, Purpose::arrival_gap);
  for (int i = 0; i < kDraws; ++i) {
    const double x = sampler(rng);
    require(std::isfinite(x) && x >= 0.0, "a draw out of range in", what);
  }
}

void check_distributions(const Scenario& s) {
  for (const Segment& segment : s.segments) {
    if (segment.patience_s) check_draws(*segment.patience_s, "patience_s");
    if (segment.bot_patience_s) check_draws(*segment.bot_patience_s, "bot_patience_s");
  }
  for (const Reason& reason : s.reasons) {
    check_draws(reason.human_handle_s, "human_handle_s");
    check_draws(reason.bot_handle_s, "bot_handle_s");
  }
  check_draws(s.returns.retrial_delay_s, "retrial_delay_s");
  check_draws(s.returns.repeat_delay_s, "repeat_delay_s");
  check_draws(s.callback.unreached_handle_s, "unreached_handle_s");
}

// Whether running one replication stays cheap enough for a fuzzing loop.
bool small_enough_to_run(const Scenario& s) {
  if (s.busyness_cv > kMaxRunBusynessCv) return false;
  const Schedule& rates = s.arrivals_per_hour;
  double arrivals = 0.0;
  if (rates.is_constant()) {
    arrivals = rates.values[0] * s.horizon_s / kSecondsPerHour;
  } else {
    if (s.horizon_s / rates.interval_s > kMaxRunIntervals) return false;
    for (double t = 0.0; t < s.horizon_s; t = rates.next_change_after(t)) {
      arrivals += rates.at(t) * (std::min(rates.next_change_after(t), s.horizon_s) - t);
    }
    arrivals /= kSecondsPerHour;
  }
  if (!(arrivals <= kMaxRunArrivals)) return false;
  for (const AgentGroup& group : s.groups) {
    if (!group.agents.is_constant() && s.horizon_s / group.agents.interval_s > kMaxRunIntervals) {
      return false;
    }
    for (const double agents : group.agents.values) {
      if (agents > kMaxRunAgents) return false;
    }
  }
  return true;
}

void check_estimate(const Estimate& e, const std::string& name) {
  for (const std::optional<double>& v : {e.mean, e.sd, e.ci_low, e.ci_high}) {
    require(!v || std::isfinite(*v), "a figure that is not finite:", name);
  }
  require(e.mean || e.n == 0, "a null figure with data behind it:", name);
}

void check_set(const MetricSet& set, const std::string& where) {
  for (const auto& [name, estimate] : set) check_estimate(estimate, where + name);
}

// Counts the contacts of counted customers a trace would write, and nothing else.
struct CountContacts final : ContactSink {
  std::uint64_t contacts = 0;
  void record(const ContactRecord& contact) override { contacts += contact.warmup ? 0 : 1; }
};

std::string bytes_of(const Tally& tally) {
  return encode_tallies(std::vector<Tally>{tally});
}

void check_run(const Scenario& scenario) {
  const Tally tally = Simulation(scenario, 0).run();
  const std::string bytes = bytes_of(tally);
  require(bytes == bytes_of(Simulation(scenario, 0, Simulation::Engine::general).run()),
          "a tally that differs between the engine's instantiations");
  CountContacts sink;
  require(bytes == bytes_of(Simulation(scenario, 0, Simulation::Engine::automatic, &sink).run()),
          "a tally that a trace changes");
  require(sink.contacts == tally.totals().contacts, "a trace without one record per contact");
  const Counters c = tally.totals();
  require(c.customers == tally.counted_arrivals, "customers not counted once");
  require(c.customers == c.customers_resolved + c.customers_gave_up + c.customers_unresolved +
                             c.customers_unfinished,
          "customers without exactly one outcome");
  require(c.contacts == c.resolved_contacts + c.unresolved_contacts + c.gave_up_contacts +
                            c.unfinished_contacts,
          "contacts without exactly one outcome");
  require(c.offered == c.answered + c.abandoned + c.callbacks + c.unfinished,
          "queue entries without exactly one outcome");
  const std::vector<Tally> tallies{tally};
  const Results results = merge_tallies(scenario, tallies, scenario.confidence);
  check_set(results.metrics, "");
  for (const auto& [segment, set] : results.by_segment) check_set(set, segment + "/");
  for (const auto& [kind, set] : results.by_reason_kind) check_set(set, kind + "/");
  for (const IntervalResult& interval : results.by_interval) {
    check_set(interval.metrics, "interval/");
  }
  // The writers take whatever the engine gives (the figures are checked above).
  (void)to_json(results).dump();
  std::ostringstream table;
  write_table(table, results);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::optional<Scenario> scenario;
  try {
    scenario = parse_scenario(text, kLabel);
  } catch (const ScenarioError& error) {
    check_problems(error);
    return 0;
  }
  const Scenario full = expand_shorthands(*scenario);
  check_distributions(full);
  if (small_enough_to_run(full)) {
    check_run(*scenario);
  } else {
    Simulation built(*scenario, 0);  // building allocates per agent and draws the busyness
  }
  return 0;
}
