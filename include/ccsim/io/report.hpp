// Writers of results: a readable table, and the results JSON.
#pragma once

#include <iosfwd>
#include <span>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "ccsim/io/output.hpp"  // write_file_atomically, once declared here
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

}  // namespace ccsim
