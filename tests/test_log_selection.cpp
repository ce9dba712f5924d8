// Data choices on the bank's quirks, and staffing inferred from busy periods.
#include <catch2/catch.hpp>
#include <string>

#include "ccsim/calibration/call_log.hpp"
#include "ccsim/calibration/log_selection.hpp"
#include "ccsim/calibration/staffing_inference.hpp"
#include "test_support.hpp"

namespace {

using namespace ccsim;

CallLog bank_quirks() {
  CallLog log;
  read_call_log_file(test::source_path("tests/data/calllog/bank-quirks.txt"), {}, log);
  return log;
}

LogChoices keep_all_days() {
  LogChoices c;
  c.min_day_fraction = 0.0;
  return c;
}

// A CSV log from its rows (the header is added), every day kept.
SelectedLog csv_log(const std::string& rows) {
  CallLog log;
  parse_call_log("date,arrival_s,segment,waited_s,outcome,handle_s,agent\n" + rows, "t.csv", {},
                 log);
  LogChoices c = keep_all_days();
  c.days = DaySet::all;
  return select_contacts(log, LogFormat::csv, c);
}

constexpr double kNine = 9 * 3600.0;
constexpr std::size_t kNineInterval = 18;  // 09:00-09:30 in 30-minute intervals

std::string row(double arrival_s, double waited_s, const char* outcome, double handle_s,
                const char* agent) {
  const bool answered = std::string(outcome) == "answered";
  return "2024-03-04," + std::to_string(arrival_s) + ",all," + std::to_string(waited_s) + "," +
         outcome + "," + (answered ? std::to_string(handle_s) : "") + "," +
         (answered ? agent : "") + "\n";
}

}  // namespace

TEST_CASE("Queue entrants exclude menu hang-ups and phantoms by default", "[fit]") {
  const SelectedLog s = select_contacts(bank_quirks(), LogFormat::anonymous_bank, keep_all_days());
  CHECK(s.days ==
        std::vector<std::int32_t>{*days_from_civil(1999, 2, 1), *days_from_civil(1999, 2, 7)});
  REQUIRE(s.off_week.size() == 1);  // the Friday
  CHECK(s.off_week[0].day == *days_from_civil(1999, 2, 5));
  CHECK(s.entrants.size() == 12);
  CHECK(s.menu_hangups == 1);
  CHECK(s.phantoms == 1);
  CHECK(s.anomalous_services == 2);
  CHECK(s.segments == std::vector<std::string>{"all"});
}

TEST_CASE("Days below the volume floor are left out", "[fit]") {
  // 10 entrants on the Monday, 2 on the Sunday: the median is 6, the floor 3.
  const SelectedLog s = select_contacts(bank_quirks(), LogFormat::anonymous_bank, LogChoices{});
  CHECK(s.median_day_entrants == 6.0);
  CHECK(s.days.size() == 1);
  REQUIRE(s.low_volume.size() == 1);
  CHECK(s.low_volume[0].entrants == 2);
}

TEST_CASE("Every data choice changes what is counted", "[fit]") {
  const CallLog log = bank_quirks();
  LogChoices c = keep_all_days();
  c.days = DaySet::all;
  CHECK(select_contacts(log, LogFormat::anonymous_bank, c).entrants.size() == 13);
  c.phantom = PhantomRule::abandoned;
  CHECK(select_contacts(log, LogFormat::anonymous_bank, c).entrants.size() == 14);
  c.anomalous_service = AnomalousServiceRule::drop;
  CHECK(select_contacts(log, LogFormat::anonymous_bank, c).entrants.size() == 12);
  c = keep_all_days();
  c.excluded_days = {*days_from_civil(1999, 2, 7)};
  const SelectedLog one = select_contacts(log, LogFormat::anonymous_bank, c);
  CHECK(one.days.size() == 1);
  CHECK(one.excluded.size() == 1);
  c = keep_all_days();
  c.arrival = ArrivalClock::menu_entry;
  CHECK(select_contacts(log, LogFormat::anonymous_bank, c).entrants[0].arrival_s == kNine);
  CHECK(select_contacts(log, LogFormat::anonymous_bank, c).entrants[0].queue_entry_s == kNine + 6);
}

TEST_CASE("Segments are the renamed call types, sorted", "[fit]") {
  LogChoices c = keep_all_days();
  c.by = SegmentBy::segment;
  CHECK(select_contacts(bank_quirks(), LogFormat::anonymous_bank, c).segments ==
        std::vector<std::string>{"AA", "NE", "NW", "PS", "TT"});
  c.segment_map = {{"AA", "PS"}};
  CHECK(select_contacts(bank_quirks(), LogFormat::anonymous_bank, c).segments ==
        std::vector<std::string>{"NE", "NW", "PS", "TT"});
}

TEST_CASE("Priority classes come from calls that queued", "[fit]") {
  LogChoices c = keep_all_days();
  c.priority = PriorityRule::classes;
  const SelectedLog s = select_contacts(bank_quirks(), LogFormat::anonymous_bank, c);
  CHECK(s.entrants[0].priority_class == kPriorityClass);  // logged 2
  CHECK(s.entrants[1].priority_class == kUnknownClass);   // answered at once: not logged
  CHECK(s.entrants[2].priority_class == kRegularClass);   // logged 1
  CallLog csv;
  parse_call_log("date,arrival_s,segment,waited_s,outcome,handle_s,agent\n", "t.csv", {}, csv);
  CHECK_THROWS_WITH(select_contacts(csv, LogFormat::csv, c),
                    "expected --priority ignore for a csv log, which has no priorities, got "
                    "classes");
}

TEST_CASE("The CSV working week is Monday to Friday", "[fit]") {
  CHECK(in_working_week(LogFormat::csv, *days_from_civil(2024, 3, 4)));        // Monday
  CHECK_FALSE(in_working_week(LogFormat::csv, *days_from_civil(2024, 3, 3)));  // Sunday
  CHECK(in_working_week(LogFormat::anonymous_bank, *days_from_civil(2024, 3, 3)));
  CHECK_FALSE(in_working_week(LogFormat::anonymous_bank, *days_from_civil(2024, 3, 8)));
}

TEST_CASE("An agent serving back to back is one agent present, ready and busy", "[fit]") {
  std::string rows;
  for (int k = 0; k < 6; ++k) rows += row(kNine + 300.0 * k, 0.0, "answered", 300.0, "a");
  const StaffingProfile p = infer_staffing(csv_log(rows), {});
  CHECK(p.present[kNineInterval] == Approx(1.0));
  CHECK(p.ready[kNineInterval] == Approx(1.0));
  CHECK(p.busy[kNineInterval] == Approx(1.0));
  CHECK(p.distinct[kNineInterval] == Approx(1.0));
  CHECK(p.present[kNineInterval + 1] == 0.0);
  CHECK(p.agents.interval_s == 300.0);
  for (std::size_t k = 108; k < 114; ++k) CHECK(p.agents.values[k] == 1.0);
}

TEST_CASE("A pause that begins while someone waits is not-ready time", "[fit]") {
  // Agent a serves 09:00-09:05, then pauses 60 s although a caller has waited since 09:04; it
  // takes them at 09:06 until 09:10.
  const std::string rows =
      row(kNine, 0.0, "answered", 300.0, "a") + row(kNine + 240.0, 120.0, "answered", 240.0, "a");
  const StaffingProfile p = infer_staffing(csv_log(rows), {});
  CHECK(p.not_ready_gaps == 1);
  CHECK(p.mean_not_ready_s == 60.0);
  CHECK(p.present[kNineInterval] == Approx(600.0 / 1800.0));
  CHECK(p.ready[kNineInterval] == Approx(540.0 / 1800.0));
  CHECK(p.busy[kNineInterval] == Approx(540.0 / 1800.0));
}

TEST_CASE("A pause with nobody waiting holds the expected not-ready time", "[fit]") {
  // Agent a's pause at 09:05 began while someone waited (60 s, the sample W); agent b's pause
  // of 200 s from 09:20 began with nobody waiting: E[min(W, 200)] = 60 s of it is not-ready.
  const std::string rows = row(kNine, 0.0, "answered", 300.0, "a") +
                           row(kNine + 240.0, 120.0, "answered", 240.0, "a") +
                           row(kNine + 1200.0, 0.0, "answered", 100.0, "b") +
                           row(kNine + 1500.0, 0.0, "answered", 100.0, "b");
  StaffingOptions options;
  options.edge_s = 0.0;  // spells as served
  const StaffingProfile p = infer_staffing(csv_log(rows), options);
  CHECK(p.present[kNineInterval] == Approx((600.0 + 400.0) / 1800.0));
  CHECK(p.ready[kNineInterval] == Approx((540.0 + 340.0) / 1800.0));
  CHECK(p.distinct[kNineInterval] == Approx(2.0));
}

TEST_CASE("A pause longer than the spell gap ends the spell", "[fit]") {
  const std::string rows =
      row(kNine, 0.0, "answered", 100.0, "a") + row(kNine + 1100.0, 0.0, "answered", 100.0, "a");
  StaffingOptions options;
  options.edge_s = 0.0;
  options.spell_gap_s = 900.0;
  CHECK(infer_staffing(csv_log(rows), options).present[kNineInterval] == Approx(200.0 / 1800.0));
  options.spell_gap_s = 1000.0;
  CHECK(infer_staffing(csv_log(rows), options).present[kNineInterval] == Approx(1200.0 / 1800.0));
}

TEST_CASE("The staffing schedule averages to the estimate within one agent per step", "[fit]") {
  // Two agents present half an hour each, a third for 10 minutes: 2.33 agents on average.
  std::string rows;
  for (int k = 0; k < 6; ++k) {
    rows += row(kNine + 300.0 * k, 0.0, "answered", 300.0, "a");
    rows += row(kNine + 300.0 * k, 0.0, "answered", 300.0, "b");
  }
  rows += row(kNine, 0.0, "answered", 600.0, "c");
  StaffingOptions options;
  options.estimator = StaffingEstimator::present;
  const StaffingProfile p = infer_staffing(csv_log(rows), options);
  CHECK(p.estimate[kNineInterval] == Approx(2.0 + 1.0 / 3.0));
  double sum = 0.0;
  for (std::size_t k = 108; k < 114; ++k) sum += p.agents.values[k];
  CHECK(std::abs(sum / 6.0 - p.estimate[kNineInterval]) <= 1.0 / 6.0 + 1e-9);
}

TEST_CASE("Each day keeps its own staffing, and the profile is their average", "[fit]") {
  // One agent back to back from 09:00 to 09:30 on Monday, two on Tuesday.
  std::string rows;
  for (int k = 0; k < 6; ++k) {
    rows += row(kNine + 300.0 * k, 0.0, "answered", 300.0, "a");
    std::string tuesday = row(kNine + 300.0 * k, 0.0, "answered", 300.0, "a") +
                          row(kNine + 300.0 * k, 0.0, "answered", 300.0, "b");
    for (std::size_t at = tuesday.find("2024-03-04"); at != std::string::npos;
         at = tuesday.find("2024-03-04"))
      tuesday.replace(at, 10, "2024-03-05");
    rows += tuesday;
  }
  const SelectedLog log = csv_log(rows);
  const DailyStaffing daily = infer_daily_staffing(log, {});
  REQUIRE(daily.days.size() == 2);
  constexpr std::size_t kNineStep = 108;
  CHECK(daily.days[0].ready[kNineStep] == Approx(1.0));
  CHECK(daily.days[1].ready[kNineStep] == Approx(2.0));
  CHECK(daily.days[1].busy[kNineStep] == Approx(2.0));
  CHECK(daily.schedule(1, StaffingEstimator::ready).values[kNineStep] == 2.0);
  CHECK(daily.schedule(0, StaffingEstimator::distinct).values[kNineStep] == 1.0);
  CHECK(infer_staffing(log, {}).ready[kNineInterval] == Approx(1.5));
}

TEST_CASE("A spell is widened to its shift's edges unless someone waited", "[fit]") {
  // Agent a's first call is at 09:05 with nobody waiting before: on duty from 09:00, the shift
  // edge. A caller waits from 09:07 to 09:10, when agent b takes them as their first call: b was
  // not there while they waited, and is on duty from 09:10. Both calls end at 09:20: on duty
  // until 09:30. A boundary further than the edge (09:00 for a first call at 09:05 with a 4-minute
  // edge) is not one.
  const std::string rows = row(kNine + 300.0, 0.0, "answered", 900.0, "a") +
                           row(kNine + 420.0, 180.0, "answered", 600.0, "b");
  StaffingOptions options;
  options.estimator = StaffingEstimator::present;
  const DailyStaffing daily = infer_daily_staffing(csv_log(rows), options);
  const DayStaffing& day = daily.days[0];
  constexpr std::size_t kNineStep = 108;
  CHECK(day.present[kNineStep] == Approx(1.0));
  CHECK(day.present[kNineStep + 1] == Approx(1.0));
  for (std::size_t k = kNineStep + 2; k < kNineStep + 6; ++k) CHECK(day.present[k] == Approx(2.0));
  CHECK(day.present[kNineStep + 6] == 0.0);
  options.shift_grid_s = 0.0;  // no grid: widened by the edge, 15 min
  CHECK(infer_daily_staffing(csv_log(rows), options).days[0].present[kNineStep + 6] == Approx(2.0));
  options.edge_s = 240.0;
  options.shift_grid_s = 1800.0;
  CHECK(infer_daily_staffing(csv_log(rows), options).days[0].present[kNineStep] == 0.0);
}
