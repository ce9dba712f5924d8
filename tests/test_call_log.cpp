// The call-log readers: the bank data's documented quirks, the generic CSV, and the messages
// about malformed lines.
#include <catch2/catch.hpp>
#include <string>

#include "ccsim/calibration/call_log.hpp"
#include "test_support.hpp"

namespace {

using namespace ccsim;

const std::string kBankQuirks = test::source_path("tests/data/calllog/bank-quirks.txt");
const std::string kBankMalformed = test::source_path("tests/data/calllog/bank-malformed.txt");
const std::string kContacts = test::source_path("tests/data/calllog/contacts.csv");
const std::string kContactsMalformed =
    test::source_path("tests/data/calllog/contacts-malformed.csv");

CallLog read(const std::string& path, bool strict = false) {
  CallLog log;
  ReadLogOptions options;
  options.strict = strict;
  read_call_log_file(path, options, log);
  return log;
}

std::int32_t date(int y, int m, int d) {
  return *days_from_civil(y, m, d);
}

const std::string& segment_of(const CallLog& log, const Contact& c) {
  return log.segments[static_cast<std::size_t>(c.segment)];
}

}  // namespace

TEST_CASE("The calendar helpers agree with known dates", "[calllog]") {
  CHECK(*days_from_civil(1970, 1, 1) == 0);
  CHECK(civil_date(*days_from_civil(1999, 2, 28)) == "1999-02-28");
  CHECK(civil_date(*days_from_civil(2000, 2, 29)) == "2000-02-29");
  CHECK_FALSE(days_from_civil(1999, 2, 29));
  CHECK_FALSE(days_from_civil(1999, 13, 1));
  CHECK(day_of_week(date(1999, 2, 5)) == 5);  // a Friday
  CHECK(day_of_week(date(1999, 2, 7)) == 0);  // a Sunday
  CHECK(*parse_iso_date("2024-03-04") == date(2024, 3, 4));
  CHECK_FALSE(parse_iso_date("2024-3-4"));
}

TEST_CASE("The format is detected from the header", "[calllog]") {
  CHECK(detect_log_format("vru+line\tcall_id\n") == LogFormat::anonymous_bank);
  CHECK(detect_log_format("date,arrival_s\n") == LogFormat::csv);
  CHECK(detect_log_format("\xEF\xBB\xBFvru+line\t") == LogFormat::anonymous_bank);
}

TEST_CASE("Bank records map onto the queue's outcomes", "[calllog]") {
  const CallLog log = read(kBankQuirks);
  REQUIRE(log.contacts.size() == 15);
  REQUIRE(log.malformed() == 0);
  const auto& c = log.contacts;
  CHECK(c[0].outcome == LoggedOutcome::answered);
  CHECK(c[0].arrival_s == 9 * 3600 + 6);
  CHECK(c[0].menu_s == 6);
  CHECK(c[0].waited_s == 60);
  CHECK(c[0].handle_s == 180);
  CHECK(c[0].priority == 2);
  CHECK(log.agents[static_cast<std::size_t>(c[0].agent)] == "TOVA");
  CHECK(c[2].outcome == LoggedOutcome::abandoned);
  CHECK(c[2].waited_s == 45);
  CHECK(c[3].outcome == LoggedOutcome::menu_hangup);
  CHECK(c[4].outcome == LoggedOutcome::phantom);
  CHECK(c[0].day == date(1999, 2, 1));
}

TEST_CASE("Bank priority is unknown for calls that did not queue", "[calllog]") {
  const CallLog log = read(kBankQuirks);
  CHECK(log.contacts[1].priority == kUnknownPriority);  // logged 0: the documented bug
  CHECK(log.contacts[1].waited_s == 0);
  CHECK(log.contacts[1].arrival_s == 9 * 3600 + 10 * 60 + 10);
}

TEST_CASE("Bank services with no agent or no duration are anomalous but answered", "[calllog]") {
  const CallLog log = read(kBankQuirks);
  CHECK(log.contacts[5].outcome == LoggedOutcome::answered);
  CHECK(log.contacts[5].agent == kNoAgent);
  CHECK(log.contacts[5].anomalous_service());
  CHECK(log.contacts[6].anomalous_service());
  CHECK_FALSE(log.contacts[0].anomalous_service());
  // A mangled name serves ordinary calls: it is an agent.
  CHECK(log.agents[static_cast<std::size_t>(log.contacts[11].agent)] == "NO_SERVERAMA");
}

TEST_CASE("A menu exit logged before the entry gives no menu time", "[calllog]") {
  const CallLog log = read(kBankQuirks);
  const Contact& c = log.contacts[7];
  CHECK(c.arrival_s == 15 * 3600 + 45 * 60 + 24);
  CHECK(c.menu_s == 0);
  CHECK(c.waited_s == 77);
}

TEST_CASE("A call that queues after midnight keeps its day and passes 86400 s", "[calllog]") {
  const CallLog log = read(kBankQuirks);
  const Contact& c = log.contacts[8];
  CHECK(c.day == date(1999, 2, 1));
  CHECK(c.arrival_s == 86400 + 5);
  CHECK(c.menu_s == 15);
}

TEST_CASE("Bank fields are trimmed and CRLF endings read", "[calllog]") {
  const CallLog log = read(kBankQuirks);
  CHECK(segment_of(log, log.contacts[9]) == "TT");
  CHECK(segment_of(log, log.contacts[10]) == "AA");
  CHECK(log.agents[static_cast<std::size_t>(log.contacts[13].agent)] == "TOVA");
  // q_start, not vru_exit, is the queue entry of a call that queued.
  CHECK(log.contacts[14].arrival_s == 10 * 3600 + 10 * 60 + 12);
  CHECK(log.contacts[14].menu_s == 12);
}

TEST_CASE("Malformed bank lines are skipped, counted and reported", "[calllog]") {
  const CallLog log = read(kBankMalformed);
  CHECK(log.contacts.size() == 2);
  REQUIRE(log.files.size() == 1);
  CHECK(log.files[0].lines == 8);
  CHECK(log.files[0].malformed == 6);
  const std::string f = kBankMalformed;
  const std::vector<std::string> expected = {
      f + ":3: expected 17 tab-separated fields, got 11",
      f + ":4: expected a priority 0, 1 or 2 in priority, got \"7\"",
      f + ":5: expected a date YYMMDD in date, got \"990230\"",
      f + ":6: expected a clock time H:MM:SS in vru_entry, got \"9:61:00\"",
      f + ":7: expected AGENT, HANG or PHANTOM in outcome, got \"BUSY\"",
      f + ":8: expected whole seconds in [0, 86400) in q_time, got \"x\"",
  };
  CHECK(log.problems == expected);
}

TEST_CASE("With strict reading the first malformed line is fatal", "[calllog]") {
  try {
    read(kBankMalformed, true);
    FAIL("no error");
  } catch (const CallLogError& e) {
    REQUIRE(e.problems().size() == 1);
    CHECK(e.problems()[0] == kBankMalformed + ":3: expected 17 tab-separated fields, got 11");
  }
}

TEST_CASE("Only the first messages of a file are kept, all are counted", "[calllog]") {
  std::string text = "date,arrival_s,segment,waited_s,outcome,handle_s,agent\n";
  for (int i = 0; i < 50; ++i) text += "bad\n";
  CallLog log;
  parse_call_log(text, "x.csv", {}, log);
  CHECK(log.files[0].malformed == 50);
  CHECK(log.problems.size() == CallLog::kKeptProblemsPerFile);
  CHECK(log.problems[0] == "x.csv:2: expected 7 comma-separated fields as in the header, got 1");
}

TEST_CASE("A file without a usable header cannot be read", "[calllog]") {
  CallLog log;
  ReadLogOptions bank;
  bank.format = LogFormat::anonymous_bank;
  CHECK_THROWS_WITH(parse_call_log("date,arrival_s\n", "x", bank, log),
                    Catch::StartsWith("x:1: expected the anonymous-bank header"));
  CHECK_THROWS_WITH(parse_call_log("date,arrival_s,segment\n1,2,3\n", "y.csv", {}, log),
                    "y.csv:1: expected a header naming the columns date, arrival_s, segment, "
                    "waited_s, outcome, handle_s and agent, got no column waited_s");
  CHECK_THROWS_WITH(parse_call_log("", "z.csv", {}, log),
                    "z.csv:1: expected a header naming the columns, got an empty file");
  CHECK_THROWS_WITH(read_call_log_file("/nonexistent/log.csv", {}, log),
                    Catch::StartsWith("/nonexistent/log.csv: expected a readable log file"));
}

TEST_CASE("CSV columns come in any order; unknown ones are ignored", "[calllog]") {
  const CallLog log = read(kContacts);
  REQUIRE(log.malformed() == 0);
  REQUIRE(log.contacts.size() == 4);
  const auto& c = log.contacts;
  CHECK(c[0].outcome == LoggedOutcome::answered);
  CHECK(c[0].waited_s == 12.5);
  CHECK(c[0].handle_s == 300);
  CHECK(c[0].day == date(2024, 3, 4));
  CHECK(log.agents[static_cast<std::size_t>(c[0].agent)] == "a1");
  CHECK(c[1].outcome == LoggedOutcome::abandoned);
  CHECK(c[1].arrival_s == 3700.25);
  CHECK(segment_of(log, c[1]) == "old, retired");  // quoted, with a comma
  CHECK(c[2].outcome == LoggedOutcome::not_queued);
  CHECK(c[3].arrival_s == 90000);  // past the next midnight, logged under its day
}

TEST_CASE("Malformed CSV lines say which column is wrong", "[calllog]") {
  const CallLog log = read(kContactsMalformed);
  CHECK(log.contacts.size() == 2);
  CHECK(log.files[0].malformed == 10);
  const std::string f = kContactsMalformed;
  const std::vector<std::string> expected = {
      f + ":3: expected a date YYYY-MM-DD in date, got \"2024-02-30\"",
      f + ":4: expected seconds since the day's midnight in [0, 172800) in arrival_s, got \"-5\"",
      f + ":5: expected a segment name of printable UTF-8 text in segment, got \"\"",
      f + ":6: expected seconds in [0, 1e9] in waited_s, got \"inf\"",
      f + ":7: expected nothing unless the contact was answered in handle_s, got \"30\"",
      f + ":8: expected nothing unless the contact was answered in agent, got \"a1\"",
      f + ":9: expected seconds in [0, 1e9] for an answered contact in handle_s, got \"\"",
      f + ":10: expected 7 comma-separated fields as in the header, got 6",
      f + ":11: expected a closing quote, got \"2024-03-04,3600,\\\"young,0,answered,300,a1\"",
      f + ":12: expected an outcome (answered, abandoned or another word) in outcome, got \"\"",
  };
  CHECK(log.problems == expected);
}

TEST_CASE("Several files share one table of names", "[calllog]") {
  CallLog log;
  ReadLogOptions options;
  read_call_log_file(kContacts, options, log);
  read_call_log_file(kContacts, options, log);
  CHECK(log.contacts.size() == 8);
  CHECK(log.segments.size() == 2);
  CHECK(log.agents.size() == 2);
  CHECK(log.files.size() == 2);
  CHECK(log.contacts[4].segment == log.contacts[0].segment);
}

TEST_CASE("Names must be printable UTF-8", "[calllog]") {
  CallLog log;
  parse_call_log(
      "date,arrival_s,segment,waited_s,outcome,handle_s,agent\n"
      "2024-03-04,10,jeunes \xC3\xA9t\xC3\xA9,0,answered,5,a\n"
      "2024-03-04,10,bad\xFF,0,answered,5,a\n"
      "2024-03-04,10,tab\x01,0,answered,5,a\n"
      "2024-03-04,10,ok,0,answered,5,\xC0\xAF\n",
      "u.csv", {}, log);
  CHECK(log.contacts.size() == 1);
  CHECK(log.segments[0] == "jeunes \xC3\xA9t\xC3\xA9");
  CHECK(log.problems ==
        std::vector<std::string>{
            "u.csv:3: expected a segment name of printable UTF-8 text in segment, got \"bad\\xFF\"",
            "u.csv:4: expected a segment name of printable UTF-8 text in segment, got "
            "\"tab\\x01\"",
            "u.csv:5: expected an agent name of printable UTF-8 text in agent, got "
            "\"\\xC0\\xAF\""});
}

TEST_CASE("A trace's queue_entry_s is the arrival at the queue", "[calllog]") {
  CallLog log;
  parse_call_log(
      "date,arrival_s,segment,waited_s,outcome,handle_s,agent,queue_entry_s\n"
      "2000-01-03,100,all,5,answered,60,humans-1,130\n"
      "2000-01-03,200,all,0,bot_resolved,,,\n"
      "2000-01-03,300,all,9,abandoned,,,299\n",
      "trace.csv", {}, log);
  REQUIRE(log.contacts.size() == 2);
  CHECK(log.contacts[0].arrival_s == 130.0);
  CHECK(log.contacts[0].menu_s == 30.0);
  CHECK(log.contacts[1].outcome == LoggedOutcome::not_queued);
  CHECK(log.contacts[1].arrival_s == 200.0);
  CHECK(log.problems ==
        std::vector<std::string>{"trace.csv:4: expected seconds since the day's midnight, from "
                                 "arrival_s to a day later in queue_entry_s, got \"299\""});
}
