// Spreading a span of time over the reporting intervals it covers.
#pragma once

#include <algorithm>
#include <cstddef>

namespace ccsim {

// Cuts [from, min(to, horizon_s)) at the multiples of width_s and calls piece(i, length) for
// each piece, i being the interval's index (the last one, `last`, absorbs any rounding past
// it). Both engines use it, so their by-interval integrals are computed alike.
template <typename F>
inline void for_each_interval_piece(double from, double to, double horizon_s, double width_s,
                                    std::size_t last, F&& piece) {
  double a = from;
  const double end = std::min(to, horizon_s);
  while (a < end) {
    const auto i = std::min(static_cast<std::size_t>(a / width_s), last);
    const double b = std::min(end, static_cast<double>(i + 1) * width_s);
    piece(i, b - a);
    a = b;
  }
}

}  // namespace ccsim
