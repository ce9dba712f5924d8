#include "log_flags.hpp"

#include <iostream>
#include <sstream>

#include "ccsim/calibration/call_log.hpp"
#include "commands.hpp"

namespace ccsim::cli {

namespace {

constexpr int kMinutesPerDay = 1440;
constexpr double kSecondsPerMinute = 60.0;
// The bank's five calls of the undocumented type AA join the regular service PS by default.
const std::vector<std::pair<std::string, std::string>> kBankSegmentMap = {{"AA", "PS"}};

CLI::Validator fraction() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        double value = 0.0;
        std::istringstream in(text);
        in >> value;
        if (!in || !in.eof() || !(value >= 0.0 && value <= 1.0)) {
          return "expected a number in [0, 1], got " + text;
        }
        return {};
      },
      "FRACTION in [0, 1]", "");
}

CLI::Validator iso_date() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        return parse_iso_date(text) ? std::string{} : "expected a date YYYY-MM-DD, got " + text;
      },
      "YYYY-MM-DD", "");
}

CLI::Validator renaming() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        const std::size_t eq = text.find('=');
        if (eq == 0 || eq == std::string::npos || eq + 1 == text.size()) {
          return "expected FROM=TO with two segment names, got " + text;
        }
        return {};
      },
      "FROM=TO", "");
}

void report_problems(const std::vector<std::string>& problems) {
  for (const std::string& line : problems) std::cerr << line << "\n";
}

}  // namespace

CLI::Validator day_divisor() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        int minutes = 0;
        std::istringstream in(text);
        in >> minutes;
        if (!in || !in.eof() || minutes < 1 || kMinutesPerDay % minutes != 0) {
          return "expected a whole number of minutes dividing 1440 (one day), got " + text;
        }
        return {};
      },
      "MINUTES dividing 1440", "");
}

void add_log_flags(CLI::App* cmd, LogFlags& f) {
  cmd->add_option("--format", f.format,
                  "Log format: anonymous-bank, csv, or auto (from the first file's header)")
      ->check(CLI::IsMember({"auto", "anonymous-bank", "csv"}))
      ->capture_default_str();
  cmd->add_option("--interval-min", f.interval_min, "Interval of the day, in minutes")
      ->check(day_divisor())
      ->capture_default_str();
  cmd->add_option("--days", f.days,
                  "Days used: weekdays (bank: Sunday-Thursday; csv: Monday-Friday) or all")
      ->check(CLI::IsMember({"weekdays", "all"}))
      ->capture_default_str();
  cmd->add_option("--min-day-fraction", f.min_day_fraction,
                  "Leave out days whose queue entrants are below this fraction of the median day "
                  "(holidays, partial days); 0 keeps all")
      ->check(fraction())
      ->capture_default_str();
  cmd->add_option("--exclude-date", f.exclude_dates, "Leave out this day (repeatable)")
      ->check(iso_date());
  cmd->add_option("--by", f.by,
                  "Segments: none (one), or type/segment (the bank's call type, the csv segment)")
      ->check(CLI::IsMember({"none", "type", "segment"}))
      ->capture_default_str();
  cmd->add_option(
         "--arrival", f.arrival,
         "Arrival time: queue-entry, or menu-entry (bank: VRU time included; csv: arrival_s, not "
         "queue_entry_s)")
      ->check(CLI::IsMember({"queue-entry", "menu-entry"}))
      ->capture_default_str();
  cmd->add_option("--phantom", f.phantom, "Bank PHANTOM calls: drop, or count as abandoned")
      ->check(CLI::IsMember({"drop", "abandoned"}))
      ->capture_default_str();
  cmd->add_option("--anomalous-service", f.anomalous_service,
                  "Answered calls with no agent or a 0 s service: keep as answered (never in "
                  "handle-time fits), or drop")
      ->check(CLI::IsMember({"keep", "drop"}))
      ->capture_default_str();
  cmd->add_option("--priority", f.priority,
                  "Bank priority: ignore, or classes (priority 2 a segment served first)")
      ->check(CLI::IsMember({"ignore", "classes"}))
      ->capture_default_str();
  cmd->add_option("--map-segment", f.segment_map,
                  "Rename a segment (bank: call type) FROM=TO before grouping (repeatable; "
                  "bank default AA=PS)")
      ->check(renaming());
  cmd->add_flag("--strict", f.strict, "Stop at the first malformed line (exit 2)");
}

void add_staffing_flags(CLI::App* cmd, StaffingFlags& f) {
  cmd->add_option("--staffing", f.estimator,
                  "Staffing estimator: ready, present or distinct (docs/fit.md)")
      ->check(CLI::IsMember({"ready", "present", "distinct"}))
      ->capture_default_str();
  cmd->add_option("--staffing-gap-min", f.spell_gap_min,
                  "Longest idle gap, in minutes, inside one agent's working spell")
      ->check(at_least(0.0, "a number of minutes"))
      ->capture_default_str();
  cmd->add_option("--staffing-edge-min", f.edge_min,
                  "Idle minutes at most by which a spell is widened to its shift's edge before "
                  "its first call and after its last (stopped by a caller waiting); 0: none")
      ->check(at_least(0.0, "a number of minutes"))
      ->capture_default_str();
  cmd->add_option("--shift-grid-min", f.shift_grid_min,
                  "Shifts start and end on multiples of this many minutes; 0: spells are widened "
                  "by --staffing-edge-min whatever the clock")
      ->check(at_least(0.0, "a number of minutes"))
      ->capture_default_str();
  cmd->add_option("--staffing-step-min", f.step_min,
                  "Step of the staffing schedule, in minutes; divides --interval-min")
      ->check(at_least(1, "a whole number of minutes"))
      ->capture_default_str();
}

std::optional<StaffingOptions> staffing_options_or_report(const StaffingFlags& f,
                                                          int interval_min) {
  if (interval_min % f.step_min != 0) {
    std::cerr << "--staffing-step-min: expected a divisor of --interval-min (" << interval_min
              << "), got " << f.step_min << "\n";
    return std::nullopt;
  }
  StaffingOptions options;
  options.estimator = f.estimator == "present"    ? StaffingEstimator::present
                      : f.estimator == "distinct" ? StaffingEstimator::distinct
                                                  : StaffingEstimator::ready;
  options.interval_s = interval_min * kSecondsPerMinute;
  options.spell_gap_s = f.spell_gap_min * kSecondsPerMinute;
  options.edge_s = f.edge_min * kSecondsPerMinute;
  options.shift_grid_s = f.shift_grid_min * kSecondsPerMinute;
  options.step_s = f.step_min * kSecondsPerMinute;
  return options;
}

std::optional<LoadedLog> load_logs_or_report(const LogFlags& f) {
  CallLog log;
  ReadLogOptions read;
  read.strict = f.strict;
  if (f.format == "anonymous-bank") read.format = LogFormat::anonymous_bank;
  if (f.format == "csv") read.format = LogFormat::csv;
  try {
    for (const std::string& path : f.paths) {
      // Every file in the format of the first: a mix is a mistake, reported by the header check.
      read.format = read_call_log_file(path, read, log);
    }
  } catch (const CallLogError& e) {
    report_problems(e.problems());
    return std::nullopt;
  }
  report_problems(log.problems);
  for (const LogFileSummary& file : log.files) {
    if (file.malformed == 0) continue;
    std::cerr << file.label << ": " << file.malformed << " of " << file.lines
              << " lines malformed and skipped"
              << (file.malformed > CallLog::kKeptProblemsPerFile
                      ? " (the first " + std::to_string(CallLog::kKeptProblemsPerFile) + " shown)"
                      : "")
              << "\n";
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
  try {
    out.selected = select_contacts(log, format, c);
  } catch (const SelectionError& e) {
    std::cerr << "ccsim: " << e.what() << "\n";
    return std::nullopt;
  }
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

}  // namespace ccsim::cli
