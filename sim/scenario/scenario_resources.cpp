// Who serves: human staffing (the shorthand pool or named groups) and bots.
#include <algorithm>
#include <limits>

#include "scenario/scenario_readers.hpp"

namespace ccsim::scenario_readers {

namespace {

// Shapes shown to users whose value is not even of the right kind.
constexpr std::string_view kMinimalStaffingShape = R"(an object like {"humans": 50})";
constexpr std::string_view kFullStaffingShape =
    R"(an object like {"humans": 50} or {"groups": [{"name": "front", "agents": 20}]})";
constexpr std::string_view kGroupsShape =
    R"(a non-empty list of group objects like {"name": "front", "agents": 20})";
constexpr std::string_view kGroupShape = R"(a group object like {"name": "front", "agents": 20})";
constexpr std::string_view kOverflowShape = R"(an object like {"to": "back", "after_s": 60})";
constexpr std::string_view kSlowdownShape = "a non-empty list of numbers in (0, 100]";
constexpr std::string_view kBotsShape = R"(an object like {"concurrency": 20})";

// More chats than anyone holds at once; it also bounds the slowdown list a default fills in.
constexpr int kMaxConcurrentChats = 100;
// f(k) when a group does not say: a chat progresses at full speed however many are open.
constexpr double kNoSlowdown = 1.0;

std::optional<double> slowdown_factor(JsonChecker& checker, const JsonDocument& value,
                                      const JsonPath& where) {
  return checker.number(value, where, kFactor);
}

// A non-empty list of distinct kind names.
std::optional<std::vector<ReasonKind>> read_kinds(const Field& field) {
  const std::string shape =
      "a non-empty list of reason kinds (" + join_words(reason_kind_names()) + ")";
  const JsonDocument* json = field.get(shape);
  if (json == nullptr) return std::nullopt;
  std::array<bool, kReasonKinds> listed{};
  return field.checker().list<ReasonKind>(
      *json, field.where(), shape,
      [&listed](JsonChecker& checker, const JsonDocument& value,
                const JsonPath& where) -> std::optional<ReasonKind> {
        const auto index = checker.choice(value, where, reason_kind_names());
        if (!index) return std::nullopt;
        if (listed[*index]) {
          checker.report(where, "each kind listed once", describe_json(value) + " again");
          return std::nullopt;
        }
        listed[*index] = true;
        return kAllReasonKinds[*index];
      });
}

// {"to": GROUP, "after_s": S} into `group`; `names` are every group's names when all are valid,
// `index` this group's position among them.
void read_overflow(PartReader& part, AgentGroup& group, std::size_t index,
                   const std::optional<std::vector<std::string>>& names) {
  const Field field = part.field("overflow");
  const JsonDocument* json = field.get(kOverflowShape);
  if (json == nullptr) return;
  JsonChecker& checker = part.checker();
  ObjectReader object(checker, *json, field.where(), kOverflowShape);
  PartReader overflow(object);
  const Field to = overflow.field("to", Need::required);
  const std::optional<std::string> target = to.string();
  overflow.number("after_s", kNonNegativeSeconds, group.overflow_after_s);
  object.reject_unknown_keys();
  if (!overflow.valid() || !target) part.invalidate();
  if (!target || !names) return;

  std::vector<std::string> others = *names;
  others.erase(others.begin() + static_cast<std::ptrdiff_t>(index));
  const std::string shown = describe_json(JsonDocument(*target));
  std::optional<std::size_t> found;
  if (others.empty()) {
    checker.report(
        to.where(), "the name of another group",
        shown + (*target == (*names)[index] ? ", the group itself" : " (there is no other group)"));
  } else if (*target == (*names)[index]) {
    checker.report(to.where(), "one of the groups " + join_names(others),
                   shown + ", the group itself");
  } else {
    found = find_name(checker, to.where(), *target, others, "group");
  }
  if (!found) {
    part.invalidate();
    return;
  }
  // Indices of `others` past this group's own are one short of the group's index.
  group.overflow_to = *found < index ? *found : *found + 1;
}

// Sessions one agent holds at once, and how much each slows down with k of them open.
void read_chat_capacity(PartReader& part, AgentGroup& group) {
  JsonChecker& checker = part.checker();
  const Field chats = part.field("max_concurrent_chats");
  const std::optional<int> max_chats = chats.integer<int>(1, kMaxConcurrentChats);
  part.take(chats, max_chats, group.max_concurrent_chats);
  const bool chats_valid = max_chats || !chats.present();
  const auto count = static_cast<std::size_t>(group.max_concurrent_chats);

  const Field slowdown = part.field("chat_slowdown");
  const JsonDocument* json = slowdown.get(kSlowdownShape);
  if (json == nullptr) {
    group.chat_slowdown.assign(count, kNoSlowdown);
    return;
  }
  const auto factors =
      checker.list<double>(*json, slowdown.where(), kSlowdownShape, slowdown_factor);
  if (factors && chats_valid && factors->size() != count) {
    checker.report(slowdown.where(),
                   "a list of " + std::to_string(count) +
                       " numbers in (0, 100], one per chat up to max_concurrent_chats",
                   describe_json(*json));
    part.invalidate();
    return;
  }
  part.take(slowdown, factors, group.chat_slowdown);
}

std::optional<AgentGroup> read_group(JsonChecker& checker, const JsonDocument& json,
                                     const JsonPath& where, std::size_t index,
                                     const std::optional<std::vector<std::string>>& names,
                                     std::vector<std::optional<std::string>>& seen,
                                     std::optional<double> horizon_s) {
  ObjectReader object(checker, json, where, kGroupShape);
  PartReader part(object);
  AgentGroup group;
  const Field name = part.field("name", Need::required);
  const std::optional<std::string> group_name = name.string();
  part.take(name, group_name, group.name);
  if (group_name && !check_unique_name(checker, name.where(), *group_name, seen, "group")) {
    part.invalidate();
  }
  seen.push_back(group_name);
  const Field agents = part.field("agents", Need::required);
  part.take(agents, read_agents(agents, horizon_s), group.agents);
  part.boolean("empathy_trained", group.empathy_trained);
  part.number("cost_per_hour", kMoney, group.cost_per_hour);
  const Field kinds = part.field("kinds");
  part.take(kinds, read_kinds(kinds), group.kinds);
  part.boolean("takes_others", group.takes_others);
  read_overflow(part, group, index, names);
  read_chat_capacity(part, group);
  object.reject_unknown_keys();
  return part.valid() ? std::optional<AgentGroup>(std::move(group)) : std::nullopt;
}

std::optional<std::vector<AgentGroup>> read_groups(const Field& field,
                                                   std::optional<double> horizon_s) {
  const JsonDocument* json = field.get(kGroupsShape);
  if (json == nullptr || !check_list_size(field.checker(), *json, field.where(), "groups")) {
    return std::nullopt;
  }
  // Read first so that a group may overflow to one listed after it.
  const std::optional<std::vector<std::string>> names = peek_names(*json);
  std::vector<std::optional<std::string>> seen;
  std::size_t index = 0;
  auto groups = field.checker().list<AgentGroup>(
      *json, field.where(), kGroupsShape,
      [&](JsonChecker& checker, const JsonDocument& value, const JsonPath& where) {
        return read_group(checker, value, where, index++, names, seen, horizon_s);
      });
  // The limit on agents holds for the centre, not only for each group: the engine keeps a
  // record per agent (and per chat slot) of every group.
  if (groups) {
    double agents = 0.0;
    for (const AgentGroup& group : *groups) {
      agents += *std::max_element(group.agents.values.begin(), group.agents.values.end());
    }
    if (agents > kMaxAgents) {
      field.checker().report(
          field.where(),
          "groups whose largest staffings sum to at most " + std::to_string(kMaxAgents) + " agents",
          format_number(agents) + " agents");
      return std::nullopt;
    }
  }
  return groups;
}

}  // namespace

std::optional<Staffing> read_staffing(const Field& field, Form form,
                                      std::optional<double> horizon_s) {
  const std::string_view shape = form == Form::full ? kFullStaffingShape : kMinimalStaffingShape;
  const JsonDocument* value = field.get(shape);
  if (value == nullptr) return std::nullopt;
  JsonChecker& checker = field.checker();
  ObjectReader object(checker, *value, field.where(), shape);
  PartReader part(object);
  Staffing staffing;
  const Field humans = part.field("humans");
  std::optional<Field> cost;
  std::optional<Field> groups;
  if (form == Form::full) {
    cost = part.field("cost_per_hour");
    groups = part.field("groups");
  }
  object.reject_unknown_keys();

  const bool has_groups = groups && groups->present();
  if (humans.present() && has_groups) {
    checker.report(humans.where(), "either the shorthand humans or groups", "both");
    part.invalidate();
  } else if (has_groups) {
    part.take(*groups, read_groups(*groups, horizon_s), staffing.groups);
  } else if (humans.present()) {
    part.take(humans, read_agents(humans, horizon_s), staffing.humans);
  } else if (object.is_object()) {
    checker.report_missing(humans.where(), kAgentsShape,
                           form == Form::full ? "required without groups" : "required key missing");
    part.invalidate();
  }
  if (cost && cost->present()) {
    if (has_groups && !humans.present()) {
      checker.report_value(cost->where(),
                           "cost_per_hour only beside humans (each group states its own)",
                           *cost->get(""));
      part.invalidate();
    } else {
      part.take(*cost, cost->number(kMoney), staffing.humans_cost_per_hour);
    }
  }
  return part.valid() ? std::optional<Staffing>(std::move(staffing)) : std::nullopt;
}

std::optional<Bots> read_bots(const Field& field) {
  const JsonDocument* json = field.get(kBotsShape);
  if (json == nullptr) return std::nullopt;
  ObjectReader object(field.checker(), *json, field.where(), kBotsShape);
  PartReader part(object);
  Bots bots;
  part.integer<long>("concurrency", 0, std::numeric_limits<long>::max(), bots.concurrency,
                     Need::required);
  part.number("cost_per_session", kMoney, bots.cost_per_session);
  part.number("cost_per_minute", kMoney, bots.cost_per_minute);
  part.number("cost_per_day", kMoney, bots.cost_per_day);
  part.boolean("discloses_bot", bots.discloses_bot);
  part.boolean("offers_human", bots.offers_human);
  object.reject_unknown_keys();
  return part.valid() ? std::optional<Bots>(bots) : std::nullopt;
}

}  // namespace ccsim::scenario_readers
