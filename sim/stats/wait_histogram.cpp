#include "ccsim/stats/wait_histogram.hpp"

#include <cmath>

namespace ccsim {

void WaitHistogram::merge(const WaitHistogram& other) {
  count_ += other.count_;
  zeros_ += other.zeros_;
  for (int i = 0; i < kBuckets; ++i) buckets_[i] += other.buckets_[i];
}

double WaitHistogram::bucket_low(int bucket) {
  // Inverse of bucket_of: octave from the high bits, linear position inside it from the low ones.
  const int octave = bucket >> kSubBits;
  const int sub = bucket & ((1 << kSubBits) - 1);
  return std::ldexp(1.0 + static_cast<double>(sub) / (1 << kSubBits), kMinExponent + octave);
}

std::optional<double> WaitHistogram::quantile(double q) const {
  if (count_ == 0) return std::nullopt;
  // Rank of the quantile among count_ sorted waits, as a continuous position.
  const double rank = q * static_cast<double>(count_);
  if (rank <= static_cast<double>(zeros_)) return 0.0;
  double below = static_cast<double>(zeros_);
  for (int i = 0; i < kBuckets; ++i) {
    const double in_bucket = buckets_[i];
    if (in_bucket > 0.0 && below + in_bucket >= rank) {
      // Waits below 2^-10 s all sit in bucket 0: its lower edge is then 0, not 2^-10.
      const double low = i == 0 ? 0.0 : bucket_low(i);
      const double fraction = (rank - below) / in_bucket;
      return low + fraction * (bucket_high(i) - low);
    }
    below += in_bucket;
  }
  return bucket_high(kBuckets - 1);
}

}  // namespace ccsim
