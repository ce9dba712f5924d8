// The generic contact CSV (docs/formats.md, "Generic contact CSV"): a header naming the columns,
// in any order, unknown ones ignored; one contact per line.
#include <array>
#include <string>
#include <vector>

#include "calibration/call_log_text.hpp"
#include "scenario/limits.hpp"

namespace ccsim::call_log_text {

namespace {

// The seven required columns, then the optional ones (a trace has them).
enum Column : std::size_t {
  kDate,
  kArrival,
  kSegment,
  kWaited,
  kOutcome,
  kHandle,
  kAgent,
  kQueueEntry,
  kCustomerId,
  kCustomer,     // a trace's: numbered within its replication
  kReplication,  // a trace's
};
constexpr std::array<std::string_view, 11> kColumns = {
    "date",  "arrival_s",     "segment",     "waited_s", "outcome",    "handle_s",
    "agent", "queue_entry_s", "customer_id", "customer", "replication"};
constexpr std::size_t kRequiredColumns = 7;
// The index of an optional column the header does not name.
constexpr std::size_t kAbsent = static_cast<std::size_t>(-1);
constexpr std::string_view kAnswered = "answered";
constexpr std::string_view kAbandoned = "abandoned";
// Arrival times are seconds since the day's midnight; a contact logged under one day may
// arrive after the next midnight, but not days later.
constexpr double kMaxArrivalS = 2.0 * kSecondsPerDay;
// A wait or a service time: at most what a scenario can hold (scenario/limits.hpp), so that an
// empirical fit of them loads.
constexpr double kMaxDurationS = format::kMaxSeconds;
constexpr std::string_view kSecondsRange = "seconds in [0, 1e9]";

// Splits a line on commas, with RFC 4180 quoting inside the line ("a, b" and "say ""hi"""). An
// unterminated quote is reported through `problem`.
bool split(std::string_view line, std::vector<std::string>& fields, std::string& problem) {
  fields.clear();
  std::string field;
  std::size_t i = 0;
  while (true) {
    field.clear();
    if (i < line.size() && line[i] == '"') {
      ++i;
      bool closed = false;
      while (i < line.size()) {
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          closed = true;
          ++i;
          break;
        }
        field += line[i++];
      }
      if (!closed) {
        problem = "a closing quote";
        return false;
      }
      if (i < line.size() && line[i] != ',') {
        problem = "a comma after a quoted field";
        return false;
      }
    } else {
      const std::size_t comma = line.find(',', i);
      const std::size_t end = comma == std::string_view::npos ? line.size() : comma;
      field.assign(line.substr(i, end - i));
      i = end;
    }
    fields.emplace_back(trim(field));
    if (i >= line.size()) break;
    ++i;  // the comma
    if (i == line.size()) {
      fields.emplace_back();  // a trailing comma ends with an empty field
      break;
    }
  }
  return true;
}

class CsvLine {
 public:
  CsvLine(LogBuilder& builder, std::uint64_t number, const std::vector<std::string>& fields,
          const std::array<std::size_t, kColumns.size()>& index)
      : builder_(builder), number_(number), fields_(fields), index_(index) {}

  std::optional<Contact> read() {
    Contact c;
    const auto date = parse_iso_date(field(kDate));
    if (!date) return bad(kDate, "a date YYYY-MM-DD");
    c.day = *date;
    const auto arrival = parse_decimal(field(kArrival));
    if (!arrival || *arrival < 0.0 || *arrival >= kMaxArrivalS) {
      return bad(kArrival, "seconds since the day's midnight in [0, 172800)");
    }
    c.arrival_s = *arrival;
    if (field(kSegment).empty() || !is_printable_utf8(field(kSegment))) {
      return bad(kSegment, "a segment name of printable UTF-8 text");
    }
    const auto waited = parse_decimal(field(kWaited));
    if (!waited || *waited < 0.0 || *waited > kMaxDurationS) return bad(kWaited, kSecondsRange);
    c.waited_s = *waited;
    // A trace's queue entry, later than the arrival when a bot came first: the contact then
    // arrives at the queue, and the time before is like the bank's time in the voice menu.
    if (const std::string_view entry_text = field(kQueueEntry); !entry_text.empty()) {
      const auto entry = parse_decimal(entry_text);
      if (!entry || *entry < c.arrival_s || *entry >= c.arrival_s + kSecondsPerDay) {
        return bad(kQueueEntry, "seconds since the day's midnight, from arrival_s to a day later");
      }
      c.menu_s = *entry - c.arrival_s;
      c.arrival_s = *entry;
    }
    const std::string_view outcome = field(kOutcome);
    if (outcome.empty()) return bad(kOutcome, "an outcome (answered, abandoned or another word)");
    const bool answered = outcome == kAnswered;
    c.outcome = answered                ? LoggedOutcome::answered
                : outcome == kAbandoned ? LoggedOutcome::abandoned
                                        : LoggedOutcome::not_queued;
    if (answered) {
      const auto handle = parse_decimal(field(kHandle));
      if (!handle || *handle < 0.0 || *handle > kMaxDurationS) {
        return bad(kHandle, std::string(kSecondsRange) + " for an answered contact");
      }
      c.handle_s = *handle;
    } else if (!field(kHandle).empty()) {
      return bad(kHandle, "nothing unless the contact was answered");
    }
    if (!answered && !field(kAgent).empty()) {
      return bad(kAgent, "nothing unless the contact was answered");
    }
    if (!is_printable_utf8(field(kAgent)))
      return bad(kAgent, "an agent name of printable UTF-8 text");
    c.segment = builder_.segment(field(kSegment));
    if (!read_caller(c)) return std::nullopt;
    if (answered && !field(kAgent).empty()) c.agent = builder_.agent(field(kAgent));
    return c;
  }

 private:
  // The caller: customer_id (empty or 0: unknown), else a trace's customer, whose numbers start
  // again in each replication (so the replication is part of the id).
  bool read_caller(Contact& c) {
    const bool generic = index_[kCustomerId] != kAbsent;
    const std::string_view id = field(generic ? kCustomerId : kCustomer);
    if (id.empty() || id == "0") return true;
    if (!is_printable_utf8(id)) {
      bad(generic ? kCustomerId : kCustomer, "a caller id of printable UTF-8 text");
      return false;
    }
    c.caller = generic ? builder_.caller(id)
                       : builder_.caller(std::string(field(kReplication)) + "/" + std::string(id));
    return true;
  }

  std::string_view field(Column column) const {
    return index_[column] == kAbsent ? std::string_view()
                                     : std::string_view(fields_[index_[column]]);
  }

  std::nullopt_t bad(Column column, std::string_view expected) {
    builder_.malformed(number_, std::string(expected) + " in " + std::string(kColumns[column]),
                       shown(field(column)));
    return std::nullopt;
  }

  LogBuilder& builder_;
  std::uint64_t number_;
  const std::vector<std::string>& fields_;
  const std::array<std::size_t, kColumns.size()>& index_;
};

}  // namespace

void parse_csv_log(std::string_view text, LogBuilder& builder) {
  std::array<std::size_t, kColumns.size()> index{};
  index.fill(kAbsent);
  std::size_t header_fields = 0;
  bool header_seen = false;
  std::vector<std::string> fields;
  std::string problem;
  for_each_line(text, [&](std::uint64_t number, std::string_view line) {
    if (!header_seen) {
      if (is_blank(line)) return;
      if (!split(line, fields, problem))
        builder.fatal(number, problem + " in the header", shown(line));
      std::array<bool, kColumns.size()> found{};
      for (std::size_t i = 0; i < fields.size(); ++i) {
        for (std::size_t c = 0; c < kColumns.size(); ++c) {
          if (fields[i] != kColumns[c]) continue;
          if (found[c])
            builder.fatal(number, "each column named once", shown(fields[i]) + " twice");
          found[c] = true;
          index[c] = i;
        }
      }
      for (std::size_t c = 0; c < kRequiredColumns; ++c) {
        if (!found[c]) {
          builder.fatal(number,
                        "a header naming the columns date, arrival_s, segment, waited_s, "
                        "outcome, handle_s and agent",
                        "no column " + std::string(kColumns[c]));
        }
      }
      header_fields = fields.size();
      header_seen = true;
      return;
    }
    if (is_blank(line)) return;
    builder.count_line();
    if (!split(line, fields, problem)) {
      builder.malformed(number, problem, shown(line));
      return;
    }
    if (fields.size() != header_fields) {
      builder.malformed(number,
                        std::to_string(header_fields) + " comma-separated fields as in the header",
                        std::to_string(fields.size()));
      return;
    }
    if (auto contact = CsvLine(builder, number, fields, index).read()) builder.add(*contact);
  });
  if (!header_seen) builder.fatal(1, "a header naming the columns", "an empty file");
}

}  // namespace ccsim::call_log_text
