// Validation of a parsed JSON document against what a file format expects. Every problem is
// collected with the JSON pointer (RFC 6901) of the value at fault, so a user sees all of them
// at once, in document order, as "POINTER: expected …, got …".
//
// Typical use, one reader per JSON object:
//
//   JsonChecker checker(document);
//   ObjectReader root(checker, document, JsonPath{}, "a scenario object");
//   auto horizon = root.required("horizon_s").number(NumberRange::greater_than(0.0));
//   auto seed = root.optional("seed").integer<std::uint64_t>(0);
//   root.reject_unknown_keys();  // every key not asked for above is reported, with a suggestion
//
// Adding a key to a format is one more `optional(...)` or `required(...)` line: the list of
// valid keys in "unknown key" messages follows automatically.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace ccsim {

// Objects keep their keys in document order, which is the order problems are reported in.
using JsonDocument = nlohmann::ordered_json;

// Parses `text`; on failure returns nullopt and sets `problem` to
// "expected valid JSON, got a syntax error at line L, column C: DETAIL" (or "got an empty file").
std::optional<JsonDocument> parse_json(std::string_view text, std::string& problem);

// Empties `document` container by container. The JSON library destroys a container by first
// moving all its elements onto a stack of the same size, so a long list (a schedule of millions
// of rates) costs its size twice at the moment it is freed; this frees it at no extra cost.
void release_json(JsonDocument& document);

// A location in a document as a list of reference tokens.
class JsonPath {
 public:
  JsonPath operator/(std::string_view key) const;
  JsonPath operator/(std::size_t index) const;
  const std::vector<std::string>& tokens() const { return tokens_; }
  // The RFC 6901 pointer ("~" as "~0", "/" as "~1"), "/" for the root. Control characters are
  // written as JSON escapes so that a problem always stays on one line.
  std::string to_string() const;

 private:
  std::vector<std::string> tokens_;
};

// Where `text`, valid JSON, repeats a key within one object: the parser keeps the last value
// and silently drops the others, so a format reports each repeat as a problem. In document
// order; a key repeated twice is listed twice.
std::vector<JsonPath> duplicate_keys(std::string_view text);

// How a value is shown after "got": scalars as JSON (long strings shortened), containers by
// their size, so that a huge or deeply nested value never floods the message.
std::string describe_json(const JsonDocument& value);
// "an integer >= MIN", or "an integer in [MIN, MAX]" when `show_max`.
template <typename T>
std::string describe_integer_range(T min, T max, bool show_max);
// `text` cut to at most `limit` bytes, without splitting a UTF-8 sequence, ending with an
// ellipsis and `closing` when cut.
std::string shorten(std::string text, std::size_t limit, std::string_view closing = {});
// Shortest decimal text that reads back as `value` ("36000", "0.95").
std::string format_number(double value);
// Candidates joined as "a, b, c".
std::string join_words(std::span<const std::string> words);
// A name taken from the document (a reason's, a group's), as a message shows it unquoted:
// control characters escaped as in JSON, so that the message stays on one line, and a long name
// shortened like any value.
std::string display_name(std::string_view name);
// Names from the document joined as "a, b, c", each as display_name shows it.
std::string join_names(std::span<const std::string> names);
// The candidate closest to `word` by edit distance (case-insensitive, a transposition counting
// as one edit), if close enough to be a likely typo; otherwise empty.
std::string closest_match(std::string_view word, std::span<const std::string> candidates);

// An end of a numeric range; `label` names it in messages ("horizon_s = 36000").
struct Bound {
  double value = 0.0;
  bool inclusive = true;
  std::string label;
};

// An interval of accepted numbers; its description ("a number in [0, 1)") goes into messages.
struct NumberRange {
  std::optional<Bound> low;
  std::optional<Bound> high;

  static NumberRange any() { return {}; }
  static NumberRange at_least(double low) { return {Bound{low, true, {}}, {}}; }
  static NumberRange greater_than(double low) { return {Bound{low, false, {}}, {}}; }
  NumberRange below(double high, std::string label = {}) const;    // adds "< high"
  NumberRange at_most(double high, std::string label = {}) const;  // adds "<= high"

  bool contains(double value) const;
  // "a number >= 0", "a number in (0, 1)", "a number in [0, horizon_s = 36000)".
  std::string describe(std::string_view noun = "a number") const;
};

// The collected problems of one document.
class JsonChecker {
 public:
  explicit JsonChecker(const JsonDocument& root) : root_(root) {}

  void report(const JsonPath& where, std::string_view expected, std::string_view got);
  void report_value(const JsonPath& where, std::string_view expected, const JsonDocument& got) {
    report(where, expected, describe_json(got));
  }
  void report_missing(const JsonPath& where, std::string_view expected,
                      std::string_view why = "required key missing");

  bool has_problems() const { return !problems_.empty(); }
  // One line per problem, "LABEL: POINTER: expected …, got …", in document order; a problem
  // about a missing key comes after the other problems of the object it is missing from.
  std::vector<std::string> lines(std::string_view file_label) const;

  // Checks of one value. Each returns the value when it passes; otherwise records why at
  // `where` and returns nullopt. Booleans are never numbers; integers may be written 3 or 3.0.
  std::optional<double> number(const JsonDocument& value, const JsonPath& where,
                               const NumberRange& range);
  template <typename T>
  std::optional<T> integer(const JsonDocument& value, const JsonPath& where, T min,
                           T max = std::numeric_limits<T>::max());
  std::optional<std::string> string(const JsonDocument& value, const JsonPath& where,
                                    bool allow_empty = false);
  // Index of the string `value` in `choices`, with a did-you-mean when it is a near miss.
  std::optional<std::size_t> choice(const JsonDocument& value, const JsonPath& where,
                                    std::span<const std::string> choices);
  // A non-empty list whose every element passes `element`, called as
  // element(checker, value, path) -> std::optional<T>; otherwise "expected EXPECTED, got …".
  template <typename T, typename Check>
  std::optional<std::vector<T>> list(const JsonDocument& value, const JsonPath& where,
                                     std::string_view expected, Check element);

 private:
  struct Problem {
    std::vector<std::size_t> order;  // position of `where` in the document, for sorting
    std::string text;                // "POINTER: expected …, got …"
  };
  std::vector<std::size_t> document_order(const JsonPath& where) const;
  // `open_ended`: `max` is only the limit of the destination type, so messages leave it out
  // unless the value exceeds it.
  std::optional<std::int64_t> signed_integer(const JsonDocument& value, const JsonPath& where,
                                             std::int64_t min, std::int64_t max, bool open_ended);
  std::optional<std::uint64_t> unsigned_integer(const JsonDocument& value, const JsonPath& where,
                                                std::uint64_t min, std::uint64_t max,
                                                bool open_ended);

  const JsonDocument& root_;
  std::vector<Problem> problems_;
};

// One key of an object being read: present or not, required or not.
class Field {
 public:
  Field(JsonChecker& checker, const JsonDocument* value, JsonPath where, bool required)
      : checker_(&checker), value_(value), where_(std::move(where)), required_(required) {}

  bool present() const { return value_ != nullptr; }
  bool required() const { return required_; }
  const JsonPath& where() const { return where_; }
  JsonChecker& checker() const { return *checker_; }
  // The value, or nullptr, reporting nothing.
  const JsonDocument* value() const { return value_; }
  // The value, or nullptr; a missing required key is reported as "expected EXPECTED, got
  // nothing (required key missing)".
  const JsonDocument* get(std::string_view expected) const;

  // The typed checks of JsonChecker; an absent key gives nullopt (reported when required).
  std::optional<double> number(const NumberRange& range) const;
  template <typename T>
  std::optional<T> integer(T min, T max = std::numeric_limits<T>::max()) const;
  std::optional<std::string> string(bool allow_empty = false) const;
  std::optional<std::size_t> choice(std::span<const std::string> choices) const;

 private:
  JsonChecker* checker_;
  const JsonDocument* value_;
  JsonPath where_;
  bool required_;
};

// Reads the keys of one JSON object and reports the keys nobody asked for.
class ObjectReader {
 public:
  // A value that is not an object is reported as "expected EXPECTED, got …"; the reader then
  // yields absent fields and reports nothing more.
  ObjectReader(JsonChecker& checker, const JsonDocument& value, JsonPath where,
               std::string_view expected = "an object");

  bool is_object() const { return object_ != nullptr; }
  const JsonPath& where() const { return where_; }
  JsonChecker& checker() const { return *checker_; }

  // Declares `key` valid here and returns it.
  Field optional(std::string_view key);
  Field required(std::string_view key);
  // Declares `key` valid without reading it (documentation keys, keys read by someone else).
  void allow(std::string_view key);

  // Reports every key not declared, as "expected one of the keys K1, K2[ CONTEXT], got unknown
  // key "X" (did you mean "K"?)". Call once, after the last `optional`/`required`/`allow`.
  void reject_unknown_keys(std::string_view context = {});

 private:
  Field field(std::string_view key, bool required);

  JsonChecker* checker_;
  const JsonDocument* object_ = nullptr;
  JsonPath where_;
  std::vector<std::string> known_;
};

// Template definitions.

template <typename T>
std::optional<T> JsonChecker::integer(const JsonDocument& value, const JsonPath& where, T min,
                                      T max) {
  static_assert(std::is_integral_v<T> && !std::is_same_v<T, bool>);
  const bool open_ended = max == std::numeric_limits<T>::max();
  if constexpr (std::is_signed_v<T>) {
    const auto result = signed_integer(value, where, min, max, open_ended);
    return result ? std::optional<T>(static_cast<T>(*result)) : std::nullopt;
  } else {
    const auto result = unsigned_integer(value, where, min, max, open_ended);
    return result ? std::optional<T>(static_cast<T>(*result)) : std::nullopt;
  }
}

template <typename T, typename Check>
std::optional<std::vector<T>> JsonChecker::list(const JsonDocument& value, const JsonPath& where,
                                                std::string_view expected, Check element) {
  if (!value.is_array() || value.empty()) {
    report_value(where, expected, value);
    return std::nullopt;
  }
  std::vector<T> result;
  result.reserve(value.size());
  bool all_valid = true;
  for (std::size_t i = 0; i < value.size(); ++i) {
    std::optional<T> item = element(*this, value[i], where / i);
    if (item) {
      result.push_back(*item);
    } else {
      all_valid = false;
    }
  }
  return all_valid ? std::optional<std::vector<T>>(std::move(result)) : std::nullopt;
}

template <typename T>
std::string describe_integer_range(T min, T max, bool show_max) {
  if (!show_max) return "an integer >= " + std::to_string(min);
  return "an integer in [" + std::to_string(min) + ", " + std::to_string(max) + "]";
}

template <typename T>
std::optional<T> Field::integer(T min, T max) const {
  const JsonDocument* value =
      get(describe_integer_range(min, max, max != std::numeric_limits<T>::max()));
  return value ? checker_->integer<T>(*value, where_, min, max) : std::nullopt;
}

}  // namespace ccsim
