// Writers of results: a readable table, and the results JSON.
#pragma once

#include <iosfwd>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "ccsim/erlang.hpp"
#include "ccsim/results.hpp"

namespace ccsim {

nlohmann::json to_json(const Results& results);
void write_table(std::ostream& out, const Results& results);

nlohmann::json to_json(const ErlangInput& input, const ErlangResult& result);
void write_table(std::ostream& out, const ErlangInput& input, const ErlangResult& result);

// Writes `contents` to `path` atomically: a temporary file in the same directory, flushed and
// renamed over the target, so a reader sees the old file or the whole new one, never a torn one.
// Throws std::runtime_error with the reason on failure.
void write_file_atomically(const std::string& path, const std::string& contents);

}  // namespace ccsim
