// Parsing of JSON text, with failures reported by line and column like any other problem.
#include "ccsim/scenario/json_checker.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <exception>
#include <unordered_set>
#include <utility>

#include "scenario/utf8_text.hpp"

namespace ccsim {

namespace {

// Longest parser detail shown; the rest is cut with an ellipsis.
constexpr std::size_t kMaxDetailBytes = 200;
// Deepest nesting of arrays and objects accepted. nlohmann copies a nested value recursively
// when the object holding it grows, so a document nested 100000 deep would exhaust the stack;
// no file format of ours needs more than a handful of levels.
constexpr std::size_t kMaxNestingDepth = 100;
// Most keys in one object. The JSON library keeps an object's keys in document order and finds
// each new one by a linear search, so an object of n keys costs n^2 / 2 comparisons: two million
// keys took minutes. No format of ours has an object of more than a few dozen keys; names (of
// segments, reasons, groups) are values in lists, at most 1000 of them.
constexpr std::size_t kMaxObjectKeys = 10000;

// Length of the well-formed UTF-8 sequence starting at text[i] (Unicode 15, table 3-7), or 0.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) {
    return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0u;
  };
  const auto in = [](unsigned value, unsigned low, unsigned high) {
    return value >= low && value <= high;
  };
  const unsigned lead = byte(0);
  if (lead < 0x80) return 1;
  // The ranges of the second byte exclude overlong forms, surrogates and code points > U+10FFFF.
  unsigned second_low = 0x80;
  unsigned second_high = 0xBF;
  std::size_t length = 0;
  if (in(lead, 0xC2, 0xDF)) {
    length = 2;
  } else if (in(lead, 0xE0, 0xEF)) {
    length = 3;
    if (lead == 0xE0) second_low = 0xA0;
    if (lead == 0xED) second_high = 0x9F;
  } else if (in(lead, 0xF0, 0xF4)) {
    length = 4;
    if (lead == 0xF0) second_low = 0x90;
    if (lead == 0xF4) second_high = 0x8F;
  } else {
    return 0;
  }
  if (!in(byte(1), second_low, second_high)) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if (!in(byte(k), 0x80, 0xBF)) return 0;
  }
  return length;
}

}  // namespace

std::string escape_invalid_utf8(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) {
      std::array<char, 8> buffer{};
      std::snprintf(buffer.data(), buffer.size(), "\\x%02X",
                    static_cast<unsigned>(static_cast<unsigned char>(text[i])));
      out += buffer.data();
      ++i;
    } else {
      out.append(text, i, length);
      i += length;
    }
  }
  return out;
}

namespace {

// Finds where the parser gave up. nlohmann's DOM parser reports some failures (a number too
// large for a double) without a position, so the text is parsed a second time, event by event,
// keeping the byte offset of the failure.
class ErrorLocator : public nlohmann::json_sax<JsonDocument> {
 public:
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& error) override {
    position_ = position;
    detail_ = error.what();
    return false;
  }

  std::size_t position() const { return position_; }
  const std::string& detail() const { return detail_; }

 private:
  std::size_t position_ = 0;
  std::string detail_;
};

// Walks the document event by event, keeping the path to the current value and the keys seen
// in each open object.
class DuplicateFinder : public nlohmann::json_sax<JsonDocument> {
 public:
  bool null() override { return value(); }
  bool boolean(bool) override { return value(); }
  bool number_integer(number_integer_t) override { return value(); }
  bool number_unsigned(number_unsigned_t) override { return value(); }
  bool number_float(number_float_t, const string_t&) override { return value(); }
  bool string(string_t&) override { return value(); }
  bool binary(binary_t&) override { return value(); }
  bool start_object(std::size_t) override {
    value();
    open_.emplace_back(true);
    return true;
  }
  bool key(string_t& key) override {
    Container& object = open_.back();
    object.key = key;
    if (!object.keys.insert(key).second) found_.push_back(path());
    return true;
  }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override {
    value();
    open_.emplace_back(false);
    return true;
  }
  bool end_array() override { return close(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

  std::vector<JsonPath>& found() { return found_; }

 private:
  struct Container {
    explicit Container(bool is_object) : object(is_object) {}
    bool object;
    std::size_t next_index = 0;  // arrays: the index of the next element
    std::string key;             // objects: the current key
    std::unordered_set<std::string> keys;
  };

  // A value starts: in an array, it is the next element.
  bool value() {
    if (!open_.empty() && !open_.back().object) ++open_.back().next_index;
    return true;
  }
  bool close() {
    open_.pop_back();
    return true;
  }
  JsonPath path() const {
    JsonPath where;
    for (const Container& c : open_) where = c.object ? where / c.key : where / (c.next_index - 1);
    return where;
  }

  std::vector<Container> open_;
  std::vector<JsonPath> found_;
};

// nlohmann's message without its "[json.exception.…] " tag and its own "parse error at line …:"
// prefix, which is replaced by a position computed the same way for every kind of failure.
std::string strip_parser_prefix(std::string message) {
  if (const std::size_t tag_end = message.find("] ");
      message.starts_with("[json.exception.") && tag_end != std::string::npos) {
    message.erase(0, tag_end + 2);
  }
  if (message.starts_with("parse error")) {
    if (const std::size_t colon = message.find(": "); colon != std::string::npos) {
      message.erase(0, colon + 2);
    }
  }
  return message;
}

struct LineColumn {
  std::size_t line = 1;
  std::size_t column = 1;
};

// The parser's position counts the characters read, the offending one included.
LineColumn line_column(std::string_view text, std::size_t chars_read) {
  const std::size_t offending = std::min(chars_read > 0 ? chars_read - 1 : 0, text.size());
  LineColumn at;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offending; ++i) {
    if (text[i] == '\n') {
      ++at.line;
      line_start = i + 1;
    }
  }
  at.column = offending - line_start + 1;
  return at;
}

// What a scan of the text before parsing finds past the limits: the offset of the first bracket
// nested deeper than kMaxNestingDepth, or of the first key past kMaxObjectKeys in one object.
struct ShapeProblem {
  std::size_t offset = 0;
  bool too_deep = false;  // else: too many keys
};

std::optional<ShapeProblem> shape_problem(std::string_view text) {
  // One entry per open container: true for an object, with its keys so far.
  std::vector<std::pair<bool, std::size_t>> open;
  bool in_string = false;
  bool escaped = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (open.size() >= kMaxNestingDepth) return ShapeProblem{i, true};
      open.emplace_back(c == '{', 0);
    } else if ((c == ']' || c == '}') && !open.empty()) {
      open.pop_back();
    } else if (c == ':' && !open.empty() && open.back().first) {
      // Outside strings, a colon in an object follows a key.
      if (++open.back().second > kMaxObjectKeys) return ShapeProblem{i, false};
    }
  }
  return std::nullopt;
}

}  // namespace

std::vector<JsonPath> duplicate_keys(std::string_view text) {
  DuplicateFinder finder;
  try {
    JsonDocument::sax_parse(text.begin(), text.end(), &finder);
  } catch (const std::exception&) {
    // Invalid text has no keys to speak of; parse_json reports why.
  }
  return std::move(finder.found());
}

void release_json(JsonDocument& document) {
  // Only containers are ever moved here, one handle each: nested ones are emptied in turn, so
  // every container is destroyed empty and the library's own stack stays empty.
  std::vector<JsonDocument> pending;
  pending.push_back(std::move(document));
  document = JsonDocument();
  while (!pending.empty()) {
    JsonDocument container = std::move(pending.back());
    pending.pop_back();
    if (container.is_array()) {
      auto& elements = container.get_ref<JsonDocument::array_t&>();
      for (JsonDocument& element : elements) {
        if (element.is_structured() && !element.empty()) pending.push_back(std::move(element));
      }
      JsonDocument::array_t().swap(elements);
    } else if (container.is_object()) {
      auto& members = container.get_ref<JsonDocument::object_t&>();
      for (auto& member : members) {
        if (member.second.is_structured() && !member.second.empty()) {
          pending.push_back(std::move(member.second));
        }
      }
      JsonDocument::object_t().swap(members);
    }
  }
}

std::optional<JsonDocument> parse_json(std::string_view text, std::string& problem) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    problem = "expected valid JSON, got an empty file";
    return std::nullopt;
  }
  if (const auto shape = shape_problem(text)) {
    const LineColumn at = line_column(text, shape->offset + 1);
    const std::string where =
        " at line " + std::to_string(at.line) + ", column " + std::to_string(at.column);
    problem = shape->too_deep ? "expected JSON nested at most " +
                                    std::to_string(kMaxNestingDepth) +
                                    " levels deep, got deeper nesting" + where
                              : "expected objects of at most " + std::to_string(kMaxObjectKeys) +
                                    " keys, got more" + where;
    return std::nullopt;
  }
  try {
    return JsonDocument::parse(text.begin(), text.end());
  } catch (const std::exception& first_error) {
    ErrorLocator locator;
    try {
      JsonDocument::sax_parse(text.begin(), text.end(), &locator);
    } catch (const std::exception&) {
      // The first error's message is still there to report.
    }
    const std::string detail = locator.detail().empty() ? first_error.what() : locator.detail();
    const LineColumn at = line_column(text, locator.position());
    problem = "expected valid JSON, got a syntax error at line " + std::to_string(at.line) +
              ", column " + std::to_string(at.column) + ": " +
              shorten(escape_invalid_utf8(strip_parser_prefix(detail)), kMaxDetailBytes);
    return std::nullopt;
  }
}

}  // namespace ccsim
