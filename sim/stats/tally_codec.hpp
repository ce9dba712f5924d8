// Lossless byte encoding of per-replication tallies, to move them between processes.
#pragma once

#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "ccsim/stats/tally.hpp"

namespace ccsim {

// The tallies as bytes: every counter and every double copied bit for bit, so decoding gives
// tallies whose merge is bit-identical to the originals'. Meant for processes of the same build
// on machines of the same architecture (an MPI job); a header of type sizes guards against
// mixing builds.
std::string encode_tallies(std::span<const Tally> tallies);

// The inverse; throws std::runtime_error on bytes not made by encode_tallies of this build.
std::vector<Tally> decode_tallies(std::string_view bytes);

}  // namespace ccsim
