// Text helpers of the JSON checker: pointers, value and range descriptions, suggestions.
#include "ccsim/scenario/json_checker.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>

namespace ccsim {

namespace {

// Longest text shown for a value; the rest is cut with an ellipsis.
constexpr std::size_t kMaxShownBytes = 60;
// Edit distances up to which a key or name counts as a typo of a candidate. Short words get a
// smaller budget: two edits turn "sd" into almost any two-letter key.
constexpr std::size_t kShortWordLength = 4;
constexpr std::size_t kShortWordMaxEdits = 1;
constexpr std::size_t kMaxEdits = 2;

std::string lowercase(std::string_view word) {
  std::string result(word);
  for (char& c : result) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return result;
}

// Optimal string alignment distance: Levenshtein plus adjacent transpositions.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

// Control characters as JSON escapes, so that text from the document stays on one line.
void append_printable(std::string& out, char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (c == '\n') {
    out += "\\n";
  } else if (c == '\t') {
    out += "\\t";
  } else if (c == '\r') {
    out += "\\r";
  } else if (byte < 0x20 || byte == 0x7F) {
    std::array<char, 8> buffer{};
    std::snprintf(buffer.data(), buffer.size(), "\\u%04x", static_cast<unsigned>(byte));
    out += buffer.data();
  } else {
    out += c;
  }
}

void append_escaped_token(std::string& out, std::string_view token) {
  for (const char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      append_printable(out, c);
    }
  }
}

}  // namespace

std::string shorten(std::string text, std::size_t limit, std::string_view closing) {
  if (text.size() <= limit) return text;
  std::size_t cut = limit;
  const auto is_continuation = [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
  };
  while (cut > 0 && is_continuation(text[cut])) --cut;
  text.resize(cut);
  text += "…";
  text += closing;
  return text;
}

JsonPath JsonPath::operator/(std::string_view key) const {
  JsonPath result = *this;
  result.tokens_.emplace_back(key);
  return result;
}

JsonPath JsonPath::operator/(std::size_t index) const {
  return *this / std::to_string(index);
}

std::string JsonPath::to_string() const {
  if (tokens_.empty()) return "/";
  std::string out;
  for (const std::string& token : tokens_) {
    out += '/';
    append_escaped_token(out, token);
  }
  return out;
}

std::string describe_json(const JsonDocument& value) {
  switch (value.type()) {
    case JsonDocument::value_t::null:
      return "null";
    case JsonDocument::value_t::boolean:
    case JsonDocument::value_t::number_integer:
    case JsonDocument::value_t::number_unsigned:
    case JsonDocument::value_t::number_float:
      return value.dump();
    case JsonDocument::value_t::string:
      // A string from the command line may be ill-formed UTF-8 (a parsed file's never is):
      // shown with U+FFFD in place of the bad bytes rather than not shown at all.
      return shorten(value.dump(-1, ' ', false, JsonDocument::error_handler_t::replace),
                     kMaxShownBytes, "\"");
    case JsonDocument::value_t::array:
      if (value.empty()) return "an empty list";
      return "a list of " + std::to_string(value.size()) +
             (value.size() == 1 ? " value" : " values");
    case JsonDocument::value_t::object:
      return value.empty() ? "an empty object" : "an object";
    default:
      return "an unsupported value";
  }
}

std::string format_number(double value) {
  std::array<char, 64> buffer{};
  const auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  if (error != std::errc{}) return "?";
  return std::string(buffer.data(), end);
}

std::string join_words(std::span<const std::string> words) {
  std::string out;
  for (const std::string& word : words) {
    if (!out.empty()) out += ", ";
    out += word;
  }
  return out;
}

std::string display_name(std::string_view name) {
  std::string out;
  for (const char c : name) append_printable(out, c);
  return shorten(std::move(out), kMaxShownBytes);
}

std::string join_names(std::span<const std::string> names) {
  std::string out;
  for (const std::string& name : names) {
    if (!out.empty()) out += ", ";
    out += display_name(name);
  }
  return out;
}

std::string closest_match(std::string_view word, std::span<const std::string> candidates) {
  const std::size_t budget = word.size() <= kShortWordLength ? kShortWordMaxEdits : kMaxEdits;
  const std::string lowered = lowercase(word);
  std::string best;
  std::size_t best_distance = budget + 1;
  for (const std::string& candidate : candidates) {
    // Skipping far-apart lengths first keeps a huge unknown key from costing a huge table.
    const std::size_t gap = lowered.size() > candidate.size() ? lowered.size() - candidate.size()
                                                              : candidate.size() - lowered.size();
    if (gap > budget) continue;
    const std::size_t distance = edit_distance(lowered, lowercase(candidate));
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

NumberRange NumberRange::below(double high, std::string label) const {
  NumberRange result = *this;
  result.high = Bound{high, false, std::move(label)};
  return result;
}

NumberRange NumberRange::at_most(double high, std::string label) const {
  NumberRange result = *this;
  result.high = Bound{high, true, std::move(label)};
  return result;
}

bool NumberRange::contains(double value) const {
  if (low && !(low->inclusive ? value >= low->value : value > low->value)) return false;
  if (high && !(high->inclusive ? value <= high->value : value < high->value)) return false;
  return true;
}

std::string NumberRange::describe(std::string_view noun) const {
  const auto text = [](const Bound& b) {
    return b.label.empty() ? format_number(b.value) : b.label;
  };
  std::string out(noun);
  if (low && high) {
    out += low->inclusive ? " in [" : " in (";
    out += text(*low) + ", " + text(*high);
    out += high->inclusive ? "]" : ")";
  } else if (low) {
    out += (low->inclusive ? " >= " : " > ") + text(*low);
  } else if (high) {
    out += (high->inclusive ? " <= " : " < ") + text(*high);
  }
  return out;
}

}  // namespace ccsim
