// The "Anonymous Bank" call log (Technion SEE Laboratory, 1999): tab-separated, one header
// line, 17 fields per call. Its documented quirks are handled here, where the raw fields are
// still at hand; what to count is left to the selection (log_selection.hpp).
#include <algorithm>
#include <array>

#include "calibration/call_log_text.hpp"

namespace ccsim::call_log_text {

namespace {

constexpr std::array<std::string_view, 17> kColumns = {
    "vru+line",  "call_id",   "customer_id", "priority", "type",   "date",
    "vru_entry", "vru_exit",  "vru_time",    "q_start",  "q_exit", "q_time",
    "outcome",   "ser_start", "ser_exit",    "ser_time", "server"};
enum Column : std::size_t {
  kCustomer = 2,
  kPriority = 3,
  kType = 4,
  kDate = 5,
  kVruEntry = 6,
  kVruExit = 7,
  kQStart = 9,
  kQTime = 11,
  kOutcome = 12,
  kSerTime = 15,
  kServer = 16,
};

// "Not applicable" in every clock field.
constexpr std::string_view kNoClock = "0:00:00";
constexpr std::string_view kNoServer = "NO_SERVER";
// Two-digit years from this one on are 19YY, earlier ones 20YY.
constexpr int kFirstTwentiethCenturyYear = 50;
constexpr int kHighestPriority = 2;
// A clock time this far before the call's entry is on the next day.
constexpr double kHalfDayS = kSecondsPerDay / 2.0;

using Fields = std::array<std::string_view, kColumns.size()>;

// Splits on tabs and trims each field (some distributions of the data pad the type with
// spaces). False when the count is not 17; `count` is then the number found.
bool split(std::string_view line, Fields& fields, std::size_t& count) {
  count = 0;
  std::size_t start = 0;
  while (true) {
    const std::size_t tab = line.find('\t', start);
    const std::string_view field =
        line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start);
    if (count < fields.size()) fields[count] = trim(field);
    ++count;
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  return count == fields.size();
}

// A clock time of the call, on the day it entered the menu: one earlier than the entry by more
// than half a day is past midnight (the log keeps the entry's date).
double unwrap(int clock_s, int entry_s) {
  return clock_s < entry_s - kHalfDayS ? clock_s + kSecondsPerDay : clock_s;
}

std::optional<std::int32_t> parse_bank_date(std::string_view text) {
  constexpr std::size_t kLength = 6;  // YYMMDD
  if (text.size() != kLength) return std::nullopt;
  const auto value = parse_integer(text);
  if (!value || *value < 0) return std::nullopt;
  const int yy = static_cast<int>(*value / 10000);
  const int mm = static_cast<int>(*value / 100 % 100);
  const int dd = static_cast<int>(*value % 100);
  return days_from_civil(yy >= kFirstTwentiethCenturyYear ? 1900 + yy : 2000 + yy, mm, dd);
}

class BankLine {
 public:
  BankLine(LogBuilder& builder, std::uint64_t number, const Fields& fields)
      : builder_(builder), number_(number), fields_(fields) {}

  // The contact, or nullopt after reporting the first problem of the line.
  std::optional<Contact> read() {
    Contact c;
    const auto date = parse_bank_date(fields_[kDate]);
    if (!date) return bad(kDate, "a date YYMMDD");
    c.day = *date;
    const auto entry = clock(kVruEntry);
    const auto exit = clock(kVruExit);
    const auto queue_start = clock(kQStart);
    if (!entry || !exit || !queue_start) return std::nullopt;
    const auto queue_s = duration(kQTime);
    const auto service_s = duration(kSerTime);
    if (!queue_s || !service_s) return std::nullopt;
    const std::string_view outcome = fields_[kOutcome];
    const bool queued = fields_[kQStart] != kNoClock;
    if (outcome == "AGENT") {
      c.outcome = LoggedOutcome::answered;
    } else if (outcome == "HANG") {
      c.outcome = queued ? LoggedOutcome::abandoned : LoggedOutcome::menu_hangup;
    } else if (outcome == "PHANTOM") {
      c.outcome = LoggedOutcome::phantom;
    } else {
      return bad(kOutcome, "AGENT, HANG or PHANTOM");
    }
    const auto priority = parse_integer(fields_[kPriority]);
    if (!priority || *priority < 0 || *priority > kHighestPriority) {
      return bad(kPriority, "a priority 0, 1 or 2");
    }
    // Priority was not recorded for calls that did not queue (a documented bug): they show 0.
    if (queued) c.priority = static_cast<std::int8_t>(*priority);
    if (fields_[kType].empty() || !is_printable_utf8(fields_[kType])) {
      return bad(kType, "a call type such as PS");
    }
    c.segment = builder_.segment(fields_[kType]);
    read_caller(c);
    if (fields_[kServer].empty() || !is_printable_utf8(fields_[kServer])) {
      return bad(kServer, "an agent name or NO_SERVER");
    }

    // Queue entry: q_start for a call that queued, else the moment it left the menu. Both are
    // clock times: a call that enters the menu before midnight may leave it after.
    c.arrival_s = unwrap(queued ? *queue_start : *exit, *entry);
    // The menu time from the clocks, not vru_time, which is negative on a few hundred calls
    // whose menu exit is logged before their entry; those get no menu time.
    c.menu_s = std::max(0.0, c.arrival_s - *entry);
    c.waited_s = queued ? static_cast<double>(*queue_s) : 0.0;
    if (c.outcome == LoggedOutcome::answered) {
      c.handle_s = static_cast<double>(*service_s);
      // Mangled names (NO_SERVERAMA, ANO_SERVERT) serve ordinary calls: they are agents.
      if (fields_[kServer] != kNoServer) c.agent = builder_.agent(fields_[kServer]);
    }
    return c;
  }

 private:
  // 0 is an unidentified caller (prospects, and callers answered without queueing: a documented
  // bug). A few ids were printed in scientific notation (3.27E+11) by a spreadsheet, their
  // digits lost: they could link strangers, so they are read as unknown and counted.
  void read_caller(Contact& c) {
    const std::string_view id = fields_[kCustomer];
    const bool digits = !id.empty() && std::all_of(id.begin(), id.end(),
                                                   [](char ch) { return ch >= '0' && ch <= '9'; });
    if (!digits) {
      builder_.count_unreadable_caller();
      return;
    }
    if (id.find_first_not_of('0') == std::string_view::npos) return;
    c.caller = builder_.caller(id.substr(id.find_first_not_of('0')));
  }

  std::nullopt_t bad(std::size_t column, std::string_view expected) {
    builder_.malformed(number_, std::string(expected) + " in " + std::string(kColumns[column]),
                       shown(fields_[column]));
    return std::nullopt;
  }

  // "0:00:00", "not applicable", parses as midnight: the caller tells the two apart.
  std::optional<int> clock(std::size_t column) {
    if (const auto value = parse_clock(fields_[column])) return value;
    bad(column, "a clock time H:MM:SS");
    return std::nullopt;
  }

  std::optional<std::int64_t> duration(std::size_t column) {
    const auto value = parse_integer(fields_[column]);
    if (value && *value >= 0 && *value < static_cast<std::int64_t>(kSecondsPerDay)) return value;
    bad(column, "whole seconds in [0, 86400)");
    return std::nullopt;
  }

  LogBuilder& builder_;
  std::uint64_t number_;
  const Fields& fields_;
};

}  // namespace

void parse_bank_log(std::string_view text, LogBuilder& builder) {
  bool header_seen = false;
  Fields fields{};
  for_each_line(text, [&](std::uint64_t number, std::string_view line) {
    if (!header_seen) {
      std::size_t count = 0;
      if (!split(line, fields, count) || fields[0] != kColumns[0]) {
        builder.fatal(number,
                      "the anonymous-bank header (17 tab-separated columns from vru+line "
                      "to server)",
                      shown(line));
      }
      for (std::size_t i = 0; i < kColumns.size(); ++i) {
        if (fields[i] != kColumns[i]) {
          builder.fatal(number,
                        "column " + std::to_string(i + 1) + " named " + std::string(kColumns[i]),
                        shown(fields[i]));
        }
      }
      header_seen = true;
      return;
    }
    if (is_blank(line)) return;
    builder.count_line();
    std::size_t count = 0;
    if (!split(line, fields, count)) {
      builder.malformed(number, "17 tab-separated fields", std::to_string(count));
      return;
    }
    if (auto contact = BankLine(builder, number, fields).read()) builder.add(*contact);
  });
  if (!header_seen) builder.fatal(1, "the anonymous-bank header", "an empty file");
}

}  // namespace ccsim::call_log_text
