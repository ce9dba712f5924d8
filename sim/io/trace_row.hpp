// The rows of the trace CSV (docs/formats.md, "Trace CSV"): names resolved once, numbers
// written with std::to_chars (locale-independent, no allocation once the row buffer has grown).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ccsim/engine/contact_record.hpp"
#include "ccsim/scenario/scenario.hpp"

namespace ccsim {

class TraceRowFormat {
 public:
  explicit TraceRowFormat(const Scenario& scenario);

  static std::string_view header();
  // Appends the record's row, line end included.
  void append(std::string& out, const ContactRecord& r) const;
  // Days of log one replication occupies: its contacts all arrive before the horizon.
  double days_per_replication() const { return days_per_replication_; }

 private:
  std::vector<std::string> segments_, reasons_, reason_kinds_, channels_;  // CSV-escaped
  std::vector<std::string> agent_prefixes_;  // "name-", raw: the agent field is escaped whole
  std::vector<bool> agent_plain_;            // … and needs no quoting
  std::vector<std::string> groups_;          // CSV-escaped
  double days_per_replication_ = 1.0;
};

// `text` as one CSV field: quoted, with quotes doubled, when it holds a comma, a quote or a
// line break (RFC 4180).
std::string csv_field(std::string_view text);

}  // namespace ccsim
