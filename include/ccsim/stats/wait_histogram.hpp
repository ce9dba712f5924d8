// Fixed-memory histogram of waits for percentiles, mergeable across replications.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <optional>

namespace ccsim {

// Log-linear buckets read straight off the bits of the double: the exponent picks the octave and
// the top `kSubBits` mantissa bits the bucket inside it, so a bucket spans at most 2^-7 = 0.8% of
// its value and filling costs a shift, not a logarithm. Waits from 2^-10 s (~1 ms) to 2^22 s
// (48 days) get their own buckets; shorter positive waits share the first, longer ones the last.
// Zero waits (served at once) are counted apart since they are most of the mass in light load.
class WaitHistogram {
 public:
  static constexpr int kSubBits = 7;
  static constexpr int kMinExponent = -10;
  static constexpr int kMaxExponent = 22;
  static constexpr int kBuckets = (kMaxExponent - kMinExponent) << kSubBits;

  void add(double wait_s) {
    ++count_;
    if (!(wait_s > 0.0)) {
      ++zeros_;
      return;
    }
    ++buckets_[bucket_of(wait_s)];
  }

  void merge(const WaitHistogram& other);

  std::uint64_t count() const { return count_; }

  // The q-quantile (0 < q < 1), interpolated linearly inside its bucket; nullopt when empty.
  std::optional<double> quantile(double q) const;

  static int bucket_of(double wait_s) {
    constexpr std::uint64_t kLowBits = std::bit_cast<std::uint64_t>(0x1p-10);
    constexpr std::uint64_t kShift = 52 - kSubBits;
    const std::uint64_t bits = std::bit_cast<std::uint64_t>(wait_s);
    if (bits < kLowBits) return 0;
    const std::uint64_t index = (bits - kLowBits) >> kShift;
    return index >= static_cast<std::uint64_t>(kBuckets) ? kBuckets - 1 : static_cast<int>(index);
  }
  static double bucket_low(int bucket);
  static double bucket_high(int bucket) { return bucket_low(bucket + 1); }

 private:
  std::uint64_t count_ = 0;
  std::uint64_t zeros_ = 0;
  std::array<std::uint32_t, kBuckets> buckets_{};
};

}  // namespace ccsim
