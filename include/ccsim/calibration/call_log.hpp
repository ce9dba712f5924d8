// Per-contact records read from call-center logs: the "Anonymous Bank" data set of Brown et al.
// (2005) and the generic contact CSV (docs/formats.md). Reading only: which records count, and
// how, is decided later (log_selection.hpp), so that every data choice stays a visible flag.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ccsim {

enum class LogFormat : std::uint8_t {
  anonymous_bank,  // tab-separated, 17 fields, as distributed by the Technion SEE Laboratory
  csv,             // the generic contact CSV of docs/formats.md
};

std::string_view to_string(LogFormat format);
// The format whose header `text` starts with, if either: the bank's header names `vru+line`
// first; anything else is taken for the generic CSV.
LogFormat detect_log_format(std::string_view text);

// How a contact ended, as far as the human queue is concerned.
enum class LoggedOutcome : std::uint8_t {
  answered,     // entered the human queue and reached an agent
  abandoned,    // entered the human queue and left it before being answered
  not_queued,   // never entered the human queue (a CSV outcome other than the two above)
  menu_hangup,  // bank: hung up inside the voice menu (VRU)
  phantom,      // bank: a "virtual call to be ignored"
};

inline constexpr std::int32_t kNoAgent = -1;
inline constexpr std::int8_t kUnknownPriority = -1;
// A contact whose caller is not identified (bank: customer id 0 or unreadable; CSV: no
// customer_id): it is never linked to another contact.
inline constexpr std::int32_t kUnknownCaller = -1;

// One contact. Times are seconds since midnight of `day`; a contact that enters the queue just
// after midnight keeps the day it was logged under, so `arrival_s` may pass 86400.
struct Contact {
  std::int32_t day = 0;                  // days since 1970-01-01
  std::int32_t segment = 0;              // index into CallLog::segments (bank: the call type)
  std::int32_t agent = kNoAgent;         // index into CallLog::agents; kNoAgent when none is named
  std::int32_t caller = kUnknownCaller;  // index into CallLog::callers
  LoggedOutcome outcome = LoggedOutcome::answered;
  // Bank: the logged priority (0, 1, 2) of a call that queued. A call that went straight to an
  // agent has none: the system did not record it (a documented bug). CSV: always unknown.
  std::int8_t priority = kUnknownPriority;
  // Entry into the human queue (bank: leaving the voice menu; CSV: queue_entry_s when given,
  // else arrival_s), or the arrival of a contact that never queued.
  double arrival_s = 0.0;
  // Time before that since the contact arrived: the bank's voice menu, a trace's bot (0 when
  // the CSV has no queue_entry_s).
  double menu_s = 0.0;
  double waited_s = 0.0;  // in the human queue
  double handle_s = 0.0;  // answered: the service time; otherwise 0

  // An answered contact whose service time says nothing about the work: no agent named, or a
  // zero service time. It is still answered; handle-time estimation leaves it out.
  bool anomalous_service() const {
    return outcome == LoggedOutcome::answered && (agent == kNoAgent || !(handle_s > 0.0));
  }
};

// What one file contributed.
struct LogFileSummary {
  std::string label;
  std::uint64_t lines = 0;      // data lines, header and blank lines excluded
  std::uint64_t contacts = 0;   // read into the log
  std::uint64_t malformed = 0;  // skipped
  // Contacts read with a caller id that cannot be trusted (bank: printed in scientific
  // notation by a spreadsheet, its digits lost): read, but as unknown callers.
  std::uint64_t unreadable_callers = 0;
};

// Contacts of any number of files, their names interned.
struct CallLog {
  // Malformed lines kept per file for messages; the rest are only counted.
  static constexpr std::size_t kKeptProblemsPerFile = 20;

  std::vector<Contact> contacts;
  std::vector<std::string> segments;
  std::vector<std::string> agents;
  std::vector<std::string> callers;  // caller ids as logged, shared by every file
  std::vector<LogFileSummary> files;
  // "FILE:LINE: expected …, got …", the first kKeptProblemsPerFile of each file.
  std::vector<std::string> problems;

  std::uint64_t malformed() const;
};

// A log that cannot be read at all (missing file, unknown header), or with `strict`, the first
// malformed line: one line per problem, in the shape above.
class CallLogError : public std::runtime_error {
 public:
  explicit CallLogError(std::vector<std::string> problems);
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::vector<std::string> problems_;
};

struct ReadLogOptions {
  std::optional<LogFormat> format;  // nullopt: detect_log_format on each file
  bool strict = false;              // the first malformed line is fatal
};

// Appends the contacts of `text`, named `label` in messages, to `log`. Malformed lines are
// skipped, counted in the file's summary and kept in `log.problems`; throws CallLogError when
// the text has no usable header, or in strict mode at the first malformed line. Returns the
// format read.
LogFormat parse_call_log(std::string_view text, const std::string& label,
                         const ReadLogOptions& options, CallLog& log);
// The same from a file.
LogFormat read_call_log_file(const std::string& path, const ReadLogOptions& options, CallLog& log);

// Calendar helpers shared by the readers and the selection: days since 1970-01-01 of a valid
// proleptic Gregorian date, its day of the week (0 = Sunday), and its YYYY-MM-DD text.
std::optional<std::int32_t> days_from_civil(int year, int month, int day);
int day_of_week(std::int32_t days);
std::string civil_date(std::int32_t days);
// YYYY-MM-DD, or nullopt.
std::optional<std::int32_t> parse_iso_date(std::string_view text);

}  // namespace ccsim
