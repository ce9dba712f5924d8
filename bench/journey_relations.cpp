// The journey model's relations, measured: each line is a paired difference (common random
// numbers, replication by replication) between two variants of a shipped French scenario, with
// its confidence interval. These are the figures behind docs/calibration.md's strategy
// conclusions and the relations issue 14 asked to hold:
//
//   ccsim_journey_relations [--replications R] [--confidence C]
//
// Every variant is built in code from the shipped files, so the command measures the model the
// files describe; nothing here passes or fails (the tests assert the relations).
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "ccsim/parallel/runner.hpp"
#include "ccsim/scenario/scenario.hpp"
#include "ccsim/stats/results.hpp"
#include "ccsim/stats/statistics.hpp"

namespace {

using namespace ccsim;

int g_replications = 32;
double g_confidence = 0.95;

using Pick = std::function<Counters(const Tally&)>;

Counters total(const Tally& t) {
  return t.totals();
}

Scenario load(const std::string& file) {
  Scenario s = load_scenario_file(std::string(CCSIM_SOURCE_DIR) + "/scenarios/" + file);
  s.replications = g_replications;
  return s;
}

std::vector<Tally> run(const Scenario& s) {
  return run_replications(s, 0, s.replications, RunOptions{});
}

const CounterMetric& metric_def(const std::string& name) {
  for (const CounterMetric& def : counter_metric_defs()) {
    if (def.name == name) return def;
  }
  std::fprintf(stderr, "no counter metric %s\n", name.c_str());
  std::exit(2);
}

// Occupancy is a time ratio, not a counter metric: its parts come from the tally itself.
struct Parts {
  std::vector<double> x, y;
  MetricKind kind = MetricKind::share;  // occupancy: a share of time
};

Parts parts(const std::vector<Tally>& runs, const Pick& pick, const std::string& metric) {
  Parts p;
  for (const Tally& t : runs) {
    if (metric == "occupancy") {
      p.x.push_back(t.busy_agent_s);
      p.y.push_back(t.available_agent_s);
      continue;
    }
    const CounterMetric& def = metric_def(metric);
    p.kind = def.kind;
    const Counters c = pick(t);
    p.x.push_back(def.x(c));
    p.y.push_back(def.y ? def.y(c) : 1.0);
  }
  return p;
}

void print_estimate(const char* label, const Estimate& e) {
  if (!e.mean) {
    std::printf("%-58s no data\n", label);
    return;
  }
  if (!e.ci_low) {
    std::printf("%-58s %+.5f\n", label, *e.mean);
    return;
  }
  std::printf("%-58s %+.5f [%+.5f, %+.5f]\n", label, *e.mean, *e.ci_low, *e.ci_high);
}

// b − a, paired.
void difference(const std::string& label, const std::vector<Tally>& a, const std::vector<Tally>& b,
                const std::string& metric, const Pick& pick = total) {
  const Parts pa = parts(a, pick, metric);
  const Parts pb = parts(b, pick, metric);
  const Estimate d = paired_ratio_difference(pa.x, pa.y, pb.x, pb.y, g_confidence);
  print_estimate((label + " " + metric).c_str(), d);
}

void value(const std::string& label, const std::vector<Tally>& runs, const std::string& metric,
           const Pick& pick = total) {
  const Parts p = parts(runs, pick, metric);
  print_estimate((label + " " + metric).c_str(),
                 ratio_estimate(p.x, p.y, p.kind, g_confidence, runs.size()));
}

std::size_t group_index(const Scenario& s, const std::string& name) {
  for (std::size_t i = 0; i < s.groups.size(); ++i) {
    if (s.groups[i].name == name) return i;
  }
  std::exit(2);
}

void set_agents(Scenario& s, const std::string& group, double agents) {
  s.groups[group_index(s, group)].agents = Schedule::constant(agents);
}

// Strategy gaps against human-only service, as the README's first command shows them.
void strategies() {
  std::printf("\n# Strategies against human_only (paired)\n");
  const Scenario human = load("france-human-only.json");
  const auto human_runs = run(human);
  for (const char* file : {"france-bot-first.json", "france-triage.json", "france-choice.json",
                           "france-bot-only.json"}) {
    const Scenario s = load(file);
    const auto runs = run(s);
    for (const char* m : {"gave_up_rate", "resolution_rate", "csat", "churn_rate"}) {
      difference(s.name + " - human_only", human_runs, runs, m);
    }
    value(s.name, runs, "containment_rate");
  }
}

// The bot-disclosure term: the churn gaps with it and without it.
void disclosure() {
  std::printf("\n# Churn gap against human_only, with churn.bot_disclosed as shipped and at 0\n");
  for (double term : {-1.0, 0.0}) {
    Scenario human = load("france-human-only.json");
    if (term >= 0.0) human.churn.bot_disclosed = term;
    const auto human_runs = run(human);
    for (const char* file : {"france-bot-first.json", "france-triage.json", "france-choice.json"}) {
      Scenario s = load(file);
      if (term >= 0.0) s.churn.bot_disclosed = term;
      difference(s.name + (term >= 0.0 ? " (bot_disclosed 0)" : " (shipped)"), human_runs, run(s),
                 "churn_rate");
    }
  }
}

void choice_all_human() {
  std::printf("\n# choice where every segment prefers a human (1.0) - human_only\n");
  const Scenario human = load("france-human-only.json");
  Scenario choice = load("france-choice.json");
  for (Segment& seg : choice.segments) seg.human_preference = 1.0;
  choice.routing.choice_bot_above_wait_s.reset();
  const auto a = run(human);
  const auto b = run(choice);
  for (const char* m : {"gave_up_rate", "csat", "churn_rate", "abandon_rate"}) {
    difference("choice(pref 1) - human_only", a, b, m);
  }
}

void bot_only_retrials() {
  std::printf("\n# bot_only: retrials as shipped (0.3) - none\n");
  Scenario none = load("france-bot-only.json");
  none.returns.retrial_probability = 0.0;
  const Scenario shipped = load("france-bot-only.json");
  const auto a = run(none);
  const auto b = run(shipped);
  for (const char* m : {"gave_up_rate", "resolution_rate", "churn_rate"}) {
    difference("bot_only retrials 0.3 - 0", a, b, m);
  }
}

void short_staffed_retrials() {
  std::printf("\n# One short-staffed hour (human_only, 14 + 3 agents): retrials 1 - 0\n");
  Scenario none = load("france-human-only.json");
  none.horizon_s = 3600.0;
  none.warmup_s = 0.0;
  set_agents(none, "generalists", 14.0);
  set_agents(none, "empathy_trained", 3.0);
  none.returns.retrial_probability = 0.0;
  Scenario all = none;
  all.returns.retrial_probability = 1.0;
  const auto a = run(none);
  const auto b = run(all);
  for (const char* m : {"gave_up_rate", "resolution_rate", "csat", "churn_rate"}) {
    difference("short-staffed hour, retrials 1 - 0", a, b, m);
  }
}

void bot_only_impatience() {
  std::printf("\n# No human option: bot_only against bot_first without the offer (ample agents)\n");
  Scenario bot_first = load("france-bot-first.json");
  bot_first.bots->offers_human = false;
  set_agents(bot_first, "generalists", 90.0);
  set_agents(bot_first, "empathy_trained", 20.0);
  bot_first.returns.retrial_probability = 0.0;
  Scenario bot_only = load("france-bot-only.json");
  bot_only.returns.retrial_probability = 0.0;
  const auto a = run(bot_first);
  const auto b = run(bot_only);
  value("bot_first without the offer", a, "bot_abandon_rate");
  value("bot_only", b, "bot_abandon_rate");
  difference("bot_only - bot_first(no offer)", a, b, "bot_abandon_rate");
}

// Chat and voice served by disjoint groups: the chat reason is the only simple one.
void silent_leavers() {
  std::printf("\n# Disjoint chat and voice groups: chat silent leaving 0.9 - 0, voice contacts\n");
  Scenario s = load("france-human-only.json");
  for (Reason& r : s.reasons) {
    if (r.name == "order_status") r.kind = ReasonKind::complex;
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
  s.returns.retrial_probability = 0.3;
  Scenario quiet = s;
  quiet.chat.silent_leave_probability = 0.0;
  Scenario silent = s;
  silent.chat.silent_leave_probability = 0.9;
  const auto a = run(quiet);
  const auto b = run(silent);
  const Pick complex = [](const Tally& t) {
    return t.by_kind[static_cast<std::size_t>(ReasonKind::complex)];
  };
  for (const char* m : {"abandon_rate", "mean_wait_s", "csat"}) {
    difference("voice (complex) contacts, silent 0.9 - 0", a, b, m, complex);
  }
}

void callbacks() {
  std::printf(
      "\n# Callbacks offered to everyone who would wait (acceptance 1, success 1) - none\n");
  const Scenario none = load("france-human-only.json");
  Scenario offered = none;
  offered.callback.enabled = true;
  offered.callback.offer_above_wait_s = 0.0;
  offered.callback.success_probability = 1.0;  // every call reaches its customer
  for (Segment& seg : offered.segments) seg.callback_acceptance = 1.0;
  const auto a = run(none);
  const auto b = run(offered);
  for (const char* m : {"resolution_rate", "occupancy", "callback_rate"}) {
    difference("callbacks - none", a, b, m);
  }
}

// Customers of the last hour of an 8-hour horizon, against the same customers when the horizon
// runs an hour longer.
void horizon() {
  std::printf(
      "\n# Customers of the 8th hour: horizon 9 h - 8 h (bot_first, repeats 0.3 after 1 h)\n");
  Scenario eight = load("france-bot-first.json");
  eight.report_interval_s = 3600.0;
  eight.returns.repeat_probability = 0.3;
  eight.returns.repeat_delay_s = DistributionSpec::of(DistKind::exponential, 3600.0);
  Scenario nine = eight;
  nine.horizon_s = eight.horizon_s + 3600.0;
  const auto a = run(eight);
  const auto b = run(nine);
  const std::size_t last = static_cast<std::size_t>(eight.horizon_s / 3600.0) - 1;
  const Pick hour = [last](const Tally& t) { return t.by_interval[last]; };
  for (const char* m : {"gave_up_rate", "resolution_rate", "csat", "churn_rate"}) {
    difference("last hour's customers, 9 h - 8 h", a, b, m, hour);
  }
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--replications") {
      g_replications = std::atoi(argv[i + 1]);
    } else if (flag == "--confidence") {
      g_confidence = std::atof(argv[i + 1]);
    } else {
      std::fprintf(stderr, "usage: ccsim_journey_relations [--replications R] [--confidence C]\n");
      return 2;
    }
  }
  std::printf("replications %d, confidence %g\n", g_replications, g_confidence);
  strategies();
  disclosure();
  choice_all_human();
  bot_only_retrials();
  short_staffed_retrials();
  bot_only_impatience();
  silent_leavers();
  callbacks();
  horizon();
  return 0;
}
