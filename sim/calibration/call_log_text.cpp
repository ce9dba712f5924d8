// Pieces the two log readers share: text, numbers, clock times and the builder of the log.
#include "calibration/call_log_text.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <utility>

namespace ccsim {

namespace call_log_text {

namespace {

// Characters of a field shown in a message before it is cut.
constexpr std::size_t kShownChars = 40;
constexpr int kSecondsPerMinute = 60;
constexpr int kSecondsPerHour = 3600;
constexpr int kHoursPerDay = 24;
constexpr int kMinutesPerHour = 60;

}  // namespace

int two_digits(std::string_view text, std::size_t at) {
  if (at + 2 > text.size()) return -1;
  const char a = text[at];
  const char b = text[at + 1];
  if (a < '0' || a > '9' || b < '0' || b > '9') return -1;
  return (a - '0') * 10 + (b - '0');
}

std::string_view trim(std::string_view text) {
  const auto space = [](char c) { return c == ' ' || c == '\t'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

bool is_blank(std::string_view text) {
  return trim(text).empty();
}

std::string shown(std::string_view text) {
  std::string out = "\"";
  std::size_t count = 0;
  for (const char c : text) {
    if (count++ == kShownChars) {
      out += "...";
      break;
    }
    const auto byte = static_cast<unsigned char>(c);
    if (byte == '"' || byte == '\\') {
      out += '\\';
      out += c;
    } else if (byte >= 0x20 && byte < 0x7F) {
      out += c;
    } else {
      std::array<char, 8> escape{};
      std::snprintf(escape.data(), escape.size(), "\\x%02X", static_cast<unsigned>(byte));
      out += escape.data();
    }
  }
  return out + "\"";
}

bool is_printable_utf8(std::string_view text) {
  constexpr unsigned char kDelete = 0x7F;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80) {
      if (lead < 0x20 || lead == kDelete) return false;
      ++i;
      continue;
    }
    // The length of the sequence and the smallest code point it may encode (no overlong forms).
    std::size_t length = 0;
    std::uint32_t code = 0;
    std::uint32_t minimum = 0;
    if ((lead & 0xE0) == 0xC0) {
      length = 2;
      code = lead & 0x1F;
      minimum = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3;
      code = lead & 0x0F;
      minimum = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4;
      code = lead & 0x07;
      minimum = 0x10000;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3F);
    }
    const bool surrogate = code >= 0xD800 && code <= 0xDFFF;
    if (code < minimum || code > 0x10FFFF || surrogate) return false;
    i += length;
  }
  return true;
}

std::optional<std::int64_t> parse_integer(std::string_view text) {
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || ptr != end) return std::nullopt;
  return value;
}

std::optional<double> parse_decimal(std::string_view text) {
  // from_chars also reads "inf", "nan" and hexadecimal mantissas in some forms: only digits, a
  // sign, a point and an exponent are let through.
  for (const char c : text) {
    const bool allowed = (c >= '0' && c <= '9') || c == '.' || c == '-' || c == 'e' || c == 'E';
    if (!allowed) return std::nullopt;
  }
  double value = 0.0;
  const char* end = text.data() + text.size();
  const auto [ptr, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || ptr != end || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

std::optional<int> parse_clock(std::string_view text) {
  // H:MM:SS or HH:MM:SS.
  const std::size_t colon = text.find(':');
  if (colon != 1 && colon != 2) return std::nullopt;
  if (text.size() != colon + 6 || text[colon + 3] != ':') return std::nullopt;
  const int hours =
      colon == 1 ? (text[0] >= '0' && text[0] <= '9' ? text[0] - '0' : -1) : two_digits(text, 0);
  const int minutes = two_digits(text, colon + 1);
  const int seconds = two_digits(text, colon + 4);
  if (hours < 0 || hours >= kHoursPerDay || minutes < 0 || minutes >= kMinutesPerHour ||
      seconds < 0 || seconds >= kSecondsPerMinute) {
    return std::nullopt;
  }
  return hours * kSecondsPerHour + minutes * kSecondsPerMinute + seconds;
}

LogBuilder::LogBuilder(CallLog& log, std::string label, bool strict)
    : log_(log), label_(std::move(label)), strict_(strict) {
  summary_.label = label_;
  // The names already in the log keep their indices: several files share one table.
  for (std::size_t i = 0; i < log_.segments.size(); ++i) {
    segments_.emplace(log_.segments[i], static_cast<std::int32_t>(i));
  }
  for (std::size_t i = 0; i < log_.agents.size(); ++i) {
    agents_.emplace(log_.agents[i], static_cast<std::int32_t>(i));
  }
  for (std::size_t i = 0; i < log_.callers.size(); ++i) {
    callers_.emplace(log_.callers[i], static_cast<std::int32_t>(i));
  }
}

std::int32_t LogBuilder::intern(std::string_view name, Index& index,
                                std::vector<std::string>& names) {
  const auto found = index.find(name);
  if (found != index.end()) return found->second;
  const auto id = static_cast<std::int32_t>(names.size());
  names.emplace_back(name);
  index.emplace(std::string(name), id);
  return id;
}

void LogBuilder::add(const Contact& contact) {
  log_.contacts.push_back(contact);
  ++summary_.contacts;
}

std::string LogBuilder::message(std::uint64_t line, std::string_view expected,
                                std::string_view got) const {
  return label_ + ":" + std::to_string(line) + ": expected " + std::string(expected) + ", got " +
         std::string(got);
}

void LogBuilder::malformed(std::uint64_t line, std::string_view expected, std::string_view got) {
  if (strict_) throw CallLogError({message(line, expected, got)});
  if (summary_.malformed < CallLog::kKeptProblemsPerFile) {
    log_.problems.push_back(message(line, expected, got));
  }
  ++summary_.malformed;
}

void LogBuilder::fatal(std::uint64_t line, std::string_view expected, std::string_view got) {
  throw CallLogError({message(line, expected, got)});
}

void LogBuilder::finish() {
  log_.files.push_back(summary_);
}

}  // namespace call_log_text

}  // namespace ccsim
