// Who contacts the centre and why: the reasons for contact and the population's segments.
#include <limits>

#include "scenario/scenario_readers.hpp"

namespace ccsim::scenario_readers {

namespace {

// Shapes shown to users whose value is not even of the right kind.
constexpr std::string_view kReasonShape =
    R"(a reason object like {"name": "billing", "human_handle_s": )"
    R"({"dist": "exponential", "mean": 300}})";
constexpr std::string_view kSegmentsShape =
    R"(a non-empty list of segment objects like {"name": "all", "reasons": {"billing": 1}})";
constexpr std::string_view kSegmentShape =
    R"(a segment object like {"name": "all", "reasons": {"billing": 1}})";
constexpr std::string_view kMixShape =
    R"(a non-empty object of reason probabilities like {"billing": 0.7, "outage": 0.3})";

// The index in `values` of the name read from `field`, as the enumeration value.
template <typename Enum, std::size_t N>
void read_enum(PartReader& part, std::string_view key, const std::array<Enum, N>& values,
               const std::vector<std::string>& names, Enum& target) {
  const Field field = part.field(key);
  const std::optional<std::size_t> index = field.choice(names);
  part.take(field, index ? std::optional<Enum>(values[*index]) : std::nullopt, target);
}

std::optional<Reason> read_reason(JsonChecker& checker, const JsonDocument& json,
                                  const JsonPath& where,
                                  std::optional<std::string_view> bot_strategy,
                                  std::vector<std::optional<std::string>>& seen) {
  ObjectReader object(checker, json, where, kReasonShape);
  PartReader part(object);
  Reason reason;
  const Field name = part.field("name", Need::required);
  const std::optional<std::string> reason_name = name.string();
  part.take(name, reason_name, reason.name);
  if (reason_name && !check_unique_name(checker, name.where(), *reason_name, seen, "reason")) {
    part.invalidate();
  }
  seen.push_back(reason_name);
  read_enum(part, "kind", kAllReasonKinds, reason_kind_names(), reason.kind);
  read_enum(part, "channel", kAllChannels, channel_names(), reason.channel);
  part.distribution("human_handle_s", ZeroMean::forbidden, reason.human_handle_s, Need::required);
  const Field bot = part.field("bot_handle_s");
  if (!bot.present() && bot_strategy && object.is_object()) {
    checker.report_missing(
        bot.where(), kDistributionShape,
        "required when routing.strategy is \"" + std::string(*bot_strategy) + "\"");
    part.invalidate();
  } else {
    part.take(bot, read_distribution(bot, ZeroMean::forbidden), reason.bot_handle_s);
  }
  part.probability("bot_resolution", reason.bot_resolution);
  part.probability("human_resolution", reason.human_resolution);
  check_free_text(object.optional("description"));
  check_free_text(object.optional("sources"));
  object.reject_unknown_keys();
  return part.valid() ? std::optional<Reason>(std::move(reason)) : std::nullopt;
}

// {"REASON": P, ...} as P indexed like the reasons, 0 for reasons not listed.
std::optional<std::vector<double>> read_reason_mix(
    const Field& field, const std::optional<std::vector<std::string>>& reason_names) {
  const JsonDocument* json = field.get(kMixShape);
  if (json == nullptr) return std::nullopt;
  JsonChecker& checker = field.checker();
  if (!json->is_object() || json->empty()) {
    checker.report_value(field.where(), kMixShape, *json);
    return std::nullopt;
  }
  // Without valid reasons (reported where they are) no name here can be judged.
  std::vector<double> mix(reason_names ? reason_names->size() : 0, 0.0);
  double total = 0.0;
  bool valid = reason_names.has_value();
  for (auto it = json->begin(); it != json->end(); ++it) {
    const JsonPath where = field.where() / it.key();
    const std::optional<double> probability = checker.number(it.value(), where, kProbability);
    std::optional<std::size_t> index;
    if (reason_names) index = find_name(checker, where, it.key(), *reason_names, "reason");
    if (!probability || !index) {
      valid = false;
      continue;
    }
    mix[*index] = *probability;
    total += *probability;
  }
  if (!valid || !check_sums_to_one(checker, field.where(), "probabilities", total)) {
    return std::nullopt;
  }
  return mix;
}

// The shares read so far: their total, as long as every one is known.
struct ShareTotal {
  double total = 0.0;
  bool known = true;
};

std::optional<Segment> read_segment(JsonChecker& checker, const JsonDocument& json,
                                    const JsonPath& where,
                                    const std::optional<std::vector<std::string>>& reason_names,
                                    std::vector<std::optional<std::string>>& seen,
                                    ShareTotal& shares, std::optional<double> horizon_s) {
  ObjectReader object(checker, json, where, kSegmentShape);
  PartReader part(object);
  Segment segment;
  const Field name = part.field("name", Need::required);
  const std::optional<std::string> segment_name = name.string();
  part.take(name, segment_name, segment.name);
  if (segment_name && !check_unique_name(checker, name.where(), *segment_name, seen, "segment")) {
    part.invalidate();
  }
  seen.push_back(segment_name);
  const Field share = part.field("share");
  const std::optional<double> share_value = share.number(kProbability);
  part.take(share, share_value, segment.share);
  shares.known = shares.known && object.is_object() && (share_value || !share.present());
  shares.total += segment.share;
  part.distribution("patience_s", ZeroMean::allowed, segment.patience_s);
  part.distribution("bot_patience_s", ZeroMean::allowed, segment.bot_patience_s);
  part.probability("human_preference", segment.human_preference);
  const Field mix = part.field("reasons", Need::required);
  part.take(mix, read_reason_mix(mix, reason_names), segment.reason_mix);
  part.probability("p_frustrated", segment.p_frustrated);
  part.integer<int>("priority", 0, std::numeric_limits<int>::max(), segment.priority);
  part.probability("callback_acceptance", segment.callback_acceptance);
  for (const auto& [key, target] : {std::pair{"handle_factor", &segment.handle_factor},
                                    {"patience_factor", &segment.patience_factor}}) {
    const Field factor = part.field(key);
    if (factor.present()) part.take(factor, read_factors(factor, horizon_s), *target);
  }
  check_free_text(object.optional("description"));
  check_free_text(object.optional("sources"));
  object.reject_unknown_keys();
  return part.valid() ? std::optional<Segment>(std::move(segment)) : std::nullopt;
}

}  // namespace

Reasons read_reasons(const Field& field, std::optional<std::string_view> bot_strategy) {
  const JsonDocument* json = field.get(kReasonsShape);
  if (json == nullptr || !check_list_size(field.checker(), *json, field.where(), "reasons")) {
    return {};
  }
  Reasons result;
  result.names = peek_names(*json);
  std::vector<std::optional<std::string>> seen;
  result.reasons = field.checker().list<Reason>(
      *json, field.where(), kReasonsShape,
      [&](JsonChecker& checker, const JsonDocument& value, const JsonPath& where) {
        return read_reason(checker, value, where, bot_strategy, seen);
      });
  return result;
}

std::optional<std::vector<Segment>> read_population(
    const Field& field, const std::optional<std::vector<std::string>>& reason_names,
    std::optional<double> horizon_s) {
  const JsonDocument* json = field.get(kPopulationShape);
  if (json == nullptr) return std::nullopt;
  JsonChecker& checker = field.checker();
  ObjectReader object(checker, *json, field.where(), kPopulationShape);
  const Field segments = object.required("segments");
  object.reject_unknown_keys();
  const JsonDocument* list = segments.get(kSegmentsShape);
  if (list == nullptr || !check_list_size(checker, *list, segments.where(), "segments")) {
    return std::nullopt;
  }
  std::vector<std::optional<std::string>> seen;
  ShareTotal shares;
  auto result = checker.list<Segment>(
      *list, segments.where(), kSegmentsShape,
      [&](JsonChecker& list_checker, const JsonDocument& value, const JsonPath& where) {
        return read_segment(list_checker, value, where, reason_names, seen, shares, horizon_s);
      });
  // Checked even when a segment has other problems: every problem is reported at once. Shares
  // that do not add up are rejected, never normalised.
  const bool read_any = list->is_array() && !list->empty();
  if (read_any && shares.known &&
      !check_sums_to_one(checker, segments.where(), "shares", shares.total)) {
    return std::nullopt;
  }
  return result;
}

}  // namespace ccsim::scenario_readers
