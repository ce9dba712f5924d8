// Who serves: human staffing (the shorthand pool or named groups) and bots.
#include <algorithm>

#include "scenario/limits.hpp"
#include "scenario/scenario_keys.hpp"

namespace ccsim::format {

namespace {

constexpr std::string_view kMinimalStaffingShape = R"(an object like {"humans": 50})";
constexpr std::string_view kFullStaffingShape =
    R"(an object like {"humans": 50} or {"groups": [{"name": "front", "agents": 20}]})";
constexpr std::string_view kGroupsShape =
    R"(a non-empty list of group objects like {"name": "front", "agents": 20})";
constexpr std::string_view kGroupShape = R"(a group object like {"name": "front", "agents": 20})";
constexpr std::string_view kOverflowShape = R"(an object like {"to": "back", "after_s": 60})";
constexpr std::string_view kSlowdownShape = "a non-empty list of numbers in (0, 100]";
constexpr std::string_view kBotsShape = R"(an object like {"concurrency": 20})";

// f(k) when a group does not say: a chat progresses at full speed however many are open.
constexpr double kNoSlowdown = 1.0;

// The shorthand humans or the groups, never both; cost_per_hour only beside humans.
void staffing_rules(ObjectRead<Scenario>& read, Scenario& scenario) {
  JsonChecker& checker = read.checker();
  const Field& humans = read.field("humans");
  const Field& cost = read.field("cost_per_hour");
  const Field& groups = read.field("groups");
  if (humans.present() && groups.present()) {
    checker.report(humans.where(), "either the shorthand humans or groups", "both");
    read.invalidate();
  } else if (groups.present()) {
    read.read("groups", scenario);
  } else if (humans.present()) {
    read.read("humans", scenario);
  } else if (read.object().is_object()) {
    checker.report_missing(
        humans.where(), read.spec("humans").value.shape,
        read.reading().form == Form::full ? "required without groups" : "required key missing");
    read.invalidate();
  }
  if (cost.present()) {
    if (groups.present() && !humans.present()) {
      checker.report_value(cost.where(),
                           "cost_per_hour only beside humans (each group states its own)",
                           *cost.value());
      read.invalidate();
    } else {
      read.read("cost_per_hour", scenario);
    }
  }
  // The rules between reasons and groups judge the groups of a valid staffing only.
  if (!read.valid()) scenario.groups.clear();
}

// The limit on agents holds for the centre, not only for each group: the engine keeps a record
// per agent (and per chat slot) of every group.
bool groups_within_agent_limit(Reading& reading, const Field& field, const JsonDocument&,
                               const std::optional<std::vector<AgentGroup>>& groups) {
  if (!groups) return true;
  double agents = 0.0;
  for (const AgentGroup& group : *groups) {
    agents += *std::max_element(group.agents.values.begin(), group.agents.values.end());
  }
  if (agents <= kMaxAgents) return true;
  reading.checker.report(
      field.where(),
      "groups whose largest staffings sum to at most " + std::to_string(kMaxAgents) + " agents",
      format_number(agents) + " agents");
  return false;
}

// {"to": GROUP, …}: another group of the list, by name (a group may overflow to a later one).
void resolve_overflow(ObjectRead<AgentGroup>& read, AgentGroup& group) {
  const Field& to = read.field("to");
  const std::optional<std::string> target = read_name(to);
  if (!target) return read.invalidate();
  const Reading& reading = read.reading();
  if (!reading.list_names) return;
  const std::vector<std::string>& names = *reading.list_names;
  const std::size_t index = reading.list_index;
  JsonChecker& checker = read.checker();
  std::vector<std::string> others = names;
  others.erase(others.begin() + static_cast<std::ptrdiff_t>(index));
  const std::string shown = describe_json(JsonDocument(*target));
  std::optional<std::size_t> found;
  if (others.empty()) {
    checker.report(
        to.where(), "the name of another group",
        shown + (*target == names[index] ? ", the group itself" : " (there is no other group)"));
  } else if (*target == names[index]) {
    checker.report(to.where(), "one of the groups " + join_names(others),
                   shown + ", the group itself");
  } else {
    found = find_name(checker, to.where(), *target, others, "group");
  }
  if (!found) return read.invalidate();
  // Indices of `others` past this group's own are one short of the group's index.
  group.overflow_to = *found < index ? *found : *found + 1;
}

// One slowdown factor per chat up to max_concurrent_chats; all 1 when not given.
bool read_chat_slowdown(ObjectRead<AgentGroup>& read, AgentGroup& group) {
  const auto count = static_cast<std::size_t>(group.max_concurrent_chats);
  const Field& slowdown = read.field("chat_slowdown");
  if (!slowdown.present()) {
    group.chat_slowdown.assign(count, kNoSlowdown);
    return true;
  }
  const auto factors = read_numbers(read.spec("chat_slowdown").value, slowdown);
  if (factors && read.valid("max_concurrent_chats") && factors->size() != count) {
    read.checker().report(slowdown.where(),
                          "a list of " + std::to_string(count) +
                              " numbers in (0, 100], one per chat up to max_concurrent_chats",
                          describe_json(*slowdown.value()));
    return false;
  }
  if (!factors) return false;
  group.chat_slowdown = *factors;
  return true;
}

const Object<AgentGroup>& overflow_section() {
  static const Object<AgentGroup> object{
      object_spec(std::string(kOverflowShape), {}, "contacts that waited may go to another group"),
      {key<AgentGroup>("to", name(), "the other group's name")
           .required()
           .checked_with("the name of another group")
           .read_by_object_rules(),
       key("after_s", seconds(), &AgentGroup::overflow_after_s,
           "how long a contact of this group's kinds waits before it may go")},
      nullptr,
      resolve_overflow};
  return object;
}

// A change of a probability, in points: the result is kept in [0, 1].
const NumberRange kUplift = NumberRange::at_least(-1.0).at_most(1.0);

const Object<Assist>& assist_object() {
  using A = Assist;
  static const Object<A> object{
      object_spec(R"(an object like {"handle_factor": 0.93, "novice_share": 0.2})",
                  "staffing.groups[].assist",
                  "Agent assist: a tool helping the group's agents, with a larger effect for "
                  "novices; defaults from Brynjolfsson, Li & Raymond (2023), docs/calibration.md."),
      {key("handle_factor", number(kFactor), &A::handle_factor,
           "handle time multiplier of an experienced agent's contact"),
       key("resolution_uplift", number(kUplift), &A::resolution_uplift,
           "added to P(an experienced agent resolves the need), kept in [0, 1]"),
       key("empathy_uplift", number(kUplift), &A::empathy_uplift,
           "added to P(an experienced agent meets an empathy need), kept in [0, 1]"),
       key("novice_share", probability(), &A::novice_share,
           "share of the group's agents who are novices: P(a contact goes to a novice)"),
       key("novice_handle_factor", number(kFactor), &A::novice_handle_factor,
           "handle time multiplier of a novice's contact"),
       key("novice_resolution_uplift", number(kUplift), &A::novice_resolution_uplift,
           "added to P(a novice resolves the need), kept in [0, 1]"),
       key("novice_empathy_uplift", number(kUplift), &A::novice_empathy_uplift,
           "added to P(a novice meets an empathy need), kept in [0, 1]"),
       key("cost_per_contact", money("per contact"), &A::cost_per_contact,
           "cost of each contact an assisted agent handles"),
       key("cost_per_agent_hour", money("per agent-hour"), &A::cost_per_agent_hour,
           "cost of an agent on duty with assist (a seat licence), raised by shrinkage as "
           "cost_per_hour is")}};
  return object;
}

}  // namespace

const Object<AgentGroup>& group_object() {
  using G = AgentGroup;
  static const Object<G> object{
      object_spec(std::string(kGroupShape), "staffing.groups[]", "A group of human agents."),
      {key("name", name(), &G::name, "its name").required().checked_with("unique among the groups"),
       key("agents", agents_schedule(), &G::agents, "agents on duty, by interval").required(),
       key("empathy_trained", boolean(), &G::empathy_trained,
           "its agents meet empathy needs as trained humans"),
       key("cost_per_hour", money("per agent-hour"), &G::cost_per_hour, "cost of an agent on duty"),
       key("kinds", distinct_choices(reason_kind_names(), "reason kinds", "kind"), &G::kinds,
           "the kinds of reason it takes first"),
       key("takes_others", boolean(), &G::takes_others,
           "it also takes other kinds when none of its own wait"),
       section("overflow", overflow_section(),
               "{\"to\": another group, \"after_s\": seconds}: contacts of its kinds that waited "
               "that long may also go to the other group"),
       key("max_concurrent_chats", integer<int>(1, kMaxConcurrentChats), &G::max_concurrent_chats,
           "chat sessions an agent holds at once"),
       key("chat_slowdown", numbers(kFactor, std::string(kSlowdownShape)), &G::chat_slowdown,
           "f(1), f(2), …: with k chats open, each progresses at 1/f(k)")
           .defaults_to("1 for every chat")
           .checked_with("one factor per chat up to max_concurrent_chats")
           .read_by(read_chat_slowdown),
       key("assist", assist_object(), &G::assist,
           "agent assist: effects on handle time, resolution and empathy, novices apart, and "
           "its cost")
           .defaults_to("absent: no assist")}};
  return object;
}

const Object<Scenario>& staffing_section() {
  static const Object<Scenario> object{
      [] {
        ObjectSpec spec = object_spec(std::string(kMinimalStaffingShape), "staffing",
                                      "Who serves: the shorthand humans, or named groups.");
        spec.full_shape = kFullStaffingShape;
        spec.schema_rules = [](JsonDocument& schema) {
          schema["oneOf"] = JsonDocument::parse(R"([{"required": ["humans"]},
              {"required": ["groups"], "not": {"required": ["cost_per_hour"]}}])");
        };
        return spec;
      }(),
      {key("humans", agents_schedule(), &Scenario::humans,
           "the shorthand: one group of agents on duty, by interval")
           .defaults_to("required without `groups`")
           .checked_with_schema("not with groups")
           .read_by_object_rules(),
       key("cost_per_hour", money("per agent-hour"), &Scenario::humans_cost_per_hour,
           "cost of an agent of the shorthand humans")
           .full_form()
           .checked_with_schema("beside humans only")
           .read_by_object_rules(),
       list("groups", group_object(), &Scenario::groups, "groups", "group",
            std::string(kGroupsShape), "1 to 1000 groups, instead of humans",
            groups_within_agent_limit)
           .full_form()
           .checked_with("the groups' largest staffings sum to at most 100000 agents")
           .read_by_object_rules(),
       key("shrinkage", number(kNonNegative.below(1.0)), &Scenario::shrinkage,
           "share of paid time agents are not on the phones (breaks, training, absence): each "
           "agent on duty is paid 1 / (1 - shrinkage) hours an hour, so the human cost is that "
           "of the heads paid (ccsim staff --out sets it)")
           .full_form()},
      nullptr,
      staffing_rules};
  return object;
}

const Object<Bots>& bots_object() {
  static const Object<Bots> object{
      object_spec(std::string(kBotsShape), "bots", "The bot that bot strategies use."),
      {key("concurrency", integer<long>(0), &Bots::concurrency, "sessions at once").required(),
       key("cost_per_session", money("per session"), &Bots::cost_per_session,
           "cost of a bot session"),
       key("cost_per_minute", money("per minute"), &Bots::cost_per_minute,
           "cost of a minute of bot session time"),
       key("cost_per_day", money("per day"), &Bots::cost_per_day,
           "fixed cost a day of operation (licence, platform), paid when some segment's strategy "
           "uses bots"),
       key("discloses_bot", boolean(), &Bots::discloses_bot, "customers are told it is a bot"),
       key("offers_human", boolean(), &Bots::offers_human, "the bot offers a way to a human")}};
  return object;
}

void check_kinds_taken(JsonChecker& checker, const std::vector<Reason>& reasons,
                       const std::vector<AgentGroup>& groups) {
  const bool any_takes_others =
      std::any_of(groups.begin(), groups.end(), [](const AgentGroup& g) { return g.takes_others; });
  if (any_takes_others) return;
  for (std::size_t k = 0; k < reason_kind_names().size(); ++k) {
    const auto kind = static_cast<ReasonKind>(k);
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

}  // namespace ccsim::format
