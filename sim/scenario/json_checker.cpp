// The JSON checker proper: typed checks, object readers, problems in document order.
#include "ccsim/scenario/json_checker.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace ccsim {

namespace {

// The int64 and uint64 limits as doubles (both exact powers of two).
constexpr double kTwoPow64 = 18446744073709551616.0;
constexpr double kTwoPow63 = 9223372036854775808.0;
// Position given to a key that is absent: after every key its object does have.
constexpr std::size_t kAfterEverything = static_cast<std::size_t>(-1);

// A JSON number with no fractional part, classified against the 64-bit integer types.
struct WholeNumber {
  enum class Kind { negative, non_negative, too_small, too_large, not_whole } kind;
  std::int64_t negative = 0;
  std::uint64_t non_negative = 0;
};

WholeNumber classify(const JsonDocument& value) {
  using Kind = WholeNumber::Kind;
  if (value.is_number_unsigned()) return {Kind::non_negative, 0, value.get<std::uint64_t>()};
  if (value.is_number_integer()) {
    const auto v = value.get<std::int64_t>();
    if (v < 0) return {Kind::negative, v, 0};
    return {Kind::non_negative, 0, static_cast<std::uint64_t>(v)};
  }
  const double v = value.get<double>();
  if (!std::isfinite(v) || std::floor(v) != v) return {Kind::not_whole};
  if (v >= kTwoPow64) return {Kind::too_large};
  if (v < -kTwoPow63) return {Kind::too_small};
  if (v < 0) return {Kind::negative, static_cast<std::int64_t>(v), 0};
  return {Kind::non_negative, 0, static_cast<std::uint64_t>(v)};
}

// What is wrong with an integer against [min, max]: nothing, too low, or too high.
enum class Fit { inside, below, above, not_integer };

Fit fit_signed(const WholeNumber& w, std::int64_t min, std::int64_t max) {
  using Kind = WholeNumber::Kind;
  switch (w.kind) {
    case Kind::not_whole:
      return Fit::not_integer;
    case Kind::too_small:
      return Fit::below;
    case Kind::too_large:
      return Fit::above;
    case Kind::negative:
      return w.negative < min ? Fit::below : w.negative > max ? Fit::above : Fit::inside;
    case Kind::non_negative:
      if (min >= 0 && w.non_negative < static_cast<std::uint64_t>(min)) return Fit::below;
      if (max < 0 || w.non_negative > static_cast<std::uint64_t>(max)) return Fit::above;
      return Fit::inside;
  }
  return Fit::not_integer;
}

Fit fit_unsigned(const WholeNumber& w, std::uint64_t min, std::uint64_t max) {
  using Kind = WholeNumber::Kind;
  switch (w.kind) {
    case Kind::not_whole:
      return Fit::not_integer;
    case Kind::too_small:
    case Kind::negative:
      return Fit::below;
    case Kind::too_large:
      return Fit::above;
    case Kind::non_negative:
      return w.non_negative < min ? Fit::below : w.non_negative > max ? Fit::above : Fit::inside;
  }
  return Fit::not_integer;
}

// Position of `key` among the keys of `object`, in document order.
std::optional<std::size_t> key_position(const JsonDocument& object, std::string_view key) {
  std::size_t position = 0;
  for (auto it = object.begin(); it != object.end(); ++it, ++position) {
    if (it.key() == key) return position;
  }
  return std::nullopt;
}

std::optional<std::size_t> array_position(const JsonDocument& array, std::string_view token) {
  std::size_t index = 0;
  const auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), index);
  if (error != std::errc{} || end != token.data() + token.size() || index >= array.size()) {
    return std::nullopt;
  }
  return index;
}

}  // namespace

void JsonChecker::report(const JsonPath& where, std::string_view expected, std::string_view got) {
  std::string text = where.to_string();
  text += ": expected ";
  text += expected;
  text += ", got ";
  text += got;
  problems_.push_back(Problem{document_order(where), std::move(text)});
}

void JsonChecker::report_missing(const JsonPath& where, std::string_view expected,
                                 std::string_view why) {
  report(where, expected, "nothing (" + std::string(why) + ")");
}

std::vector<std::string> JsonChecker::lines(std::string_view file_label) const {
  std::vector<const Problem*> sorted;
  sorted.reserve(problems_.size());
  for (const Problem& problem : problems_) sorted.push_back(&problem);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Problem* a, const Problem* b) { return a->order < b->order; });
  std::vector<std::string> result;
  result.reserve(sorted.size());
  for (const Problem* problem : sorted) {
    result.push_back(std::string(file_label) + ": " + problem->text);
  }
  return result;
}

std::vector<std::size_t> JsonChecker::document_order(const JsonPath& where) const {
  std::vector<std::size_t> order;
  const JsonDocument* node = &root_;
  for (const std::string& token : where.tokens()) {
    std::optional<std::size_t> position;
    if (node != nullptr && node->is_object()) {
      position = key_position(*node, token);
      if (position) node = &(*node)[token];
    } else if (node != nullptr && node->is_array()) {
      position = array_position(*node, token);
      if (position) node = &(*node)[*position];
    }
    if (!position) node = nullptr;
    order.push_back(position.value_or(kAfterEverything));
  }
  return order;
}

std::optional<double> JsonChecker::number(const JsonDocument& value, const JsonPath& where,
                                          const NumberRange& range) {
  if (!value.is_number() || !std::isfinite(value.get<double>()) ||
      !range.contains(value.get<double>())) {
    report_value(where, range.describe(), value);
    return std::nullopt;
  }
  return value.get<double>();
}

std::optional<std::int64_t> JsonChecker::signed_integer(const JsonDocument& value,
                                                        const JsonPath& where, std::int64_t min,
                                                        std::int64_t max, bool open_ended) {
  const Fit fit = value.is_number() ? fit_signed(classify(value), min, max) : Fit::not_integer;
  if (fit == Fit::inside) {
    return value.is_number_float() ? static_cast<std::int64_t>(value.get<double>())
                                   : value.get<std::int64_t>();
  }
  report_value(where, describe_integer_range(min, max, !open_ended || fit == Fit::above), value);
  return std::nullopt;
}

std::optional<std::uint64_t> JsonChecker::unsigned_integer(const JsonDocument& value,
                                                           const JsonPath& where, std::uint64_t min,
                                                           std::uint64_t max, bool open_ended) {
  const Fit fit = value.is_number() ? fit_unsigned(classify(value), min, max) : Fit::not_integer;
  if (fit == Fit::inside) {
    return value.is_number_float() ? static_cast<std::uint64_t>(value.get<double>())
                                   : value.get<std::uint64_t>();
  }
  report_value(where, describe_integer_range(min, max, !open_ended || fit == Fit::above), value);
  return std::nullopt;
}

std::optional<std::string> JsonChecker::string(const JsonDocument& value, const JsonPath& where,
                                               bool allow_empty) {
  if (!value.is_string() || (!allow_empty && value.get_ref<const std::string&>().empty())) {
    report_value(where, allow_empty ? "a string" : "a non-empty string", value);
    return std::nullopt;
  }
  return value.get<std::string>();
}

std::optional<std::size_t> JsonChecker::choice(const JsonDocument& value, const JsonPath& where,
                                               std::span<const std::string> choices) {
  const std::string expected = "one of " + join_words(choices);
  if (!value.is_string()) {
    report_value(where, expected, value);
    return std::nullopt;
  }
  const auto& text = value.get_ref<const std::string&>();
  const auto found = std::find(choices.begin(), choices.end(), text);
  if (found != choices.end()) return static_cast<std::size_t>(found - choices.begin());
  std::string got = describe_json(value);
  if (const std::string near = closest_match(text, choices); !near.empty()) {
    got += " (did you mean \"" + near + "\"?)";
  }
  report(where, expected, got);
  return std::nullopt;
}

const JsonDocument* Field::get(std::string_view expected) const {
  if (value_ == nullptr && required_) checker_->report_missing(where_, expected);
  return value_;
}

std::optional<double> Field::number(const NumberRange& range) const {
  const JsonDocument* value = get(range.describe());
  return value ? checker_->number(*value, where_, range) : std::nullopt;
}

std::optional<std::string> Field::string(bool allow_empty) const {
  const JsonDocument* value = get(allow_empty ? "a string" : "a non-empty string");
  return value ? checker_->string(*value, where_, allow_empty) : std::nullopt;
}

std::optional<std::size_t> Field::choice(std::span<const std::string> choices) const {
  const JsonDocument* value = get("one of " + join_words(choices));
  return value ? checker_->choice(*value, where_, choices) : std::nullopt;
}

ObjectReader::ObjectReader(JsonChecker& checker, const JsonDocument& value, JsonPath where,
                           std::string_view expected)
    : checker_(&checker), where_(std::move(where)) {
  if (value.is_object()) {
    object_ = &value;
  } else {
    checker.report_value(where_, expected, value);
  }
}

void ObjectReader::allow(std::string_view key) {
  if (std::find(known_.begin(), known_.end(), key) == known_.end()) known_.emplace_back(key);
}

Field ObjectReader::optional(std::string_view key) {
  return field(key, false);
}

// Under a value that is not an object, a missing key would only repeat the first problem.
Field ObjectReader::required(std::string_view key) {
  return field(key, object_ != nullptr);
}

Field ObjectReader::field(std::string_view key, bool required) {
  allow(key);
  const JsonDocument* value = nullptr;
  if (object_ != nullptr) {
    if (const auto it = object_->find(std::string(key)); it != object_->end()) value = &*it;
  }
  return Field(*checker_, value, where_ / key, required);
}

void ObjectReader::reject_unknown_keys(std::string_view context) {
  if (object_ == nullptr) return;
  std::string expected = known_.empty() ? "no keys" : "one of the keys " + join_words(known_);
  if (!context.empty()) {
    expected += ' ';
    expected += context;
  }
  for (auto it = object_->begin(); it != object_->end(); ++it) {
    const std::string& key = it.key();
    if (std::find(known_.begin(), known_.end(), key) != known_.end()) continue;
    std::string got = "unknown key " + describe_json(JsonDocument(key));
    if (const std::string near = closest_match(key, known_); !near.empty()) {
      got += " (did you mean \"" + near + "\"?)";
    }
    checker_->report(where_ / key, expected, got);
  }
}

}  // namespace ccsim
