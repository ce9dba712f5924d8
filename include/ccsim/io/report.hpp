// Writers of results: a readable table, and the results JSON.
#pragma once

#include <iosfwd>
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

}  // namespace ccsim
