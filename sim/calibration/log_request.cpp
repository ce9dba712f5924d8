#include "ccsim/calibration/log_request.hpp"

#include <sstream>

#include "calibration/request_checks.hpp"

#include "ccsim/calibration/call_log.hpp"

namespace ccsim {

using detail::check_member;

namespace {

constexpr int kMinutesPerDay = 1440;
// The bank's five calls of the undocumented type AA join the regular service PS by default.
const std::vector<std::pair<std::string, std::string>> kBankSegmentMap = {{"AA", "PS"}};

}  // namespace

std::vector<std::string> log_request_problems(const LogRequest& r) {
  std::vector<std::string> problems;
  if (r.paths.empty()) problems.emplace_back("logs: expected at least one call log file, got none");
  check_member(problems, "--format", r.format, {"auto", "anonymous-bank", "csv"});
  if (r.interval_min < 1 || kMinutesPerDay % r.interval_min != 0) {
    problems.push_back(
        "--interval-min: expected a whole number of minutes dividing 1440 (one "
        "day), got " +
        std::to_string(r.interval_min));
  }
  check_member(problems, "--days", r.days, {"weekdays", "all"});
  if (!(r.min_day_fraction >= 0.0 && r.min_day_fraction <= 1.0)) {
    std::ostringstream got;
    got << r.min_day_fraction;
    problems.push_back("--min-day-fraction: expected a number in [0, 1], got " + got.str());
  }
  for (const std::string& date : r.exclude_dates) {
    if (!parse_iso_date(date))
      problems.push_back("--exclude-date: expected a date YYYY-MM-DD, got " + date);
  }
  check_member(problems, "--by", r.by, {"none", "type", "segment"});
  check_member(problems, "--arrival", r.arrival, {"queue-entry", "menu-entry"});
  check_member(problems, "--phantom", r.phantom, {"drop", "abandoned"});
  check_member(problems, "--anomalous-service", r.anomalous_service, {"keep", "drop"});
  check_member(problems, "--priority", r.priority, {"ignore", "classes"});
  for (const std::string& pair : r.segment_map) {
    const std::size_t eq = pair.find('=');
    if (eq == 0 || eq == std::string::npos || eq + 1 == pair.size())
      problems.push_back("--map-segment: expected FROM=TO with two segment names, got " + pair);
  }
  return problems;
}

LoadedLog load_logs(const LogRequest& f, const std::function<void(const std::string&)>& warn) {
  CallLog log;
  ReadLogOptions read;
  read.strict = f.strict;
  if (f.format == "anonymous-bank") read.format = LogFormat::anonymous_bank;
  if (f.format == "csv") read.format = LogFormat::csv;
  for (const std::string& path : f.paths) {
    // Every file in the format of the first: a mix is a mistake, reported by the header check.
    read.format = read_call_log_file(path, read, log);
  }
  for (const std::string& line : log.problems) warn(line);
  for (const LogFileSummary& file : log.files) {
    if (file.malformed == 0) continue;
    warn(file.label + ": " + std::to_string(file.malformed) + " of " + std::to_string(file.lines) +
         " lines malformed and skipped" +
         (file.malformed > CallLog::kKeptProblemsPerFile
              ? " (the first " + std::to_string(CallLog::kKeptProblemsPerFile) + " shown)"
              : ""));
  }

  LoadedLog out;
  LogChoices& c = out.choices;
  c.days = f.days == "all" ? DaySet::all : DaySet::weekdays;
  c.min_day_fraction = f.min_day_fraction;
  for (const std::string& date : f.exclude_dates) c.excluded_days.push_back(*parse_iso_date(date));
  c.by = f.by == "none" ? SegmentBy::none : SegmentBy::segment;
  c.arrival = f.arrival == "menu-entry" ? ArrivalClock::menu_entry : ArrivalClock::queue_entry;
  c.phantom = f.phantom == "abandoned" ? PhantomRule::abandoned : PhantomRule::drop;
  c.anomalous_service =
      f.anomalous_service == "drop" ? AnomalousServiceRule::drop : AnomalousServiceRule::keep;
  c.priority = f.priority == "classes" ? PriorityRule::classes : PriorityRule::ignore;
  const LogFormat format = read.format.value_or(LogFormat::csv);
  for (const std::string& pair : f.segment_map) {
    const std::size_t eq = pair.find('=');
    c.segment_map.emplace_back(pair.substr(0, eq), pair.substr(eq + 1));
  }
  if (f.segment_map.empty() && format == LogFormat::anonymous_bank) c.segment_map = kBankSegmentMap;
  out.selected = select_contacts(log, format, c);
  std::ostringstream text;
  text << "Data choices: --format " << to_string(format) << " --days " << f.days
       << " --min-day-fraction " << f.min_day_fraction << " --arrival " << f.arrival
       << " --phantom " << f.phantom << " --anomalous-service " << f.anomalous_service
       << " --priority " << f.priority << " --by " << f.by;
  for (const auto& [from, to] : c.segment_map) text << " --map-segment " << from << "=" << to;
  for (const std::string& date : f.exclude_dates) text << " --exclude-date " << date;
  text << ".";
  out.choices_text = text.str();
  return out;
}

}  // namespace ccsim
