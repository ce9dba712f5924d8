// Call logs: the entry points and the calendar.
#include "ccsim/calibration/call_log.hpp"

#include <array>
#include <cerrno>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>
#include <system_error>
#include <utility>

#include "calibration/call_log_text.hpp"
#include "ccsim/io/input.hpp"
#include "io/join_lines.hpp"

namespace ccsim {

namespace {

// The bank's files open with this column name; the generic CSV has no column of that name.
constexpr std::string_view kBankFirstColumn = "vru+line";
// A UTF-8 byte-order mark, which spreadsheet exports often put before the header.
constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
// A log is read whole: past this size a device or a wrong file is refused before it exhausts
// memory (a gigabyte is some ten million contacts).
constexpr std::size_t kMaxLogFileBytes = std::size_t{1} << 30;

using detail::join_lines;

}  // namespace

std::string_view to_string(LogFormat format) {
  switch (format) {
    case LogFormat::anonymous_bank:
      return "anonymous-bank";
    case LogFormat::csv:
      return "csv";
  }
  return "csv";
}

LogFormat detect_log_format(std::string_view text) {
  if (text.substr(0, kByteOrderMark.size()) == kByteOrderMark) {
    text.remove_prefix(kByteOrderMark.size());
  }
  const std::string_view first = call_log_text::trim(text.substr(0, kBankFirstColumn.size() + 1));
  return first.substr(0, kBankFirstColumn.size()) == kBankFirstColumn ? LogFormat::anonymous_bank
                                                                      : LogFormat::csv;
}

std::uint64_t CallLog::malformed() const {
  std::uint64_t total = 0;
  for (const LogFileSummary& file : files) total += file.malformed;
  return total;
}

CallLogError::CallLogError(std::vector<std::string> problems)
    : std::runtime_error(join_lines(problems)), problems_(std::move(problems)) {}

LogFormat parse_call_log(std::string_view text, const std::string& label,
                         const ReadLogOptions& options, CallLog& log) {
  if (text.substr(0, kByteOrderMark.size()) == kByteOrderMark) {
    text.remove_prefix(kByteOrderMark.size());
  }
  call_log_text::LogBuilder builder(log, label, options.strict);
  const LogFormat format = options.format.value_or(detect_log_format(text));
  if (format == LogFormat::anonymous_bank) {
    call_log_text::parse_bank_log(text, builder);
  } else {
    call_log_text::parse_csv_log(text, builder);
  }
  builder.finish();
  return format;
}

LogFormat read_call_log_file(const std::string& path, const ReadLogOptions& options, CallLog& log) {
  InputFailure failure;
  const std::optional<std::string> text = read_input_file(path, kMaxLogFileBytes, failure);
  if (!text) {
    throw CallLogError({path + ": expected a readable log file" +
                        (failure.too_large ? std::string(" of at most 1 GiB") : std::string()) +
                        ", got " + failure.describe()});
  }
  return parse_call_log(*text, path, options, log);
}

// Howard Hinnant's days_from_civil (public domain): exact for the proleptic Gregorian calendar.
std::optional<std::int32_t> days_from_civil(int year, int month, int day) {
  constexpr std::array<int, 12> kDaysInMonth = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  constexpr int kMinYear = 1;
  constexpr int kMaxYear = 9999;
  if (year < kMinYear || year > kMaxYear || month < 1 || month > 12 || day < 1) return std::nullopt;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int month_days = kDaysInMonth[static_cast<std::size_t>(month - 1)] + (month == 2 && leap);
  if (day > month_days) return std::nullopt;
  const int y = year - (month <= 2 ? 1 : 0);
  const int era = y / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int day_of_week(std::int32_t days) {
  // 1970-01-01 was a Thursday (4 with Sunday = 0).
  constexpr int kEpochWeekday = 4;
  const int shifted = (days % 7 + 7 + kEpochWeekday) % 7;
  return shifted;
}

std::string civil_date(std::int32_t days) {
  const std::int32_t z = days + 719468;
  const std::int32_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int32_t doe = z - era * 146097;
  const std::int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int32_t mp = (5 * doy + 2) / 153;
  const std::int32_t day = doy - (153 * mp + 2) / 5 + 1;
  const std::int32_t month = mp < 10 ? mp + 3 : mp - 9;
  const std::int32_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  std::array<char, 32> text{};
  std::snprintf(text.data(), text.size(), "%04d-%02d-%02d", static_cast<int>(year),
                static_cast<int>(month), static_cast<int>(day));
  return text.data();
}

std::optional<std::int32_t> parse_iso_date(std::string_view text) {
  constexpr std::size_t kLength = 10;  // YYYY-MM-DD
  if (text.size() != kLength || text[4] != '-' || text[7] != '-') return std::nullopt;
  const int century = call_log_text::two_digits(text, 0);
  const int year_in_century = call_log_text::two_digits(text, 2);
  const int month = call_log_text::two_digits(text, 5);
  const int day = call_log_text::two_digits(text, 8);
  if (century < 0 || year_in_century < 0 || month < 0 || day < 0) return std::nullopt;
  return days_from_civil(century * 100 + year_in_century, month, day);
}

}  // namespace ccsim
