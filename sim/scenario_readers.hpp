// Readers of the parts of a scenario file. Each takes the key holding its part, reports a
// missing required key, checks every key inside and returns the part only when all is valid.
#pragma once

#include <optional>

#include "ccsim/distribution.hpp"
#include "ccsim/json_checker.hpp"
#include "ccsim/schedule.hpp"

namespace ccsim::scenario_readers {

// Where a distribution is used decides whether a zero mean makes sense: zero patience is a
// customer who leaves at once (Erlang B), but a zero handle time is a mistake.
enum class ZeroMean { allowed, forbidden };

// {"dist": NAME, ...}, the other keys depending on NAME.
std::optional<DistributionSpec> read_distribution(const Field& field, ZeroMean zero_mean);
// {"per_hour": R} or {"interval_s": S, "per_hour": [R0, R1, ...]}.
std::optional<Schedule> read_arrivals(const Field& field);
// {"humans": N} or {"humans": {"interval_s": S, "agents": [N0, N1, ...]}}.
std::optional<Schedule> read_staffing(const Field& field);
// Documentation (a string or a list of strings): checked, then ignored.
void check_free_text(const Field& field);

}  // namespace ccsim::scenario_readers
