// Writers of staffing answers: the inverse Erlang (`ccsim erlang --target`) and the simulated
// schedule search (`ccsim staff`). Shapes are documented in docs/staffing.md.
#pragma once

#include <iosfwd>
#include <span>

#include <nlohmann/json_fwd.hpp>

#include "ccsim/erlang_staffing.hpp"
#include "ccsim/staffing_target.hpp"

namespace ccsim {

nlohmann::json to_json(const ErlangQueue& queue, std::span<const Target> targets,
                       const ErlangStaffing& staffing);
void write_table(std::ostream& out, const ErlangQueue& queue, std::span<const Target> targets,
                 const ErlangStaffing& staffing);

}  // namespace ccsim
