// Writers of results: a readable table, and the results JSON.
#pragma once

#include <iosfwd>
#include <span>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "ccsim/queueing/erlang.hpp"
#include "ccsim/stats/results.hpp"

namespace ccsim {

nlohmann::json to_json(const Results& results);
void write_table(std::ostream& out, const Results& results);

nlohmann::json to_json(const ErlangInput& input, const ErlangResult& result);
void write_table(std::ostream& out, const ErlangInput& input, const ErlangResult& result);

// The figures of one queue at several agent counts (`ccsim erlang --agents 40:56:2`), in the
// order given; every row's input differs from the others only by its agents.
struct ErlangRow {
  ErlangInput input;
  ErlangResult result;
};
// An array of the objects to_json(input, result) gives, one per row.
nlohmann::json to_json(std::span<const ErlangRow> rows);
// The queue once, then one line per agent count.
void write_table(std::ostream& out, std::span<const ErlangRow> rows);
// A header line, then one line per agent count: agents, model, stable, then each metric (an
// empty cell where undefined, numbers in the shortest text that reads back exactly).
void write_csv(std::ostream& out, std::span<const ErlangRow> rows);

// Writes `contents` to `path` atomically: a file in the same directory, unnamed until complete
// where the system allows (else a temporary removed on failure), flushed and renamed over the
// target, so a reader, or a run killed at any moment, sees the old file or the whole new one,
// never a torn one, and nothing else is left behind. A symbolic link to a file has that file
// replaced (the link stays); a device or a pipe (/dev/null, /dev/stdout) is written to as it is.
// Defined in sim/io/output_file.cpp. Throws std::runtime_error with the reason on failure.
void write_file_atomically(const std::string& path, const std::string& contents);

}  // namespace ccsim
