// The data choices applied to a call log: which days, which contacts, which segments.
#include "ccsim/calibration/log_selection.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace ccsim {

namespace {

constexpr int kSunday = 0;
constexpr int kThursday = 4;
constexpr int kMonday = 1;
constexpr int kFriday = 5;
// The bank's priority customers, credited 90 s in its queue.
constexpr std::int8_t kBankPriority = 2;
constexpr const char* kAllSegment = "all";
constexpr const char* kPrioritySuffix = "/priority";
constexpr const char* kRegularName = "regular";
constexpr const char* kPriorityName = "priority";

bool is_entrant(const Contact& c, const LogChoices& choices) {
  switch (c.outcome) {
    case LoggedOutcome::answered:
      return !(c.anomalous_service() && choices.anomalous_service == AnomalousServiceRule::drop);
    case LoggedOutcome::abandoned:
      return true;
    case LoggedOutcome::phantom:
      return choices.phantom == PhantomRule::abandoned;
    case LoggedOutcome::not_queued:
    case LoggedOutcome::menu_hangup:
      return false;
  }
  return false;
}

std::string mapped_name(const std::string& name, const LogChoices& choices) {
  for (const auto& [from, to] : choices.segment_map) {
    if (name == from) return to;
  }
  return name;
}

double median(std::vector<std::uint64_t> values) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  const std::size_t mid = values.size() / 2;
  if (values.size() % 2 == 1) return static_cast<double>(values[mid]);
  return (static_cast<double>(values[mid - 1]) + static_cast<double>(values[mid])) / 2.0;
}

// The log's segments after renaming, as indices into `names` (sorted, so that the order does
// not depend on the order of the files).
std::vector<std::int32_t> segment_indices(const CallLog& log, const LogChoices& choices,
                                          std::vector<std::string>& names) {
  std::vector<std::int32_t> index(log.segments.size(), 0);
  if (choices.by == SegmentBy::none) {
    names = {kAllSegment};
    return index;
  }
  std::set<std::string> distinct;
  for (const std::string& name : log.segments) distinct.insert(mapped_name(name, choices));
  names.assign(distinct.begin(), distinct.end());
  for (std::size_t i = 0; i < log.segments.size(); ++i) {
    const auto it =
        std::lower_bound(names.begin(), names.end(), mapped_name(log.segments[i], choices));
    index[i] = static_cast<std::int32_t>(it - names.begin());
  }
  return index;
}

}  // namespace

bool has_priority_classes(const SelectedLog& log) {
  return std::any_of(log.entrants.begin(), log.entrants.end(),
                     [](const Entrant& e) { return e.priority_class != kRegularClass; });
}

std::string fitted_segment_name(const SelectedLog& log, std::int32_t segment,
                                std::int8_t priority_class, bool classes) {
  const std::string& base = log.segments[static_cast<std::size_t>(segment)];
  if (!classes) return base;
  if (log.segments.size() == 1)
    return priority_class == kPriorityClass ? kPriorityName : kRegularName;
  return priority_class == kPriorityClass ? base + kPrioritySuffix : base;
}

bool in_working_week(LogFormat format, std::int32_t days) {
  const int weekday = day_of_week(days);
  if (format == LogFormat::anonymous_bank) return weekday >= kSunday && weekday <= kThursday;
  return weekday >= kMonday && weekday <= kFriday;
}

SelectedLog select_contacts(const CallLog& log, LogFormat format, const LogChoices& choices) {
  if (choices.priority == PriorityRule::classes && format != LogFormat::anonymous_bank) {
    throw SelectionError("expected --priority ignore for a " + std::string(to_string(format)) +
                         " log, which has no priorities, got classes");
  }
  SelectedLog out;
  out.format = format;

  // Entrants per logged day: a day with contacts but no entrant still counts, as zero.
  std::map<std::int32_t, std::uint64_t> per_day;
  for (const Contact& c : log.contacts) {
    std::uint64_t& count = per_day[c.day];
    if (is_entrant(c, choices)) ++count;
  }
  std::vector<std::uint64_t> week_counts;
  std::vector<DayCount> candidates;
  for (const auto& [day, count] : per_day) {
    const DayCount entry{day, count};
    if (std::find(choices.excluded_days.begin(), choices.excluded_days.end(), day) !=
        choices.excluded_days.end()) {
      out.excluded.push_back(entry);
    } else if (choices.days == DaySet::weekdays && !in_working_week(format, day)) {
      out.off_week.push_back(entry);
    } else {
      candidates.push_back(entry);
      week_counts.push_back(count);
    }
  }
  out.median_day_entrants = median(week_counts);
  const double threshold = choices.min_day_fraction * out.median_day_entrants;
  for (const DayCount& entry : candidates) {
    if (static_cast<double>(entry.entrants) < threshold || entry.entrants == 0) {
      out.low_volume.push_back(entry);
    } else {
      out.days.push_back(entry.day);
    }
  }
  if (out.days.empty()) {
    throw SelectionError(
        "expected at least one day with queue entrants after the day selection "
        "(--days, --min-day-fraction, --exclude-date), got none of " +
        std::to_string(per_day.size()) + " logged days");
  }

  const std::vector<std::int32_t> segment_of = segment_indices(log, choices, out.segments);
  for (const Contact& c : log.contacts) {
    const auto day = std::lower_bound(out.days.begin(), out.days.end(), c.day);
    if (day == out.days.end() || *day != c.day) continue;
    out.menu_hangups += c.outcome == LoggedOutcome::menu_hangup;
    out.not_queued += c.outcome == LoggedOutcome::not_queued;
    out.phantoms += c.outcome == LoggedOutcome::phantom;
    out.anomalous_services += c.anomalous_service();
    if (!is_entrant(c, choices)) continue;
    Entrant e;
    e.day = static_cast<std::int32_t>(day - out.days.begin());
    e.segment = segment_of[static_cast<std::size_t>(c.segment)];
    e.agent = c.agent;
    e.caller = c.caller;
    if (choices.priority == PriorityRule::classes) {
      if (c.priority != kUnknownPriority) {
        e.priority_class = c.priority == kBankPriority ? kPriorityClass : kRegularClass;
      }
    } else {
      e.priority_class = kRegularClass;
    }
    e.answered = c.outcome == LoggedOutcome::answered;
    e.handle_usable = e.answered && !c.anomalous_service();
    e.arrival_s =
        choices.arrival == ArrivalClock::menu_entry ? c.arrival_s - c.menu_s : c.arrival_s;
    e.queue_entry_s = c.arrival_s;
    e.waited_s = c.waited_s;
    e.handle_s = e.answered ? c.handle_s : 0.0;
    out.entrants.push_back(e);
  }
  return out;
}

}  // namespace ccsim
