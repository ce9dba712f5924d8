// One random stream per purpose, seeded from (scenario seed, replication, stream id) only.
#pragma once

#include <boost/random/mersenne_twister.hpp>
#include <cstdint>

namespace ccsim {

// The generator of every stream. Boost's mt19937_64 is specified bit for bit by the C++ standard
// and by Boost, so a seed gives the same sequence with any compiler or standard library.
using Rng = boost::random::mt19937_64;

// Stream identifiers are part of the file format's reproducibility contract: a value, once
// given, never changes meaning and is never reused. New purposes take new numbers, so adding a
// stream never shifts the draws of another one.
enum class Stream : std::uint64_t {
  arrivals = 1,        // inter-arrival gaps
  patience = 2,        // patience in the human queue, one draw per customer
  human_handle = 3,    // human handle time, one draw per customer
  segment = 4,         // which segment a customer belongs to
  reason = 5,          // why they call
  frustration = 6,     // whether they arrive frustrated or angry
  preference = 7,      // whether they take the human option when offered
  triage = 8,          // whether the intent classifier gets them right
  bot_handle = 9,      // how long the bot needs
  bot_patience = 10,   // how long they keep trying with the bot
  bot_outcome = 11,    // whether the bot resolves it, per attempt
  human_outcome = 12,  // whether the human resolves it, per attempt
  empathy = 13,        // whether an empathy need is met, per attempt
  returns = 14,        // whether and when they try again, per attempt
  churn = 15,          // whether they leave the company between attempts
  callback = 16,       // callback acceptance, success and outbound handle time
  chat = 17,           // whether an abandoning chat customer leaves silently
  busyness = 18,       // the day's busyness factor, one draw per replication
};

// SplitMix64's finaliser (Steele, Lea & Flood 2014): a bijection on 64-bit words whose output
// bits each depend on every input bit.
constexpr std::uint64_t splitmix64(std::uint64_t x) noexcept {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// The seed of stream `stream` in replication `replication` of a scenario seeded `seed`:
//   s = splitmix64(splitmix64(splitmix64(seed) ^ replication) ^ stream)
// Each argument passes through a full avalanche before the next is mixed in, so neighbouring
// seeds, replications or streams give unrelated generator states. Only these three numbers
// enter: not the thread, the process, the time or the order in which replications run.
constexpr std::uint64_t stream_seed(std::uint64_t seed, std::uint64_t replication,
                                    Stream stream) noexcept {
  return splitmix64(splitmix64(splitmix64(seed) ^ replication) ^
                    static_cast<std::uint64_t>(stream));
}

inline Rng make_stream(std::uint64_t seed, std::uint64_t replication, Stream stream) {
  return Rng(stream_seed(seed, replication, stream));
}

}  // namespace ccsim
