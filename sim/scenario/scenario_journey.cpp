// The full form of a scenario file: which files use it, its root keys, and the rules that tie
// them together (a population needs reasons, a bot strategy needs bots and bot handle times).
#include <algorithm>
#include <array>

#include "scenario/scenario_readers.hpp"

namespace ccsim::scenario_readers {

namespace {

// Keys of the minimal form and the keys only the full form adds, per object, in the order the
// readers declare them (and messages list them): detect_form() must know every one.
constexpr std::array<std::string_view, 13> kMinimalRootKeys = {
    "name",       "seed",        "replications",
    "horizon_s",  "warmup_s",    "service_level_threshold_s",
    "confidence", "description", "sources",
    "arrivals",   "patience_s",  "human_handle_s",
    "staffing"};
constexpr std::array<std::string_view, 11> kFullRootKeys = {
    "report_interval_s", "population", "reasons", "empathy",      "bots", "routing",
    "returns",           "callback",   "chat",    "satisfaction", "churn"};
constexpr std::array<std::string_view, 2> kMinimalArrivalsKeys = {"interval_s", "per_hour"};
constexpr std::array<std::string_view, 1> kFullArrivalsKeys = {"busyness_cv"};
constexpr std::array<std::string_view, 1> kMinimalStaffingKeys = {"humans"};
constexpr std::array<std::string_view, 2> kFullStaffingKeys = {"cost_per_hour", "groups"};

bool contains(std::span<const std::string_view> keys, std::string_view key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

// Whether `object` has a key of `full_keys`, or a key whose closest valid key is one of them.
// The candidates are in the readers' order, so the suggestion judged here is the one shown.
bool uses_full_keys(const JsonDocument& object, std::span<const std::string_view> minimal_keys,
                    std::span<const std::string_view> full_keys) {
  if (!object.is_object()) return false;
  std::vector<std::string> all(minimal_keys.begin(), minimal_keys.end());
  all.insert(all.end(), full_keys.begin(), full_keys.end());
  for (auto it = object.begin(); it != object.end(); ++it) {
    const std::string& key = it.key();
    if (contains(minimal_keys, key)) continue;
    if (contains(full_keys, key) || contains(full_keys, closest_match(key, all))) return true;
  }
  return false;
}

// Contacts of a kind that no group takes would wait until they give up, whatever the staffing:
// every kind a reason has must be in some group's kinds, or some group must take others.
void check_kinds_taken(JsonChecker& checker, const std::vector<Reason>& reasons,
                       const std::vector<AgentGroup>& groups) {
  const bool any_takes_others =
      std::any_of(groups.begin(), groups.end(), [](const AgentGroup& g) { return g.takes_others; });
  if (any_takes_others) return;
  for (const ReasonKind kind : kAllReasonKinds) {
    const auto reason = std::find_if(reasons.begin(), reasons.end(),
                                     [kind](const Reason& r) { return r.kind == kind; });
    if (reason == reasons.end()) continue;
    const bool taken = std::any_of(groups.begin(), groups.end(), [kind](const AgentGroup& g) {
      return std::find(g.kinds.begin(), g.kinds.end(), kind) != g.kinds.end();
    });
    if (taken) continue;
    checker.report(JsonPath{} / "staffing" / "groups",
                   "groups that take every kind of reason (in kinds, or with takes_others)",
                   "no group taking \"" + std::string(to_string(kind)) + "\", the kind of reason " +
                       describe_json(JsonDocument(reason->name)));
  }
}

bool member_uses_full_keys(const JsonDocument& root, const char* key,
                           std::span<const std::string_view> minimal_keys,
                           std::span<const std::string_view> full_keys) {
  const auto member = root.find(key);
  return member != root.end() && uses_full_keys(*member, minimal_keys, full_keys);
}

}  // namespace

Form detect_form(const JsonDocument& root) {
  if (!root.is_object()) return Form::minimal;
  const bool full =
      uses_full_keys(root, kMinimalRootKeys, kFullRootKeys) ||
      member_uses_full_keys(root, "arrivals", kMinimalArrivalsKeys, kFullArrivalsKeys) ||
      member_uses_full_keys(root, "staffing", kMinimalStaffingKeys, kFullStaffingKeys);
  return full ? Form::full : Form::minimal;
}

void read_journey(ObjectReader& root, Scenario& scenario, std::optional<double> horizon_s) {
  JsonChecker& checker = root.checker();
  // Declared in the order of kFullRootKeys; read below in the order their rules need.
  const Field report_interval = root.optional("report_interval_s");
  const Field population = root.optional("population");
  const Field reasons = root.optional("reasons");
  const Field empathy = root.optional("empathy");
  const Field bots = root.optional("bots");
  const Field routing = root.optional("routing");
  const Field returns = root.optional("returns");
  const Field callback = root.optional("callback");
  const Field chat = root.optional("chat");
  const Field satisfaction = root.optional("satisfaction");
  const Field churn = root.optional("churn");

  scenario.report_interval_s =
      report_interval.number(kIntervalSeconds).value_or(scenario.report_interval_s);

  std::optional<Strategy> strategy;
  if (auto value = read_routing(routing, strategy)) scenario.routing = *value;
  // Rules that depend on the strategy are only judged when it is valid.
  const bool uses_bots = strategy && *strategy != Strategy::human_only;
  const std::string strategy_name = uses_bots ? std::string(to_string(*strategy)) : "";

  if (bots.present()) {
    if (auto value = read_bots(bots)) scenario.bots = *value;
  } else if (uses_bots) {
    checker.report(bots.where(), "a bots object when routing.strategy is \"" + strategy_name + "\"",
                   "nothing");
  }

  const Reasons read =
      reasons.present()
          ? read_reasons(reasons,
                         uses_bots ? std::optional<std::string_view>(strategy_name) : std::nullopt)
          : Reasons{};
  if (read.reasons) scenario.reasons = *read.reasons;
  if (auto value = read_population(population, read.names, horizon_s)) {
    scenario.segments = *value;
  }
  // A population's reason mix needs reasons; reasons need a population to say who has them.
  if (population.present() && !reasons.present()) {
    checker.report_missing(reasons.where(), kReasonsShape, "required with population");
  }
  if (reasons.present() && !population.present()) {
    checker.report_missing(population.where(), kPopulationShape, "required with reasons");
  }
  // The shorthand's single reason has no bot handle time, so a bot would have nothing to do.
  if (uses_bots && !reasons.present() && !population.present()) {
    checker.report(routing.where() / "strategy",
                   "\"human_only\" in a scenario without reasons (bots need each reason's "
                   "bot_handle_s)",
                   describe_json(JsonDocument(strategy_name)));
  }

  // Without humans in the journey (bot_only) nobody needs to take anything.
  if (read.reasons && !scenario.groups.empty() && strategy && *strategy != Strategy::bot_only) {
    check_kinds_taken(checker, *read.reasons, scenario.groups);
  }

  if (auto value = read_empathy(empathy)) scenario.empathy = *value;
  if (auto value = read_returns(returns)) scenario.returns = *value;
  if (auto value = read_callback(callback)) scenario.callback = *value;
  if (auto value = read_chat(chat)) scenario.chat = *value;
  if (auto value = read_satisfaction(satisfaction)) scenario.satisfaction = *value;
  if (auto value = read_churn(churn)) scenario.churn = *value;
}

}  // namespace ccsim::scenario_readers
