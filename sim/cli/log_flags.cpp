#include "log_flags.hpp"

#include "commands.hpp"

#include <iostream>
#include <sstream>

#include "ccsim/calibration/call_log.hpp"

namespace ccsim::cli {

namespace {

constexpr int kMinutesPerDay = 1440;

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

void add_retrial_link_flags(CLI::App* cmd, double& window_min, std::string& lost_ids) {
  cmd->add_option("--retrial-lost-ids", lost_ids,
                  "Retrials whose caller id the log may have lost: ignore them (the probability "
                  "is then a lower bound), or weight the linked ones by 1 / P(id logged)")
      ->check(CLI::IsMember({"ignore", "weight"}))
      ->capture_default_str();
  cmd->add_option("--retrial-window-min", window_min,
                  "A caller's next queue entry within this many minutes of abandoning is a "
                  "retrial (fit: linked; backtest: left out of replayed arrivals of a scenario "
                  "with retrials)")
      ->capture_default_str();
}

void add_staffing_flags(CLI::App* cmd, StaffingRequest& r) {
  cmd->add_option("--staffing", r.staffing,
                  "Staffing estimator: ready, present or distinct (docs/fit.md)")
      ->check(CLI::IsMember({"ready", "present", "distinct"}))
      ->capture_default_str();
  cmd->add_option("--staffing-gap-min", r.spell_gap_min,
                  "Longest idle gap, in minutes, inside one agent's working spell")
      ->check(at_least(0.0, "a number of minutes"))
      ->capture_default_str();
  cmd->add_option("--staffing-edge-min", r.edge_min,
                  "Idle minutes at most by which a spell is widened to its shift's edge before "
                  "its first call and after its last (stopped by a caller waiting); 0: none")
      ->check(at_least(0.0, "a number of minutes"))
      ->capture_default_str();
  cmd->add_option("--shift-grid-min", r.shift_grid_min,
                  "Shifts start and end on multiples of this many minutes; 0: spells are widened "
                  "by --staffing-edge-min whatever the clock")
      ->check(at_least(0.0, "a number of minutes"))
      ->capture_default_str();
  cmd->add_option("--staffing-step-min", r.step_min,
                  "Step of the staffing schedule, in minutes; divides --interval-min")
      ->check(at_least(1, "a whole number of minutes"))
      ->capture_default_str();
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

std::optional<LoadedLog> load_logs_or_report(const LogFlags& flags) {
  try {
    return load_logs(flags, [](const std::string& line) { std::cerr << line << "\n"; });
  } catch (const CallLogError& e) {
    report_problems(e.problems());
  } catch (const SelectionError& e) {
    std::cerr << "ccsim: " << e.what() << "\n";
  }
  return std::nullopt;
}

}  // namespace ccsim::cli
