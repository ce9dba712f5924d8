// Which logged contacts count, and how: the data choices that `fit` and `backtest` share, each
// a flag with a documented default (docs/fit.md). The result holds the queue entrants of the
// selected days as the simulator counts them.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "ccsim/calibration/call_log.hpp"

namespace ccsim {

enum class DaySet : std::uint8_t {
  weekdays,  // the log's working week: Sunday-Thursday for the bank, Monday-Friday for CSV
  all,
};
// When a contact arrives: at the human queue, or (bank) when it entered the voice menu before.
enum class ArrivalClock : std::uint8_t { queue_entry, menu_entry };
enum class PhantomRule : std::uint8_t { drop, abandoned };
// Answered contacts with no agent named or a zero service time.
enum class AnomalousServiceRule : std::uint8_t { keep, drop };
enum class PriorityRule : std::uint8_t {
  ignore,   // one priority class
  classes,  // bank priority 2 is a class of its own, served first
};
enum class SegmentBy : std::uint8_t { none, segment };

struct LogChoices {
  DaySet days = DaySet::weekdays;
  // Days whose queue entrants fall below this fraction of the median day are left out
  // (holidays, partial days); 0 keeps every day.
  double min_day_fraction = 0.5;
  std::vector<std::int32_t> excluded_days;  // days since 1970-01-01, left out whatever their volume
  ArrivalClock arrival = ArrivalClock::queue_entry;
  PhantomRule phantom = PhantomRule::drop;
  AnomalousServiceRule anomalous_service = AnomalousServiceRule::keep;
  PriorityRule priority = PriorityRule::ignore;
  SegmentBy by = SegmentBy::none;
  // Segment (bank: call type) renamings FROM -> TO, applied before anything is grouped.
  std::vector<std::pair<std::string, std::string>> segment_map;
};

inline constexpr std::int8_t kUnknownClass = -1;
inline constexpr std::int8_t kRegularClass = 0;
inline constexpr std::int8_t kPriorityClass = 1;

// A contact that entered the human queue, on a selected day.
struct Entrant {
  std::int32_t day = 0;      // index into SelectedLog::days
  std::int32_t segment = 0;  // index into SelectedLog::segments
  std::int32_t agent = kNoAgent;
  std::int32_t caller = kUnknownCaller;        // index into CallLog::callers
  std::int8_t priority_class = kUnknownClass;  // with PriorityRule::classes; else kRegularClass
  bool answered = false;
  bool handle_usable = false;  // answered with a named agent and a service time > 0
  double arrival_s = 0.0;      // per the arrival clock; seconds since the day's midnight
  double queue_entry_s = 0.0;  // entry into the human queue, whatever the arrival clock
  double waited_s = 0.0;
  double handle_s = 0.0;
};

struct DayCount {
  std::int32_t day = 0;  // days since 1970-01-01
  std::uint64_t entrants = 0;
};

struct SelectedLog {
  LogFormat format = LogFormat::csv;
  std::vector<std::int32_t> days;  // selected, ascending, days since 1970-01-01
  std::vector<std::string> segments;
  std::vector<Entrant> entrants;
  // Days of the log left out, with why.
  std::vector<DayCount> off_week;    // outside the working week (DaySet::weekdays)
  std::vector<DayCount> low_volume;  // below min_day_fraction of the median
  std::vector<DayCount> excluded;    // named in excluded_days
  double median_day_entrants = 0.0;  // of the working-week days, before the low-volume cut
  // Contacts of the selected days that are not queue entrants, or were dropped.
  std::uint64_t phantoms = 0;
  std::uint64_t menu_hangups = 0;
  std::uint64_t not_queued = 0;
  std::uint64_t anomalous_services = 0;  // kept as answered, or dropped (AnomalousServiceRule)
};

// Problems with the choices themselves (a priority split of a log that has none, no day left):
// "expected …, got …".
class SelectionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Applies the choices to `log` (read in `format`). Throws SelectionError when nothing is left.
SelectedLog select_contacts(const CallLog& log, LogFormat format, const LogChoices& choices);

// Whether the log splits its segments into priority classes (PriorityRule::classes).
bool has_priority_classes(const SelectedLog& log);
// The name of the fitted segment of log segment `segment` and `priority_class`: the segment's
// name, or with classes "NAME" and "NAME/priority" ("regular" and "priority" for a log of one
// segment). `fit` names its segments so, and a replay finds them by these names.
std::string fitted_segment_name(const SelectedLog& log, std::int32_t segment,
                                std::int8_t priority_class, bool classes);

// Whether day `days` (since 1970-01-01) is in the working week of `format`.
bool in_working_week(LogFormat format, std::int32_t days);

}  // namespace ccsim
