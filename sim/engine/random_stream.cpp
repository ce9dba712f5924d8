#include "ccsim/engine/random_stream.hpp"

#include "engine/random_block.hpp"

namespace ccsim {

RandomBlock random_block(const RandomKey& key, std::uint64_t customer, std::uint64_t attempt,
                         std::uint64_t block) {
  return block_inline(key, customer, attempt, block);
}

RandomStream::RandomStream(const RandomKey& key, std::uint64_t customer, std::uint64_t attempt,
                           Purpose purpose)
    : RandomStream(key, customer, attempt, purpose,
                   block_inline(key, customer, attempt, block_of(purpose))[lane_of(purpose)]) {}

// Word k >= 1 is word (k - 1) % 4 of overflow block (k - 1) / 4.
RandomStream::result_type RandomStream::overflow() {
  const std::uint64_t k = next_++ - 1;
  if (k % kLanes == 0) {
    spill_ = philox(key_, customer_, attempt_,
                    kOverflowBase + static_cast<std::uint64_t>(purpose_), k / kLanes);
  }
  return spill_[k % kLanes];
}

}  // namespace ccsim
