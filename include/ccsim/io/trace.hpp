// Traces: one CSV row per simulated contact (docs/formats.md, "Trace CSV").
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ccsim/engine/contact_record.hpp"
#include "ccsim/io/output.hpp"
#include "ccsim/scenario/scenario.hpp"

namespace ccsim {

class TraceRowFormat;

// Streams the contacts of replications [first, first + count) to an output, with memory bounded
// whatever the number of contacts: each replication writes its rows, buffered, to an unnamed
// piece file of its own (nothing to remove, whatever ends the process); replication_done()
// appends the pieces to the output in replication order, and finish() publishes it. The trace
// is therefore the same, byte for byte, whatever the number of threads, and a reader sees no
// trace or the whole one.
class TraceWriter {
 public:
  // Writes the header at once. `output` must outlive the writer.
  TraceWriter(const Scenario& scenario, OutputFile& output, int first, int count);
  ~TraceWriter();
  TraceWriter(const TraceWriter&) = delete;
  TraceWriter& operator=(const TraceWriter&) = delete;

  // The sink of one replication (called once per replication, from any thread). Its rows are
  // flushed when it is destroyed. Throws OutputError when its piece cannot be created.
  std::unique_ptr<ContactSink> sink_for(int replication);
  // Appends the rows of `replication` to the output; called in replication order, one call at
  // a time, after its sink is destroyed (RunOptions::on_in_order). Throws OutputError.
  void replication_done(int replication);

  // Publishes the output once every replication is appended; throws OutputError.
  void finish();

  // The header row of the trace, comma-separated, without the line end.
  static std::string_view header();

 private:
  class Piece;
  class Sink;
  std::unique_ptr<TraceRowFormat> format_;
  OutputFile& output_;
  int first_;
  int joined_ = 0;
  std::vector<std::unique_ptr<Piece>> pieces_;  // of replication first + i, until appended
};

}  // namespace ccsim
