// Traces: one CSV row per simulated contact (docs/formats.md, "Trace CSV").
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ccsim/engine/contact_record.hpp"
#include "ccsim/scenario/scenario.hpp"

namespace ccsim {

class TraceRowFormat;

// Streams the contacts of replications [first, first + count) to `path`, with memory bounded
// whatever the number of contacts: each replication writes its rows, buffered, to a piece file
// of its own beside `path` (the first piece under the header); finish() appends the others to
// the first in replication order and renames it onto `path`. The trace is therefore the same,
// byte for byte, whatever the number of threads, and a reader sees no trace or the whole one.
// A writer destroyed before finish() succeeded removes every file it made.
class TraceWriter {
 public:
  TraceWriter(const Scenario& scenario, std::string path, int first, int count);
  ~TraceWriter();
  TraceWriter(const TraceWriter&) = delete;
  TraceWriter& operator=(const TraceWriter&) = delete;

  // The sink of one replication (called once per replication, from any thread). Its rows are
  // flushed and its piece closed when it is destroyed. Throws std::runtime_error when the
  // piece cannot be created.
  std::unique_ptr<ContactSink> sink_for(int replication);

  // Joins the pieces into `path`; throws std::runtime_error with the reason on failure.
  void finish();

  // The header row of the trace, comma-separated, without the line end.
  static std::string_view header();

 private:
  class Piece;
  std::unique_ptr<TraceRowFormat> format_;
  std::string path_;
  int first_;
  std::vector<std::string> pieces_;  // piece file of replication first + i
  std::vector<std::string> errors_;  // a piece's write error, set by its own sink only
  bool finished_ = false;
};

}  // namespace ccsim
