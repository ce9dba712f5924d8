// The generator behind RandomStream (include/ccsim/engine/random_stream.hpp), inline for the
// engine's hot path. Private: Random123 stays out of the public headers.
#pragma once

#include <Random123/philox.h>

#include "ccsim/engine/random_stream.hpp"

namespace ccsim {

// Counter word 2 of a purpose's overflow blocks: above every block index.
inline constexpr std::uint64_t kOverflowBase = std::uint64_t{1} << 32;

// Philox4x64-10 of counter (c0, c1, c2, c3) under the replication's key.
[[gnu::always_inline]] inline RandomBlock philox(const RandomKey& key, std::uint64_t c0,
                                                 std::uint64_t c1, std::uint64_t c2,
                                                 std::uint64_t c3) {
  const r123::Philox4x64::ctr_type ctr = {{c0, c1, c2, c3}};
  const r123::Philox4x64::key_type k = {{key.seed, key.replication}};
  const r123::Philox4x64::ctr_type out = r123::Philox4x64()(ctr, k);
  return {out.v[0], out.v[1], out.v[2], out.v[3]};
}

[[gnu::always_inline]] inline RandomBlock block_inline(const RandomKey& key, std::uint64_t customer,
                                                       std::uint64_t attempt, std::uint64_t block) {
  return philox(key, customer, attempt, block, 0);
}

}  // namespace ccsim
