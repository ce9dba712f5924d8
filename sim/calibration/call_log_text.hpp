// Pieces the two log readers share: lines, fields, numbers and clock times, and the builder that
// interns names and keeps the messages about malformed lines.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "ccsim/calibration/call_log.hpp"

namespace ccsim::call_log_text {

inline constexpr double kSecondsPerDay = 86400.0;

// Calls line(number, text) for each line of `text`, numbered from 1, without its line ending
// (LF or CRLF).
template <typename F>
void for_each_line(std::string_view text, F&& line) {
  std::uint64_t number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view content = text.substr(start, end - start);
    if (!content.empty() && content.back() == '\r') content.remove_suffix(1);
    line(++number, content);
    start = end + 1;
  }
}

// `text` without leading and trailing spaces and tabs.
std::string_view trim(std::string_view text);
bool is_blank(std::string_view text);

// A field as shown in messages: quoted, at most a few dozen characters, anything that is not
// printable ASCII escaped, so that a message is one safe line whatever the input.
std::string shown(std::string_view text);

// Valid UTF-8 without control characters: a name that can go into JSON and a terminal as it is.
bool is_printable_utf8(std::string_view text);

// Two decimal digits at `text[at]` as a number, or -1.
int two_digits(std::string_view text, std::size_t at);
// Whole decimal numbers (optional leading minus), nothing else.
std::optional<std::int64_t> parse_integer(std::string_view text);
// A finite decimal number such as 12, 12.5 or 1.25e3 (no "inf", "nan", hex or sign "+").
std::optional<double> parse_decimal(std::string_view text);
// A clock time H:MM:SS or HH:MM:SS (hours 0-23) as seconds since midnight.
std::optional<int> parse_clock(std::string_view text);

// Collects one file's contacts into a CallLog: interns segment and agent names, counts lines,
// and keeps (or, strict, throws) the messages about malformed ones.
class LogBuilder {
 public:
  LogBuilder(CallLog& log, std::string label, bool strict);

  std::int32_t segment(std::string_view name) { return intern(name, segments_, log_.segments); }
  std::int32_t agent(std::string_view name) { return intern(name, agents_, log_.agents); }
  std::int32_t caller(std::string_view id) { return intern(id, callers_, log_.callers); }
  void count_unreadable_caller() { ++summary_.unreadable_callers; }
  void count_line() { ++summary_.lines; }
  void add(const Contact& contact);
  // "LABEL:LINE: expected EXPECTED, got GOT"; throws CallLogError when strict.
  void malformed(std::uint64_t line, std::string_view expected, std::string_view got);
  // A problem that makes the whole file unreadable: always thrown.
  [[noreturn]] void fatal(std::uint64_t line, std::string_view expected, std::string_view got);
  // Adds the file's summary to the log.
  void finish();

 private:
  using Index = std::map<std::string, std::int32_t, std::less<>>;
  static std::int32_t intern(std::string_view name, Index& index, std::vector<std::string>& names);
  std::string message(std::uint64_t line, std::string_view expected, std::string_view got) const;

  CallLog& log_;
  std::string label_;
  bool strict_;
  LogFileSummary summary_;
  Index segments_;
  Index agents_;
  Index callers_;
};

// The two readers, on one file's text.
void parse_bank_log(std::string_view text, LogBuilder& builder);
void parse_csv_log(std::string_view text, LogBuilder& builder);

}  // namespace ccsim::call_log_text
