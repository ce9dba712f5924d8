// Counter-based random numbers: every number the engine uses is a pure function of the scenario's
// seed, the replication, the customer, the attempt and the purpose (docs/model.md, "Random
// numbers"). Nothing is drawn in advance and no stream advances: the same customer, attempt and
// purpose get the same numbers in every scenario, whatever else happened before.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>

namespace ccsim {

// SplitMix64's finaliser (Steele, Lea & Flood 2014): a bijection on 64-bit words whose output
// bits each depend on every input bit.
constexpr std::uint64_t splitmix64(std::uint64_t x) noexcept {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// What a number is for. Part of the file format's reproducibility contract: a value, once given,
// never changes meaning and is never reused; a new purpose takes a new number. Purpose p's first
// word is lane p % 4 of block p / 4 (below), so purposes used at the same moment share one block.
// "Per customer" purposes are drawn with attempt 0 whatever the attempt; "per attempt" ones with
// the attempt (0 for the first contact, 1 for the first retrial or repeat, …).
enum class Purpose : std::uint32_t {
  arrival_gap = 0,     // per customer: the unit exponential spacing customer c after c - 1
  patience = 1,        // per attempt: patience in the human queue
  human_handle = 2,    // per attempt: an agent's handle time
  segment = 3,         // per customer: the segment
  reason = 4,          // per customer: why they call
  frustration = 5,     // per customer: arriving frustrated or angry
  preference = 6,      // per customer: taking the human option when offered
  triage = 7,          // per attempt: whether the intent classifier gets it right
  bot_handle = 8,      // per attempt: how long the bot needs
  bot_patience = 9,    // per attempt: how long they keep trying with the bot
  bot_outcome = 10,    // per attempt: whether the bot resolves it
  human_outcome = 12,  // per attempt: whether an agent resolves it
  empathy = 13,        // per attempt: whether an empathy need is met
  returns = 14,        // per attempt: whether they come back
  // 15 retired: churn before a return (churn is decided once, when the journey ends)
  return_delay = 16,      // per attempt: when they come back
  callback_accept = 17,   // per attempt: accepting a callback when offered
  callback_success = 18,  // per attempt: being reached by the agent's call
  // 19 retired: the outbound call's own handle time (a reached callback takes the reason's)
  silent_leave = 20,      // per attempt: an abandoning chat customer leaving silently
  busyness = 21,          // customer 0 (the replication): the day's busyness factor
  unreached_handle = 22,  // per attempt: an agent's time on a callback that does not reach them
  frustration_from_wait = 23,  // per attempt: frustrated by a long wait for an agent
  frustration_from_bot = 24,   // per attempt: frustrated by a bot session that failed
  assist_novice = 25,          // per attempt: the agent of an assisted group is a novice
  balk = 26,                   // per attempt: balking on the announced wait, if it exceeds…
  balk_tolerance = 27,         // per attempt: … the announced wait the customer accepts
};

// Every purpose, each once: two purposes with one number would share their random numbers,
// silently correlating two decisions, and the compiler accepts duplicate enumerator values. A
// new purpose goes in this list too.
inline constexpr Purpose kPurposes[] = {
    Purpose::arrival_gap,
    Purpose::patience,
    Purpose::human_handle,
    Purpose::segment,
    Purpose::reason,
    Purpose::frustration,
    Purpose::preference,
    Purpose::triage,
    Purpose::bot_handle,
    Purpose::bot_patience,
    Purpose::bot_outcome,
    Purpose::human_outcome,
    Purpose::empathy,
    Purpose::returns,
    Purpose::return_delay,
    Purpose::callback_accept,
    Purpose::callback_success,
    Purpose::silent_leave,
    Purpose::busyness,
    Purpose::unreached_handle,
    Purpose::frustration_from_wait,
    Purpose::frustration_from_bot,
    Purpose::assist_novice,
    Purpose::balk,
    Purpose::balk_tolerance,
};

constexpr bool purposes_are_distinct() {
  for (std::size_t i = 0; i < std::size(kPurposes); ++i) {
    for (std::size_t j = i + 1; j < std::size(kPurposes); ++j) {
      if (kPurposes[i] == kPurposes[j]) return false;
    }
  }
  return true;
}
static_assert(purposes_are_distinct(), "two random-number purposes share a number");

inline constexpr std::uint32_t kLanes = 4;
inline constexpr std::uint32_t block_of(Purpose p) {
  return static_cast<std::uint32_t>(p) / kLanes;
}
inline constexpr std::uint32_t lane_of(Purpose p) {
  return static_cast<std::uint32_t>(p) % kLanes;
}

// The key of a replication: Philox4x64-10 (Salmon, Moraes, Dror & Shaw 2011; Random123) keyed
// by (seed, replication) maps a 256-bit counter (customer, attempt, block, index) to four
// 64-bit words. Only these numbers enter: not the thread, the process, the time or the order in
// which replications or customers run.
struct RandomKey {
  std::uint64_t seed = 0;
  std::uint64_t replication = 0;
};

using RandomBlock = std::array<std::uint64_t, kLanes>;

// Block `block` of (customer, attempt): four words, one per lane.
RandomBlock random_block(const RandomKey& key, std::uint64_t customer, std::uint64_t attempt,
                         std::uint64_t block);

// The words of one (customer, attempt, purpose), in order: a uniform random number generator for
// Boost.Random's distributions. The first is the purpose's lane of its block; a distribution
// that needs more (a rejection step, a second uniform) takes them from the purpose's own
// overflow blocks, counter (customer, attempt, 2^32 + purpose, k), so no purpose ever reads
// another's words.
class RandomStream {
 public:
  using result_type = std::uint64_t;
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

  // The first word computed here.
  RandomStream(const RandomKey& key, std::uint64_t customer, std::uint64_t attempt,
               Purpose purpose);
  // The first word taken from the purpose's block, already computed by the caller.
  RandomStream(const RandomKey& key, std::uint64_t customer, std::uint64_t attempt, Purpose purpose,
               std::uint64_t first)
      : key_(key), customer_(customer), attempt_(attempt), purpose_(purpose), first_(first) {}

  result_type operator()() {
    if (next_ == 0) [[likely]] {
      next_ = 1;
      return first_;
    }
    return overflow();
  }

 private:
  result_type overflow();

  RandomKey key_;  // by value: a stream never outlives a key it was given as a temporary
  std::uint64_t customer_;
  std::uint64_t attempt_;
  Purpose purpose_;
  std::uint64_t first_;
  std::uint64_t next_ = 0;  // words handed out
  // The current overflow block: written by overflow() before it is first read, so left
  // uninitialised here (a stream is built for nearly every number the engine draws, and most
  // never overflow).
  RandomBlock spill_;
};

}  // namespace ccsim
